package dev.loadgate.simulation;

import dev.loadgate.plan.Autoscaler;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.wire.DelayHistogramCodec;
import dev.loadgate.wire.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replay's capacity, predicted next to measured: the model's result and the stack's timeline
 * ({@code GET /timeline}) turned into the same fields, and the checks a run is held to (SPEC §5):
 * the delay as predicted, the worst partition as predicted, the autoscaler's steps when predicted,
 * and what the verdict implies (a READY load holds the policy; a DoS shows).
 */
public final class CapacityComparison {
  /** Measured and predicted max delay agree within this share of the larger... */
  public static final double DELAY_TOLERANCE = 0.25;

  /** ...or within this many seconds, whichever is larger. */
  public static final double DELAY_TOLERANCE_SECONDS = 1.0;

  /** An autoscaler step is on time within this many seconds of the predicted one... */
  public static final double STEP_TOLERANCE_SECONDS = 1.0;

  /** ...or within this share of its time into the load, whichever is larger. */
  public static final double STEP_TOLERANCE_SHARE = 0.10;

  /** A step is as large as predicted within this many instances... */
  public static final double STEP_SIZE_TOLERANCE_INSTANCES = 1.0;

  /** ...or within this share of the predicted size, whichever is larger. */
  public static final double STEP_SIZE_TOLERANCE_SHARE = 0.25;

  /** Measured and predicted refused events agree within this share of the larger. */
  public static final double REJECTED_TOLERANCE = 0.4;

  /**
   * A DoS shows when at least this share of the events is refused (or the delay is over policy).
   */
  public static final double DOS_REFUSED_SHARE = 0.10;

  private CapacityComparison() {}

  public static CapacityModel.Outcome predicted(IngestionModel.Result r) {
    IngestionModel.PartitionLag worst = r.worst();
    List<CapacityModel.Step> steps = new ArrayList<>();
    for (Autoscaler.Step s : r.steps().subList(1, r.steps().size())) {
      steps.add(
          new CapacityModel.Step(
              round(s.seconds(), 3), s.consumers(), s.captureReplicas(), null, s.lanes()));
    }
    List<CapacityModel.TopicPartition> near = new ArrayList<>();
    java.util.Map<String, IngestionModel.PartitionLag> perTopic = new java.util.LinkedHashMap<>();
    for (IngestionModel.PartitionLag l : r.lagging()) {
      if (l.maxDelaySeconds() >= (1 - DELAY_TOLERANCE) * r.maxDelaySeconds()) {
        near.add(new CapacityModel.TopicPartition(l.topic(), l.partition()));
      }
      perTopic.merge(l.topic(), l, (a, b) -> b.maxDelaySeconds() > a.maxDelaySeconds() ? b : a);
    }
    return new CapacityModel.Outcome(
        round(r.maxDelaySeconds(), 3),
        Math.round(r.maxBacklogEvents()),
        Math.round(r.rejectedEvents()),
        worst == null ? null : new CapacityModel.TopicPartition(worst.topic(), worst.partition()),
        steps,
        near,
        perTopic.values().stream()
            .map(l -> new CapacityModel.TopicPartition(l.topic(), l.partition()))
            .toList());
  }

  public static List<TimelinePoint> predictedTimeline(IngestionModel.Result r) {
    List<TimelinePoint> out = new ArrayList<>();
    for (IngestionModel.Moment m : r.timeline()) {
      out.add(
          new TimelinePoint(
              (int) Math.round(m.seconds()),
              round(m.offeredEventsPerSecond(), 1),
              round(m.refusedRequestsPerSecond(), 1),
              round(m.admittedEventsPerSecond(), 1),
              round(m.consumedEventsPerSecond(), 1),
              Math.round(m.backlogEvents()),
              Math.round(m.worstPartitionBacklogEvents()),
              null,
              round(m.maxDelaySeconds(), 3),
              m.consumers(),
              m.captureReplicas(),
              round(m.capacityEventsPerSecond(), 1),
              m.lanes()));
    }
    return out;
  }

