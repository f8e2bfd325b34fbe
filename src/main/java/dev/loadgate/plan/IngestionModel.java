package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
  public record HotKey(String distinctId, int partition, double share) {}

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
      Background background) {
    public Traffic {
      keyedShares = keyedShares.clone();
      hotKeys = List.copyOf(hotKeys);
      background = background == null ? Background.idle() : background;
    }

    /** The load alone on the pipeline. */
    public Traffic(
        RateCurve curve,
        int eventsPerRequest,
        boolean historical,
        double[] keyedShares,
        List<HotKey> hotKeys) {
      this(curve, eventsPerRequest, historical, keyedShares, hotKeys, Background.idle());
    }

    /** The same traffic offered along another curve (the replay's, as it is injected). */
    public Traffic along(RateCurve other) {
      return new Traffic(other, eventsPerRequest, historical, keyedShares, hotKeys, background);
    }

    /** The same traffic beside {@code other} traffic on the pipeline (live load, other tests). */
    public Traffic beside(Background other) {
      return new Traffic(curve, eventsPerRequest, historical, keyedShares, hotKeys, other);
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
      double reactionSeconds) {

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
          p.autoscaling().reactionTime().toNanos() / 1e9);
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
      double capacityEventsPerSecond) {}

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
      List<Moment> timeline) {
    public Result {
      lagging = List.copyOf(lagging);
      steps = List.copyOf(steps);
      timeline = List.copyOf(timeline);
    }

    /** The partition that lagged worst, or null when none did. */
    public PartitionLag worst() {
      return lagging.isEmpty() ? null : lagging.get(0);
    }
  }

  private IngestionModel() {}

  public static Result simulate(Traffic traffic, Capacity cap, Settings settings) {
    return new Run(traffic, cap, settings).run();
  }

  /**
   * Partitions of one topic, owned by one consumer, with the same arrivals and in the same state:
   * stepped once for all of them. A partition with a hot key or a top id of its own is alone in its
   * group; the tail's partitions are many to a group. When the consumers change, groups split where
   * the new ranges cut them (each part keeps a copy of the state) and idle ones merge again.
   */
  private static final class Group {
    final int topic;
    final int[] partitions;
    final double share;
    final boolean special;
    PartitionQueue queue;
    double in;
    double maxBacklog;
    double maxDelay;
    double laggingSeconds;

    Group(int topic, int[] partitions, double share, boolean special, PartitionQueue queue) {
      this.topic = topic;
      this.partitions = partitions;
      this.share = share;
      this.special = special;
      this.queue = queue;
    }
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
    private final boolean[] reached = new boolean[3];
    private final double[][] shares = new double[3][];
    private final double[][] hotIn = new double[3][];
    private final boolean[][] special = new boolean[3][];
    private final Group[][] groupOf = new Group[3][];
    private Group[][] consumerGroups = new Group[0][];
    private final List<HotKey> overflowing;
    private final double[] overflowTokens;
    private final Autoscaler autoscaler;
    private final List<Autoscaler.Step> steps = new ArrayList<>();
    private final RetryQueue retries;
    private final Timeline timeline;

    // Per partition, what the result reports.
    private final double[][] maxBacklog = new double[3][];
    private final double[][] maxDelay = new double[3][];
    private final double[][] laggingSeconds = new double[3][];

    private double captureTokens;
    private double rateTokens;
    private double rejected;
    private double refused;
    private double attempts;
    private double rateLimited;
    private double overflowed;
    private double maxTotalBacklog;
    private double rebalancedUntil = Double.NEGATIVE_INFINITY;
    private final Window window;

    // scratch for one consumer's groups
    private double[] demand = new double[0];
    private int[] count = new int[0];
    private int[] order = new int[0];

    Run(Traffic traffic, Capacity cap, Settings settings) {
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
      this.epr = traffic.eventsPerRequest();
      this.duration = traffic.curve().durationSeconds();
      this.dt = Math.max(settings.minStepSeconds(), duration / settings.steps());
      boolean overflowOn =
          !traffic.historical() && cap.overflowEnabled() && !traffic.hotKeys().isEmpty();
      int keyed = traffic.historical() ? HISTORICAL : MAIN;
      reached[keyed] = true;
      reached[OVERFLOW] = overflowOn;
      reached[MAIN] |= shared; // live traffic is keyed over the main topic
      for (int t = 0; t < 3; t++) {
        if (reached[t]) {
          shares[t] = new double[partitions];
          hotIn[t] = new double[partitions];
          special[t] = new boolean[partitions];
          groupOf[t] = new Group[partitions];
          maxBacklog[t] = new double[partitions];
          maxDelay[t] = new double[partitions];
          laggingSeconds[t] = new double[partitions];
        }
      }
      System.arraycopy(traffic.keyedShares(), 0, shares[keyed], 0, partitions);
      if (overflowOn) {
        overflowing = traffic.hotKeys();
        java.util.Arrays.fill(shares[OVERFLOW], 1.0 / partitions); // of what overflows
        overflowing.forEach(h -> special[keyed][h.partition()] = true);
      } else {
        // Kept on their partitions: a historical import never overflows.
        overflowing = List.of();
        for (HotKey h : traffic.hotKeys()) {
          shares[keyed][h.partition()] += h.share();
        }
      }
      overflowTokens = new double[overflowing.size()];
      java.util.Arrays.fill(overflowTokens, cap.overflowBurst());
      autoscaler =
          new Autoscaler(
              cap.limits(), new Autoscaler.Sizes(cap.consumers(), cap.captureReplicas()));
      retries = new RetryQueue(settings.retries(), dt);
      window = new Window((int) Math.max(1, Math.round(settings.decisionWindowSeconds() / dt)), dt);
      double span = settings.timelineSeconds() > 0 ? settings.timelineSeconds() : duration / 200;
      timeline = new Timeline(Math.max(dt, span));
      Autoscaler.Sizes s = autoscaler.running();
      assign(s.consumers());
      captureTokens = capture(s) * cap.captureBurstSeconds();
      rateTokens = cap.rateLimitEventsPerSecond();
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
        if (autoscaler.apply(t)) {
          int before = steps.get(steps.size() - 1).consumers();
          steps.add(step(t, autoscaler.running()));
          if (autoscaler.running().consumers() != before) {
            assign(autoscaler.running().consumers());
            rebalancedUntil = t + settings.rebalanceSeconds();
          }
        }
        Autoscaler.Sizes sizes = autoscaler.running();
        double fresh = loading ? traffic.curve().rateAt(t + dt / 2) * dt / epr : 0;
        int piece = background.pieceAt(t + dt / 2);
        double liveRequests = background.requestsPerSecond(piece) * dt;
        double liveEvents = background.mixEventsPerSecond(piece) * dt;
        double offered = retries.arrive(step, fresh);
        double admitted = admit(step, offered, sizes, liveRequests);
        double events = rateLimit(admitted * epr);
        arrive(events, liveEvents / partitions);
        // During a rebalance nobody consumes; the step that ends it consumes its share.
        double working = Math.min(dt, Math.max(0, t + dt - rebalancedUntil));
        // What the consumers did for the load: the live traffic they also took is not its.
        double consumed = Math.max(0, consume(t + dt, working) - liveEvents);
        double total = 0;
        double worst = 0;
        boolean lagging = false;
        for (Group[] groups : consumerGroups) {
          for (Group g : groups) {
            double b = g.queue.backlog();
            if (b > 0) {
              total += b * g.partitions.length;
              worst = Math.max(worst, b);
              lagging |= g.queue.oldestWait(t + dt) >= settings.lagThresholdSeconds();
            }
          }
        }
        // The autoscaler sees the whole pipeline, as it counts it: requests, and records produced
        // (a live event is one record, whatever it costs the consumers).
        window.add(offered + liveRequests, events + background.eventsPerSecond(piece) * dt);
        autoscaler.decide(
            t + dt,
            new Autoscaler.Signals(
                offered > admitted + 1e-9,
                lagging,
                window.offeredPerSecond(),
                window.producedPerSecond(),
                total));
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
            autoscaler.running(),
            eventsPerSecond(autoscaler.running()));
        step++;
      }
      return result(drained);
    }

    /**
     * The groups each consumer serves after a (re)assignment: Kafka's range assignor over the
     * topics the load reaches, each range cut into runs of partitions that can be stepped as one.
     */
    private void assign(int consumerCount) {
      flushAll();
      int consumers = Math.min(consumerCount, partitions);
      Group[][] next = new Group[consumers][];
      java.util.Map<Group, Integer> reuse = new java.util.IdentityHashMap<>();
      int most = 0;
      for (int c = 0; c < consumers; c++) {
        int first = ConsumerAssignment.firstPartition(c, partitions, consumers);
        int n = ConsumerAssignment.partitionCount(c, partitions, consumers);
        List<Group> mine = new ArrayList<>();
        for (int topic = 0; topic < 3; topic++) {
          if (!reached[topic]) {
            continue;
          }
          int p = first;
          while (p < first + n) {
            int end = p + 1;
            while (end < first + n && sameGroup(topic, p, end)) {
              end++;
            }
            int[] members = new int[end - p];
            for (int i = 0; i < members.length; i++) {
              members[i] = p + i;
            }
            Group old = groupOf[topic][p];
            PartitionQueue state =
                old == null || old.queue.idle()
                    ? new PartitionQueue()
                    : reuse.merge(old, 1, Integer::sum) == 1 ? old.queue : old.queue.copy();
            Group g = new Group(topic, members, shares[topic][p], special[topic][p], state);
            mine.add(g);
            p = end;
          }
        }
        next[c] = mine.toArray(new Group[0]);
        most = Math.max(most, next[c].length);
      }
      for (Group[] groups : next) {
        for (Group g : groups) {
          for (int p : g.partitions) {
            groupOf[g.topic][p] = g;
          }
        }
      }
      consumerGroups = next;
      demand = new double[most];
      count = new int[most];
      order = new int[most];
    }

    /** Whether partition {@code q} can join {@code p}'s run: same arrivals, same state. */
    private boolean sameGroup(int topic, int p, int q) {
      if (special[topic][p] || special[topic][q] || shares[topic][p] != shares[topic][q]) {
        return false;
      }
      Group a = groupOf[topic][p];
      Group b = groupOf[topic][q];
      return a == b || a == null || b == null ? a == b : a.queue.idle() && b.queue.idle();
    }

    /** Capture's token bucket over requests: what it admits of {@code offered} this step. */
    private double admit(int step, double offered, Autoscaler.Sizes sizes, double liveRequests) {
      attempts += offered;
      double rps = capture(sizes);
      // Live traffic was there first: the load gets what its requests leave.
      double room = captureTokens + rps * dt - Math.min(liveRequests, captureTokens + rps * dt);
      double admitted = Math.min(offered, room);
      captureTokens = Math.min(rps * cap.captureBurstSeconds(), room - admitted);
      double refusedNow = offered - admitted;
      refused += refusedNow;
      rejected += retries.refuse(step, offered > 0 ? refusedNow / offered : 0) * epr;
      return admitted;
    }

    /** The per-token rate limit, a bucket holding one second: what passes of {@code events}. */
    private double rateLimit(double events) {
      double limit = cap.rateLimitEventsPerSecond();
      double take = Math.min(events, rateTokens + limit * dt);
      rateTokens = Math.min(limit, rateTokens + limit * dt - take);
      rateLimited += events - take;
      return take;
    }

    /** The admitted events onto their partitions: each group's per-partition arrivals. */
    private void arrive(double events, double livePerPartition) {
      int keyed = traffic.historical() ? HISTORICAL : MAIN;
      double over = 0;
      if (!overflowing.isEmpty()) {
        double limit = cap.overflowEventsPerSecond();
        for (HotKey key : overflowing) {
          hotIn[keyed][key.partition()] = 0;
        }
        for (int h = 0; h < overflowing.size(); h++) {
          HotKey key = overflowing.get(h);
          double want = key.share() * events;
          double pass = Math.min(want, overflowTokens[h] + limit * dt);
          overflowTokens[h] = Math.min(cap.overflowBurst(), overflowTokens[h] + limit * dt - pass);
          hotIn[keyed][key.partition()] += pass;
          over += want - pass;
        }
        overflowed += over;
      }
      for (Group[] groups : consumerGroups) {
        for (Group g : groups) {
          double base = g.topic == OVERFLOW ? over : events;
          g.in =
              g.share * base
                  + (g.special ? hotIn[g.topic][g.partitions[0]] : 0)
                  + (g.topic == MAIN ? livePerPartition : 0);
        }
      }
    }

    /** Each consumer shares its c_mix fairly among its partitions; returns the events consumed. */
    private double consume(double now, double workingSeconds) {
      double perStep = cap.consumerEventsPerSecond() * workingSeconds;
      double consumed = 0;
      for (Group[] groups : consumerGroups) {
        int n = groups.length;
        for (int i = 0; i < n; i++) {
          demand[i] = groups[i].queue.demand(groups[i].in);
          count[i] = groups[i].partitions.length;
        }
        double level = FairShare.level(demand, count, n, perStep, order);
        for (int i = 0; i < n; i++) {
          Group g = groups[i];
          double served = Math.min(demand[i], level);
          double longest = g.queue.step(now, g.in, served);
          consumed += served * g.partitions.length;
          timeline.served(longest);
          double backlog = g.queue.backlog();
          g.maxDelay = Math.max(g.maxDelay, longest);
          if (backlog > 0) {
            g.maxBacklog = Math.max(g.maxBacklog, backlog);
            g.laggingSeconds += dt;
          }
        }
      }
      return consumed;
    }

    /** What each group saw, into its partitions' records (before groups change, and at the end). */
    private void flushAll() {
      for (Group[] groups : consumerGroups) {
        for (Group g : groups) {
          for (int p : g.partitions) {
            maxBacklog[g.topic][p] = Math.max(maxBacklog[g.topic][p], g.maxBacklog);
            maxDelay[g.topic][p] = Math.max(maxDelay[g.topic][p], g.maxDelay);
            laggingSeconds[g.topic][p] += g.laggingSeconds;
          }
          g.maxBacklog = 0;
          g.maxDelay = 0;
          g.laggingSeconds = 0;
        }
      }
    }

    private double totalBacklog() {
      double total = 0;
      for (Group[] groups : consumerGroups) {
        for (Group g : groups) {
          total += g.queue.backlog() * g.partitions.length;
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
      return new Autoscaler.Step(t, eventsPerSecond(s), s.consumers(), s.captureReplicas());
    }

    private Result result(boolean drained) {
      flushAll();
      List<PartitionLag> lagging = new ArrayList<>();
      double worstDelay = 0;
      double worstBacklog = 0;
      for (int topic = 0; topic < 3; topic++) {
        if (!reached[topic]) {
          continue;
        }
        for (int p = 0; p < partitions; p++) {
          worstDelay = Math.max(worstDelay, maxDelay[topic][p]);
          worstBacklog = Math.max(worstBacklog, maxBacklog[topic][p]);
          if (maxDelay[topic][p] > settings.lagThresholdSeconds() && maxBacklog[topic][p] > 0) {
            lagging.add(
                new PartitionLag(
                    IngestionTopics.ALL.get(topic),
                    p,
                    maxBacklog[topic][p],
                    maxDelay[topic][p],
                    laggingSeconds[topic][p]));
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
          timeline.moments());
    }
  }

  /**
   * Requests refused and not yet retried, by the retry they come back as. A refused attempt comes
   * back after the client's next wait (at least one step later); after the last retry it is given
   * up.
   */
  static final class RetryQueue {
    private final int[] waitSteps;
    private final double[][] due; // due[k][slot]: retry k+1 arriving at that step (ring)
    private final double[] arriving; // this step's attempts: [0] fresh, [k] retry k
    private double pending;

    RetryQueue(RetrySchedule schedule, double dt) {
      int n = schedule.retries();
      waitSteps = new int[n];
      int longest = 1;
      for (int k = 0; k < n; k++) {
        waitSteps[k] = (int) Math.max(1, Math.round(schedule.waitBefore(k + 1) / dt));
        longest = Math.max(longest, waitSteps[k]);
      }
      due = new double[n][longest + 1];
      arriving = new double[n + 1];
    }

    /** This step's attempts: {@code fresh} requests and the retries due now. */
    double arrive(int step, double fresh) {
      arriving[0] = fresh;
      double all = fresh;
      for (int k = 0; k < due.length; k++) {
        int slot = step % due[k].length;
        arriving[k + 1] = due[k][slot];
        due[k][slot] = 0;
        pending -= arriving[k + 1];
        all += arriving[k + 1];
      }
      return all;
    }

    /**
     * Capture refused {@code fraction} of this step's attempts: each comes back as its next retry,
     * or is given up after the last.
     *
     * @return requests given up
     */
    double refuse(int step, double fraction) {
      if (fraction <= 0) {
        return 0;
      }
      double givenUp = arriving[arriving.length - 1] * fraction;
      for (int k = 0; k < due.length; k++) {
        double back = arriving[k] * fraction;
        if (back > 0) {
          due[k][(step + waitSteps[k]) % due[k].length] += back;
          pending += back;
        }
      }
      return givenUp;
    }

    double pending() {
      return Math.max(0, pending);
    }
  }

  /** The last few steps' requests offered and events produced, for the autoscaler's rates. */
  private static final class Window {
    private final double[] offered;
    private final double[] produced;
    private final double dt;
    private int next;
    private double offeredSum;
    private double producedSum;

    Window(int steps, double dt) {
      this.offered = new double[steps];
      this.produced = new double[steps];
      this.dt = dt;
    }

    void add(double offeredRequests, double producedEvents) {
      offeredSum += offeredRequests - offered[next];
      producedSum += producedEvents - produced[next];
      offered[next] = offeredRequests;
      produced[next] = producedEvents;
      next = (next + 1) % offered.length;
    }

    double offeredPerSecond() {
      return Math.max(0, offeredSum) / (offered.length * dt);
    }

    double producedPerSecond() {
      return Math.max(0, producedSum) / (produced.length * dt);
    }
  }

  /** Folds steps into timeline points of a fixed span. */
  private static final class Timeline {
    private final double span;
    private final List<Moment> moments = new ArrayList<>();
    private double start = Double.NaN;
    private double seconds;
    private double offered;
    private double refused;
    private double admitted;
    private double consumed;
    private double worst;
    private double longestWait;
    private double stepLongestWait;
    private double backlog;
    private Autoscaler.Sizes sizes;
    private double capacity;

    Timeline(double span) {
      this.span = span;
    }

    /** An event consumed in the current step waited {@code wait}. */
    void served(double wait) {
      stepLongestWait = Math.max(stepLongestWait, wait);
    }

    void add(
        double t,
        double dt,
        double offeredEvents,
        double refusedRequests,
        double admittedEvents,
        double consumedEvents,
        double backlogEvents,
        double worstPartition,
        Autoscaler.Sizes s,
        double capacityEventsPerSecond) {
      if (Double.isNaN(start)) {
        start = t;
      }
      offered += offeredEvents;
      refused += refusedRequests;
      admitted += admittedEvents;
      consumed += consumedEvents;
      worst = Math.max(worst, worstPartition);
      longestWait = Math.max(longestWait, stepLongestWait);
      stepLongestWait = 0;
      backlog = backlogEvents;
      sizes = s;
      capacity = capacityEventsPerSecond;
      seconds += dt;
      if (seconds >= span - 1e-9) {
        flush();
      }
    }

    private void flush() {
      moments.add(
          new Moment(
              start,
              offered / seconds,
              refused / seconds,
              admitted / seconds,
              consumed / seconds,
              backlog,
              worst,
              longestWait,
              sizes.consumers(),
              sizes.captureReplicas(),
              capacity));
      start = Double.NaN;
      seconds = 0;
      offered = 0;
      refused = 0;
      admitted = 0;
      consumed = 0;
      worst = 0;
      longestWait = 0;
    }

    List<Moment> moments() {
      if (seconds > 0) {
        flush();
      }
      return moments;
    }
  }
}
