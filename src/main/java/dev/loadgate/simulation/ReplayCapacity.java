package dev.loadgate.simulation;

import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RetrySchedule;
import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Capacity in miniature (SPEC §5, production mode): the local stack runs the scaled pipeline's own
 * capacities, the model runs on the same scaled curve and pipeline, and the two are compared. Holds
 * the prediction, what the stack is started with, and how a measured timeline becomes {@code
 * capacity_model} and its checks.
 */
public final class ReplayCapacity {
  /**
   * Below this scaled reaction time the autoscaler's steps are not measurable here: a consumer
   * group rebalance took 0.3-0.6 s on a 2-core machine and the stack samples every 0.1 s.
   */
  static final double MIN_REACTION_SECONDS = 3.0;

  /**
   * Below this scaled policy delay a READY load cannot be shown to hold it: the stack's own delay
   * (producer linger, fetch, pacing, a young collection on a busy 2-core machine) reaches about a
   * second now and then, the lag threshold.
   */
  static final double MIN_POLICY_SECONDS = 2.0;

  /**
   * How long the stack's consumer group stops when the autoscaler adds consumers: Kafka's eager
   * rebalance, every member giving its partitions up until all have new ones. Measured on a 2-core
   * machine: 0.36-0.4 s for 4 to 17 members (the steps' {@code rebalance_seconds}).
   */
  static final double REBALANCE_SECONDS = 0.4;

  /**
   * The lag threshold at least: the stack's own delay when it keeps up is up to about 0.3 s, and a
   * young collection on a busy 2-core machine (0.1-0.4 s) with the events queued behind it reached
   * 0.8 s at the start of a nightly run; that is noise, not lag.
   */
  static final double MIN_LAG_THRESHOLD_SECONDS = 1.0;

  /**
   * ...and at least this many events of one scaled consumer: a consumer at 80-90% of its rate
   * queues a few dozen events now and then (single events arriving at random), which on a consumer
   * scaled down to tens of events/s is most of a second; that is noise, not lag.
   */
  static final double LAG_THRESHOLD_EVENTS = 40;

  /** The measurement floor for a run whose scaled consumers each take {@code mix} events/s. */
  public static double lagThreshold(Double given, double mix) {
    return given != null ? given : Math.max(MIN_LAG_THRESHOLD_SECONDS, LAG_THRESHOLD_EVENTS / mix);
  }

  /** The stack's autoscaler sizes on the last 2 s of requests and events (20 ticks). */
  static final double DECISION_WINDOW_SECONDS = 2.0;

  /**
   * The least burst capture takes, in seconds of its capacity. A second of production scaled by
   * scale.time can be a few requests; on a busy 2-core machine the load generator sends in clumps
   * of tens of milliseconds, and a bucket that shallow would refuse requests capture has room for.
   */
  static final double MIN_CAPTURE_BURST_SECONDS = 0.25;

  /**
   * The scaled pipeline as the stack runs it in production mode (and the model with it): capture's
   * burst at least {@link #MIN_CAPTURE_BURST_SECONDS}.
   */
  public static Pipeline measurable(Pipeline scaled) {
    // A pipeline's lanes are replayed: the stack runs a consumer group per lane, each with its
    // own autoscaler, as the model does.
    Pipeline.Capture c = scaled.capture();
    if (c.burstSeconds() >= MIN_CAPTURE_BURST_SECONDS) {
      return scaled;
    }
    return new Pipeline(
            scaled.partitions(),
            scaled.consumers(),
            scaled.consumerEventsPerSecond(),
            scaled.appsCostFactor(),
            new Pipeline.Capture(
                c.replicas(),
                c.requestsPerSecondPerReplica(),
                c.maxRequestBytes(),
                MIN_CAPTURE_BURST_SECONDS,
                c.autoscaler()),
            scaled.autoscaling(),
            scaled.overflow(),
            scaled.rateLimit(),
            scaled.policy())
        .withIngestion(scaled.lanes(), scaled.consumer(), scaled.personlessCostFactor());
  }

  /**
   * The lane the load's own events go to ({@code historical} for an import, else {@code main}), or
   * null when the pipeline has one consumer group.
   */
  public String loadLane() {
    if (scaledPipeline.lanes() == null) {
      return null;
    }
    return traffic.historical() ? "historical" : "main";
  }

  /** A run's steps: fine enough that retries (0.5 s × scale.time) land a step or two later. */
  public static final double MIN_STEP_SECONDS = 0.02;

