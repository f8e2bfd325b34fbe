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

  @Test
  void noiseFailsOnlyAFallBeyondKSigmaOfTheNights() {
    Tolerance noise = t("noise 4");
    assertEquals(new Tolerance(Tolerance.Kind.NOISE, 4), noise);
    // Five nights 0.90 0.95 1.00 1.02 1.06: the range gives σ = 0.16 ÷ 2.326 = 0.0688, the MAD
    // (0.05) 0.0741: the wider; 4σ = 0.2965 of 1.00 is over 25%, so not gated at all.
    Spread wide = Spread.of(java.util.List.of(0.90, 0.95, 1.00, 1.02, 1.06));
    assertEquals(1.4826 * 0.05, wide.sigma(), 1e-12);
    assertTrue(noise.notGated(1.00, wide).startsWith("not gated: spread ±10% over 5 nights"));
    assertTrue(noise.holds(1.00, 0.01, wide), "a metric too noisy to gate cannot fail");
    // 0.98 0.99 1.00 1.01 1.03: MAD 0.01 → 0.014826; range 0.05 ÷ 2.326 = 0.021496: σ 0.0215, 4σ
    // 0.086: gated, but the floor (2.5% of the median) is wider: bound 1 - 4 × 0.025 = 0.90.
    Spread calm = Spread.of(java.util.List.of(0.98, 0.99, 1.00, 1.01, 1.03));
    assertEquals(null, noise.notGated(1.00, calm));
    assertEquals(0.90, noise.noiseBound(1.00, calm), 1e-12);
    assertTrue(noise.holds(1.00, 0.90, calm));
    assertFalse(noise.holds(1.00, 0.8999, calm));
    assertTrue(noise.holds(1.00, 5, calm), "faster is never a regression");
    // σ above the floor: 0.94 0.97 1.00 1.03 1.06: range 0.12 ÷ 2.326 = 0.05159; 4σ = 0.2064.
    Spread mid = Spread.of(java.util.List.of(0.94, 0.97, 1.00, 1.03, 1.06));
    assertEquals(null, noise.notGated(1.00, mid));
    assertEquals(1 - 4 * 0.12 / 2.326, noise.noiseBound(1.00, mid), 1e-12);
    assertFalse(noise.holds(1.00, 0.79, mid), "a 21% fall: out");
    assertTrue(noise.holds(1.00, 0.80, mid));
    assertTrue(noise.relative());
  }

  @Test
  void noiseAtTheGateLimitIsStillGatedAndJustPastItIsNot() {
    Tolerance noise = t("noise 4");
    // σ exactly 6.25% of the median: 4σ = 25%, gated. A MAD of 0.0625 ÷ 1.4826 gives it.
    double mad = 0.0625 / 1.4826;
    Spread edge = new Spread(1.0, mad, 1.0, 1.0, 5);
    assertEquals(null, noise.notGated(1.0, edge));
    Spread past = new Spread(1.0, mad * 1.001, 1.0, 1.0, 5);
    assertTrue(noise.notGated(1.0, past).startsWith("not gated"));
  }

  @Test
  void noiseNeedsThreeNightsAndTrendNeverGates() {
    Tolerance noise = t("noise 4");
    assertEquals(
        "not gated: spread over 2 night(s), 3 needed",
        noise.notGated(1.0, Spread.of(java.util.List.of(1.0, 1.0))));
    assertEquals("not gated: spread over 0 night(s), 3 needed", noise.notGated(1.0, null));
    assertEquals(null, noise.notGated(1.0, Spread.of(java.util.List.of(1.0, 1.0, 1.0))));
    Tolerance trend = t("trend");
    assertTrue(trend.holds(1.0, 0.0, null));
    assertEquals("not gated: trend only", trend.notGated(1.0, null));
    assertEquals(null, t("exact").notGated(1.0, null));
    assertEquals(null, t("drop 0.5").notGated(1.0, null));
  }
}
