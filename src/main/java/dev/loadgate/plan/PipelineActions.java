package dev.loadgate.plan;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What to change in the pipeline for the test, in the pipeline's own settings (SPEC §9.6): the
 * forced-overflow list for a key capture's limiter catches too late, each lane's minimum consumers,
 * capture's replicas, partitions, the per-token limit; each with when to set it and when to undo
 * it, and why. {@link #apply} makes the pipeline the actions describe, so the plan can be made
 * again on it and say whether they are enough.
 */
final class PipelineActions {
  /** Set things this long before the load starts, and undo them this long after it drains. */
  static final long LEAD_SECONDS = 15 * 60;

  /** The setting an action names when it puts a key on capture's forced-overflow list. */
  static final String FORCED_OVERFLOW = "capture forced-overflow list";

  private PipelineActions() {}

  /** Put {@code key} ({@code token:distinct_id}) on capture's forced-overflow list. */
  private static Plan.Action forced(String key, String from, String until, String why) {
    return new Plan.Action(FORCED_OVERFLOW, key, from, until, why);
  }

  static List<Plan.Action> of(Plan plan, Pipeline pipe, IntakeProfile p) {
    List<Plan.Action> actions = new ArrayList<>();
    String from = at(p, -LEAD_SECONDS);
    String until = at(p, drainedSeconds(plan) + LEAD_SECONDS);
    for (Plan.ReroutedKey k : plan.reroutedKeys()) {
      Plan.PartitionBacklog lag = keyedLag(plan, k.partition());
      if (k.limiter().equals(Pipeline.Limiter.GLOBAL_WINDOW.yaml())
          && k.reroutedFromSeconds() != null
          && lag != null) {
        actions.add(
            forced(
                p.token() + ":" + k.distinctId(),
                from,
                until,
                k.distinctId()
                    + " sends "
                    + Fmt.num(k.eventsOnPartitionBefore())
                    + " events to partition "
                    + k.partition()
                    + " in the "
                    + Fmt.seconds(k.reroutedFromSeconds())
                    + " before capture's limiter reroutes it, and the partition falls "
                    + Fmt.seconds(lag.maxDelaySeconds())
                    + " behind: forced, it goes keyless from its first event"));
      }
    }
    Plan.KeyLimit keys = plan.keyLimit();
    if (keys != null && !"historical_import".equals(plan.kind())) {
      for (Plan.SlowKey k : keys.slowKeys()) {
        Plan.PartitionBacklog lag = keyedLag(plan, k.partition());
        if (lag == null) {
          continue;
        }
        actions.add(
            forced(
                p.token() + ":" + k.distinctId(),
                from,
                until,
                k.distinctId()
                    + " sends "
                    + Fmt.rate(k.peakEventsPerSecond())
                    + ", more than one key is processed ("
                    + Fmt.rate(keys.perKeyEventsPerSecond())
                    + "): partition "
                    + k.partition()
                    + " falls "
                    + Fmt.seconds(lag.maxDelaySeconds())
                    + " behind; forced, it goes keyless and without persons from its first event"
                    + " (its order is lost: tell the customer)"));
      }
    }
    if (plan.verdict() != Verdict.READY && plan.verdict() != Verdict.NEEDS_ANSWERS) {
      scaling(plan, pipe, actions, from, until);
    }
    return actions;
  }

  private static void scaling(
      Plan plan, Pipeline pipe, List<Plan.Action> actions, String from, String until) {
    Plan.Scaling s = plan.scaling();
    if (s.lanes() != null && pipe.lanes() != null) {
      for (int i = 0; i < 3; i++) {
        String lane = Pipeline.Lanes.NAMES.get(i);
        int today = pipe.lanes().get(i).consumers();
        int want = s.lanes().getOrDefault(lane, today);
        if (want > today) {
          actions.add(
              new Plan.Action(
                  "lanes." + lane + " minimum consumers",
                  want,
                  from,
                  until,
                  "the "
                      + lane
                      + " lane runs "
                      + today
                      + " today; the load needs "
                      + want
                      + (want > pipe.lanes().get(i).maxConsumers()
                          ? ", above its autoscaler's maximum of "
                              + pipe.lanes().get(i).maxConsumers()
                          : " from its start, before its autoscaler would get there")));
        }
      }
    } else if (s.consumers() > pipe.consumers()) {
      actions.add(
          new Plan.Action(
              "consumers (minimum)",
              s.consumers(),
              from,
              until,
              pipe.consumers() + " run today; the load needs " + s.consumers()));
    }
    if (s.partitions() > pipe.partitions()) {
      actions.add(
          new Plan.Action(
              "partitions",
              s.partitions(),
              from,
              null,
              pipe.partitions()
                  + " today; each consumer needs a partition of its own, and Kafka cannot take"
                  + " partitions away again (keys move to other partitions when they are added)"));
    }
    if (s.captureReplicas() > pipe.capture().replicas()) {
      actions.add(
          new Plan.Action(
              "capture replicas (minimum)",
              s.captureReplicas(),
              from,
              until,
              pipe.capture().replicas()
                  + " run today; the load's requests need "
                  + s.captureReplicas()));
    }
    if (s.perTokenRateLimitEventsPerSecond() > pipe.rateLimit().perTokenEventsPerSecond()) {
      actions.add(
          new Plan.Action(
              "rate_limit.per_token_events_per_second for " + plan.token(),
              Math.ceil(s.perTokenRateLimitEventsPerSecond()),
              from,
              until,
              "the load's peak is above the per-token limit of "
                  + Fmt.rate(pipe.rateLimit().perTokenEventsPerSecond())
                  + ": every event above it is refused with 429"));
    }
  }

  /** The pipeline with every action applied: scaled as the plan says, the keys forced. */
  static Pipeline apply(Pipeline pipe, Plan plan, List<Plan.Action> actions) {
    Pipeline applied =
        actions.stream().anyMatch(a -> !a.setting().equals(FORCED_OVERFLOW))
            ? ScalingPlan.apply(pipe, plan)
            : pipe;
    List<String> forced = new ArrayList<>(applied.overflow().forcedKeys());
    for (Plan.Action a : actions) {
      if (a.setting().equals(FORCED_OVERFLOW) && !forced.contains(a.value())) {
        forced.add((String) a.value());
      }
    }
    Pipeline.Overflow o = applied.overflow();
    return applied.withOverflow(
        new Pipeline.Overflow(
            o.enabled() || !forced.isEmpty(),
            o.perDistinctIdEventsPerSecond(),
            o.burst(),
            o.limiter(),
            o.threshold(),
            o.window(),
            o.detection(),
            forced));
  }

  /** The worst lag of the keyed topics' partition {@code partition}, or null. */
  private static Plan.PartitionBacklog keyedLag(Plan plan, int partition) {
    return plan.partitionBacklog().stream()
        .filter(b -> !b.topic().equals(IngestionTopics.OVERFLOW) && b.partition() == partition)
        .findFirst()
        .orElse(null);
  }

  /** Seconds from the start until the model has drained the load. */
  private static double drainedSeconds(Plan plan) {
    double end = plan.durationSeconds();
    for (Autoscaler.Step s : plan.capacityOverTime()) {
      end = Math.max(end, s.seconds());
    }
    return end + plan.maxIngestionDelaySeconds();
  }

  /** The schedule's start plus {@code seconds}, to the minute (UTC); null without a schedule. */
  private static String at(IntakeProfile p, double seconds) {
    OffsetDateTime start = p.scheduleStart();
    if (start == null) {
      return null;
    }
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        start.plusSeconds(Math.round(seconds / 60) * 60).toInstant());
  }
}
