package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan's rules one at a time, each on a pipeline made so that rule alone decides, with every
 * expected number worked out here by hand. c_mix is 1 / (0.9/1000 + 0.1/250) = 769.23 ev/s
 * throughout (90% $pageview, 10% $identify, no apps).
 */
class PlanRulesTest {
  private static final double C_MIX = 1 / (0.9 / 1000 + 0.1 / 250);

  /** A ramp to {@code peak} over {@code rampMinutes}, held an hour; ids spread thin. */
  private static String profile(double peak, int rampMinutes, int eventsPerRequest, String extra) {
    return """
        customer: Rules
        kind: load_test
        token: phc_rules
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
          - { duration: %dm, target: %s }
          - { duration: 60m, target: %s }
        batching: { events_per_request: %d }
        distinct_ids:
          total: 1000000
          total_events: 100000000
          top:
            - { distinct_id: alpha, events: 1000 }
        event_types: { $pageview: 0.9, $identify: 0.1 }
        apps_enabled: false
        %s
        """
        .formatted(rampMinutes, peak, peak, eventsPerRequest, extra);
  }

  private static Plan plan(String profile, String pipelineChanges) {
    String pipe = Fixtures.SMALL_PIPELINE;
    for (String change : pipelineChanges.split(";")) {
      if (!change.isBlank()) {
        String[] fromTo = change.split("=>");
        assertTrue(pipe.contains(fromTo[0].trim()), "fixture has " + fromTo[0]);
        pipe = pipe.replace(fromTo[0].trim(), fromTo[1].trim());
      }
    }
    return CapacityPlanner.plan(Fixtures.profile("rules", profile), Fixtures.pipeline(pipe));
  }

  @Test
  void overThePerTokenRateLimitNeedsScalingAndSaysWhichLimitToRaise() {
    // Rate limit 500 ev/s; capture 2 × 100 × 10 = 2,000, consumers 4 × 769.2 = 3,077: the rate
    // limit is the bottleneck. 600 ev/s peak, reached over 30 min: a rise of 100 per 5 min.
    Plan p =
        plan(
            profile(600, 30, 10, ""),
            "per_token_events_per_second: 10000 => per_token_events_per_second: 500");
    assertEquals("rate_limit", p.capacityNow().bottleneck());
    assertEquals(500, p.capacityNowEventsPerSecond(), 1e-9);
    assertEquals(Classification.LOAD_TEST, p.classification());
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    // Scaling: consumers max(4, ceil(600/769.2)) = 4, replicas max(2, ceil(60/100)) = 2, rate
    // limit raised to 600: min(2,000, 3,077, 600) = 600 after.
    assertEquals(600, p.scaling().perTokenRateLimitEventsPerSecond(), 1e-9);
    assertEquals(600, p.scaling().capacityAfterEventsPerSecond(), 1e-9);
    assertEquals(
        List.of(
            "Within 5 min (the autoscaler's reaction time) the rate rises by 100 ev/s (from 0 ev/s"
                + " at 0 s to 100 ev/s at 5 min from the start), within the 500 ev/s the pipeline"
                + " takes today (per-token rate limit allows): a ramp the autoscaler can follow, so"
                + " it is a genuine load test.",
            "The peak of 600 ev/s exceeds capacity now (500 ev/s, limited by rate limit): after"
                + " scaling to 4 consumers, 8 partitions and 2 capture replicas the pipeline takes"
                + " 600 ev/s.",
            "The peak of 600 ev/s is above the per-token rate limit of 500 ev/s: capture would"
                + " answer 429 to the rest; raise the limit for phc_rules to at least 600 ev/s for"
                + " the test."),
        p.reasons().subList(0, 3));
    assertTrue(
        p.tellCustomer()
            .contains(
                "Above 500 ev/s capture answers 429 (Too Many Requests) unless we raise your"
                    + " project's limit before the test; retry 429s with back-off."),
        p.tellCustomer()::toString);
  }

