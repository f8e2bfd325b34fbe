package dev.loadgate.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Backlog and ingestion delay over the load, with the pipeline's autoscaler: when the offered rate
 * exceeds capacity (or a backlog exists) it decides once, and a reaction time later capacity steps
 * up to what was needed then (the rate plus draining the backlog within one reaction time), at most
 * once per reaction time, up to the maxima. Events above capacity wait in order (FIFO), so an
 * event's delay is the time until everything before it is consumed.
 */
public final class Autoscaler {

  /** The pipeline's sizing knobs as the simulation sees them. */
  public record Limits(
      int consumers,
      int maxConsumers,
      int partitions,
      double consumerEventsPerSecond,
      int captureReplicas,
      int maxCaptureReplicas,
      double captureEventsPerSecondPerReplica,
      double rateLimitEventsPerSecond,
      double reactionSeconds) {

    double capacity(int c, int k) {
      return Math.min(
          Math.min(
              k * captureEventsPerSecondPerReplica,
              Math.min(c, partitions) * consumerEventsPerSecond),
          rateLimitEventsPerSecond);
    }
  }

  /**
   * A moment capacity changed: from {@code seconds} on the pipeline takes {@code eventsPerSecond}.
   */
  public record Step(double seconds, double eventsPerSecond, int consumers, int captureReplicas) {}

  public record Result(
      double maxBacklogEvents, double maxDelaySeconds, List<Step> capacitySteps, boolean drained) {}

  /** Longest we follow the drain after the load ends before calling the delay unbounded. */
  static final double MAX_DRAIN_SECONDS = 30 * 24 * 3600.0;

  private Autoscaler() {}

  public static Result simulate(RateCurve curve, Limits limits) {
    double duration = curve.durationSeconds();
    double dt = Math.max(1.0, duration / 100_000);
    int c = limits.consumers();
    int k = limits.captureReplicas();
    double cap = limits.capacity(c, k);
    List<Step> steps = new ArrayList<>();
    steps.add(new Step(0, cap, c, k));

    double backlog = 0;
    double maxBacklog = 0;
    double nextDecision = 0;
    double pendingAt = Double.NaN;
    int pendingC = c;
    int pendingK = k;
    // Cumulative arrivals and departures per step, for the FIFO delay.
    DoubleList arrived = new DoubleList();
    DoubleList departed = new DoubleList();
    double a = 0;
    double d = 0;
    double t = 0;
    double end = duration + MAX_DRAIN_SECONDS;
    while (t < duration || (backlog > 1e-6 && t < end)) {
      if (!Double.isNaN(pendingAt) && t >= pendingAt) {
        c = pendingC;
        k = pendingK;
        cap = limits.capacity(c, k);
        steps.add(new Step(t, cap, c, k));
        pendingAt = Double.NaN;
      }
      double rate = t < duration ? curve.rateAt(t + dt / 2) : 0;
      if ((rate > cap || backlog > 1e-6) && Double.isNaN(pendingAt) && t >= nextDecision) {
        double needed = rate + backlog / limits.reactionSeconds();
        int wantC =
            (int)
                Math.min(
                    limits.maxConsumers(),
                    Math.max(c, Math.ceil(needed / limits.consumerEventsPerSecond())));
        int wantK =
            (int)
                Math.min(
                    limits.maxCaptureReplicas(),
                    Math.max(k, Math.ceil(needed / limits.captureEventsPerSecondPerReplica())));
        if (limits.capacity(wantC, wantK) > cap) {
          pendingC = wantC;
          pendingK = wantK;
          pendingAt = t + limits.reactionSeconds();
          nextDecision = pendingAt;
        }
      }
      double in = rate * dt;
      double out = Math.min(backlog + in, cap * dt);
      backlog += in - out;
      maxBacklog = Math.max(maxBacklog, backlog);
      a += in;
      d += out;
      arrived.add(a);
      departed.add(d);
      t += dt;
    }
    return new Result(maxBacklog, maxDelay(arrived, departed, dt), steps, backlog <= 1e-6);
  }

  /** For each step's arrivals, the first step by which as many events have departed. */
  private static double maxDelay(DoubleList arrived, DoubleList departed, double dt) {
    double max = 0;
    int j = 0;
    double prev = 0;
    for (int i = 0; i < arrived.size(); i++) {
      double ai = arrived.get(i);
      if (ai <= prev + 1e-9) {
        continue; // nothing arrived in this step
      }
      prev = ai;
      while (j < departed.size() && departed.get(j) < ai - 1e-6 * Math.max(1, ai)) {
        j++;
      }
      max = Math.max(max, (j - i) * dt);
    }
    return max;
  }

  /** A growable array of doubles: the simulation keeps up to millions of cumulative counts. */
  private static final class DoubleList {
    private double[] values = new double[1024];
    private int size;

    void add(double v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    double get(int i) {
      return values[i];
    }

    int size() {
      return size;
    }
  }
}
