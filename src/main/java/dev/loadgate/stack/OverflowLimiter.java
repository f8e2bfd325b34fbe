package dev.loadgate.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The overflow decision capture makes for every event: a token bucket per {@code token:distinct_id}
 * ({@code overflow.per_distinct_id_events_per_second}, {@code burst}); a key over its bucket is
 * sent keyless to the overflow topic, as PostHog's capture does.
 */
public final class OverflowLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public OverflowLimiter(double ratePerSecond, double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** True when the key may stay keyed (in order on its partition); false: overflow it. */
  public boolean allow(String key) {
    long now = System.nanoTime();
    TokenBucket b = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now));
    synchronized (b) {
      return b.tryTake(1, now);
    }
  }
}
