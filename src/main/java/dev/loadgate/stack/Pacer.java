package dev.loadgate.stack;

import dev.loadgate.profile.Pipeline;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds one consumer to the pipeline file's throughput in production mode: each event costs 1 /
 * {@code consumer_events_per_second} of its type (× {@code apps_cost_factor} for projects with
 * apps), and the consumer may not run ahead of the time its events cost. Idle time is not banked
 * beyond {@link #SLACK_NANOS}: a consumer that waited for events does not get to burst, while one
 * that overslept a little (a park wakes up late) catches up, so its rate is exact. Sleeps come in
 * slices of at least 2 ms, so the average rate is exact without parking for every event.
 */
public final class Pacer {
  private static final long SLICE_NANOS = 2_000_000;
  static final long SLACK_NANOS = 20_000_000;

  private final Pipeline pipeline;
  private final Set<String> appsTokens;
  private long clock = System.nanoTime();

  /** Makes one pacer per consumer. */
  @FunctionalInterface
  public interface Factory {
    Pacer create();
  }

  public Pacer(Pipeline pipeline, Set<String> appsTokens) {
    this.pipeline = pipeline;
    this.appsTokens = Set.copyOf(appsTokens);
  }

  /** What one event of this type costs a consumer, in nanoseconds. */
  public long costNanos(String eventType, String token) {
    return costNanos(eventType, token, false);
  }

  /**
   * What one event costs a consumer, in nanoseconds: its type's cost, × the apps cost factor for a
   * project with apps, × the personless cost factor without a person.
   */
  public long costNanos(String eventType, String token, boolean personless) {
    double seconds = 1 / pipeline.consumerRate(eventType == null ? "" : eventType);
    if (token != null && appsTokens.contains(token)) {
      seconds *= pipeline.appsCostFactor();
    }
    if (personless) {
      seconds *= pipeline.personlessCost();
    }
    return (long) (seconds * 1e9);
  }

  /**
   * How long one event holds its key (its {@code token:distinct_id}): 1 ÷ the per-key rate, with a
   * person or without (SPEC §9.2); 0 without per-key rates in the pipeline.
   */
  public long keyNanos(boolean personless) {
    Pipeline.Consumer c = pipeline.consumer();
    if (c == null) {
      return 0;
    }
    return (long) (1e9 / (personless ? c.personlessPerKey() : c.personPerKey()));
  }

  /** Events a consumer takes from Kafka at once, or 0 when the pipeline does not say. */
  public int batchSize() {
    return pipeline.consumer() == null ? 0 : pipeline.consumer().batchSize();
  }

  /** Waits until {@code deadline} (System.nanoTime), in slices, as {@link #pay} does. */
  static void waitUntil(long deadline) {
    long ahead;
    while ((ahead = deadline - System.nanoTime()) >= SLICE_NANOS
        && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(ahead);
    }
  }

  /** An event was processed: wait until its cost has been paid. */
  public void pay(String eventType, String token) {
    long now = System.nanoTime();
    clock = Math.max(clock, now - SLACK_NANOS) + costNanos(eventType, token);
    long ahead;
    while ((ahead = clock - System.nanoTime()) >= SLICE_NANOS
        && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(ahead);
    }
  }
}
