package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Median, MAD, range and the σ drawn from them, worked by hand. */
class SpreadTest {
  @Test
  void fiveNightsByHand() {
    // Sorted 0.90 0.95 1.00 1.02 1.20: median 1.00; deviations 0.10 0.05 0 0.02 0.20, sorted
    // 0 0.02 0.05 0.10 0.20: MAD 0.05; range 0.30.
    Spread s = Spread.of(List.of(1.02, 0.90, 1.20, 1.00, 0.95));
    assertEquals(1.00, s.median(), 1e-12);
    assertEquals(0.05, s.mad(), 1e-12);
    assertEquals(0.90, s.min(), 1e-12);
    assertEquals(1.20, s.max(), 1e-12);
    assertEquals(5, s.nights());
    // 1.4826 × 0.05 = 0.07413; 0.30 ÷ 2.326 = 0.12898: the range is the wider.
    assertEquals(0.30 / 2.326, s.sigma(), 1e-12);
    assertEquals(0.30 / 2.326, s.relativeSigma(), 1e-12);
    // The widest move from the median: 1.20 is +20%, 0.90 is -10%.
    assertEquals(0.20, s.relativeRange(), 1e-12);
  }

  @Test
  void anEvenCountTakesTheMeanOfTheMiddleTwo() {
    Spread s = Spread.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertEquals(2.5, s.median(), 1e-12);
    // deviations 1.5 0.5 0.5 1.5: MAD 1.0; range 3 ÷ d2(4) = 2.059.
    assertEquals(1.0, s.mad(), 1e-12);
    assertEquals(Math.max(1.4826, 3 / 2.059), s.sigma(), 1e-12);
  }

  @Test
  void manyNightsLeanOnTheMadAlone() {
    // Twelve nights: past the table of d2, the MAD decides. Eleven at 10, one wild at 100.
    List<Double> v = new java.util.ArrayList<>(java.util.Collections.nCopies(11, 10.0));
    v.add(100.0);
    Spread s = Spread.of(v);
    assertEquals(10, s.median(), 1e-12);
    assertEquals(0, s.mad(), 1e-12);
    assertEquals(0, s.sigma(), 1e-12, "one wild night in twelve does not widen the MAD");
    // With ten nights the range still counts: 90 ÷ 3.078.
    Spread ten = Spread.of(v.subList(2, 12));
    assertEquals(90 / 3.078, ten.sigma(), 1e-12);
  }

  @Test
  void oneNightHasNoSpreadAndAZeroMedianIsInfinitelyWide() {
    Spread one = Spread.of(List.of(3.0));
    assertEquals(0, one.sigma(), 0);
    assertEquals(0, one.relativeRange(), 0);
    Spread zero = Spread.of(List.of(-1.0, 0.0, 1.0));
    assertEquals(Double.POSITIVE_INFINITY, zero.relativeSigma());
    assertEquals(Double.POSITIVE_INFINITY, zero.relativeRange());
    assertEquals(0, Spread.of(List.of(0.0, 0.0, 0.0)).relativeSigma(), 0);
    assertEquals(0, Spread.of(List.of(0.0, 0.0, 0.0)).relativeRange(), 0);
    assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
  }
}
