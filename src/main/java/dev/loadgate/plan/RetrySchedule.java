package dev.loadgate.plan;

import java.util.List;

/**
 * How a client retries a request capture refused for capacity (503), as PostHog's SDKs do: the same
 * body again after each wait, then it gives up. The model and the simulation's client use this one
 * schedule, so what the model calls a rejected event is what the client gave up on.
 *
 * @param waitsSeconds the wait before each retry, in order; its size is the number of retries
 */
public record RetrySchedule(List<Double> waitsSeconds) {
  /** The SDKs' schedule: five retries, 0.5 s doubling to 8 s (15.5 s in all). */
  public static final RetrySchedule SDK = new RetrySchedule(List.of(0.5, 1.0, 2.0, 4.0, 8.0));

  public RetrySchedule {
    waitsSeconds = List.copyOf(waitsSeconds);
    for (double w : waitsSeconds) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("a retry wait must be a finite number >= 0, was " + w);
      }
    }
  }

  public int retries() {
    return waitsSeconds.size();
  }

  /** The wait before retry {@code n} (from 1). */
  public double waitBefore(int n) {
    return waitsSeconds.get(n - 1);
  }

  /**
   * The same schedule on a clock running {@code factor} times as fast: a replay compressed in time
   * compresses the client's waits with it, so retries land where they would in production.
   */
  public RetrySchedule scaled(double factor) {
    return new RetrySchedule(waitsSeconds.stream().map(w -> w * factor).toList());
  }

  /**
   * The same schedule for a client that first waits {@code seconds} for capture to answer each
   * refused attempt: its next wait starts from the answer, so every retry comes that much later.
   */
  public RetrySchedule afterAnswers(double seconds) {
    return new RetrySchedule(waitsSeconds.stream().map(w -> w + seconds).toList());
  }
}