  /** What the stack measured, on the load's clock, and when it stood still. */
  public record Measured(
      CapacityModel.Outcome outcome,
      List<TimelinePoint> timeline,
      List<CapacityModel.Stall> stalls,
      org.HdrHistogram.Histogram delays,
      List<KeyRerouted> rerouted) {
    public Measured {
      rerouted = rerouted == null ? List.of() : List.copyOf(rerouted);
    }

    public Measured(
        CapacityModel.Outcome outcome,
        List<TimelinePoint> timeline,
        List<CapacityModel.Stall> stalls) {
      this(outcome, timeline, stalls, null, List.of());
    }
  }

  /**
   * A key the stack's capture rerouted: {@code token:distinct_id}, from when (seconds into the
   * load) and how many of its events.
   */
  public record KeyRerouted(String key, double fromSeconds, long events) {
    /** The distinct_id: the key after its token. */
    public String distinctId() {
      int colon = key.indexOf(':');
      return colon < 0 ? key : key.substring(colon + 1);
    }
  }

  /** What the stack measured with one consumer group. */
  public static Measured measured(
      Timeline timeline,
      long loadStartMillis,
      long[] offeredBySecond,
      long rejectedEvents,
      java.util.function.ToDoubleBiFunction<Integer, Integer> capacity) {
    return measured(timeline, loadStartMillis, offeredBySecond, rejectedEvents, capacity, null);
  }

  /**
   * @param timeline the stack's {@code GET /timeline}
   * @param loadStartMillis when the load started (epoch ms)
   * @param offeredBySecond events the client offered in each second of the load, retries included
   * @param rejectedEvents events in requests the client gave up on (their last answer a 503 or
   *     none)
   * @param capacity events/s the pipeline takes with (consumers, capture replicas) running
   * @param lane with lanes, the load's own lane: its consumers are the ones compared (null: the one
   *     group's)
   */
  public static Measured measured(
      Timeline timeline,
      long loadStartMillis,
      long[] offeredBySecond,
      long rejectedEvents,
      java.util.function.ToDoubleBiFunction<Integer, Integer> capacity,
      String lane) {
    double threshold = timeline.lagThresholdSeconds();
    List<CapacityModel.Stall> stalls = new ArrayList<>();
    for (Timeline.Stall s : timeline.stalls()) {
      double at = (s.atMillis() - loadStartMillis) / 1000.0;
      if (at >= -1) {
        stalls.add(new CapacityModel.Stall(round(at, 3), round(s.seconds(), 3)));
      }
    }
    double stallMax = stalls.stream().mapToDouble(CapacityModel.Stall::seconds).max().orElse(0);
    List<TimelinePoint> points = new ArrayList<>();
    double maxDelay = 0;
    double maxBacklog = 0;
    double worstDelay = 0;
    CapacityModel.TopicPartition worst = null;
    java.util.Map<String, Double> topicDelay = new java.util.LinkedHashMap<>();
    java.util.Map<String, Integer> topicWorst = new java.util.LinkedHashMap<>();
    for (Timeline.Point p : timeline.points()) {
      int t = (int) Math.round((p.atMillis() - loadStartMillis) / 1000.0);
      if (t < 0) {
        continue; // armed a moment before the first request
      }
      maxDelay = Math.max(maxDelay, p.delayMaxSeconds());
      maxBacklog = Math.max(maxBacklog, p.worstPartitionBacklogEvents());
      if (p.worstPartitionDelaySeconds() > worstDelay && p.worstTopic() != null) {
        worstDelay = p.worstPartitionDelaySeconds();
        worst = new CapacityModel.TopicPartition(p.worstTopic(), p.worstPartition());
      }
      p.worstByTopic()
          .forEach(
              (topic, w) -> {
                if (w.delaySeconds() > topicDelay.getOrDefault(topic, 0.0)) {
                  topicDelay.put(topic, w.delaySeconds());
                  topicWorst.put(topic, w.partition());
                }
              });
      int consumers = consumers(p.lanes(), p.consumers(), lane);
      points.add(
          new TimelinePoint(
              t,
              t < offeredBySecond.length ? offeredBySecond[t] : 0,
              p.refusedRequests(),
              p.producedEvents(),
              p.consumedEvents(),
              p.backlogEvents(),
              p.worstPartitionBacklogEvents(),
              round(p.delayP99Seconds(), 3),
              round(p.delayMaxSeconds(), 3),
              consumers,
              p.captureReplicas(),
              round(capacity.applyAsDouble(consumers, p.captureReplicas()), 1),
              p.lanes()));
    }
    List<CapacityModel.Step> steps = new ArrayList<>();
    List<Timeline.Step> all = timeline.steps();
    for (int i = 1; i < all.size(); i++) {
      Timeline.Step s = all.get(i);
      steps.add(
          new CapacityModel.Step(
              round((s.atMillis() - loadStartMillis) / 1000.0, 3),
              consumers(s.lanes(), s.consumers(), lane),
              s.captureReplicas(),
              s.rebalanceSeconds() != null ? round(s.rebalanceSeconds(), 3) : null,
              s.lanes()));
    }
    return new Measured(
        new CapacityModel.Outcome(
            round(maxDelay, 3),
            Math.round(maxBacklog),
            rejectedEvents,
            // A partition lags past the threshold, not counting a stall of the stack itself.
            worstDelay > threshold + stallMax ? worst : null,
            steps,
            List.of(),
            topicWorst.entrySet().stream()
                .filter(e -> topicDelay.get(e.getKey()) > threshold + stallMax)
                .map(e -> new CapacityModel.TopicPartition(e.getKey(), e.getValue()))
                .toList()),
        points,
        stalls,
        DelayHistogramCodec.decode(timeline.delayHistogram()),
        timeline.reroutedKeys().stream()
            .map(
                k ->
                    new KeyRerouted(
                        k.key(),
                        round((k.firstAtMillis() - loadStartMillis) / 1000.0, 3),
                        k.events()))
            .toList());
  }

