package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a rerouted event costs the overflow consumers, worked by hand. One consumer takes 1,000
 * $pageview/s and 250 $identify/s; a personless event costs half; one key runs 300 ev/s with
 * persons, 800 without. The mix is 80% $pageview, 20% $identify:
 *
 * <ul>
 *   <li>c_mix with persons = 1 / (0.8/1000 + 0.2/250) = 625 ev/s;
 *   <li>every $pageview personless: 1 / (0.8 × 0.5/1000 + 0.2/250) = 833.3 ev/s;
 *   <li>a rerouted key (its $identify keeps persons): 1 / (0.2/300 + 0.8/800) = 600 ev/s.
 * </ul>
 */
class CaptureRerouteTest {
  private static final Map<String, Double> MIX = Map.of("$pageview", 0.8, "$identify", 0.2);

  private static Pipeline pipeline(String overflow) {
    return Fixtures.pipeline(
        """
        partitions: 4
        consumers: 4
        consumer_events_per_second: { default: 1000, $identify: 250 }
        personless_cost_factor: 0.5
        capture: { replicas: 1, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
        autoscaling: { reaction_time: 5m, max_consumers: 4, max_capture_replicas: 1 }
        overflow: { enabled: true, per_distinct_id_events_per_second: 100, burst: 100%s }
        rate_limit: { per_token_events_per_second: 100000 }
        consumer:
          batch_size: 500
          per_key_events_per_second: { person: 300, personless: 800 }
        """
            .formatted(overflow));
  }

  private static HotSpots hot(Plan.HotDistinctId... ids) {
    return new HotSpots(
        new double[4],
        0,
        1,
        List.of(),
        List.of(ids),
        0,
        0,
        Double.POSITIVE_INFINITY,
        new double[4]);
  }

  private static Plan.HotDistinctId id(String name, double eventsPerSecond, String action) {
    return new Plan.HotDistinctId(name, 0, eventsPerSecond, 0.1, action, false);
  }

  @Test
  void theMixIsWhatTheHandWorkedNumbersSay() {
    assertEquals(625, ConsumerMix.eventsPerSecond(MIX, pipeline(""), false, 0), 1e-9);
  }

  @Test
  void theGlobalLimiterReroutesPersonlessWithItsWindowInSeconds() {
    IngestionModel.Reroute r =
        CaptureReroute.of(
            pipeline(", limiter: global_window, threshold: 5000, window: 90s, detection: 20s"),
            MIX,
            false,
            625,
            hot());
    assertTrue(r.globalWindow());
    assertEquals(5_000, r.threshold(), 1e-9);
    assertEquals(90, r.windowSeconds(), 1e-9);
    assertEquals(20, r.detectionSeconds(), 1e-9);
    assertEquals(625 / (1 / (0.8 * 0.5 / 1000 + 0.2 / 250.0)), r.overflowCost(), 1e-9);
    assertEquals(600, r.overflowKeyRate(), 1e-9);
  }

  @Test
  void theTokenBucketKeepsPersonsAndAForcedKeyLosesThem() {
    Pipeline p = pipeline("");
    // Only the bucket's excess: persons kept, the older sink as it was.
    assertSame(
        IngestionModel.Reroute.TOKEN_BUCKET,
        CaptureReroute.of(
            p, MIX, false, 625, hot(id("a", 400, "overflow"), id("calm", 90, "none"))));
    // a sends 300 over its bucket with persons; b, forced, all its 300 without: the overflow topic
    // costs (300 × 0.75 + 300) ÷ 600 of a person event; its busiest key (a, first at 300) keeps
    // persons, so no personless key rate.
    IngestionModel.Reroute r =
        CaptureReroute.of(
            p, MIX, false, 625, hot(id("a", 400, "overflow"), id("b", 300, HotSpots.FORCED)));
    assertEquals((300 * 0.75 + 300) / 600, r.overflowCost(), 1e-9);
    assertTrue(Double.isNaN(r.overflowKeyRate()));
    assertTrue(!r.globalWindow());
    // b forced at 350: the busiest key is personless and runs at 600.
    IngestionModel.Reroute forced =
        CaptureReroute.of(
            p, MIX, false, 625, hot(id("a", 400, "overflow"), id("b", 350, HotSpots.FORCED)));
    assertEquals((350 * 0.75 + 300) / 650, forced.overflowCost(), 1e-9);
    assertEquals(600, forced.overflowKeyRate(), 1e-9);
    // An id under its bucket sends nothing over it.
    IngestionModel.Reroute under =
        CaptureReroute.of(
            p, MIX, false, 625, hot(id("calm", 90, "overflow"), id("b", 100, HotSpots.FORCED)));
    assertEquals(0.75, under.overflowCost(), 1e-9);
  }
}
