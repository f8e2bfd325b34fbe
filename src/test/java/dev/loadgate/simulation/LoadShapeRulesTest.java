package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loadgate.plan.RateCurve;
import dev.loadgate.simulation.LoadShape.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Load shapes whose burst is not at the start, worked by hand in batches of 10. */
class LoadShapeRulesTest {
  private static LoadShape shape(double... secondsAndRates) {
    List<RateCurve.Point> pts = new java.util.ArrayList<>();
    for (int i = 0; i < secondsAndRates.length; i += 2) {
      pts.add(new RateCurve.Point(secondsAndRates[i], secondsAndRates[i + 1]));
    }
    return LoadShape.of(RateCurve.of(pts), 10);
  }

  @Test
  void aPauseThenABurstThenAHold() {
    // 5 s of nothing; 0 -> 60 req/s in 0.4 s, no whole second: at once, (0 + 60) / 2 × 0.4 = 12
    // requests; 60 req/s from second 5 to 10: 300.
    LoadShape s = shape(0, 0, 5, 0, 5.4, 600, 10.4, 600);
    assertEquals(
        List.of(Kind.PAUSE, Kind.AT_ONCE, Kind.CONSTANT),
        s.steps().stream().map(LoadShape.Step::kind).toList());
    assertEquals(List.of(0L, 12L, 300L), s.steps().stream().map(LoadShape.Step::requests).toList());
    assertEquals(5, s.firstRequestSeconds(), 1e-12, "the pause sends nothing");
    assertEquals(-1, s.atOnceStepOf(0));
    assertEquals(1, s.atOnceStepOf(1));
    assertEquals(1, s.atOnceStepOf(12));
    assertEquals(-1, s.atOnceStepOf(13));
  }

  @Test
  void aBurstAfterAHoldOwnsTheRequestsAfterTheHolds() {
    // 10 req/s for 5 s (50 requests), then 10 -> 60 req/s in 0.4 s: (10 + 60) / 2 × 0.4 = 14, the
    // 51st to the 64th.
    LoadShape s = shape(0, 100, 5, 100, 5.4, 600, 10.4, 600);
    assertEquals(
        List.of(50L, 14L, 300L), s.steps().stream().map(LoadShape.Step::requests).toList());
    assertEquals(0, s.firstRequestSeconds(), 1e-12);
    assertEquals(-1, s.atOnceStepOf(50));
    assertEquals(1, s.atOnceStepOf(51));
    assertEquals(1, s.atOnceStepOf(64));
    assertEquals(-1, s.atOnceStepOf(65));
  }

  @Test
  void aCurveOfOnePointOrBatchesOfNoneAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> shape(0, 100));
    assertThrows(IllegalArgumentException.class, () -> LoadShape.of(RateCurve.flat(100, 10), 0));
  }
}
