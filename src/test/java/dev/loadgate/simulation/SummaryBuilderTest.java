package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The checks a run is held to, decided from the stack's counters as this run's share of them (now
 * less the baseline read before it), on a local-mode run worked out by {@link RunPlanner}.
 */
class SummaryBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pipeline PIPELINE =
      PipelineLoader.parse(
          Path.of("p.yaml"),
          """
          partitions: 4
          consumers: 2
          consumer_events_per_second: { default: 1000 }
          capture: { replicas: 1, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
          autoscaling: { reaction_time: 1m, max_consumers: 2, max_capture_replicas: 1 }
          overflow: { enabled: false, per_distinct_id_events_per_second: 100, burst: 100 }
          rate_limit: { per_token_events_per_second: 100000 }
          """);

  private static RunPlan run(String kind) {
    Properties p = new Properties();
    p.setProperty("profile", "t");
    p.setProperty("capacity", "local");
    p.setProperty("assert.p99.ms", "500");
    IntakeProfile profile =
        ProfileLoader.parse(
            Path.of("t.yaml"),
            """
            customer: T
            kind: %s
            token: phc_t
            product_questions_answered: true
            schedule: { start: "2026-12-15T10:00:00+00:00" }
            stages: [ { duration: 10s, target: 100 } ]
            batching: { events_per_request: 10, endpoint: /batch/ }
            distinct_ids: { total: 1000 }
            event_types: { $pageview: 1.0 }
            apps_enabled: false
            """
                .formatted(kind));
    return RunPlanner.prepare(SimulationSettings.from(p), profile, PIPELINE).run();
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private static Map<String, RunSummary.Check> checks(RunSummary s) {
    return s.checks().stream()
        .collect(Collectors.toMap(c -> c.name().split(" \\(")[0], c -> c, (a, b) -> a));
  }

  @Test
  void lostIsTheStacksUnconsumedOrElseThisRunsAckedLessConsumed() throws Exception {
    JsonNode before = json("{\"events_acked\": 500, \"events_consumed\": 480}");
    SummaryBuilder b =
        new SummaryBuilder(run("load_test"), new RunTally(run("load_test").shape()), before);
    assertEquals(
        3L, b.lostEvents(json("{\"events_acked\": 9, \"events_unconsumed\": 3}")), "reconciled");
    // This run: 1,500 - 500 acked, 1,470 - 480 consumed: 10 not consumed.
    assertEquals(10L, b.lostEvents(json("{\"events_acked\": 1500, \"events_consumed\": 1470}")));
    assertNull(b.lostEvents(json("{\"status\": 1}")), "not loadgate's counters");
  }

  @Test
  void thisRunsPartitionSharesAreMeasuredAgainstThePrediction() throws Exception {
    RunPlan run = run("load_test");
    RunTally tally = new RunTally(run.shape());
    for (int i = 0; i < 10; i++) {
      tally.answered(tally.sending(), 200, 20);
    }
    JsonNode before =
        json(
            "{\"events_acked\": 100, \"events_consumed\": 100, \"main_partition_events\": [40, 20, 20, 20]}");
    JsonNode after =
        json(
            "{\"events_acked\": 200, \"events_consumed\": 200, \"events_unconsumed\": 0,"
                + " \"main_partition_events\": [70, 45, 45, 40], \"historical_partition_events\": [0, 0, 0, 0]}");
    RunSummary s = new SummaryBuilder(run, tally, before).build(after, null, null, "t0", List.of());
    // This run's 100 events: 30, 25, 25, 20 of them.
    assertEquals(List.of(0.3, 0.25, 0.25, 0.2), s.measuredPartitionShares());
    assertEquals(List.of(30L, 25L, 25L, 20L), s.partitions().events());
    assertEquals(0, s.partitions().hottest());
    double worst = 0;
    for (int p = 0; p < 4; p++) {
      worst =
          Math.max(
              worst,
              Math.abs(s.predictedPartitionShares().get(p) - s.measuredPartitionShares().get(p)));
    }
    assertEquals(worst, s.maxShareError(), 1e-5);
    Map<String, RunSummary.Check> c = checks(s);
    assertTrue(c.get("nothing lost").ok());
    assertTrue(c.get("capture p99 response time").ok(), "20 ms under 500");
    assertTrue(c.get("429 share as the plan expects").ok(), "none refused, none expected");
  }

  @Test
  void anImportIsCountedOnTheHistoricalTopicAndALossOrASlowCaptureFails() throws Exception {
    RunPlan run = run("historical_import");
    RunTally tally = new RunTally(run.shape());
    for (int i = 0; i < 10; i++) {
      tally.answered(tally.sending(), i < 5 ? 200 : 429, 900);
    }
    JsonNode after =
        json(
            "{\"events_acked\": 50, \"events_consumed\": 48, \"events_unconsumed\": 2,"
                + " \"main_partition_events\": [9, 9, 9, 9], \"historical_partition_events\": [12, 12, 12, 12]}");
    RunSummary s = new SummaryBuilder(run, tally, null).build(after, null, null, "t0", List.of());
    assertEquals(List.of(12L, 12L, 12L, 12L), s.partitions().events());
    Map<String, RunSummary.Check> c = checks(s);
    assertFalse(c.get("nothing lost").ok(), "2 acked and not consumed");
    assertFalse(c.get("capture p99 response time").ok(), "900 ms over 500");
    assertFalse(c.get("429 share as the plan expects").ok(), "half refused, none expected");
    assertEquals(0, new SummaryBuilder(run, tally, null).expectedFailedShare(), 1e-9);
    assertEquals(0.02, new SummaryBuilder(run, tally, null).failedShareTolerance(), 1e-9);
  }

  @Test
  void theSummaryCarriesThisRunsCountersScalePlanAndStages() throws Exception {
    RunPlan run = run("load_test");
    RunTally tally = new RunTally(run.shape());
    for (int i = 0; i < 4; i++) {
      tally.answered(tally.sending(), i == 0 ? 429 : 200, 20);
    }
    JsonNode before =
        json(
            "{\"events_acked\": 10, \"events_consumed\": 10, \"duplicates\": 1,"
                + " \"events_overflowed\": 2, \"ordering_violations\": 3, \"overflow_reordered\": 1}");
    JsonNode after =
        json(
            "{\"events_acked\": 40, \"events_consumed\": 40, \"events_unconsumed\": 0,"
                + " \"duplicates\": 3, \"events_overflowed\": 8, \"events_historical\": 0,"
                + " \"ordering_violations\": 3, \"overflow_reordered\": 4,"
                + " \"max_lag_records\": 17, \"max_ingestion_delay_seconds\": 0.12345,"
                + " \"lag_readings_missing\": 2, \"lag_missing_reason\": \"no admin\","
                + " \"capture_latency_ms\": {\"p50\": 1, \"p95\": 2, \"p99\": 3, \"p999\": 4},"
                + " \"main_partition_events\": [10, 10, 10, 10]}");
    RunSummary s =
        new SummaryBuilder(run, tally, before)
            .build(after, null, null, "2026-12-07T00:00Z", List.of());
    assertEquals("t", s.profile());
    assertEquals("T", s.customer());
    assertEquals("2026-12-07T00:00Z", s.startedAt());
    // This run's counters: now less before.
    assertEquals(new RunSummary.Events(40, 30, 30L, 0L, 2L, 6L, 0L), s.events());
    assertEquals(0L, s.orderingViolations());
    assertEquals(3L, s.overflowReordered());
    assertEquals(0.2, s.overflow().measured(), 1e-9, "6 of 30 consumed overflowed");
    assertEquals(0.25, s.rateLimited().measured(), 1e-9, "1 of 4 requests refused with 429");
    // The local consumers at full speed take 100 ev/s without a backlog, as predicted.
    assertEquals(new RunSummary.Lag(17L, 0.123, 0.0, 0.0, 2L, "no admin"), s.lag());
    assertEquals(3.0, s.captureLatencyMs().p99(), 1e-9);
    assertEquals(run.scale().rate(), s.scale().rate(), 1e-12);
    assertEquals(run.scale().time(), s.scale().time(), 1e-12);
    assertEquals(run.scaleReason(), s.scale().reason());
    assertEquals(run.plan().verdict().name(), s.plan().verdict());
    assertEquals(run.plan().peakEventsPerSecond(), s.plan().peakEventsPerSecond(), 1e-9);
    // One stage, 10 s at 100 ev/s in requests of 10: 1,000 events targeted, 40 sent.
    RunSummary.StageResult st = s.stages().get(0);
    assertEquals(run.shape().steps().get(0).requests() * 10, st.targetEvents());
    assertEquals(40, st.eventsSent());
    assertEquals(30, st.eventsAcked());
    assertEquals(40.0 / st.targetEvents(), st.ratio(), 1e-4);
    assertEquals(List.of(), s.timeline(), "no timeline given");
    assertNull(s.capacityModel(), "local mode: no model of capacities");
  }
}
