package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;

/**
 * What sizes one deployment: the simple rule ({@link Autoscaler}) or Kubernetes' HPA as KEDA and
 * the CPU metric drive it ({@link KubeScaler}). The model and the stack's production mode build
 * theirs here, so both run the very same rule. Time is passed in.
 */
public sealed interface LaneScaler permits Autoscaler, KubeScaler {
  /** Looks at the signals; true when it asked for more. */
  boolean decide(double now, Autoscaler.Signals s);

  /** Brings up what was asked for once its time has come; true when the sizes changed. */
  boolean apply(double now);

  /** What runs now. */
  Autoscaler.Sizes running();

  /** What it has asked for so far: what runs and what is starting. */
  Autoscaler.Sizes asked();

  /**
   * A consumer lane's: KEDA's lag scaler when the lane has an {@code autoscaler} block, otherwise
   * the simple rule with these limits (the lane's maximum; at most its partitions either way).
   */
  static LaneScaler lane(
      Pipeline.Lane lane, Autoscaler.Limits limits, int today, int captureReplicas) {
    return lane.autoscaler() != null
        ? KubeScaler.lane(
            lane.autoscaler(),
            today,
            Math.min(limits.maxConsumers(), limits.partitions()),
            captureReplicas)
        : new Autoscaler(limits, new Autoscaler.Sizes(today, captureReplicas));
  }

  /**
   * Capture's: the HPA on CPU when {@code capture.autoscaler} is given (non-null), otherwise the
   * simple rule with these limits (its replicas only).
   */
  static LaneScaler capture(
      Pipeline.KubeAutoscaler autoscaler, Autoscaler.Limits limits, int today) {
    return autoscaler != null
        ? KubeScaler.capture(
            autoscaler,
            today,
            limits.maxCaptureReplicas(),
            limits.captureRequestsPerSecondPerReplica())
        : new Autoscaler(limits, new Autoscaler.Sizes(1, today));
  }
}
