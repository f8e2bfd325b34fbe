package dev.loadgate.plan;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.util.List;

/**
 * The defaults of SPEC §9 that decide a number in this plan, named in its {@code assumptions}: what
 * a live event costs, whether the load's events process persons, what a personless event costs, and
 * how the topics are consumed. A default that cannot move a number here is not listed.
 */
final class PipelineAssumptions {
  private PipelineAssumptions() {}

  static void add(IntakeProfile p, Pipeline pipe, List<String> out) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    boolean personsMatter = pipe.consumer() != null || pipe.personlessCost() < 1;
    if (live != null && live.appsShare() == null && pipe.appsCostFactor() != 1) {
      out.add(
          "live_load.apps_share not given: every live event is taken to run apps (×"
              + Fmt.num(pipe.appsCostFactor())
              + " its cost)");
    }
    if (live != null && live.personlessShare() == null && pipe.personlessCost() < 1) {
      out.add("live_load.personless_share not given: every live event is taken to process persons");
    }
    if (p.personlessShare() == null && personsMatter) {
      out.add(
          "personless_share unanswered: every event is taken to create or update a person"
              + " (the slower per-key rate and the full cost)");
    }
    if (p.personless() > 0 && pipe.personlessCostFactor() == null) {
      out.add(
          "personless_cost_factor not in the pipeline file: a personless event is taken to cost"
              + " as much as one with persons");
    }
    // More than the non-merge events cannot be personless: the plan caps it (ConsumerMix).
    double others = ConsumerMix.canBePersonless(p.eventTypes());
    if (p.personless() > others + 1e-9) {
      out.add(
          "personless_share "
              + Fmt.percent(p.personless())
              + " is more than the events that can be personless ("
              + Fmt.percent(others)
              + ": $identify, $create_alias and $merge_dangerously always process persons): all"
              + " of those are taken as personless");
    }
    if (p.personless() > 0 && pipe.consumer() == null && pipe.personlessCost() >= 1) {
      out.add(
          "the pipeline file says nothing of personless events (no consumer.per_key_events_per_second,"
              + " no personless_cost_factor): personless_share changes no number here");
    }
    if (pipe.lanes() == null && (pipe.consumer() != null || pipe.personlessCostFactor() != null)) {
      out.add(
          "no lanes in the pipeline file: one consumer group is taken to consume the main,"
              + " overflow and historical topics");
    }
  }
}
