package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan on a shared pipeline, worked by hand (SPEC §3 Headroom). The pipeline: 10 partitions, 10
 * consumers at 1,000 ev/s (apps ×1), capture 4 × 1,000 req/s, rate limit 100,000: capacity now
 * 10,000 ev/s for a batched load of {@code $pageview}s. Its live load: 2,000 ev/s every hour, but
 * 800 on Sunday 03:00, 6,000 on Tuesday 11:00 and 400 on Wednesday 14:00 (London), peak factor
 * 1.25, 10 events per request.
 *
 * <p>The load: 4,000 ev/s reached over 10 min, held 30 min, 10 events per request.
 */
class SharedPipelineTest {
  static final String PIPELINE =
      """
      partitions: 10
      consumers: 10
      consumer_events_per_second: { default: 1000 }
      apps_cost_factor: 1
      capture: { replicas: 4, requests_per_second_per_replica: 1000 }
      autoscaling: { reaction_time: 5m, max_consumers: 20, max_capture_replicas: 8 }
      overflow: { enabled: true, per_distinct_id_events_per_second: 100, burst: 1000 }
      rate_limit: { per_token_events_per_second: 100000 }
      policy:
        max_ingestion_delay: 90s
        working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: true }
      live_load:
        events_per_request: 10
        peak_factor: 1.25
        weekly:
      """;

  static String pipelineYaml() {
    return PIPELINE
        + Fixtures.weekly(
            (d, h) ->
                d == 6 && h == 3 ? 800 : d == 1 && h == 11 ? 6000 : d == 2 && h == 14 ? 400 : 2000);
  }

  static Pipeline pipeline() {
    return Fixtures.pipeline(pipelineYaml());
  }

  static IntakeProfile load(String name, String start, int peak, String token, String topId) {
    return load(name, start, peak, token, topId, 10_000_000, 10);
  }

  /** The load with its top id counted {@code topEvents} of {@code totalEvents}. */
  static IntakeProfile load(
      String name,
      String start,
      int peak,
      String token,
      String topId,
      long totalEvents,
      long topEvents) {
    return Fixtures.profile(
        name,
        """
        customer: %s
        kind: load_test
        token: %s
        product_questions_answered: true
        schedule: { start: %s }
        stages:
          - { duration: 10m, target: %d }
          - { duration: 30m, target: %d }
        batching: { events_per_request: 10 }
        distinct_ids:
          total: 1000000
          total_events: %d
          top: [ { distinct_id: "%s", events: %d } ]
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        payload_bytes: 500
        """
            .formatted(name, token, start, peak, peak, totalEvents, topId, topEvents));
  }

  static IntakeProfile at(String start) {
    return load("shared", start, 4000, "phc_shared", "someone");
  }

