package dev.loadgate.simulation;

import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a customer's load is shrunk to fit this machine: rates are multiplied by {@code rate},
 * durations by {@code time}. Batching, skew, partition count and event mix are kept; the pipeline's
 * rate thresholds scale with the rate so that what overflows (or is rate-limited) in production
 * does here too.
 *
 * @param rate factor on every rate (events/s, requests/s, per-id and per-token limits)
 * @param time factor on every duration
 */
public record Scale(double rate, double time) {
  /** A default run lasts about this long. */
  public static final double TARGET_SECONDS = 60;

  /**
   * What the local stack sustains beside Gatling on a small machine, with room to spare: a default
   * run peaks at no more than this many events/s...
   */
  public static final double LOCAL_MAX_EVENTS_PER_SECOND = 5_000;

  /** ...and no more than this many requests/s (single-event profiles hit this bound first). */
  public static final double LOCAL_MAX_REQUESTS_PER_SECOND = 500;

  /**
   * In production mode, no more request attempts per second than this, retries included (a refused
   * request is cheap for capture, not for the load generator beside it). blitz-single at 2,570
   * attempts/s: the client's median answer took 25-200 ms from run to run on 2 cores, and its
   * retries (5-80 ms apart at ×0.01) came seconds late; at 1,285: 21 ms, as the model expects.
   */
  public static final double LOCAL_MAX_ATTEMPTS_PER_SECOND = 1_500;

  /**
   * The fewest events a scaled consumer batch holds: a batch scaled by rate × time shrinks to a few
   * events, and then a consumer's time goes to polling and committing instead of its events.
   */
  public static final int MIN_BATCH = 50;

  /**
   * A consumer batch of {@code events} at this scale: × rate × time, so it lasts as long on the
   * scaled clock, but never under {@link #MIN_BATCH} (nor above what was asked).
   */
  public int scaledBatch(int events) {
    return (int) Math.min(events, Math.max(MIN_BATCH, Math.round(events * rate * time)));
  }

