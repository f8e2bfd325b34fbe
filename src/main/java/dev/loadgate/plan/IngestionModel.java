package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Backlog and ingestion delay for every partition of every topic a load reaches, stepped through
 * time as a fluid (rates, not single events). docs/capacity-model.md writes it out; in short, each
 * step:
 *
 * <ol>
 *   <li>requests arrive: the load's own, and retries of requests refused earlier;
 *   <li>capture admits up to its replicas' rate (a token bucket over requests, {@code
 *       capture.burst_seconds} deep) and answers 503 to the rest, every attempt alike; a refused
 *       request comes back after the client's next wait ({@link RetrySchedule}), and after its last
 *       retry the client gives up: those events are rejected;
 *   <li>the per-token rate limit answers 429 to what is above it (not retried);
 *   <li>the admitted events go to their topic: a historical import to the historical topic keyed; a
 *       load test to the main topic keyed, except what a hot distinct_id sends above its overflow
 *       token bucket, which goes keyless to the overflow topic, spread evenly;
 *   <li>each consumer (partitions assigned by Kafka's range assignor over the three topics) shares
 *       its {@code c_mix} fairly among the partitions it owns, each consumed in order;
 *   <li>the autoscaler looks ({@link Autoscaler}), and brings up what it asked for a reaction time
 *       later.
 * </ol>
 *
 * Pure: the same inputs give the same result.
 */
public final class IngestionModel {
  static final int MAIN = 0;
  static final int OVERFLOW = 1;
  static final int HISTORICAL = 2;

  /** Longest we follow the drain after the load ends before calling the delay unbounded. */
  static final double MAX_DRAIN_SECONDS = 30 * 24 * 3600.0;

  /**
   * The same beside live traffic: the background is known for a day after the load, and a pipeline
   * that cannot drain its own live traffic would never drain at all.
   */
  static final double MAX_SHARED_DRAIN_SECONDS = 24 * 3600.0;

  /**
   * A distinct_id whose events pass capture's overflow token bucket: what it sends above the limit
   * leaves its partition for the overflow topic.
   *
   * @param share of the load's events
   */
  public record HotKey(String distinctId, int partition, double share, boolean forced) {
    /** A key capture's limiter judges (not on the forced-overflow list). */
    public HotKey(String distinctId, int partition, double share) {
      this(distinctId, partition, share, false);
    }
  }

  /**
   * How capture reroutes the hot keys (SPEC §9.4) and what the rerouted events cost the overflow
   * consumers.
   *
   * @param globalWindow capture's global rate limiter (else the older per-key token bucket)
   * @param overflowCost what a rerouted event costs the overflow consumers, as a share of one of
   *     the load's (below 1 when rerouting switches persons off)
   * @param overflowKeyRate how fast one rerouted key runs there; NaN: as on its partition
   */
  public record Reroute(
      boolean globalWindow,
      double threshold,
      double windowSeconds,
      double detectionSeconds,
      double overflowCost,
      double overflowKeyRate) {
    /** The older token bucket: rerouted events keep their persons. */
    public static final Reroute TOKEN_BUCKET = new Reroute(false, 0, 0, 0, 1, Double.NaN);
  }

  /**
   * What capture's limiter did with one hot key.
   *
   * @param reroutedFromSeconds when its events first left its partition; NaN when they never did
   * @param keyedBeforeReroute its events on its partition until then (all of them, if never)
   */
  public record KeyReroute(
      String distinctId,
      int partition,
      boolean forced,
      double reroutedFromSeconds,
      double keyedBeforeReroute,
      double keyedEvents,
      double reroutedEvents) {}

  /**
   * The load as it reaches capture.
   *
   * @param keyedShares per partition of the keyed topic, the share of events that always stays on
   *     it (everything but the hot keys); with the hot keys' shares they sum to 1
   * @param hotKeys ids that overflow above the limit (kept keyed on a historical import, or when
   *     overflow is off)
   */
  public record Traffic(
      RateCurve curve,
      int eventsPerRequest,
      boolean historical,
      double[] keyedShares,
      List<HotKey> hotKeys,
      Background background,
      Keys keys,
      Reroute reroute) {
    public Traffic {
      keyedShares = keyedShares.clone();
      hotKeys = List.copyOf(hotKeys);
      background = background == null ? Background.idle() : background;
      keys = keys == null ? Keys.UNLIMITED : keys;
      reroute = reroute == null ? Reroute.TOKEN_BUCKET : reroute;
    }

    /** The load alone on the pipeline, no key slower than its consumer. */
    public Traffic(
        RateCurve curve,
        int eventsPerRequest,
        boolean historical,
        double[] keyedShares,
        List<HotKey> hotKeys) {
      this(
          curve, eventsPerRequest, historical, keyedShares, hotKeys, Background.idle(), null, null);
    }

    /** The same traffic offered along another curve (the replay's, as it is injected). */
    public Traffic along(RateCurve other) {
      return new Traffic(
          other, eventsPerRequest, historical, keyedShares, hotKeys, background, keys, reroute);
    }

    /** The same traffic beside {@code other} traffic on the pipeline (live load, other tests). */
    public Traffic beside(Background other) {
      return new Traffic(
          curve, eventsPerRequest, historical, keyedShares, hotKeys, other, keys, reroute);
    }

    /** The same traffic whose keys run one after another at most as {@code k} says. */
    public Traffic withKeys(Keys k) {
      return new Traffic(
          curve, eventsPerRequest, historical, keyedShares, hotKeys, background, k, reroute);
    }

    /** The same traffic whose hot keys capture reroutes as {@code r} says. */
    public Traffic withReroute(Reroute r) {
      return new Traffic(
          curve, eventsPerRequest, historical, keyedShares, hotKeys, background, keys, r);
    }
  }

  /**
   * How fast one of the load's keys is processed (its events one after another, SPEC §9.2) and, per
   * partition of the keyed topic, the share of the load's events the busiest key that stays on it
   * holds (a top id below the overflow limit; 0 for none). The hot keys' own shares are in {@link
   * Traffic#hotKeys()}.
   *
   * @param eventsPerSecond one key's most; +infinity: no limit beyond its consumer's
   */
  public record Keys(double eventsPerSecond, double[] keptBusiest) {
    public static final Keys UNLIMITED = new Keys(Double.POSITIVE_INFINITY, new double[0]);

    public Keys {
      keptBusiest = keptBusiest.clone();
    }

    /** The busiest kept key's share on {@code partition}. */
    double keptBusiest(int partition) {
      return partition < keptBusiest.length ? keptBusiest[partition] : 0;
    }
  }

  /**
   * What the pipeline takes: per instance, as the pipeline file says, with the load's own {@code
   * c_mix}.
   */
  public record Capacity(
      int partitions,
      int consumers,
      int maxConsumers,
      double consumerEventsPerSecond,
      int captureReplicas,
      int maxCaptureReplicas,
      double captureRequestsPerSecondPerReplica,
      double captureBurstSeconds,
      double rateLimitEventsPerSecond,
      boolean overflowEnabled,
      double overflowEventsPerSecond,
      double overflowBurst,
      double reactionSeconds,
      Pipeline.Lanes lanes,
      Pipeline.KubeAutoscaler captureAutoscaler) {

    /** Lanes, capture sized by the simple rule. */
    public Capacity(
        int partitions,
        int consumers,
        int maxConsumers,
        double consumerEventsPerSecond,
        int captureReplicas,
        int maxCaptureReplicas,
        double captureRequestsPerSecondPerReplica,
        double captureBurstSeconds,
        double rateLimitEventsPerSecond,
        boolean overflowEnabled,
        double overflowEventsPerSecond,
        double overflowBurst,
        double reactionSeconds,
        Pipeline.Lanes lanes) {
      this(
          partitions,
          consumers,
          maxConsumers,
          consumerEventsPerSecond,
          captureReplicas,
          maxCaptureReplicas,
          captureRequestsPerSecondPerReplica,
          captureBurstSeconds,
          rateLimitEventsPerSecond,
          overflowEnabled,
          overflowEventsPerSecond,
          overflowBurst,
          reactionSeconds,
          lanes,
          null);
    }

    /** One consumer group over every topic (a pipeline file without {@code lanes}). */
    public Capacity(
        int partitions,
        int consumers,
        int maxConsumers,
        double consumerEventsPerSecond,
        int captureReplicas,
        int maxCaptureReplicas,
        double captureRequestsPerSecondPerReplica,
        double captureBurstSeconds,
        double rateLimitEventsPerSecond,
        boolean overflowEnabled,
        double overflowEventsPerSecond,
        double overflowBurst,
        double reactionSeconds) {
      this(
          partitions,
          consumers,
          maxConsumers,
          consumerEventsPerSecond,
          captureReplicas,
          maxCaptureReplicas,
          captureRequestsPerSecondPerReplica,
          captureBurstSeconds,
          rateLimitEventsPerSecond,
          overflowEnabled,
          overflowEventsPerSecond,
          overflowBurst,
          reactionSeconds,
          null);
    }

    /**
     * The pipeline's capacity for a load whose consumers take {@code cMix}; {@code consumers} and
     * {@code maxConsumers} are the load's own lane's (main, or historical for an import).
     */
    public static Capacity of(Pipeline p, double cMix) {
      return new Capacity(
          p.partitions(),
          p.consumers(),
          p.autoscaling().maxConsumers(),
          cMix,
          p.capture().replicas(),
          p.autoscaling().maxCaptureReplicas(),
          p.capture().requestsPerSecondPerReplica(),
          p.capture().burstSeconds(),
          p.rateLimit().perTokenEventsPerSecond(),
          p.overflow().enabled(),
          p.overflow().perDistinctIdEventsPerSecond(),
          p.overflow().burst(),
          p.autoscaling().reactionTime().toNanos() / 1e9,
          p.lanes(),
          p.capture().autoscaler());
    }

    /** Whether each topic has a consumer group of its own. */
    public boolean separateLanes() {
      return lanes != null;
    }

    /** Events/s the pipeline takes at these sizes: the least of capture, consumers, rate limit. */
    public double eventsPerSecond(int consumers, int replicas, int eventsPerRequest) {
      return Math.min(
          replicas * captureRequestsPerSecondPerReplica * eventsPerRequest,
          Math.min(
              Math.min(consumers, partitions) * consumerEventsPerSecond, rateLimitEventsPerSecond));
    }

    Autoscaler.Limits limits() {
      return new Autoscaler.Limits(
          maxConsumers,
          partitions,
          consumerEventsPerSecond,
          maxCaptureReplicas,
          captureRequestsPerSecondPerReplica,
          reactionSeconds);
    }

    /** A lane's autoscaler: its consumers only (capture has its own). */
    Autoscaler.Limits laneLimits(int lane) {
      return new Autoscaler.Limits(
          lanes.get(lane).maxConsumers(),
          partitions,
          consumerEventsPerSecond,
          captureReplicas,
          captureRequestsPerSecondPerReplica,
          reactionSeconds);
    }

    /** Capture's autoscaler: its replicas only. */
    Autoscaler.Limits captureLimits() {
      return new Autoscaler.Limits(
          1,
          partitions,
          consumerEventsPerSecond,
          maxCaptureReplicas,
          captureRequestsPerSecondPerReplica,
          reactionSeconds);
    }
  }

  /**
   * How the model runs.
   *
   * @param lagThresholdSeconds a partition lags (for the autoscaler and the result) once its oldest
   *     events have waited this long; 0: as soon as anything waits
   * @param steps time steps over the load (the step is at least {@code minStepSeconds})
   * @param timelineSeconds one timeline point per this many seconds; 0 for about 200 over the load
   * @param rebalanceSeconds when consumers join, the whole group stops this long (Kafka's eager
   *     rebalance: every member gives its partitions up before any gets new ones); 0 when the
   *     reaction time includes it
   * @param decisionWindowSeconds the autoscaler sizes on the rates of this last stretch of time (0:
   *     the last step), as the stack's autoscaler measures them
   */
  public record Settings(
      RetrySchedule retries,
      double lagThresholdSeconds,
      int steps,
      double minStepSeconds,
      double timelineSeconds,
      double rebalanceSeconds,
      double decisionWindowSeconds) {
    /**
     * The plan's: the SDKs' retries, any wait is lag, 3,000 steps of at least a second, the
     * rebalance inside the reaction time.
     */
    public static final Settings PLAN = new Settings(RetrySchedule.SDK, 0, 3000, 1.0, 0, 0, 0);
  }

  /**
   * A partition that fell behind.
   *
   * @param laggingSeconds how long it had events waiting
   */
  public record PartitionLag(
      String topic,
      int partition,
      double maxBacklogEvents,
      double maxDelaySeconds,
      double laggingSeconds) {}

  /**
   * One point of the timeline, over {@code [seconds, seconds + timeline step)}: rates are means
   * over it, the backlog is at its end, the worst partition's backlog and the delay the largest in
   * it.
   *
   * @param offeredEventsPerSecond events in the requests that reached capture, retries included
   * @param admittedEventsPerSecond events capture took into Kafka
   * @param refusedRequestsPerSecond request attempts capture answered 503
   * @param maxDelaySeconds the longest wait of an event consumed in it
   * @param capacityEventsPerSecond what the pipeline took at its end (capture, consumers, rate
   *     limit)
   * @param consumers the load's own lane's consumers (the one group's without lanes)
   * @param lanes consumers per lane ({@code main}, {@code overflow}, {@code historical}); empty
   *     with one consumer group
   */
  public record Moment(
      double seconds,
      double offeredEventsPerSecond,
      double refusedRequestsPerSecond,
      double admittedEventsPerSecond,
      double consumedEventsPerSecond,
      double backlogEvents,
      double worstPartitionBacklogEvents,
      double maxDelaySeconds,
      int consumers,
      int captureReplicas,
      double capacityEventsPerSecond,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          Map<String, Integer> lanes) {
    public Moment {
      lanes =
          lanes == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lanes));
    }

    /** A moment of a pipeline with one consumer group. */
    public Moment(
        double seconds,
        double offeredEventsPerSecond,
        double refusedRequestsPerSecond,
        double admittedEventsPerSecond,
        double consumedEventsPerSecond,
        double backlogEvents,
        double worstPartitionBacklogEvents,
        double maxDelaySeconds,
        int consumers,
        int captureReplicas,
        double capacityEventsPerSecond) {
      this(
          seconds,
          offeredEventsPerSecond,
          refusedRequestsPerSecond,
          admittedEventsPerSecond,
          consumedEventsPerSecond,
          backlogEvents,
          worstPartitionBacklogEvents,
          maxDelaySeconds,
          consumers,
          captureReplicas,
          capacityEventsPerSecond,
          Map.of());
    }
  }

  /**
   * @param maxBacklogEvents the worst partition's largest backlog
   * @param maxTotalBacklogEvents the largest backlog over all partitions together
   * @param lagging the partitions that fell behind, worst (longest delay) first
   * @param steps the autoscaler's steps, the sizes at the start first
   * @param rejectedEvents events in requests the client gave up on after its last retry
   * @param refusedAttempts request attempts capture answered 503 (retries included)
   * @param attempts request attempts in all
   * @param rateLimitedEvents events answered 429
   * @param drained false when a backlog was still there {@link #MAX_DRAIN_SECONDS} after the load
   * @param delays per topic the load reached, its events by delay against the delays the run was
   *     asked to count ({@link #simulate(Traffic, Capacity, Settings, double[])}); empty otherwise
   */
  public record Result(
      double maxDelaySeconds,
      double maxBacklogEvents,
      double maxTotalBacklogEvents,
      List<PartitionLag> lagging,
      List<Autoscaler.Step> steps,
      double rejectedEvents,
      double refusedAttempts,
      double attempts,
      double rateLimitedEvents,
      double overflowedEvents,
      boolean drained,
      double stepSeconds,
      List<Moment> timeline,
      Map<String, DelayTally> delays,
      List<KeyReroute> reroutes) {
    public Result {
      reroutes = reroutes == null ? List.of() : List.copyOf(reroutes);
      lagging = List.copyOf(lagging);
      steps = List.copyOf(steps);
      timeline = List.copyOf(timeline);
      delays =
          delays == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(delays));
    }

    /** A result whose events were not counted by delay. */
    public Result(
        double maxDelaySeconds,
        double maxBacklogEvents,
        double maxTotalBacklogEvents,
        List<PartitionLag> lagging,
        List<Autoscaler.Step> steps,
        double rejectedEvents,
        double refusedAttempts,
        double attempts,
        double rateLimitedEvents,
        double overflowedEvents,
        boolean drained,
        double stepSeconds,
        List<Moment> timeline) {
      this(
          maxDelaySeconds,
          maxBacklogEvents,
          maxTotalBacklogEvents,
          lagging,
          steps,
          rejectedEvents,
          refusedAttempts,
          attempts,
          rateLimitedEvents,
          overflowedEvents,
          drained,
          stepSeconds,
          timeline,
          Map.of(),
          List.of());
    }

    /** Every topic's events by delay together; null when the run did not count them. */
    public DelayTally allDelays() {
      DelayTally all = null;
      for (DelayTally t : delays.values()) {
        if (all == null) {
          all = new DelayTally(t.withinSeconds());
        }
        all.add(t);
      }
      return all;
    }

    /** The partition that lagged worst, or null when none did. */
    public PartitionLag worst() {
      return lagging.isEmpty() ? null : lagging.get(0);
    }

    /** The partition of {@code topic} that lagged worst, or null when none did. */
    public PartitionLag worst(String topic) {
      return lagging.stream().filter(l -> l.topic().equals(topic)).findFirst().orElse(null);
    }
  }

  private IngestionModel() {}

  public static Result simulate(Traffic traffic, Capacity cap, Settings settings) {
    return new Run(traffic, cap, settings, null).run();
  }

  /**
   * {@link #simulate(Traffic, Capacity, Settings)}, counting each topic's events by delay against
   * {@code delaySeconds} (the SLO tiers', the policy's) into {@link Result#delays()}.
   */
  public static Result simulate(
      Traffic traffic, Capacity cap, Settings settings, double[] delaySeconds) {
    return new Run(traffic, cap, settings, delaySeconds).run();
  }

  /** One run's state; {@link #run()} steps it. */
  private static final class Run {
    private final Traffic traffic;
    private final Background background;
    private final boolean shared;
    private final Capacity cap;
    private final Settings settings;
    private final int partitions;
    private final int epr;
    private final double duration;
    private final double dt;
    private final int keyed;
    private final TopicPartitions[] topics = new TopicPartitions[3];
    private final List<HotKey> overflowing;
    private final HotKeyLimiter[] limiters;
    private final List<Autoscaler.Step> steps = new ArrayList<>();
    private final RetryQueue retries;
    private final ModelTimeline timeline;
    private final FluidBucket capture;
    private final FluidBucket rateLimit;

    /**
     * The consumer groups: one over every topic the load reaches, or one per lane ({@link
     * Capacity#separateLanes()}), indexed by topic then.
     */
    private final ConsumerGroupModel[] groups = new ConsumerGroupModel[3];

    /** Without lanes: one autoscaler for the consumers and capture together. */
    private final Autoscaler joint;

    /** With lanes: capture's own, and each lane's (Kubernetes' where the file gives one). */
    private final LaneScaler captureScaler;

    private final LaneScaler[] laneScalers = new LaneScaler[3];
    private final RateWindow window;
    private final RateWindow[] laneWindows = new RateWindow[3];

    private double rejected;
    private double refused;
    private double attempts;
    private double rateLimited;
    private double overflowed;
    private double maxTotalBacklog;

    Run(Traffic traffic, Capacity cap, Settings settings, double[] delaySeconds) {
      this.traffic = traffic;
      this.background = traffic.background();
      this.shared = !background.isIdle();
      this.cap = cap;
      this.settings = settings;
      this.partitions = cap.partitions();
      if (traffic.keyedShares().length != partitions) {
        throw new IllegalArgumentException(
            "keyed shares for "
                + traffic.keyedShares().length
                + " partitions, the pipeline has "
                + partitions);
      }
      for (double share : traffic.keyedShares()) {
        // A NaN share never drains: the run would step to its drain limit, minutes of CPU.
        if (!Double.isFinite(share) || share < 0) {
          throw new IllegalArgumentException("a keyed share of " + share + ": the load has no ids");
        }
      }
      this.epr = traffic.eventsPerRequest();
      this.duration = traffic.curve().durationSeconds();
      this.dt = Math.max(settings.minStepSeconds(), duration / settings.steps());
      boolean overflowOn =
          !traffic.historical() && cap.overflowEnabled() && !traffic.hotKeys().isEmpty();
      keyed = traffic.historical() ? HISTORICAL : MAIN;
      boolean[] reached = new boolean[3];
      reached[keyed] = true;
      reached[OVERFLOW] = overflowOn;
      // Live traffic is keyed over the main topic; with lanes it runs on the main lane's own
      // consumers, which an import does not share.
      reached[MAIN] |= shared && (keyed == MAIN || !cap.separateLanes());
      for (int t = 0; t < 3; t++) {
        if (reached[t]) {
          topics[t] = new TopicPartitions(t, partitions);
          topics[t].tally = delaySeconds == null ? null : new DelayTally(delaySeconds);
        }
      }
      System.arraycopy(traffic.keyedShares(), 0, topics[keyed].shares, 0, partitions);
      // A partition whose keys are limited is stepped alone; without a per-key limit a kept top
      // id is just part of its partition's share, as before per-key limits were modelled.
      boolean limited = traffic.keys().eventsPerSecond() < Double.POSITIVE_INFINITY;
      TopicPartitions k = topics[keyed];
      for (int p = 0; p < partitions; p++) {
        k.keptBusiest[p] = traffic.keys().keptBusiest(p);
        k.special[p] = limited && k.keptBusiest[p] > 0;
      }
      if (overflowOn) {
        overflowing = traffic.hotKeys();
        java.util.Arrays.fill(topics[OVERFLOW].shares, 1.0 / partitions); // of what overflows
        overflowing.forEach(h -> k.special[h.partition()] = true);
      } else {
        // Kept on their partitions: a historical import never overflows.
        overflowing = List.of();
        for (HotKey h : traffic.hotKeys()) {
          k.shares[h.partition()] += h.share();
          k.keptBusiest[h.partition()] = Math.max(k.keptBusiest[h.partition()], h.share());
          k.special[h.partition()] |= limited;
        }
      }
      Reroute reroute = traffic.reroute();
      limiters = new HotKeyLimiter[overflowing.size()];
      for (int h = 0; h < limiters.length; h++) {
        limiters[h] =
            overflowing.get(h).forced()
                ? HotKeyLimiter.forced()
                : reroute.globalWindow()
                    ? HotKeyLimiter.globalWindow(
                        reroute.threshold(),
                        reroute.windowSeconds(),
                        reroute.detectionSeconds(),
                        dt)
                    : HotKeyLimiter.tokenBucket(cap.overflowEventsPerSecond(), cap.overflowBurst());
      }
      if (overflowOn) {
        topics[OVERFLOW].cost = reroute.overflowCost();
        topics[OVERFLOW].keyRate = reroute.overflowKeyRate();
      }
      retries = new RetryQueue(settings.retries(), dt);
      int windowSteps = (int) Math.max(1, Math.round(settings.decisionWindowSeconds() / dt));
      window = new RateWindow(windowSteps, dt);
      double span = settings.timelineSeconds() > 0 ? settings.timelineSeconds() : duration / 200;
      timeline = new ModelTimeline(Math.max(dt, span));
      if (cap.separateLanes()) {
        joint = null;
        captureScaler =
            LaneScaler.capture(cap.captureAutoscaler(), cap.captureLimits(), cap.captureReplicas());
        for (int t = 0; t < 3; t++) {
          if (topics[t] != null) {
            groups[t] = new ConsumerGroupModel(List.of(topics[t]), partitions, dt, timeline);
            int today = cap.lanes().get(t).consumers();
            laneScalers[t] =
                LaneScaler.lane(
                    cap.lanes().get(t), cap.laneLimits(t), today, cap.captureReplicas());
            laneWindows[t] = new RateWindow(windowSteps, dt);
            groups[t].assign(today);
          }
        }
      } else {
        captureScaler = null;
        joint =
            new Autoscaler(
                cap.limits(), new Autoscaler.Sizes(cap.consumers(), cap.captureReplicas()));
        List<TopicPartitions> all = new ArrayList<>();
        for (TopicPartitions t : topics) {
          if (t != null) {
            all.add(t);
          }
        }
        groups[0] = new ConsumerGroupModel(all, partitions, dt, timeline);
        groups[0].assign(cap.consumers());
      }
      Autoscaler.Sizes s = sizes();
      double rps = capture(s);
      capture = new FluidBucket(rps, rps * cap.captureBurstSeconds());
      rateLimit = new FluidBucket(cap.rateLimitEventsPerSecond(), cap.rateLimitEventsPerSecond());
      steps.add(step(0, s));
    }

    Result run() {
      boolean drained = true;
      int step = 0;
      while (true) {
        double t = step * dt;
        boolean loading = t < duration;
        if (!loading && totalBacklog() <= 0 && retries.pending() <= 1e-9) {
          break;
        }
        if (t > duration + (shared ? MAX_SHARED_DRAIN_SECONDS : MAX_DRAIN_SECONDS)) {
          drained = false;
          break;
        }
        if (applyScaling(t)) {
          steps.add(step(t, sizes()));
        }
        Autoscaler.Sizes sizes = sizes();
        double fresh = loading ? traffic.curve().rateAt(t + dt / 2) * dt / epr : 0;
        int piece = background.pieceAt(t + dt / 2);
        double liveRequests = background.requestsPerSecond(piece) * dt;
        double liveEvents = background.mixEventsPerSecond(piece) * dt;
        double offered = retries.arrive(step, fresh);
        double admitted = admit(step, offered, sizes, liveRequests);
        double events = rateLimit(admitted * epr);
        double mixLive = background.mixEventsPerSecond(piece);
        double over =
            arrive(
                t,
                events,
                liveEvents / partitions,
                mixLive > 0 ? background.eventsPerSecond(piece) / mixLive : 1);
        double consumed = 0;
        double total = 0;
        double worst = 0;
        for (int g = 0; g < 3; g++) {
          if (groups[g] == null) {
            continue;
          }
          // During a rebalance nobody consumes; the step that ends it consumes its share.
          double working = Math.min(dt, Math.max(0, t + dt - groups[g].rebalancedUntil()));
          consumed += groups[g].consume(t + dt, working, cap.consumerEventsPerSecond());
          ConsumerGroupModel.Backlog b = groups[g].backlog(t + dt, settings.lagThresholdSeconds());
          total += b.total();
          worst = Math.max(worst, b.worst());
          decide(g, t, offered, admitted, liveRequests, events, over, piece, b);
        }
        if (cap.separateLanes()) {
          captureScaler.decide(
              t + dt,
              new Autoscaler.Signals(
                  offered > admitted + 1e-9, false, window.offeredPerSecond(), 0, 0));
        }
        // What the consumers did for the load: the live traffic they also took is not its.
        consumed = Math.max(0, consumed - (topics[MAIN] != null ? liveEvents : 0));
        maxTotalBacklog = Math.max(maxTotalBacklog, total);
        timeline.add(
            t,
            dt,
            offered * epr,
            offered - admitted,
            events,
            consumed,
            total,
            worst,
            sizes(),
            lanes(),
            eventsPerSecond(sizes()));
        step++;
      }
      return result(drained);
    }

    /**
     * The autoscaler of group {@code g} looks. It sees the pipeline as it counts it: requests, and
     * records produced (a live event is one record, whatever it costs the consumers).
     */
    private void decide(
        int g,
        double t,
        double offered,
        double admitted,
        double liveRequests,
        double events,
        double over,
        int piece,
        ConsumerGroupModel.Backlog b) {
      double liveRecords = topics[MAIN] != null ? background.eventsPerSecond(piece) * dt : 0;
      if (!cap.separateLanes()) {
        window.add(offered + liveRequests, events + liveRecords);
        joint.decide(
            t + dt,
            new Autoscaler.Signals(
                offered > admitted + 1e-9,
                b.lagging(),
                window.offeredPerSecond(),
                window.producedPerSecond(),
                b.total()));
        return;
      }
      double produced =
          switch (g) {
            case OVERFLOW -> over;
            case MAIN -> (keyed == MAIN ? events - over : 0) + liveRecords;
            default -> events;
          };
      laneWindows[g].add(0, produced);
      laneScalers[g].decide(
          t + dt,
          new Autoscaler.Signals(
              false, b.lagging(), 0, laneWindows[g].producedPerSecond(), b.total()));
    }

    /** Brings up what the autoscalers asked for once its time has come; true when sizes changed. */
    private boolean applyScaling(double t) {
      if (!cap.separateLanes()) {
        if (!joint.apply(t)) {
          return false;
        }
        int before = groups[0].consumers();
        if (joint.running().consumers() != before) {
          groups[0].assign(joint.running().consumers());
          groups[0].rebalanceUntil(t + settings.rebalanceSeconds());
        }
        return true;
      }
      boolean changed = captureScaler.apply(t);
      for (int g = 0; g < 3; g++) {
        if (laneScalers[g] != null && laneScalers[g].apply(t)) {
          changed = true;
          int want = laneScalers[g].running().consumers();
          if (want != groups[g].consumers()) {
            groups[g].assign(want);
            groups[g].rebalanceUntil(t + settings.rebalanceSeconds());
          }
        }
      }
      return changed;
    }

    /** What runs now: the load's own lane's consumers and capture's replicas. */
    private Autoscaler.Sizes sizes() {
      if (!cap.separateLanes()) {
        return joint.running();
      }
      return new Autoscaler.Sizes(
          laneScalers[keyed].running().consumers(), captureScaler.running().captureReplicas());
    }

    /** Consumers per lane the load reaches; empty with one consumer group. */
    private Map<String, Integer> lanes() {
      if (!cap.separateLanes()) {
        return Map.of();
      }
      Map<String, Integer> m = new java.util.LinkedHashMap<>();
      for (int g = 0; g < 3; g++) {
        m.put(
            Pipeline.Lanes.NAMES.get(g),
            laneScalers[g] != null
                ? laneScalers[g].running().consumers()
                : cap.lanes().get(g).consumers());
      }
      return m;
    }

    /** Capture's token bucket over requests: what it admits of {@code offered} this step. */
    private double admit(int step, double offered, Autoscaler.Sizes sizes, double liveRequests) {
      attempts += offered;
      double rps = capture(sizes);
      capture.resize(rps, rps * cap.captureBurstSeconds());
      // Live traffic was there first: the load gets what its requests leave.
      double admitted = capture.takeAfter(liveRequests, offered, dt);
      double refusedNow = offered - admitted;
      refused += refusedNow;
      rejected += retries.refuse(step, offered > 0 ? refusedNow / offered : 0) * epr;
      if (cap.separateLanes()) {
        window.add(offered + liveRequests, 0);
      }
      return admitted;
    }

    /** The per-token rate limit, a bucket holding one second: what passes of {@code events}. */
    private double rateLimit(double events) {
      double take = rateLimit.take(events, dt);
      rateLimited += events - take;
      return take;
    }

    /**
     * The admitted events onto their partitions: the hot keys through their overflow buckets, each
     * group's per-partition arrivals and read limits. Returns the events that overflowed.
     */
    private double arrive(
        double t, double events, double livePerPartition, double liveRecordsPerEvent) {
      double over = 0;
      double busiestOver = 0;
      if (!overflowing.isEmpty()) {
        TopicPartitions k = topics[keyed];
        for (HotKey key : overflowing) {
          k.hotIn[key.partition()] = 0;
          k.hotBusiest[key.partition()] = 0;
        }
        for (int h = 0; h < overflowing.size(); h++) {
          HotKey key = overflowing.get(h);
          double want = key.share() * events;
          double pass = limiters[h].keep(want, t, dt);
          k.hotIn[key.partition()] += pass;
          k.hotBusiest[key.partition()] = Math.max(k.hotBusiest[key.partition()], pass);
          over += want - pass;
          busiestOver = Math.max(busiestOver, want - pass);
        }
        overflowed += over;
      }
      double keyRate = traffic.keys().eventsPerSecond();
      for (ConsumerGroupModel g : groups) {
        if (g != null) {
          g.arrive(events, over, livePerPartition, liveRecordsPerEvent, keyRate, busiestOver);
        }
      }
      return over;
    }

    private double totalBacklog() {
      double total = 0;
      for (ConsumerGroupModel g : groups) {
        if (g != null) {
          total += g.totalBacklog();
        }
      }
      return total;
    }

    private double capture(Autoscaler.Sizes s) {
      return s.captureReplicas() * cap.captureRequestsPerSecondPerReplica();
    }

    private double eventsPerSecond(Autoscaler.Sizes s) {
      return cap.eventsPerSecond(s.consumers(), s.captureReplicas(), epr);
    }

    private Autoscaler.Step step(double t, Autoscaler.Sizes s) {
      return new Autoscaler.Step(
          t, eventsPerSecond(s), s.consumers(), s.captureReplicas(), lanes());
    }

    private Result result(boolean drained) {
      for (ConsumerGroupModel g : groups) {
        if (g != null) {
          g.flushAll();
        }
      }
      List<PartitionLag> lagging = new ArrayList<>();
      double worstDelay = 0;
      double worstBacklog = 0;
      for (TopicPartitions tp : topics) {
        if (tp == null) {
          continue;
        }
        for (int p = 0; p < partitions; p++) {
          worstDelay = Math.max(worstDelay, tp.maxDelay[p]);
          worstBacklog = Math.max(worstBacklog, tp.maxBacklog[p]);
          if (tp.maxDelay[p] > settings.lagThresholdSeconds() && tp.maxBacklog[p] > 0) {
            lagging.add(
                new PartitionLag(
                    IngestionTopics.ALL.get(tp.topic),
                    p,
                    tp.maxBacklog[p],
                    tp.maxDelay[p],
                    tp.laggingSeconds[p]));
          }
        }
      }
      lagging.sort(
          Comparator.comparingDouble(PartitionLag::maxDelaySeconds)
              .thenComparingDouble(PartitionLag::maxBacklogEvents)
              .reversed());
      return new Result(
          worstDelay,
          worstBacklog,
          maxTotalBacklog,
          lagging,
          steps,
          rejected,
          refused,
          attempts,
          rateLimited,
          overflowed,
          drained,
          dt,
          timeline.moments(),
          delays(),
          reroutes());
    }

    private List<KeyReroute> reroutes() {
      List<KeyReroute> r = new ArrayList<>();
      for (int h = 0; h < overflowing.size(); h++) {
        HotKey k = overflowing.get(h);
        HotKeyLimiter l = limiters[h];
        r.add(
            new KeyReroute(
                k.distinctId(),
                k.partition(),
                k.forced(),
                l.reroutedFrom(),
                l.keyedBeforeReroute(),
                l.keyed(),
                l.rerouted()));
      }
      return r;
    }

    private Map<String, DelayTally> delays() {
      Map<String, DelayTally> m = new java.util.LinkedHashMap<>();
      for (TopicPartitions tp : topics) {
        if (tp != null && tp.tally != null) {
          m.put(IngestionTopics.ALL.get(tp.topic), tp.tally);
        }
      }
      return m;
    }
  }
}