  /** A point's or step's consumers: the load's lane's with lanes, else the one group's. */
  private static int consumers(java.util.Map<String, Integer> lanes, int all, String lane) {
    return lane != null && lanes.containsKey(lane) ? lanes.get(lane) : all;
  }

  /**
   * The checks a production-mode run is held to.
   *
   * @param verdict the plan's verdict for the real load
   * @param classification {@code DOS} or {@code LOAD_TEST} (null when unanswered)
   */
  public static List<RunSummary.Check> checks(
      String verdict, String classification, CapacityModel cm, long eventsSent) {
    List<RunSummary.Check> checks = new ArrayList<>();
    CapacityModel.Outcome p = cm.predicted();
    CapacityModel.Outcome m = cm.measured();
    if (m == null) {
      return checks;
    }
    double stall = cm.longestStallSeconds();
    double bound =
        Math.max(
                DELAY_TOLERANCE * Math.max(p.maxDelaySeconds(), m.maxDelaySeconds()),
                DELAY_TOLERANCE_SECONDS)
            + stall;
    checks.add(
        new RunSummary.Check(
            "max ingestion delay as the model predicts (±25% or 1 s)",
            seconds(p.maxDelaySeconds())
                + " ± "
                + seconds(bound)
                + (stall > 0 ? " (with the " + seconds(stall) + " the stack stood still)" : ""),
            seconds(m.maxDelaySeconds()),
            Math.abs(p.maxDelaySeconds() - m.maxDelaySeconds()) <= bound));
    // When several partitions lag about as much (a whole consumer group behind), any of them may
    // measure worst: the check holds for any the model puts within the delay's tolerance.
    boolean worstOk =
        java.util.Objects.equals(p.worstPartition(), m.worstPartition())
            || (m.worstPartition() != null && p.nearWorstPartitions().contains(m.worstPartition()));
    checks.add(
        new RunSummary.Check(
            p.worstPartition() == null ? "no partition lags" : "the worst partition as predicted",
            describe(p.worstPartition())
                + (p.nearWorstPartitions().size() > 1
                    ? " (or one of the "
                        + p.nearWorstPartitions().size()
                        + " lagging within 25% of it)"
                    : ""),
            describe(m.worstPartition()),
            worstOk));
    checks.add(stepsCheck(p.autoscalerSteps(), m.autoscalerSteps()));
    cm.reroutes().forEach(r -> checks.add(rerouteCheck(r, stall)));
    // Wider than the delay's: how many are refused turns on the autoscaler's first step, which it
    // sizes from a fraction of a second of arrivals (5, 7 or 9 replicas for blitz-single on
    // three runs): a factor, not a fine measurement.
    double rejectBound =
        Math.max(
            REJECTED_TOLERANCE * Math.max(p.rejectedEvents(), m.rejectedEvents()),
            0.02 * eventsSent);
    checks.add(
        new RunSummary.Check(
            "events refused for capacity as predicted (±40% or 2% of the events)",
            p.rejectedEvents() + " ± " + Math.round(rejectBound),
            String.valueOf(m.rejectedEvents()),
            Math.abs(p.rejectedEvents() - m.rejectedEvents()) <= rejectBound));
    if ("READY".equals(verdict)) {
      checks.add(
          new RunSummary.Check(
              "a READY load holds the policy delay",
              "<= "
                  + seconds(cm.delayPolicySeconds())
                  + (stall > 0 ? " (+ " + seconds(stall) + " the stack stood still)" : ""),
              seconds(m.maxDelaySeconds()),
              m.maxDelaySeconds() <= cm.delayPolicySeconds() + stall));
    }
    if ("DOS".equals(classification)) {
      double refused = eventsSent > 0 ? m.rejectedEvents() / (double) eventsSent : 0;
      checks.add(
          new RunSummary.Check(
              "the DoS the plan classifies shows (delay above the policy, or >= 10% of events refused)",
              "> " + seconds(cm.delayPolicySeconds()) + " or >= 10%",
              seconds(m.maxDelaySeconds())
                  + ", "
                  + String.format(Locale.ROOT, "%.1f%%", 100 * refused)
                  + " refused",
              m.maxDelaySeconds() > cm.delayPolicySeconds() || refused >= DOS_REFUSED_SHARE));
    }
    return checks;
  }