  @Test
  void fitsAtThreeOnSundayAndNotAtElevenOnTuesday() {
    // Sunday 13 Dec 2026 03:00 London (= UTC in December): live 800 × 1.25 = 1,000 ev/s.
    // Headroom = min(capture (4,000 − 100 req/s) × 10 = 39,000; consumers 10,000 − 1,000 = 9,000)
    // = 9,000 ≥ 4,000: READY, 5,000 to spare. The 5-min rise (2,000) is within 9,000: a load test.
    Plan sunday = CapacityPlanner.plan(at("2026-12-13T03:00:00+00:00"), pipeline());
    assertEquals(Verdict.READY, sunday.verdict());
    assertEquals(Classification.LOAD_TEST, sunday.classification());
    assertEquals(1000, sunday.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(9000, sunday.headroom().headroomEventsPerSecond(), 1e-9);
    assertEquals(5000, sunday.headroom().spareEventsPerSecond(), 1e-9);
    assertEquals("consumers", sunday.headroom().bottleneck());
    assertEquals("2026-12-13T03:00:00Z", sunday.headroom().tightestAt());
    assertEquals(10000, sunday.capacityNowEventsPerSecond(), 1e-9); // capacity itself unchanged

    // Tuesday 15 Dec 2026 11:00: live 6,000 × 1.25 = 7,500 ev/s; headroom 10,000 − 7,500 = 2,500
    // < 4,000: NEEDS_SCALING, 1,500 over. Consumers for 4,000 + 7,500: ceil(11.5) = 12, which
    // leave 12,000 − 7,500 = 4,500 beside the live load.
    Plan tuesday = CapacityPlanner.plan(at("2026-12-15T11:00:00+00:00"), pipeline());
    assertEquals(Verdict.NEEDS_SCALING, tuesday.verdict());
    assertEquals(7500, tuesday.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(2500, tuesday.headroom().headroomEventsPerSecond(), 1e-9);
    assertEquals(-1500, tuesday.headroom().spareEventsPerSecond(), 1e-9);
    assertEquals(12, tuesday.scaling().consumers());
    assertEquals(12, tuesday.scaling().partitions());
    assertEquals(4500, tuesday.scaling().capacityAfterEventsPerSecond(), 1e-9);
    assertTrue(
        tuesday.reasons().get(0).contains("Tue 15 Dec 2026 11:00 Europe/London"),
        tuesday.reasons().get(0));
    assertTrue(tuesday.reasons().get(0).contains("7,500 ev/s of live traffic"));
    assertTrue(tuesday.reasons().get(0).contains("1,500 ev/s more than the headroom"));
  }

  @Test
  void theWallClockIsTheZonesSummerTimeIncluded() {
    // 10:00 UTC on Tuesday 14 July 2026 is 11:00 in London (BST): the busy hour.
    Plan july = CapacityPlanner.plan(at("2026-07-14T10:00:00+00:00"), pipeline());
    assertEquals(7500, july.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(Verdict.NEEDS_SCALING, july.verdict());
    // The same UTC hour in December is 10:00 in London: an ordinary hour (2,000 × 1.25).
    Plan december = CapacityPlanner.plan(at("2026-12-15T10:00:00+00:00"), pipeline());
    assertEquals(2500, december.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(Verdict.READY, december.verdict());
  }

  @Test
  void aLoadAcrossTwoHoursMeetsEachHoursLiveLoad() {
    // From 10:30 on Tuesday: the ramp and 20 min of the hold in the 10:00 hour (live 2,500), the
    // last 10 min of the hold at 11:00 (live 7,500): the tightest moment is 11:00.
    Plan p = CapacityPlanner.plan(at("2026-12-15T10:30:00+00:00"), pipeline());
    assertEquals("2026-12-15T11:00:00Z", p.headroom().tightestAt());
    assertEquals(7500, p.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(Verdict.NEEDS_SCALING, p.verdict());
  }

  @Test
  void theAutoscalerSeesTheLiveLoadAndTheBacklogCarriesIt() {
    // With 20 partitions the autoscaler may run 20 consumers. At Tuesday 11:00 the consumers need
    // 11.5 of 10: the model lags until the autoscaler, seeing load and live traffic, brings 12.
    Pipeline twenty = Fixtures.pipeline(pipelineYaml().replace("partitions: 10", "partitions: 20"));
    Plan tuesday = CapacityPlanner.plan(at("2026-12-15T11:00:00+00:00"), twenty);
    assertTrue(tuesday.maxBacklogEvents() > 0, "a backlog beside the live load");
    // The load passes the 2,500 ev/s of headroom at 375 s into the ramp and events start to wait;
    // load, live traffic and the backlog's drain pass 11 consumers' worth (the tolerance's edge)
    // before the ramp ends at 600 s, so 12 consumers run a reaction time (300 s) later, between
    // 675 and 900 s. Sized on the load alone (4,000 ev/s) it would wait until the backlog alone
    // asked for them, past 1,400 s.
    Autoscaler.Step first =
        tuesday.capacityOverTime().stream()
            .filter(s -> s.consumers() >= 12)
            .findFirst()
            .orElseThrow();
    assertEquals(12, first.consumers(), tuesday.capacityOverTime().toString());
    assertTrue(
        first.seconds() >= 675 && first.seconds() <= 900, tuesday.capacityOverTime().toString());
    // On Sunday night the same load leaves nothing waiting.
    Plan sunday = CapacityPlanner.plan(at("2026-12-13T03:00:00+00:00"), twenty);
    assertEquals(0, sunday.maxBacklogEvents());
    assertEquals(1, sunday.capacityOverTime().size(), "no scaling needed");
  }

  @Test
  void withoutLiveLoadThePlanIsTheIdleOneAndSaysSo() {
    Pipeline idle = pipeline().withLiveLoad(null);
    Plan p = CapacityPlanner.plan(at("2026-12-15T11:00:00+00:00"), idle);
    assertNull(p.headroom());
    assertNull(p.suggestedStarts());
    assertEquals(Verdict.READY, p.verdict());
    assertTrue(
        p.assumptions().stream().anyMatch(a -> a.contains("assumed idle")),
        p.assumptions().toString());
    assertTrue(p.besideOverTime().isEmpty());
  }

  @Test
  void withoutAStartTheBusiestHourIsAssumed() {
    IntakeProfile noStart =
        Fixtures.profile(
            "nostart",
            """
            customer: X
            kind: load_test
            token: phc_x
            product_questions_answered: true
            stages: [ { duration: 10m, target: 4000 }, { duration: 30m, target: 4000 } ]
            batching: { events_per_request: 10 }
            distinct_ids: { total: 1000000, top: [ { distinct_id: a, events: 10 } ] }
            event_types: { $pageview: 1.0 }
            apps_enabled: false
            """);
    Plan p = CapacityPlanner.plan(noStart, pipeline());
    assertEquals(7500, p.headroom().liveEventsPerSecond(), 1e-9);
    assertNull(p.headroom().tightestAt());
    assertTrue(
        p.assumptions().stream().anyMatch(a -> a.contains("busiest hour (Tue 11:00")),
        p.assumptions().toString());
  }

  @Test
  void suggestedStartsPickTheQuietestWorkingHour() {
    // From Monday 14 Dec: every working hour leaves 10,000 − 2,500 = 7,500 (3,500 to spare) but
    // Wednesday 14:00 (live 500: 5,500 to spare) and Tuesday 11:00 (NEEDS_SCALING). A person picks
    // Wednesday 14:00.
    Plan p =
        CapacityPlanner.plan(
            at("2026-12-15T11:00:00+00:00"),
            pipeline(),
            new SharedPipeline.Context(Instant.parse("2026-12-14T00:00:00Z"), List.of()));
    Plan.SuggestedStart best = p.suggestedStarts().get(0);
    assertEquals("2026-12-16T14:00:00Z", best.start());
    assertEquals(Verdict.READY, best.verdict());
    assertEquals(5500, best.minHeadroomEventsPerSecond(), 1e-9);
    assertEquals(3500, p.suggestedStarts().get(1).minHeadroomEventsPerSecond(), 1e-9);
    assertTrue(p.suggestedStarts().size() <= SharedPipeline.SUGGESTIONS);
    assertFalse(
        p.suggestedStarts().stream().anyMatch(s -> s.start().equals("2026-12-15T11:00:00Z")));
    for (Plan.SuggestedStart s : p.suggestedStarts()) {
      Instant t = Instant.parse(s.start());
      var local = t.atZone(java.time.ZoneId.of("Europe/London"));
      assertTrue(local.getHour() >= 8 && local.getHour() < 17, s.local());
      assertTrue(local.getDayOfWeek().getValue() <= 5, s.local());
      assertFalse(t.isBefore(Instant.parse("2026-12-14T00:00:00Z")));
      assertTrue(t.isBefore(Instant.parse("2027-01-11T00:00:00Z")), "within four weeks");
    }
    // A READY slot the next day beats NEEDS_SCALING now: the reasons say so right after the
    // tightest hour, and the customer is told.
    assertTrue(
        p.reasons()
            .get(1)
            .startsWith("Starting at Wed 16 Dec 2026 14:00 Europe/London instead it is READY"));
    assertTrue(p.tellCustomer().get(0).contains("Wed 16 Dec 2026 14:00"));
  }

  @Test
  void anApprovedTestAtTheSameTimeTakesItsShareOfTheHeadroom() {
    // Wednesday 14:00: live 500 leaves 9,500. Another approved test of 6,000 ev/s (same mix) runs
    // then: 3,500 are left, less than this load's 4,000.
    Pipeline pipe = pipeline();
    IntakeProfile other = load("other", "2026-12-16T14:00:00+00:00", 6000, "phc_o", "o");
    SharedPipeline.Approved a =
        SharedPipeline.Approved.of(other, CapacityPlanner.plan(other, pipe));
    IntakeProfile mine = at("2026-12-16T14:00:00+00:00");
    assertEquals(Verdict.READY, CapacityPlanner.plan(mine, pipe).verdict());
    Plan with =
        CapacityPlanner.plan(
            mine,
            pipe,
            new SharedPipeline.Context(Instant.parse("2026-12-14T00:00:00Z"), List.of(a)));
    assertEquals(Verdict.NEEDS_SCALING, with.verdict());
    assertEquals(500, with.headroom().liveEventsPerSecond(), 1e-9);
    assertEquals(6000, with.headroom().approvedEventsPerSecond(), 1e-9);
    assertEquals(3500, with.headroom().headroomEventsPerSecond(), 1e-9);
    assertEquals(List.of("other"), with.headroom().approvedTests());
  }

  @Test
  void theReviewDocumentLeadsWithTheBetterStart() {
    Plan p =
        CapacityPlanner.plan(
            at("2026-12-15T11:00:00+00:00"),
            pipeline(),
            new SharedPipeline.Context(Instant.parse("2026-12-14T00:00:00Z"), List.of()));
    String text = dev.loadgate.report.TextSummary.render(p);
    String[] lines = text.split("\n");
    assertTrue(lines[1].startsWith(">> Verdict: NEEDS_SCALING"), lines[1]);
    assertTrue(
        lines[2].startsWith(">> Better start: Wed 16 Dec 2026 14:00 Europe/London is READY"),
        lines[2]);
    assertNotNull(p.besideOverTime());
    assertFalse(p.besideOverTime().isEmpty());
  }
}
