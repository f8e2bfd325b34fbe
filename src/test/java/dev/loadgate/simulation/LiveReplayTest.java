package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loadgate.plan.Background;
import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The live load as the replay sends it ({@code -Dlive=true}): the hours the load's window meets, on
 * the wall clock of its start, scaled like the load.
 */
class LiveReplayTest {
  /** 1,000 ev/s every hour but Tuesday 11:00 London (3,000), peak factor 1.5, 20 per request. */
  static Pipeline pipeline() {
    StringBuilder y = new StringBuilder(Fixtures.SMALL_PIPELINE);
    y.append("live_load:\n  events_per_request: 20\n  peak_factor: 1.5\n  weekly:\n");
    return Fixtures.pipeline(y + Fixtures.weekly((d, h) -> d == 1 && h == 11 ? 3000 : 1000));
  }

  static IntakeProfile from(String start) {
    return Fixtures.profile(
        "live-replay",
        """
        customer: X
        kind: load_test
        token: phc_x
        product_questions_answered: true
        schedule: { start: %s }
        stages: [ { duration: 60m, target: 100 } ]
        batching: { events_per_request: 10 }
        distinct_ids: { total: 1000, top: [ { distinct_id: a, events: 10 } ] }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """
            .formatted(start));
  }

  @Test
  void theHoursTheLoadMeetsScaledLikeIt() {
    // From 10:30 London for an hour: 30 min of 1,000 × 1.5, then 30 min of 3,000 × 1.5; scaled
    // ×0.1 rate and ×0.01 time: 150 ev/s for 18 s, then 450 ev/s for 18 s.
    IntakeProfile p = from("2026-12-15T10:30:00+00:00");
    RateCurve load = CapacityPlanner.rateCurve(p);
    LiveReplay live = LiveReplay.of(pipeline(), p, load, 1000, new Scale(0.1, 0.01));
    assertEquals(36, live.curve().durationSeconds(), 1e-9);
    assertEquals(150, live.curve().rateAt(10), 1e-9);
    assertEquals(450, live.curve().rateAt(30), 1e-9);
    assertEquals(20, live.eventsPerRequest());
    // Requests: 150 / 20 = 7.5/s for 18 s and 22.5/s for 18 s, as Gatling counts them.
    assertEquals(135 + 405, live.shape().requests());
    // The model's copy: the same pieces, their cost in the load's mix (live at the default rate
    // with apps ×2: 500 ev/s a consumer, the load's mix 1,000: each live event costs 2), nothing
    // after the load.
    Background bg = live.background();
    assertEquals(150, bg.eventsPerSecond(bg.pieceAt(10)), 1e-9);
    assertEquals(300, bg.mixEventsPerSecond(bg.pieceAt(10)), 1e-9);
    assertEquals(22.5, bg.requestsPerSecond(bg.pieceAt(30)), 1e-9);
    assertEquals(0, bg.eventsPerSecond(bg.pieceAt(40)), 1e-9);
  }

  @Test
  void withoutLiveLoadThereIsNothingToReplay() {
    IntakeProfile p = from("2026-12-15T10:30:00+00:00");
    assertNull(
        LiveReplay.of(
            Fixtures.smallPipeline(), p, CapacityPlanner.rateCurve(p), 1000, new Scale(1, 1)));
  }

  @Test
  void theMachinesBudgetHoldsTheLoadAndTheLiveTrafficTogether() {
    Scale s = new Scale(1, 0.01).fitting(4000 + 6000, 4000 / 10.0 + 6000 / 20.0);
    assertEquals(0.5, s.rate(), 1e-9); // 10,000 ev/s into 5,000
    assertEquals(0.01, s.time(), 1e-9);
    assertEquals(0.25, new Scale(0.25, 1).fitting(10000, 100).rate(), 1e-9, "never raised");
  }
}
