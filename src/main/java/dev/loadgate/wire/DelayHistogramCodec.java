package dev.loadgate.wire;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Every event's ingestion delay on the wire: an HdrHistogram of microseconds in HdrHistogram's
 * compressed form, base64, so {@code /timeline} stays JSON. The stack writes it and the replay
 * reads it with this one codec.
 */
public final class DelayHistogramCodec {
  private DelayHistogramCodec() {}

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
}
