package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The policy's SLO tiers and the 5% margin (SPEC §9.6), worked by hand on one partition read by one
 * consumer at 100 ev/s.
 */
class SloAndMarginRulesTest {
  private static final String PIPELINE =
      """
      partitions: 1
      consumers: 1
      consumer_events_per_second: { default: 100 }
      apps_cost_factor: 1
      capture: { replicas: 1, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 1s, max_consumers: 1, max_capture_replicas: 1 }
      overflow: { enabled: false, per_distinct_id_events_per_second: 1000, burst: 1000 }
      rate_limit: { per_token_events_per_second: 100000 }
      policy:
        max_ingestion_delay: 60s
        working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: true }
        slo:
          - { within: 30s, objective: 0.99 }
          - { within: 90s, objective: 0.99 }
      """;

  /**
   * {@code rate} ev/s for an hour (reached in 2 s, so no faster than the pipeline takes within its
   * 1 s reaction time: a load test, not a denial of service), in batches of 10, on a Tuesday
   * morning.
   */
  private static Plan plan(double rate) {
    String profile =
        """
        customer: Margin
        kind: load_test
        token: phc_margin
        product_questions_answered: true
        schedule: { start: "2026-12-15T10:00:00+00:00" }
        stages:
          - { duration: 2s, target: %s }
          - { duration: 1h, target: %<s }
        batching: { events_per_request: 10 }
        distinct_ids: { total: 100000, total_events: %d, top: [ { distinct_id: a, events: 10 } ] }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """
            .formatted(rate, Math.round(rate * 3600));
    return CapacityPlanner.plan(Fixtures.profile("margin", profile), Fixtures.pipeline(PIPELINE));
  }

  /**
   * 97 ev/s on 100: nothing waits, and READY. 5% slower the consumer takes 95, so the event sent at
   * a seconds leaves once 97a have been read, at 97a/95: it waited 2a/95. The last (a = 3,600 s)
   * waits 75.8 s, past the policy's 60 s; an event waits more than 30 s from a = 1,425 s on, so
   * 1,425/3,600 = 39.6% of them are within the 30 s tier (which it met at nominal speed), and all
   * within 90 s.
   */
  @Test
  void aLoadAtNinetySevenPercentIsReadyAndSaysHowCloseItSits() {
    Plan p = plan(97);
    assertEquals(Verdict.READY, p.verdict(), p.reasons()::toString);
    assertEquals(0, p.maxIngestionDelaySeconds());
    assertEquals(2, p.slo().size());
    assertTrue(p.slo().stream().allMatch(t -> t.met() && t.load() == 1.0), p.slo()::toString);

    Plan.Margin m = p.margin();
    assertEquals(0.05, m.consumersSlower());
    assertEquals(2 * 3600 / 95.0, m.maxIngestionDelaySeconds(), 1.5, "one 1.2 s step either way");
    assertEquals(1425 / 3600.0, m.slo().get(0).load(), 0.002);
    assertFalse(m.slo().get(0).met());
    assertEquals(1.0, m.slo().get(1).load(), 1e-9);
    assertEquals(4, m.nearCapacity().size(), m.nearCapacity()::toString);
    assertTrue(m.nearCapacity().get(0).startsWith("capacity now: 97 ev/s at the tightest, 97% of"));
    assertTrue(
        m.nearCapacity().get(1).startsWith("the hottest partition: 97 ev/s, 97% of the 100"));
    assertTrue(m.nearCapacity().get(2).startsWith("the policy's delay: 0 s at nominal speed, 7"));
    assertTrue(
        m.nearCapacity()
            .get(3)
            .startsWith("the SLO's 30 s tier: 100% of the load's events within"));
    assertTrue(
        p.reasons().stream().anyMatch(r -> r.startsWith("Within 5% of a capacity")),
        p.reasons()::toString);
  }

  /**
   * 102 ev/s on 100 for an hour: 2 ev/s pile up, the event sent at a waits 2a/100, the last 72 s
   * (past the policy's 60 s). Within 30 s: a ≤ 1,500 s, 41.7% of the load; the tier's budget is 1%
   * of the load's own 367,200 events (no live load), and the late ones are the rest: 58.3% ÷ 1%.
   */
  @Test
  void aMissedTierDecidesTheVerdictAndSaysWhatItSpends() {
    Plan p = plan(102);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
    Plan.Slo thirty = p.slo().get(0);
    assertEquals(1500 / 3600.0, thirty.load(), 0.002);
    assertEquals(thirty.load(), thirty.all(), 1e-9, "no live traffic: all events are the load's");
    assertEquals((1 - 1500 / 3600.0) * 367_200, thirty.lateEvents(), 600);
    assertEquals((1 - 1500 / 3600.0) / 0.01, thirty.budgetUsed(), 0.3);
    assertFalse(thirty.met());
    assertTrue(p.slo().get(1).met(), "every event within 72 s < 90 s");
    assertTrue(
        p.reasons().stream()
            .anyMatch(
                r ->
                    r.startsWith("The SLO's 30 s tier is missed: 41.")
                        && r.contains("it spends 58.")
                        && r.contains("× the SLO window's error budget")),
        p.reasons()::toString);
  }
}
