package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * One hand-worked profile per verdict on {@link Fixtures#SMALL_PIPELINE}. Every expected number is
 * worked out here from SPEC §3, with partitions from kafka-clients' functions called directly.
 */
class HandWorkedPlansTest {
  // c_mix for 90% $pageview (1,000 ev/s) and 10% $identify (250 ev/s): 1 / (0.9/1000 + 0.1/250).
  private static final double C_MIX = 1 / (0.9 / 1000 + 0.1 / 250); // 769.23

  private static String profile(String stages, int eventsPerRequest, String extra) {
    return """
        customer: Hand Worked
        kind: load_test
        token: phc_hand
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
        %s
        batching: { events_per_request: %d }
        distinct_ids:
          total: 1000
          total_events: 1000000
          top:
            - { distinct_id: alpha, events: 50000 }
            - { distinct_id: beta, events: 10000 }
        event_types: { $pageview: 0.9, $identify: 0.1 }
        %s
        """
        .formatted(stages, eventsPerRequest, extra);
  }

  private static int kafkaPartition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static Plan plan(String yaml) {
    return CapacityPlanner.plan(Fixtures.profile("hand", yaml), Fixtures.smallPipeline());
  }

  @Test
  void readyRampFitsTodaysPipeline() {
    // Ramp to 600 ev/s over 10 min, hold 20 min, down over 2 min. Batches of 10.
    Plan p =
        plan(
            profile(
                "  - { duration: 10m, target: 600 }\n  - { duration: 20m, target: 600 }\n  - { duration: 2m, target: 0 }",
                10,
                "apps_enabled: false"));

    // Capture 2 × 100 req/s × 10 = 2,000; consumers 4 × 769.2 = 3,076.9; rate limit 10,000.
    assertEquals(C_MIX, p.perPartitionCapacityEventsPerSecond(), 0.001);
    assertEquals(2000, p.capacityNowEventsPerSecond(), 1e-9);
    assertEquals("capture", p.capacityNow().bottleneck());
    // Within 5 min of a 10-min ramp to 600 the rate rises by 300.
    assertEquals(300, p.maxRisePerReactionTime(), 1e-9);
    assertEquals(Classification.LOAD_TEST, p.classification());
    assertEquals(Verdict.READY, p.verdict());
    assertEquals(600, p.peakEventsPerSecond(), 1e-9);
    assertEquals(60, p.peakRequestsPerSecond(), 1e-9);
    // 600 s × 300 avg + 1,200 s × 600 + 120 s × 300 avg.
    assertEquals(180_000 + 720_000 + 36_000, p.totalEvents());
    assertEquals(1920, p.durationSeconds());

    // alpha: 5% of 600 = 30 ev/s, beta 1% = 6 ev/s: under the 50 ev/s overflow limit.
    assertEquals(List.of(), p.hotDistinctIds());
    assertFalse(p.orderingRisk());
    double[] load = expectedLoads(600, 0.05, 0.01);
    int hottest = argmax(load);
    assertEquals(hottest, p.hottestPartition().partition());
    assertEquals(load[hottest], p.hottestPartition().peakEventsPerSecond(), 0.001);
    assertEquals(load[hottest] / (600.0 / 8), p.partitionSkew(), 0.001);
    assertEquals(kafkaPartition("phc_hand:alpha", 8), p.topDistinctIds().get(0).partition());

    assertEquals(4, p.scaling().consumers());
    assertEquals(8, p.scaling().partitions());
    assertEquals(2, p.scaling().captureReplicas());
    assertEquals(0, p.maxIngestionDelaySeconds(), 1e-9);
    assertTrue(p.schedule().weekday());
    assertEquals(32 / 60.0, p.schedule().euOverlapHours(), 0.001);
  }

  @Test
  void needsScalingWhenThePeakExceedsCapacityNow() {
    // Ramp to 2,500 ev/s over 30 min: 2,500/6 ≈ 417 per 5 min, a ramp; but 2,500 > capture's 2,000.
    Plan p =
        plan(
            profile(
                "  - { duration: 30m, target: 2500 }\n  - { duration: 30m, target: 2500 }",
                10,
                "apps_enabled: false"));

    assertEquals(2500 / 6.0, p.maxRisePerReactionTime(), 0.001);
    assertEquals(Classification.LOAD_TEST, p.classification());
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    // consumers ceil(2,500 / 769.2) = 4 (today's); capture ceil(250 req/s / 100) = 3 replicas.
    assertEquals(4, p.scaling().consumers());
    assertEquals(3, p.scaling().captureReplicas());
    assertEquals(
        Math.min(3 * 100 * 10, 4 * C_MIX), p.scaling().capacityAfterEventsPerSecond(), 0.001);
    // alpha: 5% × 2,500 = 125 ev/s > 50: overflowed, and it sends $identify: ordering risk.
    assertEquals(1, p.hotDistinctIds().size());
    Plan.HotDistinctId alpha = p.hotDistinctIds().get(0);
    assertEquals("alpha", alpha.distinctId());
    assertEquals(125, alpha.peakEventsPerSecond(), 1e-9);
    assertEquals(kafkaPartition("phc_hand:alpha", 8), alpha.partition());
    assertEquals("overflow", alpha.action());
    assertFalse(alpha.aboveConsumerCapacity());
    assertTrue(p.orderingRisk());
    assertTrue(
        p.reasons().stream()
            .anyMatch(r -> r.contains("2,500 ev/s exceeds capacity now (2,000 ev/s")),
        p.reasons()::toString);
  }

  @Test
  void rejectsASingleRequestBurstAsADenialOfService() {
    // Single-event requests: capture takes 2 × 100 × 1 = 200 ev/s. Reaching 500 ev/s in 1 min rises
    // 500 > 200.
    Plan p =
        plan(
            profile(
                "  - { duration: 1m, target: 500 }\n  - { duration: 10m, target: 500 }",
                1,
                "apps_enabled: false"));

    assertEquals(200, p.capacityNowEventsPerSecond(), 1e-9);
    assertEquals(500, p.maxRisePerReactionTime(), 1e-9);
    assertEquals(Classification.DOS, p.classification());
    assertEquals(Verdict.REJECT, p.verdict());
    assertTrue(
        p.reasons().stream().anyMatch(r -> r.contains("Single-event requests")),
        p.reasons()::toString);
    assertTrue(
        p.reasons().get(0).contains("rises by 500 ev/s")
            && p.reasons().get(0).contains("more than the 200 ev/s"),
        p.reasons().get(0));
  }

  @Test
  void needsAnswersListsTheMissingFieldsAndStillComputes() {
    String yaml =
        profile("  - { duration: 10m, target: 600 }", 10, "")
            .replace("schedule: { start: 2026-12-15T10:00:00+00:00 }\n", "");
    Plan p = plan(yaml);

    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(List.of("schedule.start", "apps_enabled"), p.missingAnswers());
    assertNull(p.schedule());
    // apps_enabled unanswered is assumed on (worst case): c_mix halves.
    assertEquals(C_MIX / 2, p.perPartitionCapacityEventsPerSecond(), 0.001);
    assertTrue(p.assumptions().stream().anyMatch(a -> a.startsWith("apps_enabled unanswered")));
  }

  @Test
  void productQuestionsNotAnsweredNeedsAnswersEvenWhenComplete() {
    Plan p =
        plan(
            profile("  - { duration: 10m, target: 600 }", 10, "apps_enabled: false")
                .replace("product_questions_answered: true", "product_questions_answered: false"));
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(List.of(), p.missingAnswers());
    assertTrue(p.reasons().stream().anyMatch(r -> r.contains("product_questions_answered: false")));
  }

  @Test
  void appsMultiplyConsumerCost() {
    Plan p = plan(profile("  - { duration: 10m, target: 600 }", 10, "apps_enabled: true"));
    assertEquals(C_MIX / 2, p.perPartitionCapacityEventsPerSecond(), 0.001);
    assertEquals(Math.min(2000, 4 * C_MIX / 2), p.capacityNowEventsPerSecond(), 0.001);
  }

  @Test
  void aHistoricalImportsHotIdStaysOnItsPartitionAndOnlyThatPartitionLags() {
    // Historical import at 2,400 ev/s for an hour (after a 1 s ramp), batches of 100: capture takes
    // 20,000, consumers 4 × 769.2 = 3,077, no autoscaling beyond 4. alpha is 50% of the events:
    // 1,200 ev/s, above the 50 ev/s overflow limit, but historical events are never overflowed.
    String yaml =
        profile(
                "  - { duration: 1s, target: 2400 }\n  - { duration: 60m, target: 2400 }",
                100,
                "apps_enabled: false")
            .replace("kind: load_test", "kind: historical_import")
            .replace("events: 50000", "events: 500000");
    Plan p =
        CapacityPlanner.plan(
            Fixtures.profile("hand", yaml),
            Fixtures.pipeline(
                Fixtures.SMALL_PIPELINE.replace("max_consumers: 16", "max_consumers: 4")));

    int a = kafkaPartition("phc_hand:alpha", 8);
    int b = a ^ 1; // 4 consumers over 8 partitions: consumer k owns 2k and 2k+1
    double[] load = expectedLoads(2400, 0.5, 0.01);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    Plan.HotDistinctId alpha = p.hotDistinctIds().get(0);
    assertEquals("alpha", alpha.distinctId());
    assertEquals(HotSpots.HISTORICAL_KEYED, alpha.action());
    assertFalse(p.orderingRisk(), "nothing is overflowed, so no order is lost");

    // alpha's consumer gives b what it needs (below half of c_mix) and a the rest: a grows by
    // load(a) + load(b) - c_mix per second for an hour (the 1 s ramp adds half a second), then
    // drains alone at c_mix. Its last event waits for the whole backlog.
    double growth = load[a] + load[b] - C_MIX;
    double backlog = growth * 3600.5;
    assertEquals(1, p.partitionBacklog().size(), p.partitionBacklog()::toString);
    Plan.PartitionBacklog lag = p.partitionBacklog().get(0);
    assertEquals("events_plugin_ingestion_historical", lag.topic());
    assertEquals(a, lag.partition());
    assertEquals(backlog, lag.maxBacklogEvents(), backlog * 0.002);
    assertEquals(backlog / C_MIX, lag.maxDelaySeconds(), 2.5);
    assertEquals(backlog / C_MIX, p.maxIngestionDelaySeconds(), 2.5);
    assertTrue(lag.distinctIds().contains("alpha"));
    assertTrue(
        p.reasons().stream()
            .anyMatch(
                r -> r.contains("on partition " + a + " of events_plugin_ingestion_historical")),
        p.reasons()::toString);
  }

  /** Tail spread evenly (its expectation), top ids on their kafka partitions. */
  private static double[] expectedLoads(double peak, double alphaShare, double betaShare) {
    double[] load = new double[8];
    double tail = 1 - alphaShare - betaShare;
    java.util.Arrays.fill(load, tail * peak / 8);
    load[kafkaPartition("phc_hand:alpha", 8)] += alphaShare * peak;
    load[kafkaPartition("phc_hand:beta", 8)] += betaShare * peak;
    return load;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
