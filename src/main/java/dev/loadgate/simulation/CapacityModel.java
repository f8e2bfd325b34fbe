package dev.loadgate.simulation;

import java.util.List;

/**
 * {@code summary.json}'s {@code capacity_model} (SPEC §5): what the model predicted for this run's
 * scaled pipeline next to what the local stack did, in scaled seconds, with the production
 * equivalents (÷ scale.time) beside them.
 *
 * @param mode {@code production} (the stack ran the pipeline's capacities), {@code local} or {@code
 *     target}: only production's measurements compare with the model
 * @param delayPolicySeconds the policy's delay, scaled
 * @param lagThresholdSeconds a partition lags once an event waited this long (the stack's
 *     measurement floor)
 * @param measured null when the target has no timeline
 * @param stalls when the stack itself stood still during the load (a collection, CPU starvation):
 *     events waiting then waited for the machine, not the pipeline, so the delay checks allow the
 *     longest of them on top of their tolerance
 * @param refusedAnswerSeconds how long the replay's clients waited, on average, for capture to
 *     answer a refused request: their retries start after it, so the prediction the run is held to
 *     waits for it too (null when nothing was refused)
 */
public record CapacityModel(
    String mode,
    double delayPolicySeconds,
    double lagThresholdSeconds,
    Outcome predicted,
    Outcome measured,
    ProductionEquivalent productionEquivalent,
    List<Stall> stalls,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Double refusedAnswerSeconds,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<SloShare> slo,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<Reroute> reroutes) {
  public CapacityModel {
    stalls = stalls == null ? List.of() : List.copyOf(stalls);
    slo = slo == null ? List.of() : List.copyOf(slo);
    reroutes = reroutes == null ? List.of() : List.copyOf(reroutes);
  }

  /**
   * One hot key capture's limiter judged (SPEC §9.4), on the replay's clock: when its events first
   * went to the overflow topic as the model predicts and as the stack's capture did (null: never),
   * and how many went there.
   *
   * @param forced on the forced-overflow list: rerouted from its first event
   */
  public record Reroute(
      String distinctId,
      boolean forced,
      Double predictedFromSeconds,
      Double measuredFromSeconds,
      long predictedEvents,
      Long measuredEvents) {}

  /**
   * One SLO tier on the replay's clock (SPEC §9.6): the share of the load's events the model
   * predicts within {@code withinSeconds} (scaled), and the share of every event the stack consumed
   * that was (from each event's capture-to-consumed delay); null when the stack gave no histogram.
   */
  public record SloShare(
      double withinSeconds, double objective, double predicted, Double measured) {}

  public CapacityModel(
      String mode,
      double delayPolicySeconds,
      double lagThresholdSeconds,
      Outcome predicted,
      Outcome measured,
      ProductionEquivalent productionEquivalent,
      List<Stall> stalls) {
    this(
        mode,
        delayPolicySeconds,
        lagThresholdSeconds,
        predicted,
        measured,
        productionEquivalent,
        stalls,
        null,
        List.of(),
        List.of());
  }

  /** The stack stood still for {@code seconds} from {@code atSeconds} into the load. */
  public record Stall(double atSeconds, double seconds) {}

  /** The longest time the stack stood still, 0 when it never did. */
  public double longestStallSeconds() {
    return stalls.stream().mapToDouble(Stall::seconds).max().orElse(0);
  }

  /**
   * @param maxBacklogEvents the largest backlog of one partition
   * @param rejectedEvents events capture refused for capacity that the client gave up on
   * @param worstPartition the partition whose events waited longest, null when none lagged
   * @param nearWorstPartitions (predicted only) the partitions that lag within the delay's
   *     tolerance of the worst: when a whole consumer group is behind, any of them may measure
   *     worst
   * @param worstPartitionPerTopic each topic's partition whose events waited longest, for the
   *     topics where one lagged: with lanes, each lane's worst partition
   */
  public record Outcome(
      double maxDelaySeconds,
      double maxBacklogEvents,
      long rejectedEvents,
      TopicPartition worstPartition,
      List<Step> autoscalerSteps,
      List<TopicPartition> nearWorstPartitions,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          List<TopicPartition> worstPartitionPerTopic) {
    public Outcome {
      autoscalerSteps = List.copyOf(autoscalerSteps);
      nearWorstPartitions = List.copyOf(nearWorstPartitions);
      worstPartitionPerTopic =
          worstPartitionPerTopic == null ? List.of() : List.copyOf(worstPartitionPerTopic);
    }

    public Outcome(
        double maxDelaySeconds,
        double maxBacklogEvents,
        long rejectedEvents,
        TopicPartition worstPartition,
        List<Step> autoscalerSteps,
        List<TopicPartition> nearWorstPartitions) {
      this(
          maxDelaySeconds,
          maxBacklogEvents,
          rejectedEvents,
          worstPartition,
          autoscalerSteps,
          nearWorstPartitions,
          List.of());
    }

    /** The worst partition of {@code topic}, null when none of it lagged. */
    public TopicPartition worstPartitionOf(String topic) {
      return worstPartitionPerTopic.stream()
          .filter(tp -> tp.topic().equals(topic))
          .findFirst()
          .orElse(null);
    }
  }

  public record TopicPartition(String topic, int partition) {}

  /**
   * An autoscaler step after the start: from {@code atSeconds} (into the load) these ran; {@code
   * rebalanceSeconds} is how long the group took to give the new consumers their partitions
   * (measured only). With lanes {@code consumers} are the load's own lane's and {@code lanes} every
   * lane's.
   */
  public record Step(
      double atSeconds,
      int consumers,
      int captureReplicas,
      Double rebalanceSeconds,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          java.util.Map<String, Integer> lanes) {
    public Step {
      lanes =
          lanes == null
              ? java.util.Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lanes));
    }

    /** A step of one consumer group. */
    public Step(double atSeconds, int consumers, int captureReplicas, Double rebalanceSeconds) {
      this(atSeconds, consumers, captureReplicas, rebalanceSeconds, java.util.Map.of());
    }
  }

  public record ProductionEquivalent(
      double predictedMaxDelaySeconds, Double measuredMaxDelaySeconds, double policySeconds) {}
}
