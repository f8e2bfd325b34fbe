package dev.loadgate.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether production is where the plan said it would be (SPEC §10). Each measure is held to what
 * the plan predicted over the last {@code lookback} seconds (a query's rate window and a scrape
 * trail the moment they are read at), with a tolerance said in {@code docs/watch.md}:
 *
 * <ul>
 *   <li>offered: within 25% of the predicted range, plus 5% of the peak (the ramp's edges);
 *   <li>consumers: per lane, no fewer than the fewest the plan had in the window, less one (one
 *       autoscaler step late);
 *   <li>the worst partition's lag and the delay: no more than twice the plan's worst in the window,
 *       plus five seconds of the partition's share of the peak (or five seconds of delay), scaled;
 *   <li><b>stop the test</b>: the delay is past the policy while the plan said it would stay within
 *       it.
 * </ul>
 */
public final class WatchRules {
  static final double RATE_TOLERANCE = 0.25;
  static final double RATE_SLACK_OF_PEAK = 0.05;
  static final double LAG_FACTOR = 2.0;
  static final double SLACK_SECONDS = 5.0;

  private WatchRules() {}

  public enum Status {
    OK,
    OUTSIDE,
    STOP
  }

  /** A poll's verdict and, when it is not {@code OK}, what left the plan. */
  public record Check(Status status, List<String> outside) {
    public Check {
      outside = List.copyOf(outside);
    }
  }

  /**
   * @param time the replay's time scale (1 in production): the slack of five seconds shrinks with
   *     the clock
   */
  public static Check check(Prediction plan, Measurement m, double lookback, double time) {
    List<String> outside = new ArrayList<>();
    if (m.seconds() < 0) {
      return new Check(Status.OK, outside);
    }
    Range received = range(plan, m.seconds(), lookback, Prediction.Moment::receivedEventsPerSecond);
    double slack = RATE_SLACK_OF_PEAK * plan.peakEventsPerSecond();
    double o = m.offeredEventsPerSecond();
    if (!Double.isNaN(o)
        && (o > received.max * (1 + RATE_TOLERANCE) + slack
            || o < received.min * (1 - RATE_TOLERANCE) - slack)) {
      outside.add(
          "offered "
              + rate(o)
              + ", the plan "
              + received.describe(WatchRules::rate)
              + (o > received.max ? ": the customer sends more than declared" : ""));
    }
    for (Map.Entry<String, Double> e : m.consumers().entrySet()) {
      String lane = e.getKey();
      double fewest = fewestConsumers(plan, m.seconds(), lookback, lane);
      if (!Double.isNaN(fewest) && e.getValue() < fewest - 1) {
        outside.add(
            lane
                + " runs "
                + Math.round(e.getValue())
                + " consumers, the plan "
                + Math.round(fewest)
                + " by now: the autoscaler is behind it");
      }
    }
    Range worst =
        range(plan, m.seconds(), lookback, Prediction.Moment::worstPartitionBacklogEvents);
    double lagSlack =
        SLACK_SECONDS * time * plan.peakEventsPerSecond() / Math.max(1, plan.partitions());
    double w = m.worstPartitionLagEvents();
    if (!Double.isNaN(w) && w > LAG_FACTOR * worst.max + lagSlack) {
      outside.add(
          "partition "
              + (m.worstPartition() == null ? "?" : m.worstPartition())
              + " has "
              + count(w)
              + " events waiting, the plan at most "
              + count(worst.max));
    }
    Range delay = range(plan, m.seconds(), lookback, Prediction.Moment::maxDelaySeconds);
    double d = m.delaySeconds();
    boolean stop = false;
    if (!Double.isNaN(d)) {
      if (d > plan.policySeconds() && delay.max <= plan.policySeconds()) {
        stop = true;
        outside.add(
            0,
            "the delay, "
                + seconds(d)
                + ", is past the policy's "
                + seconds(plan.policySeconds())
                + " and the plan said at most "
                + seconds(delay.max));
      } else if (d > LAG_FACTOR * delay.max + SLACK_SECONDS * time) {
        outside.add("the delay is " + seconds(d) + ", the plan at most " + seconds(delay.max));
      }
    }
    Status s = stop ? Status.STOP : outside.isEmpty() ? Status.OK : Status.OUTSIDE;
    return new Check(s, outside);
  }

  /** The fewest consumers the plan ran in {@code lane} over the window; NaN for a lane it lacks. */
  private static double fewestConsumers(Prediction plan, double t, double lookback, String lane) {
    double fewest = Double.NaN;
    for (Prediction.Moment p : window(plan, t, lookback)) {
      Integer n = p.consumers().get(lane);
      if (n != null) {
        fewest = Double.isNaN(fewest) ? n : Math.min(fewest, n);
      }
    }
    return fewest;
  }

  record Range(double min, double max) {
    String describe(java.util.function.DoubleFunction<String> fmt) {
      return Math.abs(max - min) <= 1e-9 * Math.max(1, max)
          ? fmt.apply(max)
          : fmt.apply(min) + " to " + fmt.apply(max);
    }
  }

  static Range range(
      Prediction plan,
      double t,
      double lookback,
      java.util.function.ToDoubleFunction<Prediction.Moment> f) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Prediction.Moment p : window(plan, t, lookback)) {
      double v = f.applyAsDouble(p);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new Range(min, max);
  }

  /** The moments overlapping {@code [t - lookback, t]}; the last one past the model's end. */
  static List<Prediction.Moment> window(Prediction plan, double t, double lookback) {
    List<Prediction.Moment> in = new ArrayList<>();
    for (Prediction.Moment p : plan.moments()) {
      if (p.seconds() <= t && p.seconds() + plan.spanSeconds() >= t - lookback) {
        in.add(p);
      }
    }
    if (in.isEmpty()) {
      in.add(plan.at(t));
    }
    return in;
  }

  static String rate(double v) {
    return String.format(Locale.ROOT, "%,.0f ev/s", v);
  }

  static String count(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String seconds(double v) {
    return v < 10
        ? String.format(Locale.ROOT, "%.2f s", v)
        : String.format(Locale.ROOT, "%.0f s", v);
  }
}
