package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The scale's own rules: what it refuses, the rate when nothing is sent, and the slowest time. */
class ScaleRulesTest {
  @Test
  void aScaleMustBeAFiniteNumberAboveZero() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> new Scale(bad, 1), "rate " + bad);
      assertThrows(IllegalArgumentException.class, () -> new Scale(1, bad), "time " + bad);
    }
    assertEquals(Double.MIN_VALUE, new Scale(Double.MIN_VALUE, 1).rate());
  }

  @Test
  void aCurveThatSendsNothingKeepsItsRate() {
    assertEquals(1.0, Scale.defaultRate(0, 10));
    // 20,000 ev/s in batches of 10: 5,000 ev/s allows 0.25, 500 req/s (5,000 ev/s) too.
    assertEquals(0.25, Scale.defaultRate(20_000, 10), 1e-12);
    // Single events: 500 req/s is 500 ev/s, 0.025 of 20,000.
    assertEquals(0.025, Scale.defaultRate(20_000, 1), 1e-12);
  }

  @Test
  void atLeastSlowsAFastScaleAndKeepsOneAlreadySlowEnough() {
    Scale s = new Scale(0.5, 0.1);
    assertSame(s, s.atLeast(0.1), "exactly the minimum");
    assertEquals(new Scale(0.5, 0.2), s.atLeast(0.2));
    assertEquals(new Scale(0.5, 1.0), s.atLeast(3), "never stretched past real time");
  }
}