  /**
   * When capture began rerouting a hot key, as the model predicts: the end of its pile-up on its
   * main partition (±25% or 1 s, plus any stall; a forced key from its first events, within 1 s; a
   * key the model keeps keyed, never rerouted).
   */
  static RunSummary.Check rerouteCheck(CapacityModel.Reroute r, double stall) {
    String name = "capture reroutes " + r.distinctId() + " when the model does";
    Double p = r.forced() ? Double.valueOf(0) : r.predictedFromSeconds();
    Double m = r.measuredFromSeconds();
    if (p == null) {
      return new RunSummary.Check(
          name, "never", m == null ? "never" : "from " + seconds(m), m == null);
    }
    double bound =
        (r.forced()
                ? DELAY_TOLERANCE_SECONDS
                : Math.max(DELAY_TOLERANCE * p, DELAY_TOLERANCE_SECONDS))
            + stall;
    return new RunSummary.Check(
        name,
        "from " + seconds(p) + " ± " + seconds(bound) + (r.forced() ? " (forced)" : ""),
        m == null ? "never" : "from " + seconds(m),
        m != null && Math.abs(m - p) <= bound);
  }

  /** One line for the end of the run: what it showed, in production terms. */
  public static String verdictLine(
      String verdict, String classification, CapacityModel cm, double scaleTime, long eventsSent) {
    CapacityModel.Outcome m = cm.measured();
    if (m == null) {
      return "measured: no timeline from the stack";
    }
    double delay = m.maxDelaySeconds() / scaleTime;
    double policy = cm.delayPolicySeconds() / scaleTime;
    double refused = eventsSent > 0 ? m.rejectedEvents() / (double) eventsSent : 0;
    boolean over = m.maxDelaySeconds() > cm.delayPolicySeconds();
    String what =
        String.format(
            Locale.ROOT,
            "measured: delay %s production-equivalent, %s the %s policy%s",
            dev.loadgate.plan.Fmt.seconds(delay),
            over ? "above" : "within",
            dev.loadgate.plan.Fmt.seconds(policy),
            refused > 0
                ? String.format(Locale.ROOT, "; %.1f%% of events refused", 100 * refused)
                : "");
    if (!cm.stalls().isEmpty()) {
      what +=
          String.format(
              Locale.ROOT,
              " (the stack stood still %d time%s, at most %s: this machine, not the pipeline)",
              cm.stalls().size(),
              cm.stalls().size() == 1 ? "" : "s",
              seconds(cm.longestStallSeconds()));
    }
    boolean dos = "DOS".equals(classification);
    if (dos) {
      return what
          + (over || refused >= DOS_REFUSED_SHARE
              ? ": this load is the DoS the plan classifies"
              : ": the DoS the plan classifies did NOT show");
    }
    return what
        + switch (verdict) {
          case "READY" ->
              over ? ": the plan said READY, the replay says otherwise" : ": READY, as planned";
          case "NEEDS_SCALING" ->
              m.worstPartition() != null
                  ? ": partition "
                      + m.worstPartition().partition()
                      + " of "
                      + m.worstPartition().topic()
                      + " lags, as the plan's scaling is needed"
                  : over
                      ? ": the pipeline falls behind, as the plan's scaling is needed"
                      : ": holds at this scale";
          default -> "";
        };
  }

