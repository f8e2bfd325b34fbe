package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleCheckTest {
  private static final Pipeline.WorkingHours LONDON =
      new Pipeline.WorkingHours(
          ZoneId.of("Europe/London"), LocalTime.of(8, 0), LocalTime.of(17, 0), true);

  @Test
  void aWeekdayMorningInsideWorkingHours() {
    // Tue 8 Dec 2026 09:30 UTC = 09:30 London (winter), 85 minutes.
    ScheduleCheck s =
        ScheduleCheck.of(OffsetDateTime.parse("2026-12-08T09:30:00+00:00"), 85 * 60, LONDON);
    assertTrue(s.weekday());
    assertEquals(85 / 60.0, s.euOverlapHours(), 1e-9);
  }

  @Test
  void anOffsetStartIsConvertedToThePolicyZone() {
    // 09:00+01:00 is 08:00 London: 2 h inside working hours. 07:00+01:00 is 06:00 London: none.
    assertEquals(
        2.0,
        ScheduleCheck.of(OffsetDateTime.parse("2026-12-08T09:00:00+01:00"), 2 * 3600, LONDON)
            .euOverlapHours(),
        1e-9);
    assertEquals(
        0.0,
        ScheduleCheck.of(OffsetDateTime.parse("2026-12-08T07:00:00+01:00"), 2 * 3600, LONDON)
            .euOverlapHours(),
        1e-9);
  }

  @Test
  void aLoadOverTheWeekendIsNotAWeekdayAndOnlyFridayCounts() {
    // Fri 11 Dec 2026 16:00 London for 20 h: Friday 16-17 counts, Saturday does not.
    ScheduleCheck s =
        ScheduleCheck.of(OffsetDateTime.parse("2026-12-11T16:00:00Z"), 20 * 3600, LONDON);
    assertFalse(s.weekday());
    assertEquals(1.0, s.euOverlapHours(), 1e-9);
  }

  @Test
  void aWindowEndingAtMidnightDoesNotTouchTheNextDay() {
    // Fri 11 Dec 2026 20:00 to Sat 00:00 London.
    assertTrue(
        ScheduleCheck.of(OffsetDateTime.parse("2026-12-11T20:00:00Z"), 4 * 3600, LONDON).weekday());
  }

  @Test
  void summerTimeIsRespected() {
    // 07:30 UTC on Wed 1 Jul 2026 is 08:30 BST: one hour from then is all inside working hours.
    assertEquals(
        1.0,
        ScheduleCheck.of(OffsetDateTime.parse("2026-07-01T07:30:00Z"), 3600, LONDON)
            .euOverlapHours(),
        1e-9);
  }
}
