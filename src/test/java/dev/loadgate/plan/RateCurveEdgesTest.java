package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A curve of one point, a curve of nothing, and the same traffic along another curve. */
class RateCurveEdgesTest {
  @Test
  void aCurveOfOnePointHasItsRateAtZeroOnly() {
    RateCurve one = RateCurve.of(List.of(new RateCurve.Point(0, 500)));
    assertEquals(500, one.rateAt(0));
    assertEquals(0, one.rateAt(1));
  }

  @Test
  void aCurveThatNeverRisesReportsNoRiseFromOneWindowBeforeTheStart() {
    RateCurve.Rise r = RateCurve.flat(0, 600).maxRise(300);
    assertEquals(0, r.eventsPerSecond());
    assertEquals(-300, r.fromSeconds(), "the window before the start");
    assertEquals(0, r.toSeconds());
  }

  @Test
  void trafficAlongAnotherCurveKeepsEverythingElse() {
    IngestionModel.HotKey hot = new IngestionModel.HotKey("a", 3, 0.25);
    IngestionModel.Traffic t =
        new IngestionModel.Traffic(
            RateCurve.flat(100, 10), 20, true, new double[] {0.5, 0.25}, List.of(hot));
    RateCurve other = RateCurve.flat(50, 20);
    IngestionModel.Traffic along = t.along(other);
    assertSame(other, along.curve());
    assertEquals(20, along.eventsPerRequest());
    assertEquals(true, along.historical());
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {0.5, 0.25}, along.keyedShares());
    assertEquals(List.of(hot), along.hotKeys());
  }
}
