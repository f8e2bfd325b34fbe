package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ScalingPlanTest {
  private static final Pipeline OVERFLOW_OFF =
      Fixtures.pipeline(Fixtures.SMALL_PIPELINE.replace("enabled: true", "enabled: false"));

  /**
   * 600 ev/s for 20 min (720,000 events, ramp included) in batches of 10, with one top id {@code a}
   * of {@code aEvents}, on the small pipeline with overflow off.
   */
  private static Plan planWithOverflowOff(long aEvents) {
    return planWithOverflowOff(aEvents, "load_test");
  }

  private static Plan planWithOverflowOff(long aEvents, String kind) {
    return CapacityPlanner.plan(
        Fixtures.profile(
            "p",
            """
            customer: C
            kind: %s
            token: phc_p
            product_questions_answered: true
            schedule: { start: 2026-12-15T10:00:00+00:00 }
            stages: [ { duration: 10m, target: 600 }, { duration: 10m, target: 600 } ]
            batching: { events_per_request: 10 }
            distinct_ids: { total: 100, total_events: 720000, top: [ { distinct_id: a, events: %d } ] }
            event_types: { $pageview: 1.0 }
            apps_enabled: false
            """
                .formatted(kind, aEvents)),
        OVERFLOW_OFF);
  }

  @Test
  void theScaledPipelineRunsWhatThePlanAsksForAndRaisesTheMaximaToIt() {
    Pipeline small = Fixtures.smallPipeline();
    // 20,000 ev/s in batches of 10 at c_mix 1,000: 20 consumers, 20 partitions, 20 replicas
    // (2,000 req/s ÷ 100), the rate limit raised to 20,000; the autoscaler's maxima (16, 8) too.
    Plan.Scaling s = ScalingPlan.of(small, 20_000, 10, 1_000);
    assertEquals(20, s.consumers());
    assertEquals(20, s.partitions());
    assertEquals(20, s.captureReplicas());
    assertTrue(s.consumersPreProvision() && s.captureReplicasPreProvision());
    Plan plan = planWithOverflowOff(72_000);
    // a: 10% of 600 = 60 ev/s, above the 50 ev/s limit with overflow off: enable_overflow.
    assertEquals("enable_overflow", plan.hotDistinctIds().get(0).action());
    Pipeline after = ScalingPlan.apply(OVERFLOW_OFF, plan);
    assertTrue(after.overflow().enabled(), "the plan enables overflow");
    assertEquals(plan.scaling().consumers(), after.consumers());
    assertEquals(plan.scaling().partitions(), after.partitions());
    assertEquals(plan.scaling().captureReplicas(), after.capture().replicas());
    assertTrue(after.autoscaling().maxConsumers() >= after.consumers());
  }

  @Test
  void overflowStaysOffWhenNoHotIdNeedsIt() {
    // a: 1% of 600 = 6 ev/s, far below the 50 ev/s limit: nothing to enable.
    Plan plan = planWithOverflowOff(7_200);
    assertTrue(
        plan.hotDistinctIds().stream().noneMatch(h -> h.action().equals("enable_overflow")),
        plan.hotDistinctIds()::toString);
    assertFalse(ScalingPlan.apply(OVERFLOW_OFF, plan).overflow().enabled());
  }

  @Test
  void aHistoricalImportsHotIdDoesNotSwitchOverflowOn() {
    // The same 60 ev/s id in an import: capture keeps historical events keyed, so overflow would
    // not help it and the plan does not ask for it.
    Plan plan = planWithOverflowOff(72_000, "historical_import");
    assertEquals(HotSpots.HISTORICAL_KEYED, plan.hotDistinctIds().get(0).action());
    assertFalse(ScalingPlan.apply(OVERFLOW_OFF, plan).overflow().enabled());
  }
}
