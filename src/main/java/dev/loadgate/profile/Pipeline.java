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
 * @param lanes a consumer deployment per topic (SPEC §9.1); null: one consumer group consumes all
 *     three topics, as before lanes were written down
 * @param consumer how a consumer takes its batches and how fast one key runs (SPEC §9.2); null: no
 *     per-key limit
 * @param personlessCostFactor what a personless event costs as a share of its type's cost (SPEC
 *     §9.3); null when the file does not say (taken as 1: no saving)
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
    LiveLoad liveLoad,
    Lanes lanes,
    Consumer consumer,
    Double personlessCostFactor) {

  public static final String DEFAULT_TYPE = "default";

  /** A pipeline as written before lanes, per-key limits and person costs (SPEC §2). */
  public Pipeline(
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
        liveLoad,
        null,
        null,
        null);
  }

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
        live,
        lanes,
        consumer,
        personlessCostFactor);
  }

  /** The same pipeline with capture's hot-key limiter as {@code o} says. */
  public Pipeline withOverflow(Overflow o) {
    return new Pipeline(
        partitions,
        consumers,
        consumerEventsPerSecond,
        appsCostFactor,
        capture,
        autoscaling,
        o,
        rateLimit,
        policy,
        liveLoad,
        lanes,
        consumer,
        personlessCostFactor);
  }

  /** The same pipeline with these lanes, consumer settings and personless cost factor. */
  public Pipeline withIngestion(Lanes lanes, Consumer consumer, Double personlessCostFactor) {
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
        liveLoad,
        lanes,
        consumer,
        personlessCostFactor);
  }

  /**
   * The pipeline as a load on lane {@code lane} sees it: that lane's consumers and maximum in
   * {@link #consumers()} and {@link Autoscaling#maxConsumers()}, and, for a lane other than main,
   * the live traffic as load on capture only (it runs on main's consumers). Without lanes the
   * pipeline itself.
   */
  public Pipeline laneView(int lane) {
    if (lanes == null) {
      return this;
    }
    Lane l = lanes.get(lane);
    LiveLoad live =
        liveLoad == null || lane == 0
            ? liveLoad
            : new LiveLoad(
                liveLoad.eventsPerRequest,
                liveLoad.peakFactor,
                liveLoad.hourly,
                liveLoad.weeks,
                liveLoad.source,
                liveLoad.appsShare,
                liveLoad.personlessShare,
                true,
                liveLoad.fetched);
    return new Pipeline(
        partitions,
        l.consumers(),
        consumerEventsPerSecond,
        appsCostFactor,
        capture,
        new Autoscaling(
            autoscaling.reactionTime(), l.maxConsumers(), autoscaling.maxCaptureReplicas()),
        overflow,
        rateLimit,
        policy,
        live,
        lanes,
        consumer,
        personlessCostFactor);
  }

  /** The personless cost factor, 1 (no saving) when the file does not give one. */
  public double personlessCost() {
    return personlessCostFactor == null ? 1.0 : personlessCostFactor;
  }

  /**
   * One consumer deployment: what runs today and the autoscaler's maximum.
   *
   * @param consumers instances running today
   * @param maxConsumers the most the autoscaler brings up
   */
  /**
   * @param autoscaler KEDA's Kafka lag scaler driving this deployment's HPA (SPEC §9.5); null: the
   *     simple rule of {@code autoscaling.reaction_time}
   */
  public record Lane(int consumers, int maxConsumers, KubeAutoscaler autoscaler) {
    public Lane(int consumers, int maxConsumers) {
      this(consumers, maxConsumers, null);
    }
  }

  /**
   * A deployment's autoscaler as Kubernetes runs it (SPEC §9.5): the HPA, fed by KEDA's Kafka lag
   * scaler for a consumer lane (desired = ⌈lag ÷ {@code lagThreshold}⌉) or by CPU for capture
   * (desired = ⌈replicas × utilisation ÷ {@code cpuTarget}⌉); it looks every {@code
   * pollingInterval}, adds at most {@code scaleUpPods} per {@code scaleUpPeriod}, and a new pod
   * works from {@code startup} after it was asked for.
   *
   * @param lagThreshold a lane's target lag per pod (NaN for capture)
   * @param cpuTarget capture's target CPU utilisation (NaN for a lane)
   */
  public record KubeAutoscaler(
      double lagThreshold,
      double cpuTarget,
      Duration pollingInterval,
      Duration startup,
      int scaleUpPods,
      Duration scaleUpPeriod,
      Duration cooldown) {}

  /**
   * The consumer deployments, one per topic (SPEC §9.1): {@code events_plugin_ingestion}, its
   * overflow, and the historical topic.
   */
  public record Lanes(Lane main, Lane overflow, Lane historical) {
    /** The lanes' names as the pipeline file and the plan's JSON write them, topic order. */
    public static final java.util.List<String> NAMES =
        java.util.List.of("main", "overflow", "historical");

    /** The lane by its index in {@link #NAMES}. */
    public Lane get(int index) {
      return switch (index) {
        case 0 -> main;
        case 1 -> overflow;
        case 2 -> historical;
        default -> throw new IllegalArgumentException("no lane " + index);
      };
    }
  }

  /**
   * How one consumer works through Kafka (SPEC §9.2): it takes {@code batchSize} events at once,
   * runs each key's events one after another and the keys side by side, and commits when the whole
   * batch is done.
   *
   * @param personPerKey one {@code token:distinct_id}'s events per second with person processing
   * @param personlessPerKey the same for events without person processing
   */
  public record Consumer(int batchSize, double personPerKey, double personlessPerKey) {}

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
  /**
   * @param autoscaler the HPA on CPU that sizes capture (SPEC §9.5); null: {@code autoscaling}'s
   *     simple rule
   */
  public record Capture(
      int replicas,
      double requestsPerSecondPerReplica,
      long maxRequestBytes,
      double burstSeconds,
      KubeAutoscaler autoscaler) {

    public Capture(
        int replicas,
        double requestsPerSecondPerReplica,
        long maxRequestBytes,
        double burstSeconds) {
      this(replicas, requestsPerSecondPerReplica, maxRequestBytes, burstSeconds, null);
    }

    /** The default burst: one second of capacity. */
    public static final double DEFAULT_BURST_SECONDS = 1.0;

    /** Requests per second all replicas take. */
    public double requestsPerSecond(int replicaCount) {
      return replicaCount * requestsPerSecondPerReplica;
    }
  }

  public record Autoscaling(Duration reactionTime, int maxConsumers, int maxCaptureReplicas) {}

  /**
   * How capture reroutes a busy distinct_id to the overflow topic, keyless (SPEC §9.4).
   *
   * <p>{@code token_bucket} (the older sink): a key's events above {@code
   * perDistinctIdEventsPerSecond} (a bucket with {@code burst}) go keyless, persons kept. {@code
   * global_window} (today's capture, {@code rust/capture/src/global_rate_limiter.rs}): once a key's
   * count over the last {@code window} passes {@code threshold}, from {@code detection} later (the
   * limiter's sync) until the count falls back under it, all its events go keyless with persons
   * switched off; {@code perDistinctIdEventsPerSecond} is then threshold ÷ window, the rate that
   * crosses it. {@code forcedKeys} ({@code token:distinct_id}) always go keyless and personless.
   */
  public record Overflow(
      boolean enabled,
      double perDistinctIdEventsPerSecond,
      double burst,
      Limiter limiter,
      double threshold,
      Duration window,
      Duration detection,
      java.util.List<String> forcedKeys) {
    public Overflow {
      forcedKeys = java.util.List.copyOf(forcedKeys);
    }

    /** The older per-key token bucket, no forced keys. */
    public Overflow(boolean enabled, double perDistinctIdEventsPerSecond, double burst) {
      this(
          enabled,
          perDistinctIdEventsPerSecond,
          burst,
          Limiter.TOKEN_BUCKET,
          0,
          Duration.ZERO,
          Duration.ZERO,
          java.util.List.of());
    }

    /**
     * The same limiter with {@code enabled} and the bucket's rate as given (the scaling plan's).
     */
    public Overflow with(boolean enabled, double perDistinctIdEventsPerSecond, double burst) {
      return new Overflow(
          enabled,
          perDistinctIdEventsPerSecond,
          burst,
          limiter,
          threshold,
          window,
          detection,
          forcedKeys);
    }

    /** Whether {@code token:distinctId} is on capture's forced-overflow list. */
    public boolean forced(String token, String distinctId) {
      return forcedKeys.contains(token + ":" + distinctId);
    }
  }

  /** Capture's hot-key limiter (SPEC §9.4). */
  public enum Limiter {
    /** Capture's global rate limiter: a count per key over a window, shared by all replicas. */
    GLOBAL_WINDOW("global_window"),
    /** The older per-key token bucket: only the excess overflows. */
    TOKEN_BUCKET("token_bucket");

    private final String yaml;

    Limiter(String yaml) {
      this.yaml = yaml;
    }

    public String yaml() {
      return yaml;
    }
  }

  public record RateLimit(double perTokenEventsPerSecond) {}

  /**
   * @param slo the ingestion SLO's tiers (SPEC §9.6), shortest delay first; empty when the file
   *     names none (then only {@code maxIngestionDelay} is the policy)
   * @param sloWindow the window the SLO's error budget is counted over
   */
  public record Policy(
      Duration maxIngestionDelay,
      WorkingHours workingHours,
      java.util.List<SloTier> slo,
      Duration sloWindow) {
    /** The window an SLO's error budget is counted over when the file does not say: 30 days. */
    public static final Duration SLO_WINDOW = Duration.ofDays(30);

    public Policy {
      slo = java.util.List.copyOf(slo);
    }

    /** Each SLO tier's delay in seconds, shortest first; null without tiers. */
    public double[] sloSeconds() {
      return slo.isEmpty()
          ? null
          : slo.stream().mapToDouble(t -> t.within().toNanos() / 1e9).toArray();
    }

    /** A policy of one maximum delay, without SLO tiers. */
    public Policy(Duration maxIngestionDelay, WorkingHours workingHours) {
      this(maxIngestionDelay, workingHours, java.util.List.of(), SLO_WINDOW);
    }
  }

  /**
   * One tier of the ingestion SLO: at least {@code objective} of all events ingested within {@code
   * within} (PostHog's: 99.9% within 5 s, 99% within 30 s).
   */
  public record SloTier(Duration within, double objective) {}

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
   * @param appsShare the share of live events whose project runs apps (SPEC §9.3); null when the
   *     file does not say (taken as 1: all of them)
   * @param personlessShare the share of live events without person processing; null when the file
   *     does not say (taken as 0)
   * @param otherLane the live traffic as a lane that does not consume it sees it: it takes
   *     capture's requests, not these consumers (an import's lane, {@link Pipeline#laneView})
   * @param fetched the series as read from Prometheus, written as the CSV a plan saves beside its
   *     report (SPEC §10); null when the file gave the hours
   */
  public record LiveLoad(
      int eventsPerRequest,
      double peakFactor,
      double[] hourly,
      double weeks,
      String source,
      Double appsShare,
      Double personlessShare,
      boolean otherLane,
      String fetched) {
    public static final int HOURS_OF_WEEK = 7 * 24;

    public LiveLoad {
      if (hourly.length != HOURS_OF_WEEK) {
        throw new IllegalArgumentException("live load needs 168 hours, found " + hourly.length);
      }
      hourly = hourly.clone();
    }

    /** A live load whose cost per event the file does not describe. */
    public LiveLoad(
        int eventsPerRequest, double peakFactor, double[] hourly, double weeks, String source) {
      this(eventsPerRequest, peakFactor, hourly, weeks, source, null, null, false, null);
    }

    /** A live load as the file describes it. */
    public LiveLoad(
        int eventsPerRequest,
        double peakFactor,
        double[] hourly,
        double weeks,
        String source,
        Double appsShare,
        Double personlessShare) {
      this(
          eventsPerRequest,
          peakFactor,
          hourly,
          weeks,
          source,
          appsShare,
          personlessShare,
          false,
          null);
    }

    /** The share of live events running apps, 1 when unsaid. */
    public double apps() {
      return appsShare == null ? 1.0 : appsShare;
    }

    /** The share of live events without persons, 0 when unsaid. */
    public double personless() {
      return personlessShare == null ? 0.0 : personlessShare;
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
      return new LiveLoad(
          eventsPerRequest,
          peakFactor,
          h,
          weeks,
          source,
          appsShare,
          personlessShare,
          otherLane,
          fetched);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LiveLoad l
          && l.eventsPerRequest == eventsPerRequest
          && l.peakFactor == peakFactor
          && java.util.Arrays.equals(l.hourly, hourly)
          && l.weeks == weeks
          && l.source.equals(source)
          && java.util.Objects.equals(l.appsShare, appsShare)
          && java.util.Objects.equals(l.personlessShare, personlessShare)
          && l.otherLane == otherLane;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(
          eventsPerRequest,
          peakFactor,
          java.util.Arrays.hashCode(hourly),
          weeks,
          source,
          appsShare,
          personlessShare,
          otherLane);
    }

    @Override
    public String toString() {
      return "LiveLoad[" + source + ", " + eventsPerRequest + " ev/request, x" + peakFactor + "]";
    }
  }
}
