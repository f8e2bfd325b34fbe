package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.report.PlanJson;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly gate on nights already measured (results.json fixtures): it must fail on what moved,
 * name the metric, and pass again once a person approves the change with {@code baseline --update}.
 */
class NightlyGateTest {
  @TempDir Path dir;

  /** {@code loadgate nightly} on a night already measured. */
  static Result gate(Path results, Path baseline, Path out) {
    return Cli.run(
        "nightly",
        "--results",
        results.toString(),
        "--baseline",
        baseline.toString(),
        "--out",
        out.toString());
  }

  /**
   * {@code loadgate baseline --update}: a person approves a night measured three times over (a
   * baseline is never one night), the history's lines as the gate appends them.
   */
  static Result approve(Path results, Path baseline) throws Exception {
    String line =
        PlanJson.MAPPER
            .writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(PlanJson.MAPPER.readTree(results.toFile()));
    Path history = results.resolveSibling(results.getFileName() + ".history.jsonl");
    Files.write(history, List.of(line, line, line));
    return Cli.run(
        "baseline",
        "--update",
        "--history",
        history.toString(),
        "--nights",
        "3",
        "--baseline",
        baseline.toString());
  }

  private static final String RATIO = "bench.ConsumerBenchmark.processOneEventPaired{mix=pageview}";

  private Map<String, Object> night(String verdict, double ratio, double shareError) {
    Map<String, Object> m = new TreeMap<>();
    m.put("plan.example.verdict", verdict);
    m.put("plan.example.classification", "LOAD_TEST");
    m.put("sim.example.events_lost", 0.0);
    m.put("sim.example.max_share_error", shareError);
    m.put("sim.example.latency_p99_ms", 90.0);
    m.put(RATIO, ratio);
    return m;
  }

  private Path write(String name, Map<String, Object> metrics) throws Exception {
    ObjectNode root = PlanJson.MAPPER.createObjectNode();
    ObjectNode m = root.putObject("metrics");
    metrics.forEach(
        (k, v) -> {
          if (v instanceof Number n) {
            m.put(k, n.doubleValue());
          } else {
            m.put(k, v.toString());
          }
        });
    Path f = dir.resolve(name);
    Files.writeString(f, PlanJson.MAPPER.writeValueAsString(root));
    return f;
  }

  @Test
  void withoutABaselineTheNightFailsUntilAPersonApprovesIt() throws Exception {
    // No baseline: nothing to compare with, so no night can pass by default (a gate that passes
    // when its reference is missing would pass when it is deleted). It says how to approve.
    Path results = write("night.json", night("READY", 0.02, 0.004));
    Path baseline = dir.resolve("absent.json");
    Result first = gate(results, baseline, dir.resolve("nightly"));
    assertEquals(1, first.exit(), first.out() + first.err());
    assertTrue(first.out().contains("no baseline at " + baseline), first.out());
    assertTrue(first.out().contains("loadgate baseline --update"), first.out());
    assertFalse(first.err().contains("regression:"), "a missing baseline is not a regression");
    assertFalse(Files.exists(baseline), "the gate never approves on its own");
    assertEquals(0, approve(results, baseline).exit());
    assertEquals(0, gate(results, baseline, dir.resolve("nightly")).exit());
  }

  @Test
  void aBaselineEditedToAnImpossibleValueFailsNamingTheMetric() throws Exception {
    Path results = write("night.json", night("READY", 0.02, 0.004));
    Path baseline = dir.resolve("baseline.json");
    Result approve = approve(results, baseline);
    assertEquals(0, approve.exit(), approve.err());
    Path out = dir.resolve("nightly");
    Result same = gate(results, baseline, out);
    assertEquals(0, same.exit(), "the approved night passes: " + same.out() + same.err());

    // A benchmark ratio of 1000 (the consumer 1,000x faster than its reference): impossible, so
    // tonight's 0.02 is a 99.998% drop, far below the bound the nights' (nil) spread allows.
    String edited = Files.readString(baseline).replace("\"value\":0.02,", "\"value\":1000.0,");
    assertFalse(edited.equals(Files.readString(baseline)), "the fixture edit applied");
    Files.writeString(baseline, edited);
    Result gate = gate(results, baseline, out);
    assertEquals(1, gate.exit());
    assertTrue(gate.err().contains("regression: " + RATIO), gate.err());
    assertTrue(gate.err().contains("tolerance noise 4 (bound 900.0, -10%)"), gate.err());
    Path latest = out.resolve("latest");
    assertTrue(Files.readString(latest.resolve("summary.md")).contains(RATIO));
    assertTrue(Files.readString(latest.resolve("index.html")).contains("class=\"bad\""));
    assertEquals(2, Files.readAllLines(out.resolve("history.jsonl")).size(), "both nights kept");
    assertTrue(Files.readString(latest.resolve("index.html")).contains("<svg"), "trend charts");
  }

