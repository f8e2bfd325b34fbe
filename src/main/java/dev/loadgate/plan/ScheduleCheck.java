package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/**
 * When the load runs, against the team's working hours: {@code weekday} when the whole window falls
 * on Monday–Friday in the policy's zone, {@code euOverlapHours} the hours of it inside working
 * hours.
 */
public record ScheduleCheck(
    boolean weekday, double euOverlapHours, ZonedDateTime start, ZonedDateTime end) {

  public static ScheduleCheck of(
      OffsetDateTime startAt, double durationSeconds, Pipeline.WorkingHours hours) {
    ZonedDateTime start = startAt.atZoneSameInstant(hours.zone());
    ZonedDateTime end = start.plus(Duration.ofMillis(Math.round(durationSeconds * 1000)));
    // The day the last instant falls on: a window ending at midnight does not touch the next day.
    LocalDate lastDay = end.minusNanos(1).toLocalDate();
    boolean weekday = true;
    double overlapSeconds = 0;
    for (LocalDate day = start.toLocalDate(); !day.isAfter(lastDay); day = day.plusDays(1)) {
      boolean weekend =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      weekday &= !weekend;
      if (weekend && hours.weekdaysOnly()) {
        continue;
      }
      ZonedDateTime from = day.atTime(hours.from()).atZone(hours.zone());
      ZonedDateTime to = day.atTime(hours.to()).atZone(hours.zone());
      ZonedDateTime a = start.isAfter(from) ? start : from;
      ZonedDateTime b = end.isBefore(to) ? end : to;
      if (b.isAfter(a)) {
        overlapSeconds += Duration.between(a, b).toMillis() / 1000.0;
      }
    }
    return new ScheduleCheck(weekday, overlapSeconds / 3600, start, end);
  }

  public double windowHours() {
    return Duration.between(start, end).toMillis() / 3_600_000.0;
  }
}
