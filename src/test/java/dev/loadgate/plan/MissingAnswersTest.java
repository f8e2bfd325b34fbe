package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a plan says about unanswered questions, word for word. */
class MissingAnswersTest {
  private static final String PROFILE =
      """
      customer: Hand Worked
      kind: load_test
      token: phc_hand
      product_questions_answered: true
      schedule: { start: 2026-12-15T10:00:00+00:00 }
      STAGES
      batching: { events_per_request: 10 }
      distinct_ids:
        total: 1000
        total_events: 1000000
        top:
          - { distinct_id: alpha, events: 50000 }
      event_types: { $pageview: 0.9, $identify: 0.1 }
      """;

  private static final String RAMP = "stages:\n  - { duration: 10m, target: 600 }";

  private static Plan plan(String yaml) {
    return CapacityPlanner.plan(Fixtures.profile("hand", yaml), Fixtures.smallPipeline());
  }

  private static final String RAMP_REASON =
      "The peak (600 ev/s) and duration are answered but not the ramp-up: without stages the load"
          + " must be assumed to arrive at full rate at once.";

  @Test
  void oneMissingAnswerIsOneQuestionBack() {
    Plan p = plan(PROFILE.replace("STAGES", RAMP));
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(List.of("apps_enabled"), p.missingAnswers());
    assertEquals(
        "1 required answer is missing (apps_enabled): send these questions back to the customer"
            + " before planning capacity.",
        p.reasons().get(0));
    assertTrue(
        p.tellCustomer().contains("Before we can approve the test we need: apps_enabled."),
        p.tellCustomer()::toString);
    assertFalse(p.reasons().contains(RAMP_REASON), "the ramp is answered");
  }

  @Test
  void aPeakWithoutARampIsCalledOut() {
    Plan p =
        plan(
            PROFILE.replace(
                "STAGES", "peak_events_per_second: 600\ntotal_duration: 30m\napps_enabled: false"));
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(List.of("stages"), p.missingAnswers());
    assertEquals(
        "1 required answer is missing (stages): send these questions back to the customer before"
            + " planning capacity.",
        p.reasons().get(0));
    assertEquals(RAMP_REASON, p.reasons().get(1));
  }

  @Test
  void twoMissingAnswersAreListedTogether() {
    Plan p =
        plan(
            PROFILE
                .replace("STAGES", RAMP)
                .replace("schedule: { start: 2026-12-15T10:00:00+00:00 }\n", ""));
    assertEquals(
        "2 required answers are missing (schedule.start, apps_enabled): send these questions back"
            + " to the customer before planning capacity.",
        p.reasons().get(0));
    assertTrue(
        p.tellCustomer()
            .contains("Before we can approve the test we need: schedule.start, apps_enabled."),
        p.tellCustomer()::toString);
  }
}
