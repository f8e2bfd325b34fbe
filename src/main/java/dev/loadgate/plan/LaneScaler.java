package dev.loadgate.plan;

/**
 * What sizes one deployment in the model: the simple rule ({@link Autoscaler}) or Kubernetes' HPA
 * as KEDA and the CPU metric drive it ({@link KubeScaler}). Time is passed in.
 */
sealed interface LaneScaler permits Autoscaler, KubeScaler {
  /** Looks at the signals; true when it asked for more. */
  boolean decide(double now, Autoscaler.Signals s);

  /** Brings up what was asked for once its time has come; true when the sizes changed. */
  boolean apply(double now);

  /** What runs now. */
  Autoscaler.Sizes running();
}
