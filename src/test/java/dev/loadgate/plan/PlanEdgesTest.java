package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plan-level rules at their exact edges, on the small pipeline: 8 partitions, 4 consumers of 1,000
 * ev/s for $pageview without apps, capture 2 × 100 req/s, a 5 min reaction time.
 */
class PlanEdgesTest {
  /** Only $pageview (c_mix 1,000), no top ids: the load is even over the 8 partitions. */
  private static Plan even(double peak) {
    String yaml =
        """
        customer: Edges
        kind: load_test
        token: phc_edges
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
          - { duration: 60m, target: %s }
          - { duration: 60m, target: %s }
        batching: { events_per_request: 10 }
        distinct_ids: { total: 1000000, top: [] }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """
            .formatted(peak, peak);
    return CapacityPlanner.plan(Fixtures.profile("edges", yaml), Fixtures.smallPipeline());
  }

  @Test
  void aPartitionTakingExactlyCMixIsNotHot() {
    // 8,000 / 8 = 1,000 ev/s per partition: exactly what one consumer takes.
    Plan at = even(8_000);
    assertEquals(1_000, at.hottestPartition().peakEventsPerSecond(), 1e-9);
    assertTrue(
        at.reasons().stream().noneMatch(r -> r.startsWith("Hot partition")),
        at.reasons()::toString);
    // 8,008: 1,001 per partition, one more than a consumer takes.
    Plan above = even(8_008);
    assertTrue(
        above.reasons().stream()
            .anyMatch(r -> r.startsWith("Hot partition: partition 0 peaks at 1,001 ev/s")),
        above.reasons()::toString);
  }

  @Test
  void theModelsCapacityStepsStartAtTodaysAndCaptureGrowsAReactionTimeAfterItRefuses() {
    // A ramp to 2,500 ev/s over 30 min: capture (2 × 100 req/s × 10 = 2,000 ev/s) is the limit
    // today, below 4 consumers' 4,000. The ramp passes 2,000 at 24 min (1,440 s); capture refuses
    // from there, and a replica comes one reaction time (300 s) after the autoscaler asks.
    Plan p =
        HandWorkedProfile.plan(
            HandWorkedProfile.profile(
                "  - { duration: 30m, target: 2500 }\n  - { duration: 30m, target: 2500 }",
                10,
                "apps_enabled: false"));
    List<Autoscaler.Step> steps = p.capacityOverTime();
    assertEquals(new Autoscaler.Step(0, 2_000, 4, 2), steps.get(0));
    assertTrue(steps.size() >= 2, steps::toString);
    Autoscaler.Step grown = steps.get(1);
    assertTrue(grown.captureReplicas() > 2, grown.toString());
    // Asked once refusals show, after the bucket of the first seconds over 2,000 is spent.
    assertTrue(
        grown.seconds() >= 1_440 + 300 && grown.seconds() <= 1_440 + 60 + 300, grown.toString());
  }

  @Test
  void withoutStagesThereIsNoRiseOverTheReactionTimeBeforeTheStart() {
    Plan p =
        HandWorkedProfile.plan(
            HandWorkedProfile.profile(
                    "  - { duration: 10m, target: 600 }", 10, "apps_enabled: false")
                .replace("stages:\n  - { duration: 10m, target: 600 }\n", ""));
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(0, p.maxRisePerReactionTime(), 0);
    assertEquals(new Plan.Window(-300, 0), p.maxRiseWindow());
  }

  @Test
  void withoutStagesTopIdsOrTotalEventsThereIsNothingToTakeSharesOfAndStillAPlan() {
    Plan p =
        HandWorkedProfile.plan(
            HandWorkedProfile.profile(
                    "  - { duration: 10m, target: 600 }", 10, "apps_enabled: false")
                .replace("stages:\n  - { duration: 10m, target: 600 }\n", "")
                .replace("  total_events: 1000000\n", "")
                .replace("  top:\n" + HandWorkedProfile.TOP, "  top: []\n"));
    assertEquals(Verdict.NEEDS_ANSWERS, p.verdict());
    assertEquals(List.of(), p.topDistinctIds());
    assertEquals(1000, p.tail().distinctIds());
  }
}
