package dev.loadgate.simulation;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Every event's ingestion delay as the stack serves it: an HdrHistogram of microseconds, in
 * HdrHistogram's compressed form, base64 (so {@code /timeline} stays JSON; the stack's
 * CapacityMonitor writes it). The SLO tiers' measured shares are read from it.
 */
public final class DelayHistograms {
  private DelayHistograms() {}

  /** The form {@code /timeline} serves (tests build a stack's answer with it). */
  public static String encode(Histogram h) {
    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(b);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
  }

  /** The histogram, or null when {@code base64} is null, empty or not one. */
  public static Histogram decode(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return null;
    }
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException | IllegalArgumentException e) {
      return null;
    }
  }

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
