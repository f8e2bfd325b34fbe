package dev.loadgate.stack;

import java.nio.charset.StandardCharsets;

/**
 * The last capture number consumed per {@code token:distinct_id}, to see an event consumed before
 * an earlier one of the same id, in fixed memory: an open-addressing table of 64-bit key hashes and
 * numbers, {@code 16 × capacity} bytes whatever the run's length (16 MB for the default 2^20
 * slots). Exact while at most half the slots are taken (524,288 ids seen since the last reset);
 * when a run has seen more ids than that, the table starts again empty and says so ({@link
 * #resets()}): an id whose last event was forgotten has its next one accepted unchecked, never a
 * false violation. Two ids with one 64-bit hash (odds ~10^-8 at 500,000 ids) would share an entry.
 *
 * <p>Callers synchronise (one table per consumer group, a lock per call is cheap beside the event).
 */
final class KeyOrder {
  static final int DEFAULT_CAPACITY = 1 << 20;

  private final long[] hashes;
  private final long[] seqs;
  private final int mask;
  private int size;
  private long resets;

  KeyOrder(int capacity) {
    if (Integer.bitCount(capacity) != 1 || capacity < 2) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    this.hashes = new long[capacity];
    this.seqs = new long[capacity];
    this.mask = capacity - 1;
  }

  /**
   * Records that {@code key}'s event number {@code seq} was consumed.
   *
   * @return true when an event of the key with a higher number was consumed before (out of order)
   */
  synchronized boolean outOfOrder(String key, long seq) {
    long h = hash(key);
    int i = (int) h & mask;
    while (true) {
      if (hashes[i] == 0) {
        if (size >= (mask + 1) / 2) {
          java.util.Arrays.fill(hashes, 0L);
          size = 0;
          resets++;
          i = (int) h & mask;
        }
        hashes[i] = h;
        seqs[i] = seq;
        size++;
        return false;
      }
      if (hashes[i] == h) {
        boolean earlier = seq < seqs[i];
        seqs[i] = Math.max(seqs[i], seq);
        return earlier;
      }
      i = (i + 1) & mask;
    }
  }

  synchronized int size() {
    return size;
  }

  synchronized long resets() {
    return resets;
  }

  long bytes() {
    return 16L * hashes.length;
  }

  /** FNV-1a over the UTF-8 bytes, then a 64-bit finaliser (murmur3's); never 0 (the empty mark). */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb3fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
