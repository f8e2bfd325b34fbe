package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** What the plan assumes when the ramp or the event counts are not what the stages say. */
class CurveRulesTest {
  private static Plan plan(String loadLines, String distinctIds) {
    String yaml =
        """
        customer: Curve
        kind: load_test
        token: phc_c
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        %s
        batching: { events_per_request: 100 }
        distinct_ids:
        %s
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """
            .formatted(loadLines, distinctIds);
    return CapacityPlanner.plan(Fixtures.profile("curve", yaml), Fixtures.smallPipeline());
  }

  private static final String IDS =
      "  total: 1000\n  total_events: 1000000\n  top:\n    - { distinct_id: a, events: 10 }";

  @Test
  void aPeakWithoutStagesArrivesAtOnceForTheAnsweredDuration() {
    // 300 ev/s for 2 h, at once: 2,160,000 events; the rise is the whole peak at t = 0.
    Plan p = plan("peak_events_per_second: 300\ntotal_duration: 2h", IDS);
    assertEquals(7200, p.durationSeconds());
    assertEquals(2_160_000, p.totalEvents());
    assertEquals(300, p.maxRisePerReactionTime(), 1e-9);
    assertTrue(
        p.assumptions()
            .contains(
                "stages unanswered: the peak of 300 ev/s is assumed to arrive at once (no ramp)"),
        p.assumptions()::toString);
    assertFalse(p.assumptions().stream().anyMatch(a -> a.startsWith("total_duration")));
  }

  @Test
  void withoutADurationAnHourIsAssumed() {
    Plan p = plan("peak_events_per_second: 300", IDS);
    assertEquals(3600, p.durationSeconds());
    assertEquals(1_080_000, p.totalEvents());
    assertTrue(
        p.assumptions().contains("total_duration unanswered: assumed 1 h"),
        p.assumptions()::toString);
  }

  @Test
  void topCountsAboveWhatTheStagesSendAreTakenAsTheirOwnSum() {
    // 0 -> 10 ev/s in 1 s (5 events), then 10 ev/s for 100 s: 1,005 events. The top ids count
    // 1,500 and there is no total_events: the shares are of 1,500 (a: 1,000 of them, 2/3); at
    // exactly 1,005 they are of the stages'.
    String stages = "stages:\n  - { duration: 1s, target: 10 }\n  - { duration: 100s, target: 10 }";
    Plan over =
        plan(
            stages,
            "  total: 100\n  top:\n    - { distinct_id: a, events: 1000 }\n"
                + "    - { distinct_id: b, events: 500 }");
    assertTrue(
        over.assumptions()
            .contains(
                "the top ids count 1,500 events, more than the 1,005 the stages send: shares are"
                    + " taken of the top counts' sum (give distinct_ids.total_events)"),
        over.assumptions()::toString);
    assertEquals(2 / 3.0, over.topDistinctIds().get(0).share(), 1e-9);
    Plan equal = plan(stages, "  total: 100\n  top:\n    - { distinct_id: a, events: 1005 }");
    assertFalse(
        equal.assumptions().stream().anyMatch(a -> a.startsWith("the top ids count")),
        equal.assumptions()::toString);
    assertEquals(1.0, equal.topDistinctIds().get(0).share(), 1e-9);
  }
}
