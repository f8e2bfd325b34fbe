package dev.loadgate.plan;

import static dev.loadgate.plan.HandWorkedProfile.plan;
import static dev.loadgate.plan.HandWorkedProfile.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import dev.loadgate.testing.KafkaPartitions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One hand-worked profile per verdict on {@link Fixtures#SMALL_PIPELINE}. Every expected number is
 * worked out here from SPEC §3, with partitions from kafka-clients' functions called directly.
 */
class HandWorkedPlansTest {
  // c_mix for 90% $pageview (1,000 ev/s) and 10% $identify (250 ev/s): 1 / (0.9/1000 + 0.1/250).
  private static final double C_MIX = 1 / (0.9 / 1000 + 0.1 / 250); // 769.23

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
    assertEquals(KafkaPartitions.of("phc_hand:alpha", 8), p.topDistinctIds().get(0).partition());

    assertEquals(4, p.scaling().consumers());
    assertEquals(8, p.scaling().partitions());
    assertEquals(2, p.scaling().captureReplicas());
    assertEquals(0, p.maxIngestionDelaySeconds(), 1e-9);
    assertTrue(p.schedule().weekday());
    assertEquals(32 / 60.0, p.schedule().euOverlapHours(), 0.001);

    // The review's words, every number above in them: hottest partition 70.5 + 30 = 100.5 -> 101.
    assertEquals(
        List.of(
            "Within 5 min (the autoscaler's reaction time) the rate rises by 300 ev/s (from 0 ev/s"
                + " at 0 s to 300 ev/s at 5 min from the start), within the 2,000 ev/s the pipeline"
                + " takes today (capture takes with 10 events per request: 2 replicas × 100 req/s):"
                + " a ramp the autoscaler can follow, so it is a genuine load test.",
            "Fits today's pipeline: peak 600 ev/s within capacity now (2,000 ev/s), hottest"
                + " partition 101 ev/s within c_mix (769 ev/s)."),
        p.reasons());
    assertEquals(List.of(), p.tellCustomer(), "nothing to tell the customer of a fitting ramp");
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
    assertEquals(KafkaPartitions.of("phc_hand:alpha", 8), alpha.partition());
    assertEquals("overflow", alpha.action());
    assertFalse(alpha.aboveConsumerCapacity());
    assertTrue(p.orderingRisk());
    // 2,500 / 30 min x 5 min = 416.7 -> 417; after scaling min(3 × 100 × 10, 4 × 769.2) = 3,000.
    int a = KafkaPartitions.of("phc_hand:alpha", 8);
    assertEquals(
        List.of(
            "Within 5 min (the autoscaler's reaction time) the rate rises by 417 ev/s (from 0 ev/s"
                + " at 0 s to 417 ev/s at 5 min from the start), within the 2,000 ev/s the pipeline"
                + " takes today (capture takes with 10 events per request: 2 replicas × 100 req/s):"
                + " a ramp the autoscaler can follow, so it is a genuine load test.",
            "The peak of 2,500 ev/s exceeds capacity now (2,000 ev/s, limited by capture): after"
                + " scaling to 4 consumers, 8 partitions and 3 capture replicas the pipeline takes"
                + " 3,000 ev/s.",
            "1 distinct_id exceeds the overflow limit of 50 ev/s: alpha (125 ev/s, partition "
                + a
                + "); capture overflows their events to any partition, so their per-distinct_id"
                + " order is not kept.",
            "Ordering risk: overflowed distinct_ids also send $identify 10% of their events; the"
                + " order of their person merges is no longer guaranteed: tell the customer."),
        p.reasons().subList(0, 4));
    // The ramp's first minutes are over capture's 2,000 ev/s until replicas come: some events
    // are refused (the retry model's count is RetrySchedule's, tested there).
    assertTrue(
        p.reasons()
            .get(4)
            .matches(
                "Capture refuses requests above its capacity \\(503\\) until the autoscaler adds"
                    + " replicas: [0-9,]+ events \\([0-9.]+% of the load\\) are given up by the"
                    + " SDKs after their 5 retries\\."),
        p.reasons().get(4));
    assertEquals(5, p.reasons().size(), p.reasons()::toString);
    assertEquals(
        List.of(
            "Events of your busiest distinct_ids (above 50 ev/s each, e.g. alpha) are spread over"
                + " partitions to keep ingestion flowing, so they may be processed out of order.",
            "For those distinct_ids, $identify 10% events may be applied out of order, so person"
                + " merges and aliases can resolve differently than in a live setup.",
            "Above our capture capacity requests are answered 503; SDKs retry for about 15 s and"
                + " then drop the events: ramp up instead of starting at full rate."),
        p.tellCustomer());
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
    assertEquals("load_test", p.kind());
    // Capture refuses 300 ev/s of it for at least the 5 min reaction time: more than the SDKs'
    // retries can carry, so some events are given up.
    assertTrue(p.rejectedEvents() > 0, "events given up: " + p.rejectedEvents());
    // With 100 events per request capture would take 2 × 100 × 100 = 20,000 ev/s; scaled, 500 /
    // (100 req/s × 1) = 5 replicas.
    assertEquals(
        List.of(
            "Within 5 min (the autoscaler's reaction time) the rate rises by 500 ev/s (from 0 ev/s"
                + " before the start to 500 ev/s at 60 s from the start), more than the 200 ev/s the"
                + " pipeline takes today (capture takes with single-event requests: 2 replicas × 100"
                + " req/s): a large volume all at once rather than a ramp up to a peak, so it is"
                + " treated as a denial of service.",
            "Single-event requests (events_per_request = 1) make capture the limit: 2 replicas ×"
                + " 100 req/s = 200 ev/s; with 100 events per request capture alone would take"
                + " 20,000 ev/s.",
            "The peak of 500 ev/s exceeds capacity now (200 ev/s, limited by capture): after"
                + " scaling to 4 consumers, 8 partitions and 5 capture replicas the pipeline takes"
                + " 500 ev/s."),
        p.reasons().subList(0, 3));
    assertEquals(
        "Batch events (e.g. 100 per request to /batch/) and ramp up to 500 ev/s over at least 5"
            + " min: sent as single requests all at once, this load is indistinguishable from a"
            + " denial of service.",
        p.tellCustomer().get(0));
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

    int a = KafkaPartitions.of("phc_hand:alpha", 8);
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
    // The plan's own totals are that partition's: the one backlog, nothing refused (capture takes
    // 20,000 ev/s), and the autoscaler already at its 4 consumers from the start.
    assertEquals(Math.round(lag.maxBacklogEvents()), p.maxBacklogEvents());
    assertEquals(0, p.rejectedEvents());
    assertEquals(4, p.capacityOverTime().get(0).consumers(), p.capacityOverTime()::toString);
    // Partition a: 0.49 × 2,400 / 8 = 147 of the tail + alpha's 1,200 = 1,347 ev/s, 4.5× the
    // mean 300. Delay: the backlog at c_mix, 56.5 min; behind for the hour plus that, 117 min.
    assertEquals(1347, load[a], 1e-9);
    List<String> r = p.reasons();
    assertEquals(
        List.of(
            "Within 5 min (the autoscaler's reaction time) the rate rises by 2,400 ev/s (from 0"
                + " ev/s before the start to 2,400 ev/s at 1 s from the start), within the 3,077"
                + " ev/s the pipeline takes today (consumers take: 4 × 769 ev/s): a ramp the"
                + " autoscaler can follow, so it is a genuine load test.",
            "Hot partition: partition "
                + a
                + " peaks at 1,347 ev/s, above the 769 ev/s one consumer takes in order (c_mix),"
                + " 4.5× the mean partition; more consumers cannot help a single partition, so it"
                + " lags until the import's rate falls (historical events are never overflowed).",
            "1 distinct_id exceeds the overflow limit of 50 ev/s: alpha (1,200 ev/s, partition "
                + a
                + "); this is a historical import, whose events capture keeps keyed and never"
                + " overflows, so they stay on their partitions.",
            "alpha (1,200 ev/s) alone is above c_mix (769 ev/s): no number of partitions or"
                + " consumers can serve it in order."),
        r.subList(0, 4));
    assertTrue(
        r.get(4)
            .matches(
                "With today's pipeline and its autoscaler, ingestion falls behind by up to 56.5 min"
                    + " on partition "
                    + a
                    + " of events_plugin_ingestion_historical \\(backlog of up to [0-9,]+ events,"
                    + " behind for 117 min\\), more than the policy's 90 s: it takes 1,347 ev/s at"
                    + " the peak, more than the 769 ev/s one consumer gives a partition, so it lags"
                    + " whatever the autoscaler does; waiting with it: alpha\\."),
        r.get(4));
    assertEquals(
        "Historical import: the customer's SDK must send with historical_migration so these"
            + " events go to the historical topic and do not delay live ingestion.",
        r.get(5));
    assertEquals(6, r.size(), r::toString);
    assertEquals(
        List.of(
            "Your import will be ingested with a delay of up to 56.5 min: the events of alpha are"
                + " processed in order, at most 769 ev/s; send it at a lower rate, or over a longer"
                + " window, to shorten that.",
            "Send the import with historical_migration: true (the SDK's historical migration"
                + " mode), so it does not compete with live events."),
        p.tellCustomer());
  }

  /** Tail spread evenly (its expectation), top ids on their kafka partitions. */
  private static double[] expectedLoads(double peak, double alphaShare, double betaShare) {
    double[] load = new double[8];
    double tail = 1 - alphaShare - betaShare;
    java.util.Arrays.fill(load, tail * peak / 8);
    load[KafkaPartitions.of("phc_hand:alpha", 8)] += alphaShare * peak;
    load[KafkaPartitions.of("phc_hand:beta", 8)] += betaShare * peak;
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
