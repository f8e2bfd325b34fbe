package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Capture's limiter for one key, stepped in 1 s steps and worked by hand (SPEC §9.4): a count over
 * 60 s against a threshold of 5,000, acting 15 s after the count passes it.
 */
class HotKeyLimiterTest {
  /**
   * A steep key: 200 ev/s from the first second. Its count over 60 s is 200t, past 5,000 at 25 s;
   * capture reroutes it from 40 s, so its first 8,000 events go to its partition.
   */
  @Test
  void aSteepKeyIsReroutedDetectionAfterItsCountPassesTheThreshold() {
    HotKeyLimiter l = HotKeyLimiter.globalWindow(5_000, 60, 15, 1);
    double keyed = 0;
    for (int t = 0; t < 100; t++) {
      double keep = l.keep(200, t, 1);
      keyed += keep;
      assertEquals(t < 40 ? 200 : 0, keep, 1e-9, "second " + t);
    }
    assertEquals(40, l.reroutedFrom(), 1e-9);
    assertEquals(8_000, l.keyedBeforeReroute(), 1e-9);
    assertEquals(8_000, keyed, 1e-9);
    assertEquals(20_000 - 8_000, l.rerouted(), 1e-9);
  }

  /**
   * A ramping key: 10t ev/s. Its count over 60 s is 5t² until 60 s, past 5,000 at t = 31.6 s;
   * rerouted from 46.6 s, after 5 × 46.6² = 10,860 events (within the 1 s steps' rounding).
   */
  @Test
  void aRampingKeyIsCaughtWhenItsWindowFillsUp() {
    HotKeyLimiter l = HotKeyLimiter.globalWindow(5_000, 60, 15, 1);
    for (int t = 0; t < 120; t++) {
      l.keep(10 * (t + 0.5), t, 1);
    }
    double crossing = Math.sqrt(1_000);
    assertEquals(crossing + 15, l.reroutedFrom(), 0.5);
    assertEquals(5 * Math.pow(crossing + 15, 2), l.keyedBeforeReroute(), 150);
  }

  /** A key that stops: once its count falls back under the threshold capture keys it again. */
  @Test
  void aKeyBackUnderTheThresholdStaysOnItsPartitionAgain() {
    HotKeyLimiter l = HotKeyLimiter.globalWindow(5_000, 60, 15, 1);
    for (int t = 0; t < 60; t++) {
      l.keep(200, t, 1);
    }
    for (int t = 60; t < 200; t++) {
      l.keep(0, t, 1);
    }
    // After 140 quiet seconds its count is 0: 50 ev/s keeps it at 3,000, under the threshold.
    for (int t = 200; t < 300; t++) {
      assertEquals(50, l.keep(50, t, 1), 1e-9, "second " + t);
    }
  }

  @Test
  void aForcedKeyLeavesFromItsFirstEventAndTheBucketOnlyItsExcess() {
    HotKeyLimiter forced = HotKeyLimiter.forced();
    assertEquals(0, forced.keep(10, 0, 1));
    assertEquals(0, forced.reroutedFrom());
    assertEquals(0, forced.keyedBeforeReroute());

    // 150 ev/s through a bucket of 100 ev/s holding 200: the burst lasts 4 s (50 a second over).
    HotKeyLimiter bucket = HotKeyLimiter.tokenBucket(100, 200);
    for (int t = 0; t < 10; t++) {
      bucket.keep(150, t, 1);
    }
    assertEquals(4, bucket.reroutedFrom(), 1e-9);
    assertEquals(600, bucket.keyedBeforeReroute(), 1e-9);
    assertEquals(1_500 - 200 - 1_000, bucket.rerouted(), 1e-9, "all but the burst and the rate");
    assertTrue(bucket.keyed() > bucket.keyedBeforeReroute());
  }

  /**
   * A window that is not a whole number of steps: 3 s in 2 s steps is two slots, each holding three
   * quarters of its step's events (the window covers 3 of the slots' 4 s). A key sending 100 events
   * a step counts 75 + 75 = 150 once the window is full: exactly at a threshold of 150 it stays
   * keyed, under 140 it passes it in the second step, at 2 + 2 × (140 − 75) ÷ 75 = 3.733 s.
   */
  @Test
  void aWindowOfPartStepsCountsTheirShareAndCrossesWithinTheStep() {
    for (double threshold : new double[] {150, 160}) {
      HotKeyLimiter l = HotKeyLimiter.globalWindow(threshold, 3, 0, 2);
      for (int step = 0; step < 10; step++) {
        assertEquals(100, l.keep(100, 2 * step, 2), 1e-9, "threshold " + threshold);
      }
      assertTrue(Double.isNaN(l.reroutedFrom()), "at or under the threshold: never rerouted");
    }
    HotKeyLimiter l = HotKeyLimiter.globalWindow(140, 3, 0, 2);
    assertEquals(100, l.keep(100, 0, 2), 1e-9);
    double kept = l.keep(100, 2, 2);
    assertEquals(2 + 2 * (140.0 - 75) / 75, l.reroutedFrom(), 1e-9);
    assertEquals(100 * (140.0 - 75) / 75, kept, 1e-9, "the step's share before the crossing");
  }
}
