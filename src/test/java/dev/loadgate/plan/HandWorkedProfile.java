package dev.loadgate.plan;

import dev.loadgate.testing.Fixtures;

/**
 * The hand-worked profile the plan tests vary (a stage list, a batch size, a line or two more, or a
 * field replaced), planned on {@link Fixtures#SMALL_PIPELINE}.
 */
final class HandWorkedProfile {
  private HandWorkedProfile() {}

  /** The profile's start: a Tuesday, 10:00 in London (UTC in December). */
  static final String START = "2026-12-15T10:00:00+00:00";

  /** Its top ids: alpha 5% of the events, beta 1%. */
  static final String TOP =
      """
          - { distinct_id: alpha, events: 50000 }
          - { distinct_id: beta, events: 10000 }
      """;

  static String profile(String stages, int eventsPerRequest, String extra) {
    return """
        customer: Hand Worked
        kind: load_test
        token: phc_hand
        product_questions_answered: true
        schedule: { start: %s }
        stages:
        %s
        batching: { events_per_request: %d }
        distinct_ids:
          total: 1000
          total_events: 1000000
          top:
        %sevent_types: { $pageview: 0.9, $identify: 0.1 }
        %s
        """
        .formatted(START, stages, eventsPerRequest, TOP, extra);
  }

  static Plan plan(String yaml) {
    return CapacityPlanner.plan(Fixtures.profile("hand", yaml), Fixtures.smallPipeline());
  }
}
