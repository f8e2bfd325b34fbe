package dev.loadgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Production beside a hand-made plan: 60 s moments, the load at 1,000 ev/s then 2,000, 4 then 6
 * consumers on main, the worst partition at 100 then 400 events, the delay 1 s then 20 s; policy 30
 * s, 10 partitions, peak 2,000 ev/s.
 */
class WatchRulesTest {
  static final Prediction PLAN =
      new Prediction(
          "hand",
          "READY",
          Instant.parse("2026-12-15T10:00:00Z"),
          30,
          2000,
          10,
          List.of(
              new Prediction.Moment(0, 1000, 1000, 500, 100, 1, Map.of("main", 4)),
              new Prediction.Moment(60, 2000, 2000, 3000, 400, 20, Map.of("main", 6))),
          60);

  static Measurement at(double t, double offered, int consumers, double worst, double delay) {
    return new Measurement(
        Instant.parse("2026-12-15T10:00:00Z").plusSeconds((long) t),
        t,
        offered,
        Map.of("main", (double) consumers),
        Map.of("main", worst * 2),
        worst,
        "3",
        delay,
        List.of());
  }

  static WatchRules.Check check(Measurement m) {
    return WatchRules.check(PLAN, m, 10, 1);
  }

  @Test
  void whatThePlanSaidIsOk() {
    assertEquals(WatchRules.Status.OK, check(at(30, 1000, 4, 100, 1)).status());
    // Inside the tolerance: 25% of the rate plus 5% of the peak (100 ev/s) above it.
    assertEquals(WatchRules.Status.OK, check(at(30, 1349, 4, 100, 1)).status());
    // At 65 s the window [55, 65] holds both moments: 4 consumers are still what the plan had.
    assertEquals(WatchRules.Status.OK, check(at(65, 1500, 4, 350, 15)).status());
    // Before the load nothing is judged.
    assertEquals(WatchRules.Status.OK, check(at(-5, 9999, 0, 9999, 999)).status());
  }

  @Test
  void moreThanDeclaredIsOutsideAndSaysSo() {
    WatchRules.Check c = check(at(30, 1351, 4, 100, 1));
    assertEquals(WatchRules.Status.OUTSIDE, c.status());
    assertEquals(
        List.of("offered 1,351 ev/s, the plan 1,000 ev/s: the customer sends more than declared"),
        c.outside());
    assertEquals(WatchRules.Status.OUTSIDE, check(at(30, 649, 4, 100, 1)).status());
  }

  @Test
  void fewerConsumersThanPlannedIsTheAutoscalerBehind() {
    // At 90 s the plan runs 6; 5 is one step late (allowed), 4 is not.
    assertEquals(WatchRules.Status.OK, check(at(90, 2000, 5, 400, 20)).status());
    WatchRules.Check c = check(at(90, 2000, 4, 400, 20));
    assertEquals(
        List.of("main runs 4 consumers, the plan 6 by now: the autoscaler is behind it"),
        c.outside());
  }

  @Test
  void aPartitionOrADelayPastTwiceThePlanIsOutside() {
    // Worst partition: 2 × 400 + 5 s × 2,000 / 10 = 1,800 events at most.
    assertEquals(WatchRules.Status.OK, check(at(90, 2000, 6, 1800, 20)).status());
    assertEquals(
        List.of("partition 3 has 1,801 events waiting, the plan at most 400"),
        check(at(90, 2000, 6, 1801, 20)).outside());
    // Delay: 2 × 1 s + 5 s = 7 s at most while the plan says 1 s.
    assertEquals(WatchRules.Status.OK, check(at(30, 1000, 4, 100, 7)).status());
    assertEquals(
        List.of("the delay is 7.10 s, the plan at most 1.00 s"),
        check(at(30, 1000, 4, 100, 7.1)).outside());
  }

  @Test
  void aDelayPastThePolicyThePlanDidNotExpectSaysStopTheTest() {
    WatchRules.Check stop = check(at(90, 2000, 6, 400, 31));
    assertEquals(WatchRules.Status.STOP, stop.status());
    assertEquals(
        "the delay, 31 s, is past the policy's 30 s and the plan said at most 20 s",
        stop.outside().get(0));
    // A plan that expected the delay past the policy (a delay at 40 s in its window) is not
    // stopped by it; twice its figure is the bound then.
    Prediction late =
        new Prediction(
            "late",
            "NEEDS_SCALING",
            PLAN.start(),
            30,
            2000,
            10,
            List.of(new Prediction.Moment(0, 2000, 2000, 9000, 900, 40, Map.of("main", 6))),
            60);
    assertEquals(
        WatchRules.Status.OK, WatchRules.check(late, at(30, 2000, 6, 900, 60), 10, 1).status());
  }

  @Test
  void aReplaysClockShrinksTheSlack() {
    // At a tenth of the time the delay's slack is 0.5 s and the partition's 100 events.
    assertEquals(
        WatchRules.Status.OUTSIDE,
        WatchRules.check(PLAN, at(30, 1000, 4, 100, 2.6), 10, 0.1).status());
    assertEquals(
        WatchRules.Status.OUTSIDE,
        WatchRules.check(PLAN, at(30, 1000, 4, 381, 1), 10, 0.1).status());
  }
}