  @Test
  void atExactlyTheLimitsTheLoadFits() {
    // Peak = the rate limit exactly (nothing over it is refused), the rise = capacity exactly.
    // Capture 2 × 100 × 10 = 2,000; 2,000 reached in 5 min rises by exactly 2,000.
    Plan p =
        plan(
            profile(2000, 5, 10, ""),
            "per_token_events_per_second: 10000 => per_token_events_per_second: 2000");
    assertEquals(2000, p.capacityNowEventsPerSecond(), 1e-9);
    assertEquals(2000, p.maxRisePerReactionTime(), 1e-9);
    assertEquals(
        Classification.LOAD_TEST, p.classification(), "a rise equal to capacity is a ramp");
    assertFalse(
        p.reasons().stream().anyMatch(r -> r.contains("exceeds capacity now")),
        "a peak equal to capacity is not over it: " + p.reasons());
    assertFalse(
        p.reasons().stream().anyMatch(r -> r.contains("rate limit of")), p.reasons()::toString);
    assertTrue(
        p.reasons().stream().anyMatch(r -> r.startsWith("Fits today's pipeline: peak 2,000 ev/s")),
        p.reasons()::toString);
    assertEquals(Verdict.READY, p.verdict());
  }

  @Test
  void consumersAreCappedAtPartitionsAndBecomeTheBottleneck() {
    // 12 consumers but 8 partitions: only 8 get a partition, 8 × 769.2 = 6,153.8 ev/s. Capture
    // 20 × 100 × 10 = 20,000. A 6,500 ev/s peak over 60 min: a rise of 541.7 per 5 min.
    Plan p =
        plan(
            profile(6500, 60, 10, ""),
            "consumers: 4 => consumers: 12; replicas: 2, => replicas: 20,;"
                + " max_capture_replicas: 8 => max_capture_replicas: 40");
    assertEquals("consumers", p.capacityNow().bottleneck());
    assertEquals(8 * C_MIX, p.capacityNowEventsPerSecond(), 0.001);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    // ceil(6,500 / 769.2) = 9 consumers needed, but today's 12 stay; partitions rise to 12, so
    // all 12 read: 12 × 769.2 = 9,230.8 after.
    assertEquals(12, p.scaling().consumers());
    assertEquals(12, p.scaling().partitions());
    assertEquals(12 * C_MIX, p.scaling().capacityAfterEventsPerSecond(), 0.001);
    assertTrue(
        p.reasons()
            .get(0)
            .contains(
                "within the 6,154 ev/s the pipeline takes today (consumers take: 8 × 769 ev/s)"),
        p.reasons().get(0));
    assertEquals(
        "The peak of 6,500 ev/s exceeds capacity now (6,154 ev/s, limited by consumers): after"
            + " scaling to 12 consumers, 12 partitions and 20 capture replicas the pipeline takes"
            + " 9,231 ev/s.",
        p.reasons().get(1));
  }

  @Test
  void aPeakBeyondTheAutoscalersMaximaIsPreProvisioned() {
    // 15,000 ev/s over 60 min, batches of 10: consumers ceil(15,000 / 769.2) = ceil(19.5) = 20 >
    // 16; replicas ceil(1,500 req/s / 100) = 15 > 8. Rise 1,250 per 5 min < capture's 2,000.
    Plan p = plan(profile(15000, 60, 10, ""), "");
    assertEquals(Classification.LOAD_TEST, p.classification());
    assertEquals(20, p.scaling().consumers());
    assertEquals(15, p.scaling().captureReplicas());
    assertTrue(p.scaling().consumersPreProvision());
    assertTrue(p.scaling().captureReplicasPreProvision());
    assertTrue(
        p.reasons()
            .contains(
                "Pre-provision 20 consumers before the test: above the autoscaler's maximum of"
                    + " 16."),
        p.reasons()::toString);
    assertTrue(
        p.reasons()
            .contains(
                "Pre-provision 15 capture replicas before the test: above the autoscaler's"
                    + " maximum of 8."),
        p.reasons()::toString);

    // At the maxima exactly (16 consumers: 12,307.7 ev/s; 8 replicas: 8,000 ev/s), nothing to
    // pre-provision: 8,000 ev/s needs ceil(8,000 / 769.2) = 11 consumers and 8 replicas.
    Plan atMax = plan(profile(8000, 60, 10, ""), "");
    assertEquals(8, atMax.scaling().captureReplicas());
    assertFalse(atMax.scaling().captureReplicasPreProvision());
    assertFalse(atMax.scaling().consumersPreProvision());
    assertFalse(atMax.reasons().stream().anyMatch(r -> r.startsWith("Pre-provision")));
  }

