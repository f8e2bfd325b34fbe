package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan's part on capture's hot-key limiter (SPEC §9.4): which keys it reroutes, from when, how
 * many of their events wait on their partition before that, and what rerouting costs their order.
 */
final class RerouteReasons {
  private RerouteReasons() {}

  /** Each hot key as the model's limiter treated it. */
  static List<Plan.ReroutedKey> keys(
      IngestionModel.Result r, Pipeline.Limiter limiter, boolean sendsMerges) {
    List<Plan.ReroutedKey> keys = new ArrayList<>();
    for (IngestionModel.KeyReroute k : r.reroutes()) {
      boolean moved = k.reroutedEvents() > 0.5;
      keys.add(
          new Plan.ReroutedKey(
              k.distinctId(),
              k.partition(),
              k.forced() ? "forced" : limiter.yaml(),
              moved ? Fmt.round3(k.reroutedFromSeconds()) : null,
              Math.round(k.keyedBeforeReroute()),
              Math.round(k.reroutedEvents()),
              moved && sendsMerges));
    }
    return keys;
  }

  /**
   * What capture's global limiter does with each key it catches: from when, and what waits on the
   * partition until then. Keys on the forced-overflow list are said once, together.
   */
  static void explain(Reasons why, List<Plan.ReroutedKey> keys, Pipeline.Overflow o, String token) {
    List<String> forced = new ArrayList<>();
    for (Plan.ReroutedKey k : keys) {
      if (k.limiter().equals("forced")) {
        forced.add(k.distinctId());
        continue;
      }
      if (!k.limiter().equals(Pipeline.Limiter.GLOBAL_WINDOW.yaml())) {
        continue;
      }
      if (k.reroutedFromSeconds() == null) {
        why.reasons.add(
            "Capture's global limiter never reroutes "
                + k.distinctId()
                + ": its count over "
                + Fmt.seconds(o.window().toNanos() / 1e9)
                + " stays within "
                + Fmt.num(o.threshold())
                + ", so all its events stay on partition "
                + k.partition()
                + ", in order.");
        continue;
      }
      why.reasons.add(
          "Capture's global limiter reroutes "
              + k.distinctId()
              + " from "
              + Fmt.seconds(k.reroutedFromSeconds())
              + " after the start ("
              + Fmt.seconds(o.detection().toNanos() / 1e9)
              + " after its count over "
              + Fmt.seconds(o.window().toNanos() / 1e9)
              + " passes "
              + Fmt.num(o.threshold())
              + "): until then its "
              + Fmt.num(k.eventsOnPartitionBefore())
              + " events go to partition "
              + k.partition()
              + " and wait there with everything else on it; then "
              + Fmt.num(k.eventsRerouted())
              + " go keyless to the overflow topic, without persons"
              + (k.orderingRisk() ? ", their merges out of order" : "")
              + ". Adding "
              + token
              + ":"
              + k.distinctId()
              + " to capture's forced-overflow list before the test reroutes it from its first"
              + " event instead.");
    }
    if (!forced.isEmpty()) {
      why.reasons.add(
          "On capture's forced-overflow list: "
              + String.join(", ", forced)
              + ". Every event of "
              + (forced.size() == 1 ? "it" : "them")
              + " goes keyless to the overflow topic from the first, without persons; nothing"
              + " of "
              + (forced.size() == 1 ? "it" : "them")
              + " waits on the main topic.");
    }
  }
}
