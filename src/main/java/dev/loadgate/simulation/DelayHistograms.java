package dev.loadgate.simulation;

import org.HdrHistogram.Histogram;

/**
 * Every event's ingestion delay as the stack serves it (an HdrHistogram of microseconds, on the
 * wire through {@code wire.DelayHistogramCodec}): the SLO tiers' measured shares are read from it.
 */
public final class DelayHistograms {
  private DelayHistograms() {}

  /** The share of the events consumed within {@code seconds} of capture (1 when none were). */
  public static double within(Histogram h, double seconds) {
    long total = h.getTotalCount();
    if (total == 0) {
      return 1;
    }
    long limit = (long) Math.floor(seconds * 1e6);
    return (double) h.getCountBetweenValues(0, Math.min(limit, h.getMaxValue())) / total;
  }
}
