package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Capture's global window, worked by hand (docs/capacity-model.md, "Hot keys at capture"): a window
 * of 60 s, a threshold of 5,000, 15 s of detection.
 */
class GlobalWindowLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = 7 * SECOND; // any clock reading: the buckets count from it

  private static GlobalWindowLimiter limiter() {
    return new GlobalWindowLimiter(5_000, 60 * SECOND, 15 * SECOND, T0);
  }

  /** Events of one key at {@code perSecond} from 0 for {@code seconds}; when the first rerouted. */
  private static double[] steady(GlobalWindowLimiter l, String key, int perSecond, int seconds) {
    long step = SECOND / perSecond;
    double firstRerouted = Double.NaN;
    int keyedBefore = 0;
    for (long i = 0; i < (long) perSecond * seconds; i++) {
      long now = T0 + i * step;
      boolean keyed = l.allow(key, now);
      if (!keyed && Double.isNaN(firstRerouted)) {
        firstRerouted = (now - T0) / (double) SECOND;
      }
      if (keyed && Double.isNaN(firstRerouted)) {
        keyedBefore++;
      }
    }
    return new double[] {firstRerouted, keyedBefore};
  }

  @Test
  void aSteepKeyPassesTheThresholdAt25sAndIsReroutedFrom40sAfter8000Events() {
    GlobalWindowLimiter l = limiter();
    double[] r = steady(l, "phc:steep", 200, 60);
    // The 5,001st event (at 25.0 s) passes 5,000; the limiter acts 15 s later.
    assertEquals(40.0, r[0], 0.01);
    assertEquals(8_000, r[1], 1);
  }

  @Test
  void everyEventAfterDetectionIsReroutedWhileTheCountStaysOver() {
    GlobalWindowLimiter l = limiter();
    steady(l, "phc:steep", 200, 41);
    // At 41 s the window holds 8,200 events, rerouted ones counted too: all go to overflow.
    for (int i = 0; i < 1_000; i++) {
      assertFalse(l.allow("phc:steep", T0 + 41 * SECOND + i * 5_000_000L));
    }
    assertTrue(l.allow("phc:other", T0 + 41 * SECOND), "another key has its own count");
  }

  @Test
  void aRampingKeyIsReroutedFromTheSquareRootOf1000Plus15() {
    // 10·t events/s: the count is 5·t², past 5,000 at √1,000 = 31.6 s; rerouted from 46.6 s,
    // after 5 × 46.6² = 10,860 events.
    GlobalWindowLimiter l = limiter();
    double t = 0;
    double first = Double.NaN;
    int before = 0;
    while (t < 60) {
      long now = T0 + Math.round(t * SECOND);
      boolean keyed = l.allow("phc:ramp", now);
      if (!keyed && Double.isNaN(first)) {
        first = t;
      }
      before += keyed && Double.isNaN(first) ? 1 : 0;
      t += 1 / (10 * Math.max(t, 0.05)); // the next event at the rate 10·t
    }
    assertEquals(Math.sqrt(1_000) + 15, first, 0.1);
    assertEquals(10_860, before, 60);
  }

  @Test
  void aKeyBackUnderTheThresholdIsKeyedAgainAndDetectionStartsAfresh() {
    GlobalWindowLimiter l = limiter();
    steady(l, "phc:burst", 200, 41); // rerouted from 40 s
    assertFalse(l.allow("phc:burst", T0 + 41 * SECOND));
    // Silent until the window has forgotten it: two minutes later the count is 1.
    long later = T0 + 161 * SECOND;
    assertTrue(l.allow("phc:burst", later));
    // Past the threshold again at once: keyed for another 15 s of detection, not rerouted at once.
    for (int i = 0; i < 5_000; i++) {
      l.allow("phc:burst", later + 1 + i);
    }
    assertTrue(l.allow("phc:burst", later + 14 * SECOND));
    assertFalse(l.allow("phc:burst", later + 15 * SECOND + SECOND / 10));
  }

  @Test
  void keysWhoseWindowEmptiedAreSweptAndANewCountIsTheSame() {
    GlobalWindowLimiter l = limiter();
    for (int i = 0; i < 10_000; i++) {
      l.allow("phc:once-" + i, T0);
    }
    // 100 ev/s for 50 s: active at the sweep; under a window (60 s) since the start, so no sweep of
    // its own has run yet (one would, off the thread, once a window has passed).
    steady(l, "phc:hot", 100, 50);
    assertEquals(10_001, l.keys());
    long bucket = 70L * GlobalWindowLimiter.BUCKETS / 60; // 70 s, in slices of 1 s
    l.sweep(bucket);
    assertEquals(1, l.keys(), "only the key active within the window is kept");
    assertTrue(l.allow("phc:once-3", T0 + 70 * SECOND), "a swept key counts from 1 again");
  }
}
