package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each metric a night records, from hand-written inputs, with its value worked here. */
class MetricsRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void aSimulationsGatedChecksAreOnlyWhatTheRunControls() throws Exception {
    // A failed latency check does not fail the night's "checks"; a failed 429 check does.
    String checks =
        "{'checks': [{'name': 'nothing lost', 'ok': true}, {'name': 'p99 under 100 ms', 'ok': false},"
            + " {'name': 'failed requests under 1%%', 'ok': true}, {'name': '429 share', 'ok': %s}]}";
    Map<String, Object> held = new TreeMap<>();
    Metrics.addSimulation(held, "x", json(checks.formatted("true")));
    assertEquals("held", held.get("sim.x.checks"));
    Map<String, Object> failed = new TreeMap<>();
    Metrics.addSimulation(failed, "x", json(checks.formatted("false")));
    assertEquals("failed", failed.get("sim.x.checks"));
    // Without events, overflow or a share error in the summary, none of their metrics.
    assertTrue(!held.containsKey("sim.x.events_lost") && !held.containsKey("sim.x.overflow_share"));
    assertTrue(
        !held.containsKey("sim.x.max_share_error") && !held.containsKey("sim.x.delay_ratio"));
  }

  @Test
  void aSimulationsMeasuresRoundedToFourDigits() throws Exception {
    Map<String, Object> m = new TreeMap<>();
    Metrics.addSimulation(
        m,
        "x",
        json(
            "{'events': {'lost': 0, 'duplicates': 3, 'sent': 1000}, 'ordering_violations': 2,"
                + " 'max_share_error': 0.0123456, 'overflow': {'measured': 0.333333},"
                + " 'rate_limited': {'measured': 0.1}, 'latency_ms': {'p50': 4.5, 'p99': 80}}"));
    assertEquals(0.0, m.get("sim.x.events_lost"));
    assertEquals(3.0, m.get("sim.x.duplicates"));
    assertEquals(2.0, m.get("sim.x.ordering_violations"));
    assertEquals(0.01235, m.get("sim.x.max_share_error"));
    assertEquals(0.3333, m.get("sim.x.overflow_share"));
    assertEquals(0.1, m.get("sim.x.rate_limited_share"));
    assertEquals(4.5, m.get("sim.x.latency_p50_ms"));
    assertEquals(80.0, m.get("sim.x.latency_p99_ms"));
  }

  @Test
  void theCapacityComparisonAsRatiosAndShares() throws Exception {
    // Delay ratio (measured + 1) / (predicted + 1) = 13 / 9 = 1.444; one step each, 30 s
    // predicted and 33 s measured; 50 of 1,000 sent refused: 0.05.
    Map<String, Object> m = new TreeMap<>();
    Metrics.addSimulation(
        m,
        "x",
        json(
            "{'events': {'sent': 1000}, 'capacity_model': {"
                + "'predicted': {'max_delay_seconds': 8, 'autoscaler_steps': [{'at_seconds': 30,"
                + " 'consumers': 2, 'capture_replicas': 1}]},"
                + "'measured': {'max_delay_seconds': 12, 'rejected_events': 50,"
                + " 'worst_partition': {'topic': 't', 'partition': 3},"
                + " 'autoscaler_steps': [{'at_seconds': 33, 'consumers': 2, 'capture_replicas': 1}]}}}"));
    assertEquals(1.444, m.get("sim.x.delay_ratio"));
    assertEquals("t:3", m.get("sim.x.worst_partition"));
    assertEquals(0.05, m.get("sim.x.rejected_share"));
    assertEquals(1.0, m.get("sim.x.step_timing"));
    // 3 s late against an allowance of max(1 s, 10% of 30 s): exactly on its edge, 1.
    // Nothing sent: no share to take.
    Map<String, Object> none = new TreeMap<>();
    Metrics.addSimulation(
        none,
        "x",
        json(
            "{'capacity_model': {'predicted': {'max_delay_seconds': -1, 'autoscaler_steps':"
                + " [{'at_seconds': 30}, {'at_seconds': 60}]}, 'measured': {'max_delay_seconds': 0,"
                + " 'rejected_events': 5, 'autoscaler_steps': []}}}"));
    assertEquals(0.0, none.get("sim.x.rejected_share"));
    assertEquals("none", none.get("sim.x.worst_partition"));
    assertEquals("step counts differ: 2 predicted, 0 measured", none.get("sim.x.step_timing"));
    // A ratio that cannot be a number (a malformed file's delay of -1) is kept as it is.
    assertEquals(Double.POSITIVE_INFINITY, none.get("sim.x.delay_ratio"));
  }

  @Test
  void theSloGapCountsTheTiersTheStackCanResolve() throws Exception {
    // Tiers scaled to 50 ms and 100 ms sit under the stack's own delay: left out; of the 0.2 s and
    // 0.3 s tiers the wider gap, 0.97 - 0.91 = 0.06.
    Map<String, Object> m = new TreeMap<>();
    Metrics.addSimulation(
        m,
        "x",
        json(
            "{'capacity_model': {'predicted': {'max_delay_seconds': 0}, 'measured': {},"
                + " 'slo': [{'within_seconds': 0.05, 'predicted': 1.0, 'measured': 0.43},"
                + " {'within_seconds': 0.1, 'predicted': 1.0, 'measured': 0.7},"
                + " {'within_seconds': 0.2, 'predicted': 0.97, 'measured': 0.91},"
                + " {'within_seconds': 0.3, 'predicted': 1.0, 'measured': 0.98}]}}"));
    assertEquals(0.06, (Double) m.get("sim.x.slo_gap"), 1e-9);
    // Only tiers under the floor: no gap to hold the night to.
    Map<String, Object> small = new TreeMap<>();
    Metrics.addSimulation(
        small,
        "x",
        json(
            "{'capacity_model': {'predicted': {'max_delay_seconds': 0}, 'measured': {},"
                + " 'slo': [{'within_seconds': 0.05, 'predicted': 1.0, 'measured': 0.43}]}}"));
    assertEquals(null, small.get("sim.x.slo_gap"));
  }

  @Test
  void benchmarksAreThroughputRatiosToTheReferenceWithTheirParameters() throws Exception {
    // The reference at 1,000 ops/s; a benchmark at 250 ops/s, ratio 0.25; one at 2 ms/op = 500
    // ops/s, 0.5, with its parameters in its name in order.
    String ref = Metrics.REFERENCE;
    JsonNode jmh =
        json(
            "[{'benchmark': 'dev.loadgate.bench.%s', 'params': {},".formatted(ref)
                + " 'primaryMetric': {'score': 1000, 'scoreUnit': 'ops/s'}},"
                + " {'benchmark': 'dev.loadgate.bench.Hot.partition', 'params': {'partitions': '64',"
                + " 'skew': 'zipf'}, 'primaryMetric': {'score': 250, 'scoreUnit': 'ops/s'}},"
                + " {'benchmark': 'dev.loadgate.bench.Cost.consume', 'primaryMetric': {'score': 2,"
                + " 'scoreUnit': 'ms/op'}}]");
    Map<String, Object> m = new TreeMap<>();
    Metrics.addBenchmarks(m, jmh);
    assertEquals(
        Map.of("bench.Hot.partition{partitions=64,skew=zipf}", 0.25, "bench.Cost.consume", 0.5), m);
  }

  @Test
  void withoutAReferenceAboveZeroThereAreNoRatios() throws Exception {
    Map<String, Object> m = new TreeMap<>();
    Metrics.addBenchmarks(
        m,
        json(
            "[{'benchmark': 'dev.loadgate.bench.%s', 'primaryMetric': {'score': 0, 'scoreUnit':"
                    .formatted(Metrics.REFERENCE)
                + " 'ops/s'}}, {'benchmark': 'dev.loadgate.bench.A.b', 'primaryMetric': {'score':"
                + " 5, 'scoreUnit': 'ops/s'}}]"));
    assertEquals(Map.of(), m);
  }

  @Test
  void aPlansVerdictClassificationHottestPartitionAndSkew() {
    dev.loadgate.plan.Plan plan =
        dev.loadgate.plan.CapacityPlanner.plan(
            dev.loadgate.profile.ProfileLoader.load(
                dev.loadgate.profile.Profiles.resolve(
                    "acme-ramp", dev.loadgate.testing.Fixtures.profilesDir())),
            dev.loadgate.testing.Fixtures.smallPipeline());
    Map<String, Object> m = new TreeMap<>();
    Metrics.addPlan(m, plan);
    assertEquals(plan.verdict().name(), m.get("plan.acme-ramp.verdict"));
    assertEquals(plan.classification().name(), m.get("plan.acme-ramp.classification"));
    assertEquals(
        (double) plan.hottestPartition().partition(), m.get("plan.acme-ramp.hottest_partition"));
    assertEquals(
        new java.math.BigDecimal(plan.partitionSkew())
            .round(new java.math.MathContext(4))
            .doubleValue(),
        m.get("plan.acme-ramp.partition_skew"));
    // Without stages or a peak there is no rate to classify: "-".
    dev.loadgate.plan.Plan draft =
        dev.loadgate.plan.CapacityPlanner.plan(
            dev.loadgate.testing.Fixtures.profile(
                "draft",
                """
                customer: D
                kind: load_test
                token: phc_d
                batching: { events_per_request: 10 }
                distinct_ids: { total: 10, top: [ { distinct_id: a, events: 5 } ] }
                event_types: { $pageview: 1.0 }
                apps_enabled: false
                """),
            dev.loadgate.testing.Fixtures.smallPipeline());
    Map<String, Object> d = new TreeMap<>();
    Metrics.addPlan(d, draft);
    assertEquals("-", d.get("plan.draft.classification"));
    assertEquals("NEEDS_ANSWERS", d.get("plan.draft.verdict"));
  }

  @Test
  void operationsPerSecondFromEveryJmhUnit() {
    assertEquals(5, Metrics.perSecond(5, "ops/s"), 1e-12);
    assertEquals(5_000, Metrics.perSecond(5, "ops/ms"), 1e-9);
    assertEquals(5e6, Metrics.perSecond(5, "ops/us"), 1e-3);
    assertEquals(5e9, Metrics.perSecond(5, "ops/ns"), 1);
    assertEquals(5 / 60.0, Metrics.perSecond(5, "ops/min"), 1e-12);
    assertEquals(0.5, Metrics.perSecond(2, "s/op"), 1e-12);
    assertEquals(500, Metrics.perSecond(2, "ms/op"), 1e-9);
    assertEquals(1e9 / 4, Metrics.perSecond(4, "ns/op"), 1e-3);
    assertEquals(7, Metrics.perSecond(7, "whatever"), 0);
  }

  @Test
  void aPackageWithEveryMutantKilledScoresOne() {
    Map<String, Object> m = new TreeMap<>();
    Metrics.addMutation(
        m,
        List.of(
            "A.java,dev.loadgate.calibrate.A,M,x,1,KILLED,t",
            "short,line",
            "A.java,dev.loadgate.calibrate.A,M,x,2,MEMORY_ERROR,t",
            // six fields, no killing test's column: still a mutant
            "A.java,dev.loadgate.calibrate.A,M,x,3,SURVIVED"));
    assertEquals(3.0, m.get("mutation.calibrate.mutants"));
    assertEquals(0.6667, m.get("mutation.calibrate.killed_share"));
  }

  @Test
  void aPairedBenchmarkIsTheMedianOfItsIterationsReferenceOverMeasured() throws Exception {
    // Two forks, three iterations each: ratios 2/1, 3/1, 4/2 | 9/3, 8/4, 5/5 = 2, 3, 2 | 3, 2, 1:
    // sorted 1 2 2 2 3 3, median 2. The sums' scores (40 and 14) would give 2.857: not used.
    com.fasterxml.jackson.databind.JsonNode jmh =
        dev.loadgate.report.PlanJson.MAPPER.readTree(
            """
            [{"benchmark": "dev.loadgate.bench.PlanBenchmark.planOnlyPaired",
              "params": {"partitions": "1024"},
              "primaryMetric": {"score": 80.0, "scoreUnit": "ms/op"},
              "secondaryMetrics": {
                "measuredNanos": {"score": 14, "rawData": [[1, 1, 2], [3, 4, 5]]},
                "referenceNanos": {"score": 40, "rawData": [[2, 3, 4], [9, 8, 5]]}}},
             {"benchmark": "dev.loadgate.bench.ConsumerBenchmark.processOneEventPaired",
              "params": {},
              "primaryMetric": {"score": 1.0, "scoreUnit": "us/op"},
              "secondaryMetrics": {
                "measuredNanos": {"score": 0, "rawData": [[0, 0]]},
                "referenceNanos": {"score": 5, "rawData": [[2, 3]]}}}]
            """);
    java.util.Map<String, Object> m = new java.util.TreeMap<>();
    Metrics.addBenchmarks(m, jmh);
    assertEquals(
        java.util.Map.of("bench.PlanBenchmark.planOnlyPaired{partitions=1024}", 2.0),
        m,
        "paired ratios need no murmur2; an iteration that measured nothing is no ratio");
    assertEquals(
        "noise 4", Metrics.defaultTolerance("bench.PlanBenchmark.planOnlyPaired{partitions=1024}"));
    assertEquals(
        "noise 4",
        Metrics.defaultTolerance("bench.PartitionerBenchmark.loadgatePartitionerPaired"));
    assertEquals(
        "trend", Metrics.defaultTolerance("bench.PlanBenchmark.planOnly{partitions=1024}"));
    assertEquals("trend", Metrics.defaultTolerance("bench.PairedBenchmark.plan"));
  }
}
