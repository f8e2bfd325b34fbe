package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loadgate.wire.DelayHistogramCodec;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The stack's histogram of every event's delay, through its wire form, read as SLO shares. */
class DelayHistogramsTest {
  @Test
  void sharesWithinATierSurviveTheWireForm() {
    Histogram h = new Histogram(3);
    // 900 events within 0.1 s, 90 at 2 s, 10 at 40 s.
    h.recordValueWithCount(100_000, 900);
    h.recordValueWithCount(2_000_000, 90);
    h.recordValueWithCount(40_000_000, 10);
    Histogram back = DelayHistogramCodec.decode(DelayHistogramCodec.encode(h));
    assertEquals(1_000, back.getTotalCount());
    assertEquals(0.9, DelayHistograms.within(back, 1), 1e-9);
    assertEquals(0.99, DelayHistograms.within(back, 5), 1e-9);
    assertEquals(1.0, DelayHistograms.within(back, 60), 1e-9);
    assertEquals(0.0, DelayHistograms.within(back, 0.05), 1e-9);
  }

  @Test
  void noEventsIsAllWithinAndNoHistogramIsNone() {
    assertEquals(1.0, DelayHistograms.within(new Histogram(3), 1));
    assertNull(DelayHistogramCodec.decode(null));
    assertNull(DelayHistogramCodec.decode(""));
    assertNull(DelayHistogramCodec.decode("not base64 at all!"));
  }
}
