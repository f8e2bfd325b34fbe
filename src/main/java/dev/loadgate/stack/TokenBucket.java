package dev.loadgate.stack;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are held. Used per
 * distinct_id key for overflow and per project token for the rate limit. Time is passed in (nanos)
 * so the arithmetic is testable; callers synchronise.
 */
final class TokenBucket {
  private final double ratePerSecond;
  private final double burst;
  private double tokens;
  private long lastNanos;

  /** Dropped from its map (see {@link OverflowLimiter}): whoever still holds it takes a new one. */
  boolean retired;

  TokenBucket(double ratePerSecond, double burst, long nowNanos) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code n} tokens if that many are there; otherwise takes none and returns false. */
  boolean tryTake(double n, long nowNanos) {
    refill(nowNanos);
    if (tokens >= n) {
      tokens -= n;
      return true;
    }
    return false;
  }

  /** Seconds until {@code n} tokens will be there (0 if they are). */
  double secondsUntil(double n, long nowNanos) {
    refill(nowNanos);
    return tokens >= n ? 0 : (Math.min(n, burst) - tokens) / ratePerSecond;
  }

  /** True when the bucket holds its whole burst: the same as a new one. */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= burst;
  }

  private void refill(long nowNanos) {
    if (nowNanos > lastNanos) {
      tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / 1e9 * ratePerSecond);
      lastNanos = nowNanos;
    }
  }
}
