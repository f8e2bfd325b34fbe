package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.Map;

/**
 * How capture reroutes the load's hot keys, as the ingestion model takes it (SPEC §9.4): the
 * limiter's settings and what a rerouted event costs the overflow consumers. Today's capture
 * switches person processing off for what its global limiter reroutes (and for forced keys), so
 * those events cost what a personless event of their type costs, and their key runs at the
 * personless per-key rate. The older token bucket keeps persons (forced keys still lose them).
 */
public final class CaptureReroute {
  private CaptureReroute() {}

  static IngestionModel.Reroute of(
      Pipeline pipe, Map<String, Double> mix, boolean apps, double cMix, HotSpots spots) {
    return of(
        pipe,
        mix,
        apps,
        cMix,
        spots.hot().stream()
            .map(h -> new Hot(h.peakEventsPerSecond(), h.action().equals(HotSpots.FORCED)))
            .toList());
  }

  /**
   * The same for a replay's hot keys ({@code IngestionModel.HotKey}, each a share of the load) at
   * the load's peak, on the scaled pipeline: the replay's model reroutes as the plan's does.
   */
  public static IngestionModel.Reroute of(
      Pipeline pipe,
      Map<String, Double> mix,
      boolean apps,
      double cMix,
      java.util.List<IngestionModel.HotKey> hot,
      double peakEventsPerSecond) {
    return of(
        pipe,
        mix,
        apps,
        cMix,
        hot.stream().map(h -> new Hot(h.share() * peakEventsPerSecond, h.forced())).toList());
  }

  /** A hot key at the peak: its events/s, and whether it is on the forced-overflow list. */
  private record Hot(double peakEventsPerSecond, boolean forced) {}

  private static IngestionModel.Reroute of(
      Pipeline pipe, Map<String, Double> mix, boolean apps, double cMix, java.util.List<Hot> hot) {
    Pipeline.Overflow o = pipe.overflow();
    boolean global = o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW;
    // Every event whose type can go without persons does: capture switched persons off.
    double personless = ConsumerMix.canBePersonless(mix);
    double cPersonless = ConsumerMix.eventsPerSecond(mix, pipe, apps, personless);
    double personlessKey = ConsumerMix.keyEventsPerSecond(pipe, personless, cPersonless);
    if (global) {
      return new IngestionModel.Reroute(
          true,
          o.threshold(),
          o.window().toNanos() / 1e9,
          o.detection().toNanos() / 1e9,
          cMix / cPersonless,
          personlessKey);
    }
    // The token bucket keeps persons, forced keys lose them: the overflow topic costs the mean
    // of what arrives there at the peak, and its busiest key runs as its kind runs.
    double forced = 0;
    double bucket = 0;
    double busiest = 0;
    boolean busiestForced = false;
    for (Hot h : hot) {
      boolean f = h.forced();
      double over =
          f
              ? h.peakEventsPerSecond()
              : Math.max(0, h.peakEventsPerSecond() - o.perDistinctIdEventsPerSecond());
      if (f) {
        forced += over;
      } else {
        bucket += over;
      }
      if (over > busiest) {
        busiest = over;
        busiestForced = f;
      }
    }
    if (forced <= 0) {
      return IngestionModel.Reroute.TOKEN_BUCKET;
    }
    double cost = (forced * cMix / cPersonless + bucket) / (forced + bucket);
    return new IngestionModel.Reroute(
        false, 0, 0, 0, cost, busiestForced ? personlessKey : Double.NaN);
  }
}