  @Test
  void aVerdictChangeFailsAndTheSameRunPassesOnceTheBaselineIsUpdated() throws Exception {
    Path baseline = dir.resolve("baseline.json");
    approve(write("before.json", night("READY", 0.02, 0.004)), baseline);
    Path tonight = write("tonight.json", night("NEEDS_SCALING", 0.021, 0.005));
    Path out = dir.resolve("nightly");

    Result gate = gate(tonight, baseline, out);
    assertEquals(1, gate.exit());
    assertTrue(
        gate.err()
            .contains("regression: plan.example.verdict: baseline READY, tonight NEEDS_SCALING"),
        gate.err());
    assertTrue(gate.out().contains("READY -> NEEDS_SCALING"), gate.out());
    assertFalse(gate.err().contains(RATIO), "a 5% rise is not a regression");

    Result dry =
        Cli.run("baseline", "--from", tonight.toString(), "--baseline", baseline.toString());
    assertTrue(dry.out().contains("plan.example.verdict: READY -> NEEDS_SCALING"), dry.out());
    Result update = approve(tonight, baseline);
    assertEquals(0, update.exit());
    Result again = gate(tonight, baseline, out);
    assertEquals(0, again.exit(), again.err());
  }

  @Test
  void eachToleranceHoldsWhatItSays() {
    Map<String, Baseline.Entry> b = new TreeMap<>();
    b.put("a.abs", new Baseline.Entry(0.10, "abs 0.02"));
    b.put("a.rel", new Baseline.Entry(100.0, "rel 0.5"));
    b.put("a.max", new Baseline.Entry(0.0, "max 0.02"));
    b.put("a.exact", new Baseline.Entry(0.0, "exact"));
    b.put("a.drop.rise", new Baseline.Entry(1.0, "drop 0.5"));
    b.put("a.drop.fall", new Baseline.Entry(1.0, "drop 0.5"));
    b.put("a.gone", new Baseline.Entry(1.0, "exact"));
    Map<String, Object> now = new TreeMap<>();
    now.put("a.abs", 0.125); // +0.025 > 0.02
    now.put("a.rel", 149.0); // +49% <= 50%
    now.put("a.max", 0.019); // <= 0.02 whatever the baseline
    now.put("a.exact", 1.0); // one lost event
    now.put("a.new", 5.0);
    now.put("a.drop.rise", 1.9); // faster: reported, not a regression
    now.put("a.drop.fall", 0.45); // less than half: a regression
    Map<String, Gate.Comparison> c = new TreeMap<>();
    Gate.compare(now, new Baseline(b)).forEach(x -> c.put(x.name(), x));
    assertFalse(c.get("a.abs").ok());
    assertTrue(c.get("a.rel").ok());
    assertTrue(c.get("a.max").ok());
    assertFalse(c.get("a.exact").ok());
    assertTrue(c.get("a.drop.rise").ok());
    assertEquals("+90%", c.get("a.drop.rise").moved());
    assertFalse(c.get("a.drop.fall").ok());
    assertFalse(c.get("a.gone").ok(), "a metric that stopped being measured is a regression");
    assertEquals("missing tonight", c.get("a.gone").moved());
    assertTrue(c.get("a.new").ok(), "new metrics are reported, not gated");
    assertNull(c.get("a.new").baseline());
  }

