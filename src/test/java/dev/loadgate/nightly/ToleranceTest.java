package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each tolerance at its bound exactly (holds) and just past it on either side (does not). */
class ToleranceTest {
  private static Tolerance t(String text) {
    return Tolerance.parse("m", text);
  }

  @Test
  void absoluteIsADistanceEitherWay() {
    Tolerance abs = t("abs 0.02");
    assertEquals(new Tolerance(Tolerance.Kind.ABS, 0.02), abs);
    assertTrue(abs.holds(0.10, 0.12));
    assertTrue(abs.holds(0.10, 0.08));
    assertFalse(abs.holds(0.10, 0.1201));
    assertFalse(abs.holds(0.10, 0.0799));
    assertFalse(abs.relative());
  }

  @Test
  void relativeIsAShareOfTheBaselineEitherWay() {
    Tolerance rel = t("rel 0.5");
    assertTrue(rel.holds(100, 150));
    assertTrue(rel.holds(100, 50));
    assertFalse(rel.holds(100, 150.1));
    assertFalse(rel.holds(100, 49.9));
    assertTrue(rel.holds(0, 0), "from nothing to nothing");
    assertFalse(rel.holds(0, 1), "from nothing, any value is an infinite move");
    assertTrue(rel.relative());
  }

  @Test
  void maxIsACeilingWhateverTheBaseline() {
    Tolerance max = t("max 0.02");
    assertTrue(max.holds(0, 0.02));
    assertTrue(max.holds(5, -1));
    assertFalse(max.holds(0.03, 0.0201));
    assertFalse(max.relative());
  }

  @Test
  void dropOnlyFailsFalling() {
    Tolerance drop = t("drop 0.5");
    assertTrue(drop.holds(1, 0.5));
    assertTrue(drop.holds(1, 5), "faster is never a regression");
    assertFalse(drop.holds(1, 0.4999));
    assertFalse(drop.holds(2, 0.999));
    assertTrue(drop.relative());
  }

  @Test
  void exactIsExact() {
    Tolerance exact = t("exact");
    assertTrue(exact.holds(3, 3));
    assertFalse(exact.holds(3, 3 + 1e-9));
    assertFalse(exact.holds(3, 3 - 1e-9));
    assertFalse(exact.relative());
  }
}