  public Scale {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("scale.rate must be a number > 0, was " + rate);
    }
    if (!(time > 0) || Double.isInfinite(time)) {
      throw new IllegalArgumentException("scale.time must be a number > 0, was " + time);
    }
  }

  /**
   * The defaults for a curve: time so the run lasts about {@link #TARGET_SECONDS} (never
   * stretched), rate so the peak fits the local budgets (never raised). Either may be given instead
   * (null: use the default).
   */
  public static Scale forCurve(
      RateCurve curve, int eventsPerRequest, Double rateOverride, Double timeOverride) {
    double time =
        timeOverride != null
            ? timeOverride
            : Math.min(1.0, TARGET_SECONDS / Math.max(curve.durationSeconds(), 1e-9));
    double rate = rateOverride != null ? rateOverride : defaultRate(curve.peak(), eventsPerRequest);
    return new Scale(rate, time);
  }

  /**
   * This scale with its rate lowered, if need be, so that {@code peakEvents} events/s and {@code
   * peakRequests} requests/s (the load and what runs beside it) fit the local budgets.
   */
  public Scale fitting(double peakEvents, double peakRequests) {
    double most =
        Math.min(
            peakEvents > 0 ? LOCAL_MAX_EVENTS_PER_SECOND / peakEvents : Double.POSITIVE_INFINITY,
            peakRequests > 0
                ? LOCAL_MAX_REQUESTS_PER_SECOND / peakRequests
                : Double.POSITIVE_INFINITY);
    return most < rate ? new Scale(most, time) : this;
  }

  static double defaultRate(double peakEventsPerSecond, int eventsPerRequest) {
    if (!(peakEventsPerSecond > 0)) {
      return 1.0;
    }
    double byEvents = LOCAL_MAX_EVENTS_PER_SECOND / peakEventsPerSecond;
    double byRequests = LOCAL_MAX_REQUESTS_PER_SECOND * eventsPerRequest / peakEventsPerSecond;
    return Math.min(1.0, Math.min(byEvents, byRequests));
  }

  /** The curve as this run replays it: times × {@code time}, rates × {@code rate}. */
  public RateCurve apply(RateCurve curve) {
    List<RateCurve.Point> scaled = new ArrayList<>(curve.points().size());
    for (RateCurve.Point p : curve.points()) {
      scaled.add(new RateCurve.Point(p.seconds() * time, p.eventsPerSecond() * rate));
    }
    return RateCurve.of(scaled);
  }

  /**
   * The pipeline as the local stack runs it for this scale: the same pipeline, smaller and faster.
   * Every rate is × rate: one consumer's events/s per type, one capture replica's requests/s, the
   * overflow limit, the per-token rate limit. Every time is × time: the autoscaler's reaction time,
   * the policy's delay, capture's burst (seconds of its capacity). The overflow burst is events a
   * key may send above its rate before it overflows; it is drained at the limit's rate, so in
   * scaled time it is worth rate × time of the original (at least one event). Partitions,
   * consumers, replicas and the autoscaler's maxima are kept.
   */
  public Pipeline apply(Pipeline p) {
    Pipeline.Overflow o = p.overflow();
    Map<String, Double> rates = new LinkedHashMap<>();
    p.consumerEventsPerSecond().forEach((type, r) -> rates.put(type, r * rate));
    Pipeline.Capture c = p.capture();
    Pipeline.Autoscaling a = p.autoscaling();
    Pipeline.Consumer k = p.consumer();
    return new Pipeline(
            p.partitions(),
            p.consumers(),
            rates,
            p.appsCostFactor(),
            new Pipeline.Capture(
                c.replicas(),
                c.requestsPerSecondPerReplica() * rate,
                c.maxRequestBytes(),
                c.burstSeconds() * time,
                apply(c.autoscaler())),
            new Pipeline.Autoscaling(
                times(a.reactionTime()), a.maxConsumers(), a.maxCaptureReplicas()),
            new Pipeline.Overflow(
                o.enabled(),
                o.perDistinctIdEventsPerSecond() * rate,
                Math.max(1, o.burst() * rate * time),
                o.limiter(),
                // A window's count is events: rate × time of the original, as the burst.
                Math.max(1, o.threshold() * rate * time),
                times(o.window()),
                times(o.detection()),
                o.forcedKeys()),
            new Pipeline.RateLimit(p.rateLimit().perTokenEventsPerSecond() * rate),
            new Pipeline.Policy(
                times(p.policy().maxIngestionDelay()),
                p.policy().workingHours(),
                p.policy().slo().stream()
                    .map(t -> new Pipeline.SloTier(times(t.within()), t.objective()))
                    .toList(),
                // The window is the month the budget is kept over, not a time the replay runs.
                p.policy().sloWindow()))
        .withIngestion(
            apply(p.lanes(), k == null ? 1 : LAG_THRESHOLD_BATCHES * scaledBatch(k.batchSize())),
            k == null
                ? null
                : new Pipeline.Consumer(
                    // A batch lasts as long, scaled: its events shrink with both scales, down to
                    // MIN_BATCH (docs/capacity-model.md: what the miniature keeps and loses).
                    scaledBatch(k.batchSize()),
                    k.personPerKey() * rate,
                    k.personlessPerKey() * rate),
            p.personlessCostFactor());
  }

  /**
   * A lane's scaled KEDA lag threshold is at least this many scaled consumer batches. A consumer
   * busy with a batch leaves what arrives meanwhile in its partitions, about a batch near its rate:
   * in production 500 events against a threshold of thousands, in the miniature the batch held at
   * {@link #MIN_BATCH} against a threshold scaled to tens (20,000 × 0.11 × 0.033 = 74), so the
   * stack's lanes scaled on batching alone (a long ramp: first step 6 s before the model's, +4 pods
   * where it asked +2). Ten batches keep that under the HPA's 10% tolerance.
   */
  static final int LAG_THRESHOLD_BATCHES = 10;

  /**
   * Each lane's Kubernetes autoscaler on the scaled clock (sizes kept), its lag threshold at least
   * {@code minLagThreshold} events.
   */
  Pipeline.Lanes apply(Pipeline.Lanes l, double minLagThreshold) {
    if (l == null) {
      return null;
    }
    Pipeline.Lane[] lanes = new Pipeline.Lane[3];
    for (int i = 0; i < 3; i++) {
      Pipeline.Lane lane = l.get(i);
      lanes[i] =
          new Pipeline.Lane(
              lane.consumers(), lane.maxConsumers(), apply(lane.autoscaler(), minLagThreshold));
    }
    return new Pipeline.Lanes(lanes[0], lanes[1], lanes[2]);
  }

  /**
   * A Kubernetes autoscaler on the scaled clock: its polling, start-up, scale-up period and
   * cooldown × time; a lane's lag threshold is events, piled up at the scaled rate over the scaled
   * time, so × rate × time (as the overflow burst); the CPU target and the pods per period kept.
   */
  Pipeline.KubeAutoscaler apply(Pipeline.KubeAutoscaler k) {
    return apply(k, 1);
  }

  /** The same, a lane's lag threshold at least {@code minLagThreshold} events. */
  Pipeline.KubeAutoscaler apply(Pipeline.KubeAutoscaler k, double minLagThreshold) {
    return k == null
        ? null
        : new Pipeline.KubeAutoscaler(
            Double.isNaN(k.lagThreshold())
                ? k.lagThreshold()
                : Math.max(minLagThreshold, k.lagThreshold() * rate * time),
            k.cpuTarget(),
            times(k.pollingInterval()),
            times(k.startup()),
            k.scaleUpPods(),
            times(k.scaleUpPeriod()),
            times(k.cooldown()));
  }

  /** A duration on the scaled clock (to the millisecond, at least one). */
  public Duration times(Duration d) {
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * time)));
  }

  /**
   * This scale, slowed to at least {@code minTime} (kept when the time was given, or when it is
   * already at least that).
   */
  public Scale atLeast(double minTime) {
    return time >= minTime ? this : new Scale(rate, Math.min(1.0, minTime));
  }
}