  private final Scale scale;
  private final Pipeline scaledPipeline;
  private final double lagThresholdSeconds;
  private final double mixEventsPerSecond;
  private final RetrySchedule retries;
  private final IngestionModel.Result predicted;
  private final int eventsPerRequest;
  private final IngestionModel.Traffic traffic;
  private final double refusedAnswerSeconds;

  public ReplayCapacity(
      Scale scale,
      Pipeline scaledPipeline,
      IngestionModel.Traffic traffic,
      double mixEventsPerSecond,
      double lagThresholdSeconds) {
    this(scale, scaledPipeline, traffic, mixEventsPerSecond, lagThresholdSeconds, 0);
  }

  private ReplayCapacity(
      Scale scale,
      Pipeline scaledPipeline,
      IngestionModel.Traffic traffic,
      double mixEventsPerSecond,
      double lagThresholdSeconds,
      double refusedAnswerSeconds) {
    this.scale = scale;
    this.scaledPipeline = scaledPipeline;
    this.lagThresholdSeconds = lagThresholdSeconds;
    this.mixEventsPerSecond = mixEventsPerSecond;
    this.retries = RetrySchedule.SDK.scaled(scale.time());
    this.eventsPerRequest = traffic.eventsPerRequest();
    this.traffic = traffic;
    this.refusedAnswerSeconds = refusedAnswerSeconds;
    this.predicted =
        IngestionModel.simulate(
            traffic,
            IngestionModel.Capacity.of(scaledPipeline, mixEventsPerSecond),
            new IngestionModel.Settings(
                retries.afterAnswers(refusedAnswerSeconds),
                lagThresholdSeconds,
                3000,
                MIN_STEP_SECONDS,
                1.0,
                REBALANCE_SECONDS,
                DECISION_WINDOW_SECONDS),
            scaledPipeline.policy().sloSeconds());
  }

  /** Each tier: the model's share of the load's events within it, and the stack's. */
  private List<CapacityModel.SloShare> slo(CapacityComparison.Measured measured) {
    List<CapacityModel.SloShare> tiers = new ArrayList<>();
    dev.loadgate.plan.DelayTally counted = predicted.allDelays();
    List<Pipeline.SloTier> slo = scaledPipeline.policy().slo();
    double[] counts = counted == null ? new double[0] : counted.withinSeconds();
    for (int i = 0; i < counts.length; i++) {
      double within = counts[i]; // the delay the model counted against
      tiers.add(
          new CapacityModel.SloShare(
              round(within),
              slo.get(i).objective(),
              Math.round(counted.loadWithin(i) * 1e6) / 1e6,
              measured == null || measured.delays() == null
                  ? null
                  : Math.round(
                          dev.loadgate.simulation.DelayHistograms.within(measured.delays(), within)
                              * 1e6)
                      / 1e6));
    }
    return tiers;
  }

  /**
   * The prediction for the clients this run had: each waited {@code seconds} on average for capture
   * to answer a refused request before its retry clock started. In production that answer takes
   * milliseconds; on a busy 2-core machine 30 ms to over 100 ms, against scaled waits of 5 to 80 ms
   * (×0.01): the retries arrive later and more of them are admitted after capture has scaled, so
   * the replay is held to the model of the clients it really had. The same as this when nothing was
   * refused.
   */
  ReplayCapacity answeredAfter(double seconds) {
    if (!(seconds > 0)) {
      return this;
    }
    return new ReplayCapacity(
        scale, scaledPipeline, traffic, mixEventsPerSecond, lagThresholdSeconds, seconds);
  }

  /**
   * The most request attempts per second (first tries and retries) the model expects the replay's
   * clients to send at {@code scale}: a denial of service sends each refused request up to five
   * more times.
   */
  public static double peakAttemptsPerSecond(
      Scale scale,
      Pipeline pipeline,
      dev.loadgate.profile.IntakeProfile profile,
      dev.loadgate.plan.RateCurve curve,
      int epr,
      dev.loadgate.simulation.DistinctIdSampler ids,
      boolean historical) {
    Pipeline scaledPipeline = measurable(scale.apply(pipeline));
    double mix =
        dev.loadgate.plan.ConsumerMix.eventsPerSecond(
            profile.eventTypes(), scaledPipeline, Boolean.TRUE.equals(profile.appsEnabled()));
    ReplayCapacity r =
        new ReplayCapacity(
            scale,
            scaledPipeline,
            dev.loadgate.simulation.ReplayTraffic.of(
                profile.token(), historical, ids, scale.apply(curve), epr, scaledPipeline),
            mix,
            lagThreshold(null, mix));
    double most = 0;
    for (IngestionModel.Moment m : r.predicted.timeline()) {
      most = Math.max(most, m.offeredEventsPerSecond() / epr);
    }
    return most;
  }

