package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Capture's global hot-key limiter in the plan (SPEC §9.4), and the checklist that cures what it
 * catches too late (§9.6), worked by hand. Four partitions, one consumer each at 1,000 ev/s; one
 * key is processed at most 300 ev/s with persons, 1,000 without. The limiter counts each key over
 * 60 s and reroutes it 15 s after its count passes 15,000.
 */
class GlobalLimiterRulesTest {
  private static final String PIPELINE =
      """
      partitions: 4
      consumers: 4
      consumer_events_per_second: { default: 1000 }
      apps_cost_factor: 1
      capture: { replicas: 1, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 4, max_capture_replicas: 1 }
      overflow:
        enabled: true
        limiter: global_window
        threshold: 15000
        window: 60s
        detection: 15s
      %s
      rate_limit: { per_token_events_per_second: 100000 }
      policy:
        max_ingestion_delay: 90s
        working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: true }
        slo:
          - { within: 5s, objective: 0.999 }
      consumer:
        batch_size: 500
        per_key_events_per_second: { person: 300, personless: 1000 }
      """;

  /**
   * 700 ev/s at once for 10 minutes, Tuesday 10:00 London: bot sends 600 of them, 100,000 other ids
   * the other 100 (25 ev/s a partition).
   */
  private static final String PROFILE =
      """
      customer: Steep
      kind: load_test
      token: phc_hand
      product_questions_answered: true
      schedule: { start: "2026-12-15T10:00:00+00:00" }
      stages:
        - { duration: 1s, target: 700 }
        - { duration: 10m, target: 700 }
      batching: { events_per_request: 10 }
      distinct_ids:
        total: 100000
        total_events: 420350
        top: [ { distinct_id: bot, events: 360300 } ]
      event_types: { $pageview: 1.0 }
      apps_enabled: false
      """;

  private static Plan plan(String forced) {
    return CapacityPlanner.plan(
        Fixtures.profile("steep", PROFILE), Fixtures.pipeline(PIPELINE.formatted(forced)));
  }

  /**
   * bot's count over 60 s is 600(t − 0.5) (the first second ramps up): past 15,000 at 25.5 s,
   * rerouted from 40.5 s, after 24,000 events on its partition. Until then its partition takes 625
   * ev/s and is read in order at most at 300 ÷ (600/625) = 312.5: the event sent at a ≤ 40 s leaves
   * at 2a, so it waits a, and about 12,300 events wait at 40.5 s. From then each consumer also
   * reads its overflow partition (bot's 600 ev/s over 4, personless, 1,000 a key: 0.15 s of each
   * second), so the held partition goes at 0.85 × 312.5 = 265.6 ev/s and the last of bot's keyed
   * events waits 12,300 / 265.6 = 46 s. Every event of that partition sent after 5 s until the
   * backlog clears (about 87 s) is late for the 5 s tier: 625 × 35.5 + 25 × 46 ≈ 23,300 of 420,350,
   * so 94.5% within 5 s, below 99.9%: NEEDS_SCALING (the static rules alone pass it: 625 ev/s is
   * under one consumer, and the limiter's 250 ev/s under one key). On capture's forced-overflow
   * list bot goes keyless and personless from its first event, nothing waits: READY.
   */
  @Test
  void aSteepKeyCaughtLateMissesTheTierAndForcingItIsTheCure() {
    Plan p = plan("");
    Plan.ReroutedKey bot = p.reroutedKeys().get(0);
    assertEquals("bot", bot.distinctId());
    assertEquals("global_window", bot.limiter());
    assertEquals(KeyPartitioner.partition("phc_hand", "bot", 4), bot.partition());
    assertEquals(40.5, bot.reroutedFromSeconds(), 1e-6);
    assertEquals(24_000, bot.eventsOnPartitionBefore(), 1);
    assertEquals(46, p.maxIngestionDelaySeconds(), 1.5);
    assertEquals(1 - 23_300 / 420_350.0, p.slo().get(0).load(), 0.002);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());

    Plan.Action force = p.actions().get(0);
    assertEquals("capture forced-overflow list", force.setting());
    assertEquals("phc_hand:bot", force.value());
    assertEquals("2026-12-15T09:45:00Z", force.from());
    assertEquals(1, p.actions().size(), p.actions()::toString);
    assertEquals(Verdict.READY, p.afterActions().verdict(), p.afterActions()::toString);

    Plan forced = plan("  forced_keys: [\"phc_hand:bot\"]");
    assertEquals(Verdict.READY, forced.verdict(), forced.reasons()::toString);
    assertEquals(0, forced.maxIngestionDelaySeconds());
    assertEquals("forced", forced.reroutedKeys().get(0).limiter());
    assertEquals(0, forced.reroutedKeys().get(0).eventsOnPartitionBefore());
    assertTrue(forced.actions().isEmpty());
    assertNull(forced.afterActions());
  }

  @Test
  void aForcedKeyOutsideTheTopListIsAssumedToBeTailAndSaidSo() {
    Plan p = plan("  forced_keys: [\"phc_hand:nobody\", \"phc_other:bot\"]");
    assertEquals(
        1,
        p.assumptions().stream().filter(a -> a.contains("forced-overflow list")).count(),
        p.assumptions()::toString);
    assertTrue(p.assumptions().stream().anyMatch(a -> a.startsWith("phc_hand:nobody is on")));
    assertEquals(
        "global_window", p.reroutedKeys().get(0).limiter(), "another token's key is not bot's");
  }

  /**
   * Beside a quiet live load every hour has headroom, so the suggested starts look READY; but the
   * key held on its partition fails at any hour: planned again at the best start the load is still
   * NEEDS_SCALING, and the plan does not send the test there.
   */
  @Test
  void aStartWithMoreHeadroomIsNotSuggestedWhenWhatFailsDoesNotDependOnTheHour() {
    String live =
        "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  weekly:\n"
            + Fixtures.weekly((d, h) -> d == 1 && h == 10 ? 200 : 10);
    Plan p =
        CapacityPlanner.plan(
            Fixtures.profile("steep", PROFILE),
            Fixtures.pipeline(PIPELINE.formatted("") + live),
            new SharedPipeline.Context(java.time.Instant.parse("2026-12-07T00:00:00Z"), List.of()));
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    assertTrue(!p.suggestedStarts().isEmpty());
    assertTrue(
        p.suggestedStarts().stream().noneMatch(st -> st.verdict() == Verdict.READY),
        p.suggestedStarts()::toString);
    assertTrue(
        p.reasons().stream().anyMatch(r -> r.contains("moving the test does not help")),
        p.reasons()::toString);
    assertTrue(p.tellCustomer().stream().noneMatch(t -> t.startsWith("Please start the test at")));
  }
}
