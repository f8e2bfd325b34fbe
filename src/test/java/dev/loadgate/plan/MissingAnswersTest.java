package dev.loadgate.plan;

import static dev.loadgate.plan.HandWorkedProfile.plan;
import static dev.loadgate.plan.HandWorkedProfile.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a plan says about unanswered questions, word for word, on the hand-worked profile. */
class MissingAnswersTest {
  private static final String RAMP = "  - { duration: 10m, target: 600 }";

  private static final String RAMP_REASON =
      "The peak (600 ev/s) and duration are answered but not the ramp-up: without stages the load"
          + " must be assumed to arrive at full rate at once.";

  @Test
  void oneMissingAnswerIsOneQuestionBack() {
    Plan p = plan(profile(RAMP, 10, ""));
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
            profile("", 10, "apps_enabled: false")
                .replace("stages:\n\n", "peak_events_per_second: 600\ntotal_duration: 30m\n"));
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
            profile(RAMP, 10, "")
                .replace("schedule: { start: " + HandWorkedProfile.START + " }\n", ""));
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
