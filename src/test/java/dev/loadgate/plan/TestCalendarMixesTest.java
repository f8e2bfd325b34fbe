package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Overlaps of loads that cost the consumers differently, worked by hand. The pipeline: 20
 * partitions, 10 consumers (the autoscaler may run 20) at 1,000 ev/s, apps × 2, capture 4 × 1,000
 * req/s, rate limit 5,000 ev/s a token. Live load 400 ev/s × 1.25 = 500 ev/s every hour, at the
 * default rate with apps: 500 ev/s a consumer, so it keeps one consumer busy.
 */
class TestCalendarMixesTest {
  static final String AT = "2026-12-16T14:00:00+00:00";

  static Pipeline pipeline() {
    StringBuilder y =
        new StringBuilder(
            """
            partitions: 20
            consumers: 10
            consumer_events_per_second: { default: 1000 }
            apps_cost_factor: 2
            capture: { replicas: 4, requests_per_second_per_replica: 1000 }
            autoscaling: { reaction_time: 5m, max_consumers: 20, max_capture_replicas: 8 }
            overflow: { enabled: true, per_distinct_id_events_per_second: 100, burst: 1000 }
            rate_limit: { per_token_events_per_second: 5000 }
            policy:
              max_ingestion_delay: 90s
              working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: true }
            live_load:
              events_per_request: 10
              peak_factor: 1.25
              weekly:
            """);
    return Fixtures.pipeline(y + Fixtures.weekly((d, h) -> 400));
  }

  /** {@code peak} ev/s from 14:00 Wednesday for 40 min, apps on or off, 10 per request. */
  static IntakeProfile load(String name, String token, int peak, boolean apps) {
    return Fixtures.profile(
        name,
        """
        customer: %s
        kind: load_test
        token: %s
        product_questions_answered: true
        schedule: { start: %s }
        stages: [ { duration: 10m, target: %d }, { duration: 30m, target: %d } ]
        batching: { events_per_request: 10 }
        distinct_ids: { total: 1000000, top: [ { distinct_id: "%s-1", events: 10 } ] }
        event_types: { $pageview: 1.0 }
        apps_enabled: %s
        payload_bytes: 300
        """
            .formatted(name, token, AT, peak, peak, name, apps));
  }

  static TestCalendar.Result calendar(IntakeProfile... profiles) {
    Pipeline pipe = pipeline();
    List<SharedPipeline.Approved> tests =
        java.util.Arrays.stream(profiles)
            .map(p -> SharedPipeline.Approved.of(p, CapacityPlanner.plan(p, pipe)))
            .toList();
    return TestCalendar.of(pipe, tests, List.of(), null, null);
  }

  @Test
  void eachTestCostsTheConsumersWhatItsOwnMixCosts() {
    // A: 3,000 ev/s without apps (1,000 a consumer): 3 consumers. B: 2,000 ev/s with apps (500 a
    // consumer): 4. Live: 1. Together 8 of 10: they fit. Their headroom in their own mix:
    // (10 − 1) consumers × 5,000 / 7 ev/s a consumer-second = 6,428.6 ev/s.
    TestCalendar.Overlap o =
        calendar(load("a", "phc_a", 3000, false), load("b", "phc_b", 2000, true)).overlaps().get(0);
    assertEquals(Verdict.READY, o.verdict(), o.reasons().toString());
    assertEquals(5000, o.combinedPeakEventsPerSecond(), 1e-6);
    assertEquals(9 * 5000 / 7.0, o.headroomEventsPerSecond(), 1e-3);
    assertEquals(500, o.liveEventsPerSecond(), 1e-6);
    assertTrue(o.reasons().get(0).contains("fit together"), o.reasons().toString());
  }

  @Test
  void overTheConsumersButWithinWhatTheAutoscalerMayRun() {
    // B at 3,100 ev/s with apps: 6.2 consumers; with A's 3 and the live load's 1, 10.2 of 10. The
    // autoscaler may run 20 on 20 partitions: within its maxima, after a reaction time.
    TestCalendar.Result r =
        calendar(load("a", "phc_a", 3000, false), load("b", "phc_b", 3100, true));
    TestCalendar.Overlap o = r.overlaps().get(0);
    assertEquals(Verdict.NEEDS_SCALING, o.verdict());
    assertTrue(o.withinAutoscalerMax());
    assertTrue(
        o.reasons().get(0).contains("the autoscaler's maxima would take it"),
        o.reasons().toString());
    assertEquals(Verdict.READY, r.tests().get(0).verdict());
    assertEquals(Verdict.READY, r.tests().get(1).verdict());
    assertEquals(Verdict.NEEDS_SCALING, r.days().get(0).verdict());
  }

  @Test
  void testsOfOneTokenShareItsRateLimit() {
    // Two tests of one token, 3,000 ev/s each: each within the 5,000 ev/s limit, together above.
    TestCalendar.Overlap o =
        calendar(load("a", "phc_same", 3000, false), load("b", "phc_same", 3000, false))
            .overlaps()
            .get(0);
    assertEquals(Verdict.NEEDS_SCALING, o.verdict());
    assertTrue(
        o.reasons().stream().anyMatch(x -> x.contains("same token together exceed")),
        o.reasons().toString());
    // Of two tokens, the same two fit: 6 consumers and the live load's 1 of 10.
    assertEquals(
        Verdict.READY,
        calendar(load("a", "phc_a", 3000, false), load("b", "phc_b", 3000, false))
            .overlaps()
            .get(0)
            .verdict());
  }

  @Test
  void theTimelineHoldsEachTestAndTheLiveLoadAndTheCapacityLine() {
    TestCalendar.Result r =
        calendar(load("a", "phc_a", 3000, false), load("b", "phc_b", 2000, true));
    // Capacity for the first test's mix: 10 consumers × 1,000 (capture 40,000, limit 5,000 a
    // token: the chart's line is the first test's own limits), so 5,000.
    assertEquals(5000, r.capacityEventsPerSecond(), 1e-6);
    TestCalendar.Point atHold =
        r.timeline().stream()
            .filter(p -> p.at().equals("2026-12-16T14:20:00Z"))
            .findFirst()
            .orElseThrow();
    assertEquals(3000, atHold.tests().get("a"), 1e-6);
    assertEquals(2000, atHold.tests().get("b"), 1e-6);
    assertEquals(500, atHold.liveEventsPerSecond(), 1e-6);
    // The live load as work for the consumers, in test a's events: 500 × 1,000 / 500.
    assertEquals(1000, atHold.liveAsTestEventsPerSecond(), 1e-6);
    assertFalse(r.timeline().isEmpty());
    assertTrue(
        r.timeline().stream().anyMatch(p -> p.at().equals("2026-12-16T13:30:00Z")),
        "half an hour before");
  }
}
