package dev.loadgate.runner;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * What of a pipeline the local stack runs (SPEC §9.4-9.5): its capture's token bucket and the
 * simple autoscaler, not yet capture's global limiter, the forced-overflow list or Kubernetes'
 * autoscalers. A replay is compared with the model of what the stack runs, and says what it left
 * out.
 */
final class StackFidelity {
  private StackFidelity() {}

  /**
   * The pipeline as the local stack runs it: its capture reroutes hot keys with the token bucket (a
   * global window's threshold ÷ window as its rate, the threshold as its burst) and keeps no
   * forced-overflow list, and every deployment scales by the simple rule. The replay is compared
   * with the model of what the stack runs; {@link #notReplayed} says what was left out.
   */
  static Pipeline asTheStackRunsIt(Pipeline p) {
    Pipeline.Overflow o = p.overflow();
    Pipeline.Capture c = p.capture();
    Pipeline.Lanes l = p.lanes();
    Pipeline.Lanes lanes =
        l == null
            ? null
            : new Pipeline.Lanes(
                new Pipeline.Lane(l.main().consumers(), l.main().maxConsumers()),
                new Pipeline.Lane(l.overflow().consumers(), l.overflow().maxConsumers()),
                new Pipeline.Lane(l.historical().consumers(), l.historical().maxConsumers()));
    return new Pipeline(
            p.partitions(),
            p.consumers(),
            p.consumerEventsPerSecond(),
            p.appsCostFactor(),
            new Pipeline.Capture(
                c.replicas(),
                c.requestsPerSecondPerReplica(),
                c.maxRequestBytes(),
                c.burstSeconds()),
            p.autoscaling(),
            new Pipeline.Overflow(o.enabled(), o.perDistinctIdEventsPerSecond(), o.burst()),
            p.rateLimit(),
            p.policy(),
            p.liveLoad())
        .withIngestion(lanes, p.consumer(), p.personlessCostFactor());
  }

  /** What of the pipeline the stack does not run (SPEC §9.4-9.5), one line each. */
  static List<String> notReplayed(Pipeline p) {
    List<String> w = new ArrayList<>();
    Pipeline.Overflow o = p.overflow();
    if (o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW || !o.forcedKeys().isEmpty()) {
      w.add(
          "the stack's capture reroutes hot keys with the token bucket only: the pipeline's "
              + (o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW ? "global_window limiter" : "")
              + (o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW && !o.forcedKeys().isEmpty()
                  ? " and "
                  : "")
              + (o.forcedKeys().isEmpty() ? "" : "forced-overflow list")
              + " are planned but not replayed; this run is compared with the model of the token"
              + " bucket");
    }
    boolean kube = p.capture().autoscaler() != null;
    for (int i = 0; p.lanes() != null && i < 3; i++) {
      kube |= p.lanes().get(i).autoscaler() != null;
    }
    if (kube) {
      w.add(
          "the stack scales by the simple rule (autoscaling.reaction_time) only: the pipeline's"
              + " Kubernetes autoscalers (KEDA, HPA) are planned but not replayed; this run is"
              + " compared with the model of the simple rule");
    }
    return w;
  }
}
