package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DOS rule at its edge: capacity now is 2,000 ev/s (capture, batches of 10); a ramp over
 * exactly one reaction time (5 min) to X rises by X. DOS only when the rise is strictly above
 * capacity now.
 */
class DosBoundaryTest {
  @ParameterizedTest(name = "5-min ramp to {0} ev/s: {1}")
  @CsvSource({"1999, LOAD_TEST", "2000, LOAD_TEST", "2001, DOS", "1000, LOAD_TEST", "50000, DOS"})
  void riseWithinOneReactionTime(double target, Classification expected) {
    Plan p =
        plan(
            "  - { duration: 5m, target: "
                + target
                + " }\n  - { duration: 1h, target: "
                + target
                + " }");
    assertEquals(2000, p.capacityNowEventsPerSecond(), 1e-9);
    assertEquals(target, p.maxRisePerReactionTime(), 1e-6);
    assertEquals(expected, p.classification());
  }

  @ParameterizedTest(name = "10-min ramp to {0} ev/s rises {1} per 5 min: {2}")
  @CsvSource({"3998, 1999, LOAD_TEST", "4002, 2001, DOS"})
  void slowerRampHalvesTheRise(double target, double rise, Classification expected) {
    Plan p = plan("  - { duration: 10m, target: " + target + " }");
    assertEquals(rise, p.maxRisePerReactionTime(), 1e-6);
    assertEquals(expected, p.classification());
  }

  @org.junit.jupiter.api.Test
  void theAdviceRampsOneReactionTimePerCapacityStep() {
    // 50,000 ev/s at once against 2,000 (capture; consumers 4 × 1,000 and the rate limit 10,000
    // are above it): 25 steps of 2,000, each a 5 min reaction time: 125 min, 2.1 h.
    Plan p = plan("  - { duration: 5m, target: 50000 }\n  - { duration: 1h, target: 50000 }");
    assertEquals(
        "Ramp up to 50,000 ev/s over at least 2.1 h (at most 2,000 ev/s more per 5 min): all at"
            + " once, this load is indistinguishable from a denial of service.",
        p.tellCustomer().get(0));
  }

  private static Plan plan(String stages) {
    String yaml =
        """
        customer: Edge
        kind: load_test
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
        %s
        batching: { events_per_request: 10 }
        distinct_ids: { total: 100000, top: [ { distinct_id: a, events: 10 } ] }
        event_types: { $pageview: 1 }
        apps_enabled: false
        """
            .formatted(stages);
    return CapacityPlanner.plan(Fixtures.profile("edge", yaml), Fixtures.smallPipeline());
  }
}
