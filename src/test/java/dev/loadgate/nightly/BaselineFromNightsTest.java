package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.report.PlanJson;
import dev.loadgate.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline is taken from several nights: medians and spreads by hand, what most nights said, what
 * a person is warned of, and {@code loadgate baseline --update} refusing one night.
 */
class BaselineFromNightsTest {
  @TempDir Path dir;

  private static final String PLAN = "bench.PlanBenchmark.planOnlyPaired{partitions=1024}";

  private static History.Night night(int i, double ratio, String verdict) {
    Map<String, Object> m = new TreeMap<>();
    m.put(PLAN, ratio);
    m.put("plan.example.verdict", verdict);
    m.put("sim.example.events_lost", 0.0);
    return new History.Night("2026-12-0" + i + "T02:17:00Z", "abc123", m);
  }

  @Test
  void numbersTakeTheMedianOfTheNightsAndKeepTheirSpread() {
    List<History.Night> nights =
        List.of(
            night(1, 0.31, "READY"),
            night(2, 0.29, "READY"),
            night(3, 0.30, "READY"),
            night(4, 0.36, "READY"),
            night(5, 0.30, "READY"));
    Baseline.Update u = Baseline.fromNights(nights, null);
    Baseline.Entry e = u.baseline().metrics().get(PLAN);
    // Sorted 0.29 0.30 0.30 0.31 0.36: median 0.30, deviations 0.01 0 0 0.01 0.06: MAD 0.01.
    assertEquals(0.30, (Double) e.value(), 1e-12);
    assertEquals(0.01, e.spread().mad(), 1e-9);
    assertEquals(0.29, e.spread().min(), 1e-12);
    assertEquals(0.36, e.spread().max(), 1e-12);
    assertEquals("noise 4", e.tolerance());
    assertEquals("READY", u.baseline().metrics().get("plan.example.verdict").value());
    assertNull(u.baseline().metrics().get("plan.example.verdict").spread());
    assertEquals(List.of(), u.warnings());
    assertEquals(5, u.baseline().nights().size());
    assertEquals(
        new Baseline.Source("2026-12-01T02:17:00Z", "abc123"), u.baseline().nights().get(0));
  }

  @Test
  void aTextTheNightsDisagreeOnTakesTheMajorityAndWarns() {
    Map<String, Object> gone = new TreeMap<>(night(3, 0.3, "READY").metrics());
    gone.remove(PLAN);
    List<History.Night> nights =
        List.of(
            night(1, 0.3, "READY"),
            night(2, 0.3, "NEEDS_SCALING"),
            new History.Night("n3", "def456", gone));
    Baseline.Update u = Baseline.fromNights(nights, null);
    assertEquals("READY", u.baseline().metrics().get("plan.example.verdict").value());
    assertEquals(
        List.of(
            PLAN + ": measured on 2 of 3 nights",
            "plan.example.verdict: the nights disagree {READY=2, NEEDS_SCALING=1}; the baseline"
                + " takes READY"),
        u.warnings());
    assertEquals(2, u.baseline().metrics().get(PLAN).spread().nights());
  }

  @Test
  void theFileKeepsTheSpreadAndTheNightsAndReadsBackTheSame() throws Exception {
    Baseline b =
        Baseline.fromNights(
                List.of(night(1, 0.31, "READY"), night(2, 0.29, "READY"), night(3, 0.33, "READY")),
                null)
            .baseline();
    Path f = dir.resolve("baseline.json");
    b.write(f);
    String text = Files.readString(f);
    assertTrue(
        text.contains(
            "\""
                + PLAN
                + "\": {\"value\":0.31,\"tolerance\":\"noise 4\",\"mad\":0.02,\"min\":0.29,"
                + "\"max\":0.33,\"nights\":3}"),
        text);
    Baseline back = Baseline.read(f);
    assertEquals(b, back);
  }

