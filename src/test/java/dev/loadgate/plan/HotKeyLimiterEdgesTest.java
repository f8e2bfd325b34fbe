package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The model's global window at its edges, stepped by hand one second at a time. */
class HotKeyLimiterEdgesTest {
  @Test
  void aCountExactlyAtTheThresholdStaysKeyed() {
    HotKeyLimiter l = HotKeyLimiter.globalWindow(100, 1, 0, 1);
    assertEquals(100, l.keep(100, 0, 1), 1e-9, "100 in the window: not past 100");
    // 101 in the next second: the count rises through it and passes 100 after 100 of them (at
    // 1.99 s); without detection delay the last one is rerouted.
    assertEquals(100, l.keep(101, 1, 1), 1e-9);
    assertEquals(1 + 100 / 101.0, l.reroutedFrom(), 1e-9);
  }

  @Test
  void aWindowShorterThanAStepHoldsItsShareOfTheStep() {
    // Half a second of a 1 s step: 1,000 sent, 500 in the window, under 600: all keyed.
    HotKeyLimiter l = HotKeyLimiter.globalWindow(600, 0.5, 0, 1);
    assertEquals(1_000, l.keep(1_000, 0, 1), 1e-9);
    assertEquals(1_000, l.keyed(), 1e-9);
  }

  @Test
  void reroutingStartsPartWayThroughTheStepItsDetectionEndsIn() {
    // 200 a second, 60 s window, threshold 5,000: the count reaches 5,000 at 25 s and passes it
    // during the next second (from 25.0 s); 14.5 s of detection: rerouted from 39.5 s, so the
    // second from 39 s keeps half its 200.
    HotKeyLimiter l = HotKeyLimiter.globalWindow(5_000, 60, 14.5, 1);
    for (int t = 0; t < 39; t++) {
      assertEquals(200, l.keep(200, t, 1), 1e-9, "second " + t);
    }
    assertEquals(100, l.keep(200, 39, 1), 1e-9);
    assertEquals(39.5, l.reroutedFrom(), 1e-9);
    assertEquals(200 * 39 + 100, l.keyedBeforeReroute(), 1e-9);
    assertEquals(0, l.keep(200, 40, 1), 1e-9);
    assertEquals(300, l.rerouted(), 1e-9);
  }
}
