package dev.loadgate.plan;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * What the plan does after its model has spoken, so that nothing it recommends disagrees with the
 * evidence (SPEC §9.6): the best suggested start planned again before the test is sent there, and
 * the checklist in the pipeline's own settings, applied and planned again.
 */
final class FollowUps {
  private FollowUps() {}

  /**
   * The checklist, and the plan again with every item done: READY, or what still stands in the way.
   */
  static Plan withActions(IntakeProfile p, Pipeline pipe, SharedPipeline.Context ctx, Plan plan) {
    List<Plan.Action> actions = PipelineActions.of(plan, pipe, p);
    if (actions.isEmpty()) {
      return plan;
    }
    // Only its verdict and reasons are read: the margin is not run again.
    Plan after =
        CapacityPlanner.planOnce(p, PipelineActions.apply(pipe, plan, actions), ctx, false);
    return plan.withActions(
        actions,
        new Plan.AfterActions(
            after.verdict(),
            after.verdict() == Verdict.READY
                ? List.of()
                : after.reasons().stream()
                    .filter(r -> !r.endsWith("so it is a genuine load test."))
                    .toList()));
  }

  /**
   * The suggested starts are judged on headroom alone; a READY one the plan would send the test to
   * is planned again at that start, model and all, since what fails may not depend on the hour (a
   * key held on its partition, a tier missed). When it is not READY there, no start is READY.
   */
  static Plan checkedStarts(IntakeProfile p, Pipeline pipe, SharedPipeline.Context ctx, Plan plan) {
    if (plan.verdict() == Verdict.READY || plan.suggestedStarts() == null) {
      return plan;
    }
    Plan.SuggestedStart best =
        plan.suggestedStarts().stream()
            .filter(st -> st.verdict() == Verdict.READY)
            .findFirst()
            .orElse(null);
    if (best == null) {
      return plan;
    }
    Verdict there =
        CapacityPlanner.planOnce(
                p.startingAt(java.time.OffsetDateTime.parse(best.start())), pipe, ctx, false)
            .verdict();
    if (there == Verdict.READY) {
      return plan;
    }
    // Headroom said READY there: the sentences that send the test to that start go, and one says
    // why moving it does not help.
    List<String> reasons = new ArrayList<>();
    for (String r : plan.reasons()) {
      if (r.startsWith("Starting at " + best.local() + " instead")) {
        reasons.add(
            "Starting at "
                + best.local()
                + " leaves the most headroom, but planned there the load is still "
                + there
                + ": what fails does not depend on the hour, so moving the test does not help.");
      } else {
        reasons.add(r);
      }
    }
    return plan.withSuggestedStarts(
        plan.suggestedStarts().stream()
            .map(
                st ->
                    st.verdict() == Verdict.READY
                        ? new Plan.SuggestedStart(
                            st.start(), st.local(), there, st.minHeadroomEventsPerSecond())
                        : st)
            .toList(),
        reasons,
        plan.tellCustomer().stream()
            .filter(t -> !t.startsWith("Please start the test at " + best.local()))
            .toList());
  }
}