  /**
   * The least time scale at which the scaled pipeline is measurable here: its reaction time at
   * least {@link #MIN_REACTION_SECONDS} and, for a READY load, its policy at least {@link
   * #MIN_POLICY_SECONDS}.
   */
  public static double minimumTimeScale(Pipeline pipeline, boolean ready) {
    double reaction = pipeline.autoscaling().reactionTime().toMillis() / 1000.0;
    double policy = pipeline.policy().maxIngestionDelay().toMillis() / 1000.0;
    return Math.max(MIN_REACTION_SECONDS / reaction, ready ? MIN_POLICY_SECONDS / policy : 0);
  }

  /** Why this run may not measure what it claims, each with what to do; empty when all is well. */
  public List<String> warnings(boolean ready, double localConsumerEventsPerSecond) {
    List<String> w = new ArrayList<>();
    double reaction = reactionSeconds();
    if (reaction < MIN_REACTION_SECONDS - 1e-9) {
      w.add(
          String.format(
              Locale.ROOT,
              "the autoscaler's reaction time scales to %.2f s, below the %.0f s this stack measures (a group rebalance takes up to 0.6 s, the stack samples every 0.1 s): its steps will not be on time; pass -Dscale.time=%s or more",
              reaction,
              MIN_REACTION_SECONDS,
              Fmt.factor(scale.time() * MIN_REACTION_SECONDS / reaction)));
    }
    if (ready && policySeconds() < MIN_POLICY_SECONDS - 1e-9) {
      w.add(
          String.format(
              Locale.ROOT,
              "the policy's delay scales to %.2f s, below the %.1f s the stack's own delay leaves room for: pass -Dscale.time=%s or more",
              policySeconds(),
              MIN_POLICY_SECONDS,
              Fmt.factor(scale.time() * MIN_POLICY_SECONDS / policySeconds())));
    }
    if (localConsumerEventsPerSecond > 0 && mixEventsPerSecond > localConsumerEventsPerSecond) {
      w.add(
          String.format(
              Locale.ROOT,
              "one scaled consumer must take %s, more than one consumer thread takes end to end on this machine (about %s): measured delays will be longer than the model's; pass a smaller -Dscale.rate",
              Fmt.rate(mixEventsPerSecond),
              Fmt.rate(localConsumerEventsPerSecond)));
    }
    String batch = batchWarning(scaledPipeline, scale, mixEventsPerSecond, policySeconds());
    if (batch != null) {
      w.add(batch);
    }
    return w;
  }

