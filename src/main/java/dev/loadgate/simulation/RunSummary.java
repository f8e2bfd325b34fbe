package dev.loadgate.simulation;

import java.util.List;

/**
 * {@code summary.json}: what one simulation run sent, what the pipeline did with it, and how that
 * compares with the plan (SPEC §5; snake_case in JSON). Counts are of this run only. Consumer-side
 * fields are null when the target has no {@code /stats} (a capture endpoint that is not
 * loadgate's).
 *
 * @param predictedPartitionShares share of accepted events per partition of {@code
 *     partitions.topic}, from the plan's model (overflowed events are on no partition, so these sum
 *     to 1 − predicted overflow share)
 * @param measuredPartitionShares the same, measured: partition events ÷ events consumed
 * @param maxShareError largest |predicted − measured| over the partitions
 * @param latencyMs capture's response times as the load generator saw them (this run)
 * @param captureLatencyMs capture's own request-to-answer times, since the stack started (a local
 *     stack's includes its warm-up)
 * @param capacityModel the model's capacity next to the stack's (SPEC §5)
 * @param timeline each second of the run, measured (empty when the target has no timeline)
 * @param predictedTimeline each second of the run as the model predicts it
 */
public record RunSummary(
    String profile,
    String customer,
    String startedAt,
    Target target,
    ScaleUsed scale,
    Requests requests,
    Events events,
    Long orderingViolations,
    Long overflowReordered,
    Partitions partitions,
    List<Double> predictedPartitionShares,
    List<Double> measuredPartitionShares,
    Double maxShareError,
    Shares overflow,
    Shares rateLimited,
    List<StageResult> stages,
    Lag lag,
    LocalConsumers localConsumers,
    Latency latencyMs,
    Latency captureLatencyMs,
    PlanRef plan,
    List<Fault> faults,
    CapacityModel capacityModel,
    List<TimelinePoint> timeline,
    List<TimelinePoint> predictedTimeline,
    List<Check> checks) {

  public RunSummary {
    predictedPartitionShares = List.copyOf(predictedPartitionShares);
    measuredPartitionShares =
        measuredPartitionShares == null ? null : List.copyOf(measuredPartitionShares);
    stages = List.copyOf(stages);
    faults = List.copyOf(faults);
    timeline = List.copyOf(timeline);
    predictedTimeline = List.copyOf(predictedTimeline);
    checks = List.copyOf(checks);
  }

  /**
   * @param local true when the simulation started the stack itself
   * @param stats whether the target serves loadgate's {@code /stats} (consumer-side counts)
   */
  public record Target(String url, boolean local, boolean stats, String kafka) {}

  /**
   * @param reason why these factors (defaults, or given)
   * @param overflowPerDistinctIdEventsPerSecond the overflow limit the local stack ran with
   * @param overflowBurst the overflow burst the local stack ran with
   * @param rateLimitPerTokenEventsPerSecond the per-token rate limit the local stack ran with
   */
  public record ScaleUsed(
      double rate,
      double time,
      String reason,
      double durationSeconds,
      double peakEventsPerSecond,
      double overflowPerDistinctIdEventsPerSecond,
      double overflowBurst,
      double rateLimitPerTokenEventsPerSecond) {}

  /**
   * Requests by final outcome; {@code retries} are the extra attempts after a 503 or no answer, as
   * an SDK retries (same body, same uuids).
   */
  public record Requests(
      long sent,
      long ok,
      long rateLimited,
      long clientErrors,
      long serverErrors,
      long noResponse,
      long retries) {}

  /**
   * A fault injected during the run, and what clients saw of it.
   *
   * @param killedAtSeconds when the broker or consumer was killed, from the start of the load
   * @param restartedAtSeconds when the restarted broker was up again, or the replacement consumer
   *     joined
   * @param errorSpanSeconds from the first to the last 503 or unanswered attempt (0 if none)
   */
  public record Fault(
      String kind, double killedAtSeconds, double restartedAtSeconds, double errorSpanSeconds) {}

  /** {@code lost}: acked by capture, never consumed. Must be 0. */
  public record Events(
      long sent,
      long acked,
      Long consumed,
      Long lost,
      Long duplicates,
      Long overflowed,
      Long historical) {}

  /**
   * @param events per partition of {@code topic}, consumed
   * @param skew hottest ÷ mean
   */
  public record Partitions(
      String topic, int count, List<Long> events, Integer hottest, Double skew) {}

  public record Shares(double predicted, Double measured) {}

  /**
   * One stage of the profile as replayed.
   *
   * @param targetEventsPerSecond mean over the stage; null for an at-once burst
   * @param ratio events sent ÷ target events (1 = the shape was kept)
   */
  public record StageResult(
      int stage,
      String injection,
      double seconds,
      Double targetEventsPerSecond,
      Double achievedEventsPerSecond,
      long targetEvents,
      long eventsSent,
      long eventsAcked,
      double ratio) {}

  /**
   * @param maxRecords the consumers' largest lag (records produced, not yet committed)
   * @param maxSeconds the largest capture-to-consumed delay of an event
   * @param predictedMaxRecords the largest backlog the calibrated local consumers should build
   * @param predictedMaxSeconds the longest an event should wait in that backlog
   * @param readingsMissing lag readings that failed (the broker away, a rebalance): they are absent
   *     from {@code maxRecords}, not a value in it
   * @param missingReason why the last of them failed; null when none did
   */
  public record Lag(
      Long maxRecords,
      Double maxSeconds,
      Double predictedMaxRecords,
      Double predictedMaxSeconds,
      Long readingsMissing,
      String missingReason) {}

  /**
   * What the prediction assumed of the local stack's consumers.
   *
   * @param pipelineFile the calibrated rates used ({@code loadgate calibrate}), or the pipeline
   *     file when there is none
   * @param calibrated false when the rates are the production pipeline's, not this machine's
   * @param cMixEventsPerSecond one consumer thread's rate on the profile's event mix
   * @param capacityEventsPerSecond min(consumers, partitions) × c_mix
   */
  public record LocalConsumers(
      String pipelineFile,
      boolean calibrated,
      int consumers,
      double cMixEventsPerSecond,
      double capacityEventsPerSecond) {}

  /** Percentiles in ms; {@code max} is null where the source does not keep it. */
  public record Latency(double p50, double p95, double p99, double p999, Double max) {}

  /** The plan's answer for the customer's real load (the pipeline file, unscaled). */
  public record PlanRef(
      String verdict,
      String classification,
      double peakEventsPerSecond,
      List<String> hotDistinctIds,
      Integer hottestPartition,
      boolean orderingRisk) {}

  /** What the run was held to: the same conditions Gatling's assertions enforce. */
  public record Check(String name, String expected, String actual, boolean ok) {}

  /** True when every check held. */
  public boolean passed() {
    return checks.stream().allMatch(Check::ok);
  }
}
