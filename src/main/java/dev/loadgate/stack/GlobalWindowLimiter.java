package dev.loadgate.stack;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capture's global rate limiter as the model takes it (SPEC §9.4, {@code overflow.limiter:
 * global_window}; PostHog's {@code rust/capture/src/global_rate_limiter.rs}): each {@code
 * token:distinct_id}'s events over the last {@code window} (every event, rerouted ones too); once
 * that count passes the threshold the limiter acts {@code detection} later (the replicas' sync),
 * and from then every event of the key is rerouted until the count falls back to the threshold.
 *
 * <p>The count is kept in {@link #BUCKETS} slices of the window, as PostHog keeps its counts in
 * time buckets; a key whose window has emptied is dropped by a sweep, so the map holds the keys
 * active within a window, not every key ever seen.
 */
final class GlobalWindowLimiter {
  static final int BUCKETS = 60;
  private static final long NONE = Long.MIN_VALUE;

  private final double threshold;
  private final long bucketNanos;
  private final long detectionNanos;
  private final long origin;
  private final Map<String, Count> counts = new ConcurrentHashMap<>();
  private final AtomicLong lastSweep;

  /**
   * @param threshold events a key may send within a window before it is limited
   * @param windowNanos the window
   * @param detectionNanos how long after its count passes the threshold the limiter acts
   * @param nowNanos the clock's reading now (the buckets count from it)
   */
  GlobalWindowLimiter(double threshold, long windowNanos, long detectionNanos, long nowNanos) {
    this.threshold = threshold;
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.detectionNanos = detectionNanos;
    this.origin = nowNanos;
    this.lastSweep = new AtomicLong(nowNanos);
  }

  /** Counts one event of {@code key}; true when it stays keyed, false: reroute it. */
  boolean allow(String key, long nowNanos) {
    long bucket = Math.floorDiv(nowNanos - origin, bucketNanos);
    long last = lastSweep.get();
    if (nowNanos - last >= bucketNanos * BUCKETS && lastSweep.compareAndSet(last, nowNanos)) {
      // Off the request's thread, as OverflowLimiter's: the caller holds a key lock.
      CompletableFuture.runAsync(() -> sweep(bucket));
    }
    while (true) {
      Count c = counts.computeIfAbsent(key, k -> new Count(bucket));
      synchronized (c) {
        if (!c.retired) {
          return c.add(bucket, nowNanos);
        }
      }
      // swept between the lookup and the lock: its window was empty, a new count is the same
    }
  }

  /** Drops the keys whose whole window has passed: their count is 0, as a new key's. */
  void sweep(long bucket) {
    for (Map.Entry<String, Count> e : counts.entrySet()) {
      Count c = e.getValue();
      synchronized (c) {
        if (c.newest <= bucket - BUCKETS) {
          c.retired = true;
          counts.remove(e.getKey(), c);
        }
      }
    }
  }

  /** Keys counted now. */
  int keys() {
    return counts.size();
  }

  /** One key's events per slice of the window, the newest slice {@code newest}. */
  private final class Count {
    private final long[] slices = new long[BUCKETS];
    private long newest;
    private long sum;
    private long crossedAt = NONE;
    private boolean retired;

    Count(long bucket) {
      this.newest = bucket;
    }

    boolean add(long bucket, long nowNanos) {
      // Slices that fell out of the window since the last event are emptied.
      for (long b = newest + 1; b <= bucket && b <= newest + BUCKETS; b++) {
        int i = (int) Math.floorMod(b, (long) BUCKETS);
        sum -= slices[i];
        slices[i] = 0;
      }
      newest = Math.max(newest, bucket);
      slices[(int) Math.floorMod(newest, (long) BUCKETS)]++;
      sum++;
      if (sum <= threshold) {
        crossedAt = NONE; // back under: capture keys it again
        return true;
      }
      if (crossedAt == NONE) {
        crossedAt = nowNanos;
      }
      return nowNanos - crossedAt < detectionNanos;
    }
  }
}