  /**
   * A scaled consumer batch held at {@link Scale#MIN_BATCH} lasts longer, on the production clock,
   * than the pipeline's own batch: each event waits up to one batch's time. Said when that wait is
   * over a quarter of the policy's delay, where it could decide the run's delay check.
   */
  static String batchWarning(Pipeline scaled, Scale scale, double mix, double policySeconds) {
    Pipeline.Consumer k = scaled.consumer();
    if (k == null || k.batchSize() > Scale.MIN_BATCH || !(mix > 0)) {
      return null;
    }
    double batchSeconds = k.batchSize() / mix;
    if (batchSeconds <= policySeconds / 4) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "a consumer batch scales to fewer than %d events and is held at %d: one batch takes %.2f s"
            + " here (%s production-equivalent), over a quarter of the policy's %.2f s, so measured"
            + " delays include up to that much the pipeline's own batches do not; pass a larger"
            + " -Dscale.time",
        Scale.MIN_BATCH,
        k.batchSize(),
        batchSeconds,
        Fmt.seconds(batchSeconds / scale.time()),
        policySeconds);
  }

  /** What the stack is started with, beside the scaled pipeline file. */
  public List<String> stackArgs() {
    return List.of(
        "--capacity",
        "production",
        "--lag-threshold",
        String.valueOf(lagThresholdSeconds),
        "--mix-events-per-second",
        String.valueOf(mixEventsPerSecond),
        "--autoscale-on-arm");
  }

  /** One scaled consumer's events/s on the load's mix. */
  public double mixEventsPerSecond() {
    return mixEventsPerSecond;
  }

  /** The client's retry waits, on the run's clock. */
  public RetrySchedule retries() {
    return retries;
  }

  IngestionModel.Result predicted() {
    return predicted;
  }

  double policySeconds() {
    return scaledPipeline.policy().maxIngestionDelay().toMillis() / 1000.0;
  }

  double reactionSeconds() {
    return scaledPipeline.autoscaling().reactionTime().toMillis() / 1000.0;
  }

  /** Seconds the model takes to drain after the load, for the drain's timeout. */
  public Duration predictedDrain(double loadSeconds) {
    List<IngestionModel.Moment> t = predicted.timeline();
    double end = t.isEmpty() ? 0 : t.get(t.size() - 1).seconds() + 1;
    return Duration.ofMillis((long) (Math.max(0, end - loadSeconds) * 1000));
  }

  /**
   * The share of request attempts Gatling should see fail: 503s for capacity and 429s, as the model
   * predicts them.
   */
  double failedAttemptShare() {
    double attempts = predicted.attempts();
    return attempts > 0
        ? (predicted.refusedAttempts() + predicted.rateLimitedEvents() / eventsPerRequest)
            / attempts
        : 0;
  }

  /** {@code capacity_model}; measured is null when the stack served no timeline. */
  CapacityModel model(CapacityComparison.Measured measured) {
    CapacityModel.Outcome p = CapacityComparison.predicted(predicted);
    double time = scale.time();
    return new CapacityModel(
        "production",
        policySeconds(),
        lagThresholdSeconds,
        p,
        measured == null ? null : measured.outcome(),
        new CapacityModel.ProductionEquivalent(
            round(p.maxDelaySeconds() / time),
            measured == null ? null : round(measured.outcome().maxDelaySeconds() / time),
            round(policySeconds() / time)),
        measured == null ? List.of() : measured.stalls(),
        refusedAnswerSeconds > 0 ? round(refusedAnswerSeconds) : null,
        slo(measured),
        reroutes(measured));
  }

  /** Each hot key the model's capture judged, with what the stack's capture did with it. */
  private List<CapacityModel.Reroute> reroutes(CapacityComparison.Measured measured) {
    List<CapacityModel.Reroute> out = new ArrayList<>();
    for (IngestionModel.KeyReroute k : predicted.reroutes()) {
      CapacityComparison.KeyRerouted m =
          measured == null
              ? null
              : measured.rerouted().stream()
                  .filter(r -> r.distinctId().equals(k.distinctId()))
                  .findFirst()
                  .orElse(null);
      out.add(
          new CapacityModel.Reroute(
              k.distinctId(),
              k.forced(),
              Double.isNaN(k.reroutedFromSeconds()) ? null : round(k.reroutedFromSeconds()),
              m == null ? null : m.fromSeconds(),
              Math.round(k.reroutedEvents()),
              measured == null ? null : m == null ? 0L : m.events()));
    }
    return out;
  }

  List<TimelinePoint> predictedTimeline() {
    return CapacityComparison.predictedTimeline(predicted);
  }

  List<RunSummary.Check> checks(Plan plan, CapacityModel cm, long eventsSent) {
    return CapacityComparison.checks(
        plan.verdict().name(),
        plan.classification() == null ? null : plan.classification().name(),
        cm,
        eventsSent);
  }

  /** The banner's lines about the capacities the stack runs and what the model expects. */
  public List<String> banner() {
    Pipeline p = scaledPipeline;
    CapacityModel.Outcome o = CapacityComparison.predicted(predicted);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "capacity: production: %d consumers x %s (up to %d), capture %d x %s req/s (up to %d), autoscaler after %.2f s, policy %.2f s",
            p.consumers(),
            Fmt.rate(mixEventsPerSecond),
            Math.min(p.autoscaling().maxConsumers(), p.partitions()),
            p.capture().replicas(),
            Fmt.num(p.capture().requestsPerSecondPerReplica()),
            p.autoscaling().maxCaptureReplicas(),
            reactionSeconds(),
            policySeconds()));
    if (p.lanes() != null) {
      StringBuilder l = new StringBuilder("lanes: a consumer group and an autoscaler each:");
      for (int i = 0; i < Pipeline.Lanes.NAMES.size(); i++) {
        l.append(i == 0 ? " " : ", ")
            .append(Pipeline.Lanes.NAMES.get(i))
            .append(' ')
            .append(p.lanes().get(i).consumers())
            .append(" (up to ")
            .append(Math.min(p.lanes().get(i).maxConsumers(), p.partitions()))
            .append(')');
      }
      lines.add(l.append("; the load's own: ").append(loadLane()).toString());
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "model: max delay %.2f s (%s production-equivalent), %s events refused, %s, %d autoscaler step%s",
            o.maxDelaySeconds(),
            Fmt.seconds(o.maxDelaySeconds() / scale.time()),
            Fmt.num(o.rejectedEvents()),
            o.worstPartition() == null
                ? "no partition lags"
                : "worst partition "
                    + o.worstPartition().partition()
                    + " of "
                    + o.worstPartition().topic(),
            o.autoscalerSteps().size(),
            o.autoscalerSteps().size() == 1 ? "" : "s"));
    return lines;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
