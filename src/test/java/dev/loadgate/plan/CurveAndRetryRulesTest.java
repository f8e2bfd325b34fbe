package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rate curve's value at and around its corners, and the clients' retry schedule. */
class CurveAndRetryRulesTest {
  private static RateCurve.Point p(double s, double r) {
    return new RateCurve.Point(s, r);
  }

  @Test
  void theRateAtEachCornerIsTheCornersAndOutsideTheLoadNothing() {
    // 0 -> 100 over 10 s, a step to 200, held 10 s.
    RateCurve c = RateCurve.of(List.of(p(0, 0), p(10, 100), p(10, 200), p(20, 200)));
    assertEquals(0, c.rateAt(-0.001), 0);
    assertEquals(0, c.rateAt(0), 0);
    assertEquals(50, c.rateAt(5), 1e-12);
    assertEquals(100, c.rateAt(10), 1e-12, "the corner belongs to the segment that ends there");
    assertEquals(200, c.rateAt(15), 1e-12);
    assertEquals(200, c.rateAt(20), 1e-12, "the end still counts at its last rate");
    assertEquals(0, c.rateAt(20.001), 0);
    // A load that starts at full rate: at t = 0 it is already 100.
    RateCurve atOnce = RateCurve.of(List.of(p(0, 0), p(0, 100), p(10, 100)));
    assertEquals(100, atOnce.rateAt(0), 0);
    // Points may share a time (a step), never go back in it.
    assertThrows(
        IllegalArgumentException.class, () -> RateCurve.of(List.of(p(0, 0), p(10, 1), p(9, 1))));
    assertThrows(IllegalArgumentException.class, () -> RateCurve.of(List.of()));
  }

  @Test
  void theRiseIsReportedWhereItCompletesAndAFallIsNoRise() {
    // 0 -> 100 over 10 s then flat to 40 s: within any 20 s the rise is 100, first complete at
    // t = 10 (from t = -10, before the start).
    RateCurve c = RateCurve.of(List.of(p(0, 0), p(10, 100), p(40, 100)));
    RateCurve.Rise r = c.maxRise(20);
    assertEquals(100, r.eventsPerSecond(), 1e-9);
    assertEquals(10, r.toSeconds(), 1e-9);
    assertEquals(-10, r.fromSeconds(), 1e-9);
    // A load that starts at 100 and only falls: its rise is its start, complete at t = 0.
    RateCurve down = RateCurve.of(List.of(p(0, 100), p(10, 0)));
    RateCurve.Rise none = down.maxRise(5);
    assertEquals(100, none.eventsPerSecond(), 1e-9, "from nothing before the start to 100");
    assertEquals(0, none.toSeconds(), 1e-9);
  }

  @Test
  void retriesWaitAsTheSdksDoAndScaleWithTheClock() {
    assertEquals(5, RetrySchedule.SDK.retries());
    assertEquals(0.5, RetrySchedule.SDK.waitBefore(1), 0);
    assertEquals(8.0, RetrySchedule.SDK.waitBefore(5), 0);
    assertEquals(List.of(0.25, 0.5, 1.0, 2.0, 4.0), RetrySchedule.SDK.scaled(0.5).waitsSeconds());
    assertEquals(0, new RetrySchedule(List.of(0.0)).waitBefore(1), 0, "at once is a wait");
    assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(-0.1)));
    assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Double.NaN)));
    assertThrows(
        IllegalArgumentException.class, () -> new RetrySchedule(List.of(Double.POSITIVE_INFINITY)));
  }
}
