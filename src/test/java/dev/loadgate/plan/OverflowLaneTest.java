package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overflow lane at the peak, worked by hand: what capture reroutes above the 50 ev/s limit,
 * what the lane's consumers read of it one key after another, whether it lags, and the consumers
 * the scaling plan gives each lane.
 */
class OverflowLaneTest {
  private static final String BASE =
      """
      partitions: 8
      consumers: 4
      consumer_events_per_second: { default: 2000 }
      capture: { replicas: 2, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 16, max_capture_replicas: 8 }
      overflow: { enabled: %s, per_distinct_id_events_per_second: 50, burst: 500 }
      rate_limit: { per_token_events_per_second: 100000 }
      %s
      """;

  private static final String LANES =
      "lanes: { main: { consumers: 4, max_consumers: 16 }, overflow: { consumers: %d,"
          + " max_consumers: 8 }, historical: { consumers: 2, max_consumers: 8 } }\n";

  private static Pipeline pipe(boolean overflow, String extra) {
    return Fixtures.pipeline(BASE.formatted(overflow, extra));
  }

  /** Hot ids at these peaks, each key at most {@code keyRate} ev/s. */
  private static HotSpots spots(double keyRate, double... peaks) {
    List<Plan.HotDistinctId> hot = new java.util.ArrayList<>();
    for (int i = 0; i < peaks.length; i++) {
      hot.add(new Plan.HotDistinctId("id-" + i, i, peaks[i], 0.1, "overflow", false));
    }
    return new HotSpots(new double[8], 0, 1, List.of(), hot, 0, 1, keyRate, new double[8]);
  }

  @Test
  void twoKeysAboveTheLimitShareTheLaneAndTheFirstOfATieIsTheBusiest() {
    // 160 and 160 ev/s, 110 each above 50: 220 overflow, the busiest holds f = 1/2, so a consumer
    // reads at most 300 ÷ 1/2 = 600 ev/s (under c_mix 2,000); the lane's 1 consumer: 600.
    OverflowLane lane =
        OverflowLane.of(pipe(true, LANES.formatted(1)), spots(300, 160, 160), 2000, false);
    assertEquals(new OverflowLane(220, 600, 1, "id-0"), lane);
    // c_mix binds when keys run fast: 1 × 2,000. Without lanes, the one group's 4 consumers.
    assertEquals(
        new OverflowLane(220, 8000, 4, "id-0"),
        OverflowLane.of(pipe(true, ""), spots(1e9, 160, 160), 2000, false));
  }

  @Test
  void nothingAboveTheLimitAnImportOrOverflowOffIsNoLane() {
    Pipeline p = pipe(true, LANES.formatted(1));
    assertSame(OverflowLane.NONE, OverflowLane.of(p, spots(300, 50, 50), 2000, false), "at 50");
    assertSame(OverflowLane.NONE, OverflowLane.of(p, spots(300, 160), 2000, true), "import");
    assertSame(
        OverflowLane.NONE,
        OverflowLane.of(pipe(false, LANES.formatted(1)), spots(300, 160), 2000, false));
  }

  @Test
  void itLagsOnlyAboveWhatItReadsAndOnlyWithConsumers() {
    assertTrue(new OverflowLane(310, 300, 1, "a").lags());
    assertFalse(new OverflowLane(300, 300, 1, "a").lags(), "exactly at capacity keeps up");
    assertFalse(new OverflowLane(1e-9, 0, 1, "a").lags(), "within the rounding allowance");
    assertFalse(new OverflowLane(310, 300, 0, "a").lags(), "no lane judged");
  }

  @Test
  void theScalingPlanGivesTheOverflowLaneEnoughAndTheLoadsLaneItsPlan() {
    Pipeline p = pipe(true, LANES.formatted(1));
    // 700 ev/s over 2 consumers reading 600 together: 300 each, ceil(700 / 300) = 3.
    assertEquals(
        Map.of("main", 9, "overflow", 3, "historical", 2),
        new OverflowLane(700, 600, 2, "a").lanes(p, false, 9));
    // Exactly 2 consumers' worth needs 2, not 3.
    assertEquals(2, new OverflowLane(600, 300, 1, "a").lanes(p, false, 9).get("overflow"));
    // Never more than the partitions; never fewer than run today.
    assertEquals(8, new OverflowLane(1e6, 300, 1, "a").lanes(p, false, 9).get("overflow"));
    Pipeline three = pipe(true, LANES.formatted(3));
    assertEquals(3, new OverflowLane(310, 300, 1, "a").lanes(three, false, 9).get("overflow"));
    // Nothing overflowing, or nothing read: today's.
    assertEquals(3, OverflowLane.NONE.lanes(three, false, 9).get("overflow"));
    assertEquals(3, new OverflowLane(310, 0, 0, "a").lanes(three, false, 9).get("overflow"));
    // An import plans the historical lane; main keeps today's.
    assertEquals(
        Map.of("main", 4, "overflow", 1, "historical", 9), OverflowLane.NONE.lanes(p, true, 9));
    assertNull(OverflowLane.NONE.lanes(pipe(true, ""), false, 9), "no lanes, no map");
  }
}
