package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The schedule's reasons, word for word, on the small pipeline's working hours (08:00–17:00
 * Europe/London, weekdays; London is on UTC in December). The hand-worked profile as a 2 h ramp to
 * 600 ev/s.
 */
class ScheduleReasonsTest {
  private static Plan plan(String start) {
    return HandWorkedProfile.plan(
        HandWorkedProfile.profile("  - { duration: 2h, target: 600 }", 10, "apps_enabled: false")
            .replace(HandWorkedProfile.START, start));
  }

  @Test
  void anEarlyStartHasOnlyPartOfItsWindowInWorkingHours() {
    // Tuesday 07:00-09:00: one hour of the two is after 08:00.
    Plan p = plan("2026-12-15T07:00:00+00:00");
    assertTrue(
        p.reasons()
            .contains(
                "Only 1.0 h of the 2.0 h load window (Tue 15 Dec 07:00 → Tue 15 Dec 09:00"
                    + " Europe/London) fall inside working hours (08:00–17:00): the team should be"
                    + " around while it runs."),
        p.reasons()::toString);
    assertFalse(p.reasons().stream().anyMatch(r -> r.contains("Monday–Friday")), "a Tuesday");
  }

  @Test
  void aSaturdayIsMovedToAWeekday() {
    Plan p = plan("2026-12-19T10:00:00+00:00");
    assertTrue(
        p.reasons()
            .contains(
                "The load window (Sat 19 Dec 10:00 → Sat 19 Dec 12:00 Europe/London) is not all on"
                    + " Monday–Friday: move it to a weekday, when the team is at work."),
        p.reasons()::toString);
    assertTrue(
        p.tellCustomer()
            .contains(
                "Please move the test to a weekday (Monday–Friday), during 08:00–17:00"
                    + " Europe/London."),
        p.tellCustomer()::toString);
  }

  @Test
  void aWindowInsideWorkingHoursSaysNothingAboutTheSchedule() {
    Plan p = plan("2026-12-15T08:00:00+00:00");
    assertFalse(
        p.reasons().stream().anyMatch(r -> r.contains("load window")), p.reasons()::toString);
  }
}
