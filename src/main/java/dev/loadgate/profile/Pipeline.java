package dev.loadgate.profile;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * What the pipeline takes today and how it scales (SPEC §2). Numbers are per instance.
 *
 * @param consumerEventsPerSecond one consumer's throughput per event type; {@code default} for the
 *     rest
 */
public record Pipeline(
    int partitions,
    int consumers,
    Map<String, Double> consumerEventsPerSecond,
    double appsCostFactor,
    Capture capture,
    Autoscaling autoscaling,
    Overflow overflow,
    RateLimit rateLimit,
    Policy policy) {

  public static final String DEFAULT_TYPE = "default";

  public Pipeline {
    consumerEventsPerSecond = Map.copyOf(consumerEventsPerSecond);
    if (!consumerEventsPerSecond.containsKey(DEFAULT_TYPE)) {
      throw new IllegalArgumentException("consumer_events_per_second needs a 'default' rate");
    }
  }

  /** One consumer's rate for an event type, falling back to {@code default}. */
  public double consumerRate(String eventType) {
    Double r = consumerEventsPerSecond.get(eventType);
    return r != null ? r : consumerEventsPerSecond.get(DEFAULT_TYPE);
  }

  /**
   * @param burstSeconds how much above its rate capture takes at once: this many seconds of its
   *     capacity (a token bucket over requests); beyond that it answers 503
   */
  public record Capture(
      int replicas, double requestsPerSecondPerReplica, long maxRequestBytes, double burstSeconds) {

    /** The default burst: one second of capacity. */
    public static final double DEFAULT_BURST_SECONDS = 1.0;

    /** Requests per second all replicas take. */
    public double requestsPerSecond(int replicaCount) {
      return replicaCount * requestsPerSecondPerReplica;
    }
  }

  public record Autoscaling(Duration reactionTime, int maxConsumers, int maxCaptureReplicas) {}

  /**
   * Distinct_ids above {@code perDistinctIdEventsPerSecond} (token bucket with {@code burst}) go
   * keyless.
   */
  public record Overflow(boolean enabled, double perDistinctIdEventsPerSecond, double burst) {}

  public record RateLimit(double perTokenEventsPerSecond) {}

  public record Policy(Duration maxIngestionDelay, WorkingHours workingHours) {}

  public record WorkingHours(ZoneId zone, LocalTime from, LocalTime to, boolean weekdaysOnly) {}
}
