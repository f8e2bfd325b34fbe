package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadroomCheck} piece by piece, worked by hand on {@link SharedPipelineTest}'s pipeline: 10
 * consumers × 1,000 ev/s (c_mix), capture 4 × 1,000 req/s × 10 events per request, rate limit
 * 100,000: capacity now 10,000 ev/s. The load: 0 → 6,000 ev/s over 10 min, held to 30 min.
 */
class HeadroomCheckTest {
  static final CapacityNow NOW = CapacityNow.of(SharedPipelineTest.pipeline(), 10, 1000);
  static final RateCurve LOAD =
      RateCurve.ofStages(
          List.of(
              new Stage(Duration.ofMinutes(10), 6000), new Stage(Duration.ofMinutes(20), 6000)));

  /** Other traffic: 1,000 ev/s to 10 min, 5,000 (costing 1.5 each) to 20 min, then 2,000. */
  static Background threePieces() {
    return Background.of(
        new double[] {0, 600, 1200},
        new double[] {1000, 5000, 2000},
        new double[] {1000, 7500, 2000},
        new double[] {10, 100, 20},
        true);
  }

  @Test
  void eachPieceIsJudgedWithItsOwnHeadroom() {
    HeadroomCheck h = HeadroomCheck.of(LOAD, threePieces(), NOW, 300, 900, 10);
    // Headroom: piece 0 min((4,000 − 10) × 10, 10,000 − 1,000) = 9,000; piece 1 min(39,000,
    // 10,000 − 7,500) = 2,500; piece 2 8,000. The load reaches 6,000 at 10 min: piece 1 is the
    // tightest, 3,500 over.
    assertEquals(1, h.tightestPiece());
    assertEquals(600, h.tightestFromSeconds());
    assertEquals(2500, h.tightest().eventsPerSecond(), 1e-9);
    assertEquals("consumers", h.tightest().bottleneck());
    assertEquals(6000, h.loadAtTightest(), 1e-9);
    assertTrue(h.overCapacity());
    // The 5-min rise completing at 10 min is 3,000 ev/s: within piece 0's 9,000, but 10 min is
    // piece 1's moment too, where 2,500 are left: a denial of service there.
    assertEquals(3000, h.rise().eventsPerSecond(), 1e-9);
    assertEquals(600, h.rise().toSeconds(), 1e-9);
    assertEquals(2500, h.atRise().eventsPerSecond(), 1e-9);
    assertTrue(h.dos());
    // Hottest partition: 900 at the peak plus a tenth of the even traffic's work: 900 + 750.
    assertEquals(1650, h.hottestPartitionEventsPerSecond(), 1e-9);
    // Sizing: the consumers must take 6,000 + 7,500; capture 600 + 100 requests/s.
    assertEquals(13500, h.consumersDemand(), 1e-9);
    assertEquals(700, h.requestsDemand(), 1e-9);
  }

  @Test
  void whatRunsAfterTheLoadDoesNotCount() {
    Background after =
        Background.of(
            new double[] {0, 1800},
            new double[] {1000, 50000},
            new double[] {1000, 50000},
            new double[] {10, 500},
            true);
    HeadroomCheck h = HeadroomCheck.of(LOAD, after, NOW, 300, 900, 10);
    assertFalse(h.overCapacity());
    assertFalse(h.dos());
    assertEquals(0, h.tightestPiece());
    assertEquals(3000, h.tightest().eventsPerSecond() - h.loadAtTightest(), 1e-9);
    assertEquals(1000, h.hottestPartitionEventsPerSecond(), 1e-9);
  }

  @Test
  void capturesHeadroomCountsTheOtherTrafficsRequests() {
    // 3,950 req/s of other traffic leave capture 50 req/s: 500 events/s at 10 per request.
    Background busyCapture =
        Background.of(
            new double[] {0}, new double[] {1000}, new double[] {0}, new double[] {3950}, true);
    HeadroomCheck h = HeadroomCheck.of(LOAD, busyCapture, NOW, 300, 900, 10);
    assertEquals("capture", h.tightest().bottleneck());
    assertEquals(500, h.tightest().eventsPerSecond(), 1e-9);
    assertEquals(4550, h.requestsDemand(), 1e-9);
  }

  @Test
  void onAnIdlePipelineItIsTheIdleModel() {
    HeadroomCheck h = HeadroomCheck.of(LOAD, Background.idle(), NOW, 300, 900, 10);
    assertSame(NOW, h.tightest());
    assertEquals(LOAD.maxRise(300), h.rise());
    assertFalse(h.overCapacity());
    assertFalse(h.dos());
    assertEquals(900, h.hottestPartitionEventsPerSecond());
    assertEquals(6000, h.consumersDemand());
    assertEquals(600, h.requestsDemand());
  }

  static Background flat(double mix) {
    return Background.of(
        new double[] {0}, new double[] {mix}, new double[] {mix}, new double[] {mix / 10}, true);
  }

  @Test
  void exactlyAtTheHeadroomFitsAndATieIsTheEarlierHour() {
    // Other traffic costing 4,000 leaves 6,000: the load's 6,000 fits, not over; 4,001 leaves less.
    assertFalse(HeadroomCheck.of(LOAD, flat(4000), NOW, 300, 900, 10).overCapacity());
    assertTrue(HeadroomCheck.of(LOAD, flat(4001), NOW, 300, 900, 10).overCapacity());
    // A rise of 3,000 against exactly 3,000 left is a ramp; against 2,999 a denial of service.
    assertFalse(HeadroomCheck.of(LOAD, flat(7000), NOW, 300, 900, 10).dos());
    assertTrue(HeadroomCheck.of(LOAD, flat(7001), NOW, 300, 900, 10).dos());
    // Two hours alike: the earlier is named the tightest, and the rise is judged there too.
    Background same =
        Background.of(
            new double[] {0, 600},
            new double[] {1000, 1000},
            new double[] {1000, 1000},
            new double[] {10, 10},
            true);
    HeadroomCheck h = HeadroomCheck.of(LOAD, same, NOW, 600, 900, 10);
    assertEquals(0, h.tightestPiece());
    assertEquals(600, h.rise().toSeconds(), 1e-9, "the 10-min rise completes at 10 min");
  }
}