  @Test
  void requestsOverCapturesSizeLimitAreCalledOutWithTheBatchThatFits() {
    // 500 events × 4,000 bytes = 2,000,000 bytes > 1,000,000: every request 413. At most
    // floor(1,000,000 / 4,000) = 250 events per request fit.
    Plan p = plan(profile(600, 30, 500, "payload_bytes: 4000"), "");
    assertTrue(
        p.reasons()
            .contains(
                "A request of 500 events × 4,000 bytes is 2,000,000 bytes, above capture's limit"
                    + " of 1,000,000 bytes: every request would get 413; ask for smaller"
                    + " batches."),
        p.reasons()::toString);
    assertTrue(
        p.tellCustomer()
            .contains("Send at most 250 events per request: larger requests are refused with 413."),
        p.tellCustomer()::toString);
    // 250 × 4,000 = 1,000,000 exactly: within the limit, nothing said.
    Plan fits = plan(profile(600, 30, 250, "payload_bytes: 4000"), "");
    assertFalse(fits.reasons().stream().anyMatch(r -> r.contains("413")), fits.reasons()::toString);
    // The verdict follows the evidence: the same load is READY in batches that fit, and not while
    // every request would be refused.
    assertEquals(Verdict.READY, fits.verdict(), fits.reasons()::toString);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
  }

  @Test
  void unansweredBatchingAndEventTypesAreAssumedAtTheirWorst() {
    String yaml =
        profile(600, 30, 10, "")
            .replace("batching: { events_per_request: 10 }\n", "")
            .replace("event_types: { $pageview: 0.9, $identify: 0.1 }\n", "");
    Plan p = plan(yaml, "");
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertTrue(p.missingAnswers().contains("event_types"), p.missingAnswers()::toString);
    // Single-event requests: capture 2 × 100 × 1 = 200 ev/s; every event at the default 1,000.
    assertEquals(200, p.capacityNow().captureEventsPerSecond(), 1e-9);
    assertEquals(1000, p.perPartitionCapacityEventsPerSecond(), 1e-9);
    assertTrue(
        p.assumptions()
            .contains(
                "events_per_request unanswered: assumed 1 (single-event requests), the worst"
                    + " case for capture"),
        p.assumptions()::toString);
    assertTrue(
        p.assumptions()
            .contains(
                "event_types unanswered: every event assumed to cost the 'default' consumer rate"),
        p.assumptions()::toString);
  }

  @Test
  void hotIdsWithoutMergeEventsAreNoOrderingRisk() {
    // alpha at 10% of 2,500 ev/s = 250 > 50: overflowed. With $identify in the mix its person
    // merges may reorder (risk); with only $pageview nothing order-sensitive is overflowed.
    String hot = profile(2500, 30, 10, "").replace("events: 1000 }", "events: 10000000 }");
    assertTrue(plan(hot, "").orderingRisk());
    Plan pageviews =
        plan(hot.replace("{ $pageview: 0.9, $identify: 0.1 }", "{ $pageview: 1.0 }"), "");
    assertEquals(1, pageviews.hotDistinctIds().size());
    assertFalse(pageviews.orderingRisk());
    assertFalse(
        pageviews.reasons().stream().anyMatch(r -> r.startsWith("Ordering risk")),
        pageviews.reasons()::toString);
  }

  @Test
  void aBacklogThatOutlastsTheModelsThirtyDaysIsSaidToNotDrain() {
    // Consumers at 0.1 ev/s each, 4 of them (and at most 4): 600 ev/s for about an hour is a
    // backlog of ~2.2 M events read at 0.4 ev/s, 65 days: over the policy, and not drained.
    Plan p =
        plan(
            profile(600, 5, 10, ""),
            "{ default: 1000, $identify: 250 } => { default: 0.1, $identify: 0.1 };"
                + " max_consumers: 16 => max_consumers: 4");
    // Capacity now is 4 × 0.1 = 0.4 ev/s: any ramp to 600 ev/s rises more than that.
    assertEquals(Verdict.REJECT, p.verdict());
    String delay =
        p.reasons().stream()
            .filter(r -> r.startsWith("With today's pipeline and its autoscaler"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no delay reason: " + p.reasons()));
    assertTrue(delay.contains("more than the policy's 90 s"), delay);
    assertTrue(delay.contains("; the backlog does not drain within 30 days"), delay);
    assertTrue(delay.contains("7 more partitions lag"), delay);
    assertTrue(p.maxIngestionDelaySeconds() > 30 * 24 * 3600, "" + p.maxIngestionDelaySeconds());
  }
}
