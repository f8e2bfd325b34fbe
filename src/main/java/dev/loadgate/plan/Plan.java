package dev.loadgate.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The capacity plan for one intake profile (SPEC §4). Field names map to the JSON contract in
 * snake_case. Rates are events/second at the load's peak unless the name says otherwise.
 *
 * @param headroom the load at its tightest beside the live load and approved tests (null on an idle
 *     pipeline)
 * @param suggestedStarts the best starts in working hours (null without a live load)
 * @param besideOverTime the live traffic and approved tests beside the load, as consumer work
 *     counted in the load's events (empty on an idle pipeline)
 * @param timeline the model's moments from the load's start (offered, consumed, backlog, the worst
 *     partition, the longest wait, consumers per lane): what {@code loadgate watch} sets production
 *     beside (SPEC §10)
 */
public record Plan(
    String profile,
    String customer,
    String kind,
    String token,
    Classification classification,
    Verdict verdict,
    List<String> reasons,
    List<String> missingAnswers,
    List<String> assumptions,
    List<String> tellCustomer,
    double peakEventsPerSecond,
    double peakRequestsPerSecond,
    long totalEvents,
    long durationSeconds,
    double reactionTimeSeconds,
    double maxRisePerReactionTime,
    Window maxRiseWindow,
    double capacityNowEventsPerSecond,
    CapacityParts capacityNow,
    double perPartitionCapacityEventsPerSecond,
    PartitionLoad hottestPartition,
    double partitionSkew,
    List<HotDistinctId> hotDistinctIds,
    long tailHotDistinctIds,
    boolean orderingRisk,
    Overflow overflow,
    Scaling scaling,
    Schedule schedule,
    double maxIngestionDelaySeconds,
    long maxBacklogEvents,
    List<PartitionBacklog> partitionBacklog,
    long rejectedEvents,
    double maxIngestionDelayPolicySeconds,
    int partitions,
    List<Double> partitionPeakEventsPerSecond,
    List<TopId> topDistinctIds,
    Tail tail,
    List<RateCurve.Point> rateOverTime,
    List<Autoscaler.Step> capacityOverTime,
    @JsonInclude(JsonInclude.Include.NON_NULL) Headroom headroom,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<SuggestedStart> suggestedStarts,
    List<RateCurve.Point> besideOverTime,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Lane> lanes,
    @JsonInclude(JsonInclude.Include.NON_NULL) KeyLimit keyLimit,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Slo> slo,
    @JsonInclude(JsonInclude.Include.NON_NULL) Margin margin,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ReroutedKey> reroutedKeys,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Action> actions,
    @JsonInclude(JsonInclude.Include.NON_NULL) AfterActions afterActions,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IngestionModel.Moment> timeline) {

  public Plan {
    reasons = List.copyOf(reasons);
    missingAnswers = List.copyOf(missingAnswers);
    assumptions = List.copyOf(assumptions);
    tellCustomer = List.copyOf(tellCustomer);
    hotDistinctIds = List.copyOf(hotDistinctIds);
    partitionBacklog = List.copyOf(partitionBacklog);
    partitionPeakEventsPerSecond = List.copyOf(partitionPeakEventsPerSecond);
    topDistinctIds = List.copyOf(topDistinctIds);
    rateOverTime = List.copyOf(rateOverTime);
    capacityOverTime = List.copyOf(capacityOverTime);
    suggestedStarts = suggestedStarts == null ? null : List.copyOf(suggestedStarts);
    besideOverTime = besideOverTime == null ? List.of() : List.copyOf(besideOverTime);
    lanes = lanes == null ? null : List.copyOf(lanes);
    slo = slo == null ? List.of() : List.copyOf(slo);
    reroutedKeys = reroutedKeys == null ? List.of() : List.copyOf(reroutedKeys);
    actions = actions == null ? List.of() : List.copyOf(actions);
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
  }

  /** The same plan with these suggested starts, reasons and words for the customer. */
  public Plan withSuggestedStarts(
      List<SuggestedStart> starts, List<String> reasons, List<String> tellCustomer) {
    return followedUp(reasons, tellCustomer, starts, actions, afterActions);
  }

  /** The same plan with what to change in the pipeline and what the plan says once it is done. */
  public Plan withActions(List<Action> actions, AfterActions afterActions) {
    return followedUp(reasons, tellCustomer, suggestedStarts, actions, afterActions);
  }

  /** The same plan with what its follow-ups ({@code FollowUps}) change; everything else kept. */
  private Plan followedUp(
      List<String> reasons,
      List<String> tellCustomer,
      List<SuggestedStart> suggestedStarts,
      List<Action> actions,
      AfterActions afterActions) {
    return new Plan(
        profile,
        customer,
        kind,
        token,
        classification,
        verdict,
        reasons,
        missingAnswers,
        assumptions,
        tellCustomer,
        peakEventsPerSecond,
        peakRequestsPerSecond,
        totalEvents,
        durationSeconds,
        reactionTimeSeconds,
        maxRisePerReactionTime,
        maxRiseWindow,
        capacityNowEventsPerSecond,
        capacityNow,
        perPartitionCapacityEventsPerSecond,
        hottestPartition,
        partitionSkew,
        hotDistinctIds,
        tailHotDistinctIds,
        orderingRisk,
        overflow,
        scaling,
        schedule,
        maxIngestionDelaySeconds,
        maxBacklogEvents,
        partitionBacklog,
        rejectedEvents,
        maxIngestionDelayPolicySeconds,
        partitions,
        partitionPeakEventsPerSecond,
        topDistinctIds,
        tail,
        rateOverTime,
        capacityOverTime,
        headroom,
        suggestedStarts,
        besideOverTime,
        lanes,
        keyLimit,
        slo,
        margin,
        reroutedKeys,
        actions,
        afterActions,
        timeline);
  }

  /**
   * One thing to set in the pipeline before the test, in the pipeline's own settings (SPEC §9.6).
   *
   * @param value the setting's value: a number, or a key for a list
   * @param from when to set it (ISO-8601; null without a schedule: before the test)
   * @param until when to undo it (null: keep it)
   */
  public record Action(String setting, Object value, String from, String until, String why) {}

  /**
   * The plan again with every action applied: READY, or what still stands in the way.
   *
   * @param stillInTheWay the reasons that decide the verdict then (empty when READY)
   */
  public record AfterActions(Verdict verdict, List<String> stillInTheWay) {
    public AfterActions {
      stillInTheWay = List.copyOf(stillInTheWay);
    }
  }

  /**
   * A hot key as capture's limiter treats it over the load (SPEC §9.4).
   *
   * @param limiter {@code global_window}, {@code token_bucket} or {@code forced} (on capture's
   *     forced-overflow list)
   * @param reroutedFromSeconds when its events first go to the overflow topic, seconds after the
   *     start; null when they never do
   * @param eventsOnPartitionBefore its events that went to its partition until then
   * @param orderingRisk rerouted events of a key that sends merges: their order is lost
   */
  public record ReroutedKey(
      String distinctId,
      int partition,
      String limiter,
      Double reroutedFromSeconds,
      long eventsOnPartitionBefore,
      long eventsRerouted,
      boolean orderingRisk) {}

  /**
   * One tier of the policy's SLO (SPEC §9.6) as the model predicts it.
   *
   * @param load the share of this load's events ingested within the delay
   * @param all the same of all events while it runs (the live traffic's with it)
   * @param lateEvents all events later than the delay
   * @param budgetUsed the late events ÷ the late events the SLO's window allows
   * @param met the load's share reaches the objective
   */
  public record Slo(
      double withinSeconds,
      double objective,
      double load,
      double all,
      long lateEvents,
      double budgetUsed,
      boolean met) {}

  /**
   * The same figures with every consumer slower by {@code consumersSlower} (real consumers never
   * run at their nominal rate): how close the load sits to a capacity.
   *
   * @param nearCapacity what the load comes within the margin of (empty: nothing)
   */
  public record Margin(
      double consumersSlower,
      double maxIngestionDelaySeconds,
      List<Slo> slo,
      List<String> nearCapacity) {
    public Margin {
      slo = List.copyOf(slo);
      nearCapacity = List.copyOf(nearCapacity);
    }
  }

  /**
   * One consumer deployment (SPEC §9.1), with the pipeline file's {@code lanes}.
   *
   * @param consumersNeeded what the scaling plan runs on it
   * @param worstPartition its partition that lags longest, null when none does
   * @param sloLoad per tier of the policy's SLO, the share of this load's events on this lane
   *     ingested within it (empty when the load does not reach the lane, or without tiers)
   */
  public record Lane(
      String lane,
      String topic,
      int consumers,
      int maxConsumers,
      int consumersNeeded,
      PartitionBacklog worstPartition,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Double> sloLoad) {
    public Lane {
      sloLoad = sloLoad == null ? List.of() : List.copyOf(sloLoad);
    }
  }

  /**
   * How fast one of the load's keys runs, its events one after another (SPEC §9.2), with the
   * pipeline file's {@code consumer}.
   *
   * @param slowKeys the keys over that rate, busiest first
   */
  public record KeyLimit(
      double perKeyEventsPerSecond, double personlessShare, List<SlowKey> slowKeys) {
    public KeyLimit {
      slowKeys = List.copyOf(slowKeys);
    }
  }

  /**
   * A key over the per-key rate: its partition is read at most at {@code
   * partitionReadAtMostEventsPerSecond} and every id on it waits.
   */
  public record SlowKey(
      String distinctId,
      String topic,
      int partition,
      double peakEventsPerSecond,
      double partitionPeakEventsPerSecond,
      double partitionReadAtMostEventsPerSecond) {}

  /**
   * The load on a shared pipeline at its tightest moment (SPEC §4 {@code headroom}).
   *
   * @param tightestAt the instant the tightest stretch begins (null without a schedule: the busiest
   *     hour of the week was assumed)
   * @param liveEventsPerSecond the live load there, peak factor included
   * @param approvedEventsPerSecond other approved tests running there
   * @param headroomEventsPerSecond what the pipeline leaves the load there
   * @param loadEventsPerSecond the load's highest rate there
   * @param spareEventsPerSecond headroom minus load (negative: over)
   */
  public record Headroom(
      String tightestAt,
      String tightestLocal,
      double liveEventsPerSecond,
      double approvedEventsPerSecond,
      double headroomEventsPerSecond,
      double loadEventsPerSecond,
      double spareEventsPerSecond,
      String bottleneck,
      String liveSource,
      double liveWeeks,
      double livePeakFactor,
      List<String> approvedTests) {
    public Headroom {
      approvedTests = List.copyOf(approvedTests);
    }
  }

  /**
   * A start in working hours and how the load would fare there.
   *
   * @param minHeadroomEventsPerSecond headroom left at the load's tightest moment (negative: over)
   */
  public record SuggestedStart(
      String start, String local, Verdict verdict, double minHeadroomEventsPerSecond) {}

  public record Window(double fromSeconds, double toSeconds) {}

  /**
   * A partition that falls behind (docs/capacity-model.md): the most events waiting on it, the
   * longest an event waits, how long it is behind, and the top distinct_ids that wait with it.
   */
  public record PartitionBacklog(
      String topic,
      int partition,
      long maxBacklogEvents,
      double maxDelaySeconds,
      double laggingSeconds,
      List<String> distinctIds) {
    public PartitionBacklog {
      distinctIds = List.copyOf(distinctIds);
    }
  }

  /** What each part of the pipeline takes today; the smallest is the bottleneck. */
  public record CapacityParts(
      double captureEventsPerSecond,
      double consumersEventsPerSecond,
      double rateLimitEventsPerSecond,
      String bottleneck) {}

  /** The pipeline's overflow setting the hot ids were judged against. */
  public record Overflow(boolean enabled, double perDistinctIdEventsPerSecond) {}

  public record PartitionLoad(int partition, double peakEventsPerSecond) {}

  /**
   * A top distinct_id whose own rate exceeds the overflow limit.
   *
   * @param action {@code overflow} (capture will send it keyless) or {@code enable_overflow}
   * @param aboveConsumerCapacity above c_mix: no partition or consumer count serves it in order
   */
  public record HotDistinctId(
      String distinctId,
      int partition,
      double peakEventsPerSecond,
      double share,
      String action,
      boolean aboveConsumerCapacity) {}

  /**
   * Every top id, hot or not: where it lands and how much it sends (the chart of top distinct_ids).
   */
  public record TopId(
      String distinctId, int partition, long events, double share, double peakEventsPerSecond) {}

  /** The ids outside the top list, as a Zipf tail (exponent 0 = uniform). */
  public record Tail(
      long distinctIds, double share, double zipfExponent, double headPeakEventsPerSecond) {}

  /**
   * What to run before the date. Each count is at least today's; a {@code *PreProvision} flag says
   * it is above the autoscaler's maximum, so it must be provisioned by hand before the test.
   */
  /**
   * What to run before the date.
   *
   * @param consumers the load's own lane's consumers (main, or historical for an import; the one
   *     group's without lanes)
   * @param lanes with lanes, the consumers each lane runs ({@code main}, {@code overflow}, {@code
   *     historical}); null without
   */
  public record Scaling(
      int consumers,
      int partitions,
      int captureReplicas,
      double perTokenRateLimitEventsPerSecond,
      boolean consumersPreProvision,
      boolean captureReplicasPreProvision,
      double capacityAfterEventsPerSecond,
      Today today,
      @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, Integer> lanes) {
    public Scaling(
        int consumers,
        int partitions,
        int captureReplicas,
        double perTokenRateLimitEventsPerSecond,
        boolean consumersPreProvision,
        boolean captureReplicasPreProvision,
        double capacityAfterEventsPerSecond,
        Today today) {
      this(
          consumers,
          partitions,
          captureReplicas,
          perTokenRateLimitEventsPerSecond,
          consumersPreProvision,
          captureReplicasPreProvision,
          capacityAfterEventsPerSecond,
          today,
          null);
    }

    /** The same plan with consumers per lane. */
    public Scaling withLanes(java.util.Map<String, Integer> perLane) {
      return new Scaling(
          consumers,
          partitions,
          captureReplicas,
          perTokenRateLimitEventsPerSecond,
          consumersPreProvision,
          captureReplicasPreProvision,
          capacityAfterEventsPerSecond,
          today,
          perLane == null ? null : java.util.Map.copyOf(perLane));
    }
  }

  /** The sizes running today and the autoscaler's maxima, for comparison. */
  public record Today(
      int consumers,
      int partitions,
      int captureReplicas,
      int maxConsumers,
      int maxCaptureReplicas) {}

  public record Schedule(
      boolean weekday,
      double euOverlapHours,
      double windowHours,
      String start,
      String end,
      String zone) {}
}
