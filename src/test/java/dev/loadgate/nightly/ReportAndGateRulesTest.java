package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the gate words a move, what a baseline update keeps, and the report's trends and table. */
class ReportAndGateRulesTest {
  @TempDir Path dir;

  private static Baseline baseline(String name, Object value, String tolerance) {
    return new Baseline(Map.of(name, new Baseline.Entry(value, tolerance)));
  }

  @Test
  void aRelativeMoveIsAPercentAndAnAbsoluteOneADifference() {
    Gate.Comparison rel = Gate.compare(Map.of("a", 110.0), baseline("a", 100.0, "rel 0.5")).get(0);
    assertEquals("+10%", rel.moved());
    Gate.Comparison abs = Gate.compare(Map.of("a", 7.0), baseline("a", 5.0, "abs 3")).get(0);
    assertEquals("+2.000", abs.moved());
    Gate.Comparison down = Gate.compare(Map.of("a", 3.0), baseline("a", 5.0, "abs 3")).get(0);
    assertEquals("-2.000", down.moved());
  }

  private static List<History.Night> nights(Map<String, Object> metrics, int n) {
    List<History.Night> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new History.Night("night " + i, "abc123", metrics));
    }
    return out;
  }

  @Test
  void anUpdateKeepsATunedToleranceAndGivesANewMetricTheDefault() {
    Baseline previous = baseline("sim.x.delay_ratio", 1.0, "rel 0.9");
    Baseline next =
        Baseline.fromNights(
                nights(Map.of("sim.x.delay_ratio", 1.2, "sim.x.duplicates", 0.0), 3), previous)
            .baseline();
    assertEquals("rel 0.9", next.metrics().get("sim.x.delay_ratio").tolerance());
    assertEquals(
        Metrics.defaultTolerance("sim.x.duplicates"),
        next.metrics().get("sim.x.duplicates").tolerance());
    assertEquals(
        Metrics.defaultTolerance("sim.x.delay_ratio"),
        Baseline.fromNights(nights(Map.of("sim.x.delay_ratio", 1.2), 3), null)
            .baseline()
            .metrics()
            .get("sim.x.delay_ratio")
            .tolerance());
  }

  private Path history(String... nights) throws IOException {
    Path h = dir.resolve("history.jsonl");
    Files.write(h, Arrays.asList(nights));
    return h;
  }

  @Test
  void trendsGroupBenchmarksTogetherAndEachSimulationMeasureAcrossProfiles() throws IOException {
    Path h =
        history(
            "{\"metrics\": {\"bench.A\": 0.5, \"sim.p.delay_ratio\": 1.1, \"plan.x.verdict\": \"READY\","
                + " \"mutation.plan.killed_share\": 0.9}}",
            "",
            "{\"metrics\": {\"sim.p.delay_ratio\": 1.2}}",
            "{\"metrics\": {\"bench.A\": 0.6, \"sim.q.r.delay_ratio\": 2}}");
    Map<String, Map<String, List<Double>>> t = NightlyReport.trends(h);
    assertEquals(
        List.of("Benchmark throughput ÷ " + Metrics.REFERENCE, "Simulations: delay_ratio"),
        new ArrayList<>(t.keySet()));
    assertEquals(Map.of("A", Arrays.asList(0.5, null, 0.6)), t.get(t.keySet().iterator().next()));
    assertEquals(
        Map.of("p", List.of(1.1, 1.2), "q.r", Arrays.asList(null, null, 2.0)),
        t.get("Simulations: delay_ratio"));
    assertEquals(Map.of(), NightlyReport.trends(dir.resolve("none.jsonl")));
  }

  @Test
  void theHtmlPutsRegressionsFirstAndDrawsATrendPerGroup() throws IOException {
    Path h = history("{\"metrics\": {\"bench.A\": 0.5, \"sim.p.delay_ratio\": 1.1}}");
    List<Gate.Comparison> all =
        List.of(
            new Gate.Comparison("a.fine", 1.0, 1.0, "exact", true, ""),
            new Gate.Comparison("b.bad", 1.0, 2.0, "exact", false, "+1.000"));
    String html = NightlyReport.html(all, "night", Path.of("b.json"), h);
    assertTrue(html.contains("<span class=\"badge fail\">1 regression(s)</span>"), html);
    int bad = html.indexOf("<tr class=\"bad\"><td><code>b.bad</code>");
    int fine = html.indexOf("<tr><td><code>a.fine</code>");
    assertTrue(bad > 0 && fine > bad, "the regression first");
    assertEquals(2, html.split("<figure>", -1).length - 1, "a chart per group");
    assertTrue(html.contains("trend0-") && html.contains("trend1-"), "each chart its own ids");
    // A metric new tonight has no baseline: a dash in its column.
    String passed =
        NightlyReport.html(
            List.of(all.get(0), new Gate.Comparison("c.new", null, 3.0, "", true, "new")),
            "night",
            Path.of("b.json"),
            dir.resolve("no"));
    assertTrue(passed.contains("<span class=\"badge ok\">passed</span>"), passed);
    assertTrue(passed.contains("<code>c.new</code></td><td>–</td><td>3</td>"), passed);
  }

  @Test
  void theTablePrintsWholeNumbersWholeAndTheRestToFourDigits() {
    List<Gate.Comparison> all =
        List.of(
            new Gate.Comparison("n", 3.0, 2.5, "exact", false, "x"),
            new Gate.Comparison("big", 1e15, 123456.0, "exact", false, "x"),
            new Gate.Comparison("s", "held", "failed", "exact", false, "x"));
    String md = NightlyReport.markdown(all, "t", Path.of("b.json"));
    assertTrue(md.contains("| `n` | 3 | 2.500 | x | exact |"), md);
    assertTrue(md.contains("| `big` | 1.000e+15 | 123456 | x | exact |"), md);
    assertTrue(md.contains("| `s` | held | failed | x | exact |"), md);
  }

  @Test
  void exactlyEightNewMetricsAreAllNamed() {
    List<Gate.Comparison> all = new ArrayList<>();
    all.add(new Gate.Comparison("old", 1.0, 1.0, "exact", true, ""));
    for (int i = 1; i <= 8; i++) {
      all.add(new Gate.Comparison("m" + i, null, 1.0, "", true, "new"));
    }
    String md = NightlyReport.markdown(all, "t", Path.of("b.json"));
    assertTrue(md.contains("`m7`, `m8`. `loadgate baseline --update`"), md);
  }

  @Test
  void aBenchmarkTooNoisyToGateIsListedWithItsSpreadAndCannotFail() {
    // 0.50 0.40 0.70 0.55 0.45: median 0.50, range 0.30 ÷ 2.326 = 0.129 (26% of it), 4σ = 103%.
    Spread wide = Spread.of(List.of(0.50, 0.40, 0.70, 0.55, 0.45));
    Spread calm = Spread.of(List.of(1.00, 0.99, 1.01, 1.00, 1.02));
    Baseline b =
        new Baseline(
            Map.of(
                "bench.A.bPaired", new Baseline.Entry(0.50, "noise 4", wide),
                "bench.C.dPaired", new Baseline.Entry(1.00, "noise 4", calm)));
    List<Gate.Comparison> all =
        Gate.compare(Map.of("bench.A.bPaired", 0.20, "bench.C.dPaired", 0.70), b);
    Gate.Comparison noisy = all.get(0);
    assertTrue(noisy.ok(), "a fall of 60% on a metric this noisy is not a regression");
    assertEquals("not gated: spread ±40% over 5 nights (4σ = 103% > 25%)", noisy.notGated());
    Gate.Comparison gated = all.get(1);
    assertEquals(false, gated.ok(), "a 30% fall on a calm one is");
    assertEquals(null, gated.notGated());
    assertEquals("noise 4 (bound 0.9000, -10%)", gated.tolerance());
    String md = NightlyReport.markdown(all, "t", Path.of("b.json"));
    assertTrue(md.contains("# Nightly gate: 1 regression"), md);
    assertTrue(md.contains("## Reported, not gated"), md);
    assertTrue(
        md.contains("| `bench.A.bPaired` | 0.5000 | 0.2000 | -60% | not gated: spread ±40%"), md);
    assertEquals(1, Gate.notGated(all).size());
  }
}
