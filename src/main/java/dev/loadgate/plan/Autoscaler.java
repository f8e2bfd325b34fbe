package dev.loadgate.plan;

/**
 * The pipeline's autoscaler, as one rule that both the model ({@link IngestionModel}) and the local
 * stack's production mode run (docs/capacity-model.md, "The autoscaler"):
 *
 * <ul>
 *   <li>it looks when capture refuses requests for capacity or a partition lags;
 *   <li>it asks for capture replicas for the requests offered (retries included) and for consumers
 *       for the events produced into Kafka plus draining the backlog within one reaction time,
 *       never fewer than running, at most the maxima (consumers also at most the partitions: more
 *       would idle); like Kubernetes' horizontal pod autoscaler it leaves a part alone while what
 *       it needs is within {@link #TOLERANCE} of what runs, so a load at its capacity does not
 *       flap;
 *   <li>what it asked for runs one reaction time later; it decides again only then.
 * </ul>
 *
 * It never scales down during a load. Time is passed in (seconds on the caller's clock).
 */
public final class Autoscaler implements LaneScaler {

  /** What limits the autoscaler, per instance. */
  public record Limits(
      int maxConsumers,
      int partitions,
      double consumerEventsPerSecond,
      int maxCaptureReplicas,
      double captureRequestsPerSecondPerReplica,
      double reactionSeconds) {}

  public record Sizes(int consumers, int captureReplicas) {}

  /**
   * What the autoscaler sees at a moment.
   *
   * @param captureRefusing capture refused requests for capacity
   * @param partitionLagging some partition's events wait longer than the lag threshold
   * @param offeredRequestsPerSecond requests arriving at capture, retries included
   * @param producedEventsPerSecond events capture puts into Kafka (what the consumers must take)
   * @param backlogEvents events in Kafka not yet consumed, over all partitions
   */
  public record Signals(
      boolean captureRefusing,
      boolean partitionLagging,
      double offeredRequestsPerSecond,
      double producedEventsPerSecond,
      double backlogEvents) {}

  /**
   * A moment sizes changed: from {@code seconds} on the pipeline runs these sizes and takes {@code
   * eventsPerSecond}.
   *
   * @param consumers the load's own lane's consumers (the one group's without lanes)
   * @param lanes consumers per lane ({@code main}, {@code overflow}, {@code historical}); empty
   *     with one consumer group
   */
  public record Step(
      double seconds,
      double eventsPerSecond,
      int consumers,
      int captureReplicas,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          java.util.Map<String, Integer> lanes) {
    public Step {
      lanes =
          lanes == null
              ? java.util.Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lanes));
    }

    /** A step of a pipeline with one consumer group. */
    public Step(double seconds, double eventsPerSecond, int consumers, int captureReplicas) {
      this(seconds, eventsPerSecond, consumers, captureReplicas, java.util.Map.of());
    }
  }

  /** Kubernetes' HPA default: no change while needed ÷ running is within 1 ± 0.1. */
  public static final double TOLERANCE = 0.1;

  private final Limits limits;
  private Sizes running;
  private Sizes pending;
  private double pendingAt = Double.NaN;
  private double nextDecision = Double.NEGATIVE_INFINITY;

  public Autoscaler(Limits limits, Sizes today) {
    this.limits = limits;
    this.running = today;
  }

  @Override
  public Sizes running() {
    return running;
  }

  /** The sizes asked for and not yet running, or null. */
  public Sizes pending() {
    return pending;
  }

  @Override
  public Sizes asked() {
    return pending != null ? pending : running;
  }

  /**
   * Brings up what was asked for a reaction time ago, if that time has come.
   *
   * @return true when the sizes changed at {@code now}
   */
  @Override
  public boolean apply(double now) {
    if (pending != null && now >= pendingAt) {
      running = pending;
      pending = null;
      return true;
    }
    return false;
  }

  /**
   * Looks at the signals and asks for more when they call for it.
   *
   * @return true when it asked (the sizes run from {@code now + reactionSeconds})
   */
  @Override
  public boolean decide(double now, Signals s) {
    if (pending != null || now < nextDecision) {
      return false;
    }
    if (!s.captureRefusing() && !s.partitionLagging()) {
      return false;
    }
    Sizes want = wanted(s, running, limits);
    if (want.equals(running)) {
      return false;
    }
    pending = want;
    pendingAt = now + limits.reactionSeconds();
    nextDecision = pendingAt;
    return true;
  }

  /** The sizes the signals call for: pure, so the rule is testable on its own. */
  public static Sizes wanted(Signals s, Sizes running, Limits l) {
    double events = s.producedEventsPerSecond() + s.backlogEvents() / l.reactionSeconds();
    int consumers =
        clamp(
            needed(
                events / l.consumerEventsPerSecond(),
                Math.min(running.consumers(), l.partitions())),
            running.consumers(),
            Math.min(l.maxConsumers(), l.partitions()));
    int replicas =
        clamp(
            needed(
                s.offeredRequestsPerSecond() / l.captureRequestsPerSecondPerReplica(),
                running.captureReplicas()),
            running.captureReplicas(),
            l.maxCaptureReplicas());
    return new Sizes(consumers, replicas);
  }

  /** Instances needed for {@code load} instances' worth of work; no more within the tolerance. */
  private static double needed(double load, int running) {
    return load <= running * (1 + TOLERANCE) ? running : ceil(load);
  }

  /** At least what runs (never down), at most the maximum (unless already above it). */
  private static int clamp(double want, int running, int max) {
    return (int) Math.max(running, Math.min(want, max));
  }

  /** A ceiling that takes a hair above a whole number (float noise: 6,000.0000001 / 60) as it. */
  private static double ceil(double x) {
    return Math.ceil(x - 1e-9);
  }
}