  @Test
  void aToleranceThatIsNotOneOfTheKindsIsInvalidInputNamingTheMetric() throws Exception {
    Path results = write("night.json", night("READY", 0.02, 0.004));
    Path baseline = dir.resolve("baseline.json");
    approve(results, baseline);
    Files.writeString(baseline, Files.readString(baseline).replace("\"max 0.02\"", "\"about 2%\""));
    Result gate = gate(results, baseline, dir.resolve("n"));
    assertEquals(2, gate.exit());
    assertTrue(gate.err().contains("sim.example.max_share_error"), gate.err());
  }

  @Test
  void autoscalerStepsThatCannotBePairedAreNamedNotNumberedAndGateRed() throws Exception {
    // The model predicted one step, the stack took three: there is no timing to report.
    JsonNode summary =
        PlanJson.MAPPER.readTree(
            """
            {"capacity_model": {
               "predicted": {"max_delay_seconds": 2.0,
                 "autoscaler_steps": [{"at_seconds": 10.0, "consumers": 8, "capture_replicas": 2}]},
               "measured": {"max_delay_seconds": 2.2, "rejected_events": 0,
                 "autoscaler_steps": [{"at_seconds": 10.2, "consumers": 6, "capture_replicas": 2},
                                      {"at_seconds": 20.4, "consumers": 7, "capture_replicas": 2},
                                      {"at_seconds": 30.1, "consumers": 8, "capture_replicas": 2}]}},
             "events": {"sent": 1000}}
            """);
    Map<String, Object> m = new TreeMap<>();
    Metrics.addSimulation(m, "x", summary);
    assertEquals("step counts differ: 1 predicted, 3 measured", m.get("sim.x.step_timing"));
    Baseline baseline =
        new Baseline(Map.of("sim.x.step_timing", new Baseline.Entry(0.2, "max 1.5")));
    Gate.Comparison c =
        Gate.compare(Map.of("sim.x.step_timing", m.get("sim.x.step_timing")), baseline).get(0);
    assertFalse(c.ok(), c.toString());
    assertTrue(c.moved().contains("step counts differ"), c.moved());

    // Paired steps keep their number: 0.2 s late against a 1 s allowance.
    ((ObjectNode) summary.path("capacity_model").path("measured"))
        .set(
            "autoscaler_steps",
            PlanJson.MAPPER.readTree(
                "[{\"at_seconds\": 10.2, \"consumers\": 8, \"capture_replicas\": 2}]"));
    Metrics.addSimulation(m, "x", summary);
    assertEquals(0.2, (Double) m.get("sim.x.step_timing"), 1e-9);
  }

  @Test
  void benchmarkScoresBecomeThroughputRatiosToTheReference() throws Exception {
    // The reference at 40 ns/op is 25M ops/s; a consumer at 500k ops/s is 0.02 of it; an
    // overflow decision at 50 ns/op is 20M ops/s, 0.8 of it.
    JsonNode jmh =
        PlanJson.MAPPER.readTree(
            """
            [ {"benchmark":"dev.loadgate.bench.PartitionerBenchmark.bareMurmur2","params":{"partitions":"64"},
               "primaryMetric":{"score":40.0,"scoreUnit":"ns/op"}},
              {"benchmark":"dev.loadgate.bench.ConsumerBenchmark.processOneEvent","params":{"mix":"pageview","spread":"many"},
               "primaryMetric":{"score":500000.0,"scoreUnit":"ops/s"}},
              {"benchmark":"dev.loadgate.bench.OverflowBenchmark.decide","params":{"routing":"keyed"},
               "primaryMetric":{"score":50.0,"scoreUnit":"ns/op"}} ]
            """);
    Map<String, Object> m = new TreeMap<>();
    Metrics.addBenchmarks(m, jmh);
    assertEquals(
        0.02,
        (Double) m.get("bench.ConsumerBenchmark.processOneEvent{mix=pageview,spread=many}"),
        1e-9);
    assertEquals(0.8, (Double) m.get("bench.OverflowBenchmark.decide{routing=keyed}"), 1e-9);
    assertEquals(2, m.size(), "the reference itself is not a metric: " + m.keySet());
    assertEquals(
        List.of("trend", "noise 4", "exact", "max 0.02"),
        List.of(
            Metrics.defaultTolerance("bench.X.y"),
            Metrics.defaultTolerance("bench.X.yPaired{a=b}"),
            Metrics.defaultTolerance("plan.a.verdict"),
            Metrics.defaultTolerance("sim.a.max_share_error")));
  }
}