  private Path history(List<History.Night> nights) throws Exception {
    List<String> lines = new ArrayList<>();
    for (History.Night n : nights) {
      ObjectNode o = PlanJson.MAPPER.createObjectNode();
      o.put("started_at", n.startedAt());
      o.put("commit", n.commit());
      ObjectNode m = o.putObject("metrics");
      n.metrics()
          .forEach(
              (k, v) -> {
                if (v instanceof Double d) {
                  m.put(k, d);
                } else {
                  m.put(k, v.toString());
                }
              });
      lines.add(
          PlanJson.MAPPER
              .writer()
              .without(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(o));
    }
    Path h = dir.resolve("history.jsonl");
    Files.write(h, lines);
    return h;
  }

  @Test
  void theCommandTakesTheLastNightsAndRefusesOneNight() throws Exception {
    Path baseline = dir.resolve("nightly.json");
    List<History.Night> nights = new ArrayList<>();
    nights.add(night(1, 9.0, "REJECT")); // older than the last five: left out
    for (double r : new double[] {0.30, 0.31, 0.29, 0.30, 0.32}) {
      nights.add(night(nights.size() + 1, r, "READY"));
    }
    Path h = history(nights);
    Cli.Result r =
        Cli.run(
            "baseline", "--update", "--history", h.toString(), "--baseline", baseline.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "from 5 nights (2026-12-02T02:17:00Z to 2026-12-06T02:17:00Z; commit abc123)"),
        r.out());
    // 0.29 0.30 0.30 0.31 0.32: MAD 0.01 (σ 0.0148), range 0.03 ÷ 2.326 (σ 0.0129): 4.9% of 0.30.
    assertTrue(r.out().contains(PLAN), r.out());
    assertTrue(r.out().contains("sigma 4.9%: gated"), r.out());
    Baseline b = Baseline.read(baseline);
    assertEquals("READY", b.metrics().get("plan.example.verdict").value());
    assertEquals(0.30, (Double) b.metrics().get(PLAN).value(), 1e-12);

    Path two = dir.resolve("two.jsonl");
    Files.write(two, Files.readAllLines(h).subList(0, 2));
    Cli.Result refused =
        Cli.run(
            "baseline", "--update", "--history", two.toString(), "--baseline", baseline.toString());
    assertEquals(1, refused.exit());
    assertTrue(
        refused.err().contains("holds 2 night(s); a baseline is taken from at least 3"),
        refused.err());

    Cli.Result oneNight =
        Cli.run("baseline", "--update", "--from", h.toString(), "--baseline", baseline.toString());
    assertEquals(2, oneNight.exit());
    assertTrue(oneNight.err().contains("a baseline is never one night"), oneNight.err());
    Cli.Result fewNights =
        Cli.run("baseline", "--update", "--nights", "2", "--history", h.toString());
    assertEquals(2, fewNights.exit());
    assertFalse(fewNights.err().isEmpty());
  }

  @Test
  void eachBenchmarksLineSaysWhetherThatBenchmarkIsGated() throws Exception {
    // Two benchmarks: the plan quiet (σ 4.9%, as above), the consumer's identify mix wide
    // (0.44 0.44 0.44 0.50 0.56: range 0.12 ÷ 2.326 = σ 0.0516, 11.7% of 0.44; 4σ = 47% > 25%).
    // Each line answers for its own benchmark, whichever comes first in the baseline.
    String identify = "bench.ConsumerBenchmark.processOneEventPaired{mix=identify_heavy}";
    double[] plan = {0.30, 0.31, 0.29, 0.30, 0.32};
    double[] id = {0.44, 0.50, 0.44, 0.56, 0.44};
    List<History.Night> nights = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      History.Night n = night(i + 1, plan[i], "READY");
      Map<String, Object> m = new TreeMap<>(n.metrics());
      m.put(identify, id[i]);
      nights.add(new History.Night(n.startedAt(), n.commit(), m));
    }
    Cli.Result r =
        Cli.run(
            "baseline",
            "--update",
            "--history",
            history(nights).toString(),
            "--baseline",
            dir.resolve("nightly.json").toString());
    assertEquals(0, r.exit(), r.err());
    String planLine = r.out().lines().filter(l -> l.contains(PLAN)).findFirst().orElseThrow();
    String idLine = r.out().lines().filter(l -> l.contains(identify)).findFirst().orElseThrow();
    assertTrue(planLine.endsWith("sigma 4.9%: gated"), planLine);
    assertTrue(
        idLine.endsWith("sigma 11.7%: not gated: spread ±27% over 5 nights (4σ = 47% > 25%)"),
        idLine);
  }

  @Test
  void anUpdateWithAFullMutationRunWritesTheLedgerAndGatesItsScores() throws Exception {
    List<History.Night> nights = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nights.add(night(i, 0.3, "READY"));
    }
    Path h = history(nights);
    Path csv = dir.resolve("mutations.csv");
    Files.write(
        csv,
        List.of(
            "Fmt.java,dev.loadgate.plan.Fmt,M,m,1,KILLED,t",
            "Fmt.java,dev.loadgate.plan.Fmt,M,m,2,SURVIVED,none",
            "Spread.java,dev.loadgate.nightly.Spread,M,m,3,TIMED_OUT,t"));
    Path baseline = dir.resolve("b").resolve("nightly.json");
    Cli.Result r =
        Cli.run(
            "baseline",
            "--update",
            "--history",
            h.toString(),
            "--baseline",
            baseline.toString(),
            "--mutations",
            csv.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            "class,mutants,killed", "dev.loadgate.nightly.Spread,1,1", "dev.loadgate.plan.Fmt,2,1"),
        Files.readAllLines(baseline.resolveSibling("mutation-ledger.csv")));
    Baseline b = Baseline.read(baseline);
    assertEquals(0.5, (Double) b.metrics().get("mutation.plan.killed_share").value(), 1e-12);
    assertEquals("drop 0.01", b.metrics().get("mutation.plan.killed_share").tolerance());
    assertEquals(2.0, (Double) b.metrics().get("mutation.plan.mutants").value(), 1e-12);
  }
}
