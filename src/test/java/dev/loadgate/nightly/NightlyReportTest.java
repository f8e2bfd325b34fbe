package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The night's summary, written out by hand for a small night. */
class NightlyReportTest {
  private static final Path BASE = Path.of("b.json");

  private static Gate.Comparison c(
      String name, Object base, Object now, String tol, boolean ok, String moved) {
    return new Gate.Comparison(name, base, now, tol, ok, moved);
  }

  @Test
  void aRegressionANewMetricAndAMoveWithinTolerance() {
    List<Gate.Comparison> all =
        List.of(
            c("plan.a.verdict", "READY", "NEEDS_SCALING", "exact", false, "changed"),
            c("sim.a.latency_p50_ms", 90.0, 120.5, "rel 3.0", true, "+34%"),
            c("sim.a.events_lost", 0.0, 0.0, "exact", true, ""),
            c("bench.x", null, 0.02, "", true, "new: not in the baseline, not gated"));
    assertEquals(
        """
        # Nightly gate: 1 regression

        Night of 2026-11-30T02:00, compared with `b.json`: 4 metrics.

        ## What moved beyond its tolerance

        | metric | baseline | tonight | moved | tolerance |
        |---|---|---|---|---|
        | `plan.a.verdict` | READY | NEEDS_SCALING | changed | exact |

        If the change is intended, `loadgate baseline --update` rewrites the baseline from this\
         night; the diff shows what a reviewer approves.

        1 metric(s) are not in the baseline yet and are not gated: `bench.x`. `loadgate baseline\
         --update` approves them.

        ## Moved within tolerance

        | metric | baseline | tonight | moved | tolerance |
        |---|---|---|---|---|
        | `sim.a.latency_p50_ms` | 90 | 120.5 | +34% | rel 3.0 |

        """,
        NightlyReport.markdown(all, "2026-11-30T02:00", BASE));
  }

  @Test
  void theHeadlineSaysPassedNoBaselineOrHowManyRegressions() {
    assertTrue(
        NightlyReport.markdown(List.of(c("a", 1.0, 1.0, "exact", true, "")), "t", BASE)
            .startsWith(
                "# Nightly gate: passed\n\nNight of t, compared with `b.json`: 1 metrics."));
    assertTrue(
        NightlyReport.markdown(
                List.of(c("a", null, 1.0, "", true, "new"), c("b", null, 2.0, "", true, "new")),
                "t",
                BASE)
            .startsWith("# Nightly gate: no baseline yet\n"));
    assertTrue(
        NightlyReport.markdown(
                List.of(
                    c("a", 1.0, 2.0, "exact", false, "+100%"),
                    c("b", 1.0, 3.0, "exact", false, "+200%")),
                "t",
                BASE)
            .startsWith("# Nightly gate: 2 regressions\n"));
  }

  @Test
  void moreThanEightNewMetricsAreNamedEightThenElided() {
    List<Gate.Comparison> all = new ArrayList<>();
    all.add(c("old", 1.0, 1.0, "exact", true, ""));
    for (int i = 1; i <= 9; i++) {
      all.add(c("m" + i, null, 1.0, "", true, "new"));
    }
    String md = NightlyReport.markdown(all, "t", BASE);
    assertTrue(
        md.contains(
            "9 metric(s) are not in the baseline yet and are not gated: `m1`, `m2`, `m3`, `m4`,"
                + " `m5`, `m6`, `m7`, `m8`, ...."),
        md);
    // Nothing moved: no section for it.
    assertTrue(!md.contains("## Moved within tolerance"), md);
  }
}
