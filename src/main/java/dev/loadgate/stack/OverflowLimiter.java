package dev.loadgate.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The overflow decision capture makes for every event: a token bucket per {@code token:distinct_id}
 * ({@code overflow.per_distinct_id_events_per_second}, {@code burst}); a key over its bucket is
 * sent keyless to the overflow topic, as PostHog's capture does.
 *
 * <p>Bounded by the ids active now, not by every id ever seen: a bucket that has refilled to its
 * burst is the same as a new one, so every {@link #SWEEP_EVERY_NANOS} the full ones are dropped
 * (exactly: a key's bucket is taken from and dropped atomically), as PostHog's capture does with
 * governor's {@code retain_recent}.
 */
public final class OverflowLimiter {
  static final long SWEEP_EVERY_NANOS = 10_000_000_000L;

  private final double ratePerSecond;
  private final double burst;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong lastSweep =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  public OverflowLimiter(double ratePerSecond, double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** True when the key may stay keyed (in order on its partition); false: overflow it. */
  public boolean allow(String key) {
    return allow(key, System.nanoTime());
  }

  boolean allow(String key, long now) {
    long last = lastSweep.get();
    if (now - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
      // Off the request's thread: a million ids take ~100 ms, and the caller holds a key lock.
      java.util.concurrent.CompletableFuture.runAsync(() -> sweep(now));
    }
    while (true) {
      TokenBucket b = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now));
      synchronized (b) {
        if (!b.retired) {
          return b.tryTake(1, now);
        }
      }
      // swept between the lookup and the lock: take a fresh one (the same, as it was full)
    }
  }

  /** Drops the buckets that have refilled: a new one would be the same. */
  void sweep(long now) {
    for (Map.Entry<String, TokenBucket> e : buckets.entrySet()) {
      TokenBucket b = e.getValue();
      synchronized (b) {
        if (b.isFull(now)) {
          b.retired = true;
          buckets.remove(e.getKey(), b);
        }
      }
    }
  }

  /** Keys with a bucket now. */
  int keys() {
    return buckets.size();
  }
}