  private static RunSummary.Check stepsCheck(
      List<CapacityModel.Step> predicted, List<CapacityModel.Step> measured) {
    return new RunSummary.Check(
        "autoscaler steps when predicted (each within 1 s, or 10% of its time into the load) and"
            + " as large (within one instance, or 25%)",
        steps(predicted),
        steps(measured),
        stepTiming(predicted, measured) <= 1 && stepSizes(predicted, measured) <= 1);
  }

  /**
   * How far the measured steps' sizes are from the predicted, in their allowance: the largest |m -
   * p| of the n-th step's consumers (the load's lane's) and capture replicas against max(1, 25% of
   * p). KEDA sizes a lane from its lag (⌈lag ÷ threshold⌉), which the stack measures a tick at a
   * time: a step one pod larger or smaller is the same decision.
   *
   * @return at most 1 when every step is as large as predicted
   */
  public static double stepSizes(
      List<CapacityModel.Step> predicted, List<CapacityModel.Step> measured) {
    double worst = 0;
    for (int i = 0; i < Math.min(predicted.size(), measured.size()); i++) {
      CapacityModel.Step p = predicted.get(i);
      CapacityModel.Step m = measured.get(i);
      worst = Math.max(worst, sizeOff(p.consumers(), m.consumers()));
      worst = Math.max(worst, sizeOff(p.captureReplicas(), m.captureReplicas()));
    }
    return worst;
  }

  private static double sizeOff(int predicted, int measured) {
    return Math.abs(predicted - measured)
        / Math.max(STEP_SIZE_TOLERANCE_INSTANCES, STEP_SIZE_TOLERANCE_SHARE * predicted);
  }

  /**
   * How late the measured steps are, in their allowance: the largest |measured - predicted| of the
   * n-th step against max(1 s, 10% of its time into the load), n in order. A step follows from the
   * backlog the ones before left, so a cascade of them (nimbus-import: 9, a new one every 3 to 20
   * s) drifts: its first steps land within a second, the ninth within 10 s. A count that differs by
   * more than one (a marginal step may come or not) is off the scale.
   *
   * @return at most 1 when every step is on time; {@link Double#POSITIVE_INFINITY} when the counts
   *     differ by more than one
   */
  public static double stepTiming(
      List<CapacityModel.Step> predicted, List<CapacityModel.Step> measured) {
    if (Math.abs(predicted.size() - measured.size()) > 1) {
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0;
    for (int i = 0; i < Math.min(predicted.size(), measured.size()); i++) {
      double at = predicted.get(i).atSeconds();
      double allowance = Math.max(STEP_TOLERANCE_SECONDS, STEP_TOLERANCE_SHARE * at);
      worst = Math.max(worst, Math.abs(at - measured.get(i).atSeconds()) / allowance);
    }
    return worst;
  }

  private static String steps(List<CapacityModel.Step> steps) {
    if (steps.isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (CapacityModel.Step s : steps) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%.1f s: %d consumers, %d replicas",
              s.atSeconds(),
              s.consumers(),
              s.captureReplicas()));
    }
    return b.toString();
  }

  private static String describe(CapacityModel.TopicPartition tp) {
    return tp == null ? "none lags" : tp.topic() + " partition " + tp.partition();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
