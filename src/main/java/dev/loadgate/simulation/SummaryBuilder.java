package dev.loadgate.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.Plan;
import dev.loadgate.wire.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.json} from what a run measured: the client's tally, the stack's counters (this
 * run's: now less the baseline read before it), its timeline, and the run's plan. Every check the
 * run is held to is decided here, once, so the summary and Gatling's assertions agree.
 */
public final class SummaryBuilder {
  private final RunPlan run;
  private final RunTally tally;
  private final JsonNode baseline;

  public SummaryBuilder(RunPlan run, RunTally tally, JsonNode baseline) {
    this.run = run;
    this.tally = tally;
    this.baseline = baseline;
  }

  /**
   * @param stats the stack's {@code /stats} after the drain, or null (no loadgate stack)
   * @param timeline the stack's {@code /timeline} after the drain, or null
   */
  public RunSummary build(
      JsonNode stats,
      Timeline timeline,
      RunSummary.Target target,
      String startedAt,
      List<RunSummary.Fault> faults) {
    return build(stats, timeline, target, startedAt, faults, List.of());
  }

  /** The same, held to {@code extra} checks too (a merged run's). */
  public RunSummary build(
      JsonNode stats,
      Timeline timeline,
      RunSummary.Target target,
      String startedAt,
      List<RunSummary.Fault> faults,
      List<RunSummary.Check> extra) {
    Prediction prediction = run.prediction();
    RunSummary.Requests r = tally.requests();
    String topicField =
        run.profile().kind() == dev.loadgate.profile.Kind.HISTORICAL_IMPORT
            ? "historical_partition_events"
            : "main_partition_events";
    List<Long> partitionEvents = stats == null ? null : deltas(stats, topicField);
    Long consumed = stats == null ? null : delta(stats, "events_consumed");
    Long acked = stats == null ? null : delta(stats, "events_acked");
    Long overflowed = stats == null ? null : delta(stats, "events_overflowed");
    List<Double> measured = null;
    Integer hottest = null;
    Double skew = null;
    Double maxError = null;
    if (partitionEvents != null && consumed != null && consumed > 0) {
      measured = new ArrayList<>();
      for (long n : partitionEvents) {
        measured.add(n / (double) consumed);
      }
      hottest = Prediction.hottest(measured);
      skew = Prediction.skew(measured);
      maxError = 0.0;
      List<Double> predicted = prediction.partitionShares();
      for (int p = 0; p < Math.min(predicted.size(), measured.size()); p++) {
        maxError = Math.max(maxError, Math.abs(predicted.get(p) - measured.get(p)));
      }
    }
    RunSummary.Events events =
        new RunSummary.Events(
            tally.eventsSent(),
            acked != null ? acked : tally.eventsAcked(),
            consumed,
            stats == null ? null : lostEvents(stats),
            stats == null ? null : delta(stats, "duplicates"),
            overflowed,
            stats == null ? null : delta(stats, "events_historical"));
    RunSummary.Latency latency =
        new RunSummary.Latency(
            tally.latencyMillis(50),
            tally.latencyMillis(95),
            tally.latencyMillis(99),
            tally.latencyMillis(99.9),
            (double) tally.maxLatencyMillis());
    RunSummary.Latency captureLatency = null;
    if (stats != null && stats.has("capture_latency_ms")) {
      JsonNode c = stats.get("capture_latency_ms");
      captureLatency =
          new RunSummary.Latency(
              c.path("p50").asDouble(),
              c.path("p95").asDouble(),
              c.path("p99").asDouble(),
              c.path("p999").asDouble(),
              null);
    }

    // Capacity: the model next to the stack's timeline (production mode), or the timeline alone.
    ReplayCapacity replay = replay();
    CapacityComparison.Measured capacity = measured(timeline);
    CapacityModel model = replay == null ? null : replay.model(capacity);

    List<RunSummary.Check> checks = new ArrayList<>();
    Long lost = events.lost();
    if (lost != null) {
      checks.add(
          new RunSummary.Check(
              "nothing lost (acked events all consumed)", "0", lost.toString(), lost == 0));
    }
    double expected = expectedFailedShare();
    double tol = failedShareTolerance();
    // As Gatling counts them: every attempt is a request, a retry too.
    long attempts = r.sent() + r.retries();
    double failedShare = attempts > 0 ? (attempts - r.ok()) / (double) attempts : 0;
    checks.add(
        new RunSummary.Check(
            replay == null
                ? "429 share as the plan expects (failed requests, 429s included)"
                : "failed requests as the model expects (429s, and 503s for capacity, of every attempt)",
            String.format(
                Locale.ROOT,
                "%.1f%% .. %.1f%%",
                100 * Math.max(0, expected - tol),
                100 * (expected + tol)),
            String.format(Locale.ROOT, "%.2f%%", 100 * failedShare),
            failedShare <= expected + tol && failedShare >= expected - tol));
    checks.add(
        new RunSummary.Check(
            "capture p99 response time",
            "< " + run.settings().p99BoundMillis() + " ms",
            latency.p99() + " ms",
            latency.p99() < run.settings().p99BoundMillis()));
    if (model != null) {
      checks.addAll(replay.checks(run.plan(), model, tally.eventsSent()));
    }
    checks.addAll(extra);

    Plan plan = run.plan();
    return new RunSummary(
        run.profile().name(),
        run.profile().customer(),
        startedAt,
        target,
        new RunSummary.ScaleUsed(
            run.scale().rate(),
            run.scale().time(),
            run.scaleReason(),
            round(run.shape().durationSeconds(), 3),
            round(run.scaledCurve().peak(), 3),
            run.scaledPipeline().overflow().enabled()
                ? round(run.scaledPipeline().overflow().perDistinctIdEventsPerSecond(), 3)
                : 0,
            round(run.scaledPipeline().overflow().burst(), 3),
            round(run.scaledPipeline().rateLimit().perTokenEventsPerSecond(), 3)),
        r,
        events,
        stats == null ? null : delta(stats, "ordering_violations"),
        stats == null ? null : delta(stats, "overflow_reordered"),
        new RunSummary.Partitions(
            prediction.topic(),
            run.scaledPipeline().partitions(),
            partitionEvents,
            hottest,
            skew == null ? null : round(skew, 3)),
        prediction.partitionShares().stream().map(v -> round(v, 5)).toList(),
        measured == null ? null : measured.stream().map(v -> round(v, 5)).toList(),
        maxError == null ? null : round(maxError, 5),
        new RunSummary.Shares(
            round(prediction.overflowShare(), 5),
            overflowed == null || consumed == null || consumed == 0
                ? null
                : round(overflowed / (double) consumed, 5)),
        new RunSummary.Shares(
            round(prediction.rateLimitedShare(), 5),
            round(r.sent() > 0 ? r.rateLimited() / (double) r.sent() : 0, 5)),
        stages(),
        lag(stats),
        run.localConsumers(),
        latency,
        captureLatency,
        new RunSummary.PlanRef(
            plan.verdict().name(),
            plan.classification() == null ? null : plan.classification().name(),
            plan.peakEventsPerSecond(),
            plan.hotDistinctIds().stream().map(Plan.HotDistinctId::distinctId).toList(),
            plan.hottestPartition() == null ? null : plan.hottestPartition().partition(),
            plan.orderingRisk()),
        faults,
        model,
        capacity == null ? List.<TimelinePoint>of() : capacity.timeline(),
        replay == null ? List.<TimelinePoint>of() : replay.predictedTimeline(),
        checks);
  }

  /** The stack's timeline on the load's clock, with what the client offered and gave up on. */
  private CapacityComparison.Measured measured(Timeline timeline) {
    if (timeline == null) {
      return null;
    }
    RunSummary.Requests r = tally.requests();
    long rejected = (r.serverErrors() + r.noResponse()) * run.shape().eventsPerRequest();
    double mix =
        run.replay() != null
            ? run.replay().mixEventsPerSecond()
            : run.localConsumers().cMixEventsPerSecond();
    IngestionModel.Capacity at = IngestionModel.Capacity.of(run.scaledPipeline(), mix);
    int epr = run.shape().eventsPerRequest();
    return CapacityComparison.measured(
        timeline,
        tally.startEpochMillis(),
        tally.offeredEventsBySecond(),
        rejected,
        (consumers, replicas) ->
            run.replay() != null
                ? at.eventsPerSecond(consumers, replicas, epr)
                : Math.min(consumers, run.scaledPipeline().partitions()) * mix,
        run.replay() == null ? null : run.replay().loadLane());
  }

  /**
   * The run's prediction for the clients it had: their retries waited for capture's answers to
   * refused requests ({@link ReplayCapacity#answeredAfter}); null in local mode.
   */
  private ReplayCapacity replay() {
    return run.replay() == null
        ? null
        : run.replay().answeredAfter(tally.meanRefusedLatencyMillis() / 1000);
  }

  /** Production mode's capacity checks on a timeline; none in local mode. */
  public List<RunSummary.Check> capacityChecks(Timeline timeline) {
    ReplayCapacity replay = replay();
    CapacityComparison.Measured m = measured(timeline);
    return replay == null || m == null
        ? List.of()
        : replay.checks(run.plan(), replay.model(m), tally.eventsSent());
  }

  /**
   * The share of requests Gatling should see fail: the 429s the plan's token buckets predict, and
   * in production mode the model's 503s for capacity too (of every attempt, retries included).
   */
  public double expectedFailedShare() {
    return run.replay() == null
        ? run.prediction().rateLimitedShare()
        : replay().failedAttemptShare();
  }

  /** How far the measured share may be: the setting, or a quarter of the expected, if larger. */
  public double failedShareTolerance() {
    double tol = run.settings().rateLimitedTolerance();
    return run.replay() == null ? tol : Math.max(tol, 0.25 * expectedFailedShare());
  }

  private List<RunSummary.StageResult> stages() {
    LoadShape shape = run.shape();
    List<RunSummary.StageResult> stages = new ArrayList<>();
    for (int i = 0; i < shape.steps().size(); i++) {
      LoadShape.Step st = shape.steps().get(i);
      long target = st.requests() * shape.eventsPerRequest();
      long sent = tally.eventsSent(i);
      double seconds = st.seconds();
      stages.add(
          new RunSummary.StageResult(
              st.stage(),
              st.kind().name().toLowerCase(Locale.ROOT),
              round(seconds, 3),
              seconds > 0 ? round(target / seconds, 1) : null,
              seconds > 0 ? round(sent / seconds, 1) : null,
              target,
              sent,
              tally.eventsAcked(i),
              target > 0 ? round(sent / (double) target, 4) : (sent == 0 ? 1.0 : 0.0)));
    }
    return stages;
  }

  private RunSummary.Lag lag(JsonNode stats) {
    var predicted = run.localLag();
    return new RunSummary.Lag(
        stats == null || !stats.hasNonNull("max_lag_records")
            ? null
            : stats.get("max_lag_records").asLong(),
        stats == null ? null : round(stats.path("max_ingestion_delay_seconds").asDouble(), 3),
        predicted == null ? null : round(predicted.maxTotalBacklogEvents(), 1),
        predicted == null ? null : round(predicted.maxDelaySeconds(), 3),
        stats == null ? null : stats.path("lag_readings_missing").asLong(),
        stats == null || !stats.hasNonNull("lag_missing_reason")
            ? null
            : stats.get("lag_missing_reason").asText());
  }

  /**
   * From a {@code /stats} body: events acked but not (yet) consumed. Exact by uuid when the stack
   * reconciles; otherwise acked minus consumed in this run. Null when the body is not stats.
   */
  public Long lostEvents(JsonNode s) {
    if (s == null || !s.has("events_acked")) {
      return null;
    }
    long unconsumed = s.path("events_unconsumed").asLong(-1);
    if (unconsumed >= 0) {
      return unconsumed;
    }
    return Math.max(0, delta(s, "events_acked") - delta(s, "events_consumed"));
  }

  /** A counter of this run: now minus what the target had counted before it. */
  private long delta(JsonNode now, String field) {
    long before = baseline == null ? 0 : baseline.path(field).asLong(0);
    return now.path(field).asLong(0) - before;
  }

  private List<Long> deltas(JsonNode now, String field) {
    List<Long> out = new ArrayList<>();
    JsonNode a = now.path(field);
    JsonNode b = baseline == null ? null : baseline.path(field);
    for (int i = 0; i < a.size(); i++) {
      out.add(a.get(i).asLong() - (b != null && i < b.size() ? b.get(i).asLong() : 0));
    }
    return out;
  }

  static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
