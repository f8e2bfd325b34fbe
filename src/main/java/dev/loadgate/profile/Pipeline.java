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
    Policy policy,
    LiveLoad liveLoad) {

  public static final String DEFAULT_TYPE = "default";

  /** A pipeline without {@code live_load}: assumed idle apart from the load being planned. */
  public Pipeline(
      int partitions,
      int consumers,
      Map<String, Double> consumerEventsPerSecond,
      double appsCostFactor,
      Capture capture,
      Autoscaling autoscaling,
      Overflow overflow,
      RateLimit rateLimit,
      Policy policy) {
    this(
        partitions,
        consumers,
        consumerEventsPerSecond,
        appsCostFactor,
        capture,
        autoscaling,
        overflow,
        rateLimit,
        policy,
        null);
  }

  /** The same pipeline carrying {@code live} (null: idle). */
  public Pipeline withLiveLoad(LiveLoad live) {
    return new Pipeline(
        partitions,
        consumers,
        consumerEventsPerSecond,
        appsCostFactor,
        capture,
        autoscaling,
        overflow,
        rateLimit,
        policy,
        live);
  }

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

  /**
   * What the pipeline already carries (SPEC §2 {@code live_load}): other customers' traffic by hour
   * of the week on the wall clock of {@code policy.working_hours.zone}, keyed over all partitions
   * of the main topic.
   *
   * @param eventsPerRequest the live traffic's mean batch size (it uses capture requests too)
   * @param peakFactor minute-level peaks above the hourly mean
   * @param hourly 168 hourly means in events/s, Monday 00:00 first
   * @param weeks weeks of CSV the hours were averaged over; 0 when written as {@code weekly}
   * @param source {@code weekly}, or the CSV file's name
   */
  public record LiveLoad(
      int eventsPerRequest, double peakFactor, double[] hourly, double weeks, String source) {
    public static final int HOURS_OF_WEEK = 7 * 24;

    public LiveLoad {
      if (hourly.length != HOURS_OF_WEEK) {
        throw new IllegalArgumentException("live load needs 168 hours, found " + hourly.length);
      }
      hourly = hourly.clone();
    }

    /** The hourly means, Monday 00:00 first (a copy). */
    @Override
    public double[] hourly() {
      return hourly.clone();
    }

    /** The hour of the week a wall-clock time falls in: Monday 00:00-00:59 is 0. */
    public static int hourOfWeek(java.time.LocalDateTime local) {
      return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }

    /** The rate the plan counts at {@code at}, on the wall clock of {@code zone}. */
    public double eventsPerSecond(java.time.Instant at, ZoneId zone) {
      return eventsPerSecond(hourOfWeek(java.time.LocalDateTime.ofInstant(at, zone)));
    }

    /**
     * The rate the plan counts in hour {@code hourOfWeek} (Monday 00:00 is 0): mean × peak factor.
     */
    public double eventsPerSecond(int hourOfWeek) {
      return hourly[hourOfWeek] * peakFactor;
    }

    /** The same live load with every rate multiplied by {@code factor}. */
    public LiveLoad scaled(double factor) {
      double[] h = hourly.clone();
      for (int i = 0; i < h.length; i++) {
        h[i] *= factor;
      }
      return new LiveLoad(eventsPerRequest, peakFactor, h, weeks, source);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LiveLoad l
          && l.eventsPerRequest == eventsPerRequest
          && l.peakFactor == peakFactor
          && java.util.Arrays.equals(l.hourly, hourly)
          && l.weeks == weeks
          && l.source.equals(source);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(
          eventsPerRequest, peakFactor, java.util.Arrays.hashCode(hourly), weeks, source);
    }

    @Override
    public String toString() {
      return "LiveLoad[" + source + ", " + eventsPerRequest + " ev/request, x" + peakFactor + "]";
    }
  }
}
