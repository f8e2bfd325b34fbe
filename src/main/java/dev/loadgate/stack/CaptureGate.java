package dev.loadgate.stack;

import java.util.concurrent.atomic.LongAdder;

/**
 * Capture's capacity in production mode (docs/capacity-model.md, step 2): the replicas running take
 * {@code replicas × requestsPerSecondPerReplica} requests/s, a token bucket {@code burstSeconds} of
 * that deep; a request above it is answered 503 at once, before its body is read, as an overloaded
 * capture fleet sheds load. The autoscaler changes the replica count; requests and refusals are
 * counted for it and for the timeline.
 */
public final class CaptureGate {
  private final double requestsPerSecondPerReplica;
  private final double burstSeconds;
  private final LongAdder arrived = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private int replicas;
  private double tokens;
  private long lastNanos;

  public CaptureGate(
      int replicas, double requestsPerSecondPerReplica, double burstSeconds, long nowNanos) {
    this.replicas = replicas;
    this.requestsPerSecondPerReplica = requestsPerSecondPerReplica;
    this.burstSeconds = burstSeconds;
    this.tokens = depth();
    this.lastNanos = nowNanos;
  }

  /** Whether capture takes a request arriving now; counts it either way. */
  public synchronized boolean admit(long nowNanos) {
    arrived.increment();
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    refused.increment();
    return false;
  }

  /** Replicas from now on (the autoscaler's step); the bucket keeps what it holds. */
  public synchronized void replicas(int n, long nowNanos) {
    refill(nowNanos);
    replicas = n;
  }

  public synchronized int replicas() {
    return replicas;
  }

  public long arrived() {
    return arrived.sum();
  }

  public long refused() {
    return refused.sum();
  }

  private double rate() {
    return replicas * requestsPerSecondPerReplica;
  }

  private double depth() {
    return Math.max(1, rate() * burstSeconds);
  }

  private void refill(long nowNanos) {
    if (nowNanos > lastNanos) {
      tokens = Math.min(depth(), tokens + (nowNanos - lastNanos) / 1e9 * rate());
      lastNanos = nowNanos;
    }
  }
}
