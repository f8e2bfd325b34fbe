package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the nightly mutates again and how a whole package's score is put back together from the
 * baseline's ledger and tonight's run, counted by hand.
 */
class MutationScopeTest {
  @TempDir Path dir;

  @Test
  void aChangedSourceFileReMutatesItsClassesAndAChangedTestItsPackage() {
    MutationScope s =
        MutationScope.of(
            List.of(
                "src/main/java/dev/loadgate/plan/Reasons.java",
                "src/main/java/dev/loadgate/stack/CaptureServer.java", // not mutated nightly
                "src/test/java/dev/loadgate/nightly/GateTest.java",
                "src/main/java/dev/loadgate/nightly/Gate.java", // inside a package mutated whole
                "docs/nightly.md",
                "src/main/java/dev/loadgate/plan/sub/Deeper.java"));
    assertFalse(s.all());
    assertEquals(List.of("dev.loadgate.nightly.*", "dev.loadgate.plan.Reasons*"), s.patterns());
    assertEquals("dev.loadgate.nightly.*,dev.loadgate.plan.Reasons*", s.targets());
    assertTrue(s.covers("dev.loadgate.plan.Reasons"));
    assertTrue(s.covers("dev.loadgate.plan.Reasons$1"));
    assertFalse(s.covers("dev.loadgate.plan.Plan"));
    assertTrue(s.covers("dev.loadgate.nightly.Gate$Comparison"));
    assertFalse(s.covers("dev.loadgate.nightly.sub.Deeper"), "a package glob stops at its dots");
    assertFalse(s.nothing());
  }

  @Test
  void theBuildOrAProfileFixtureChangedMeansEverythingAndDocsMeanNothing() {
    assertEquals(MutationScope.EVERYTHING, MutationScope.of(List.of("README.md", "pom.xml")));
    assertEquals(MutationScope.EVERYTHING, MutationScope.of(List.of("profiles/example.yaml")));
    MutationScope none = MutationScope.of(List.of("README.md", "docs/capacity-model.md"));
    assertTrue(none.nothing());
    assertEquals("", none.targets());
    assertTrue(MutationScope.EVERYTHING.covers("dev.loadgate.calibrate.Calibration"));
    assertFalse(MutationScope.EVERYTHING.covers("dev.loadgate.stack.CaptureServer"));
    assertEquals(
        "dev.loadgate.profile.*,dev.loadgate.plan.*,dev.loadgate.simulation.*,"
            + "dev.loadgate.calibrate.*,dev.loadgate.nightly.*",
        MutationScope.EVERYTHING.targets());
  }

  private static String mutant(String cls, String status) {
    return "X.java," + cls + ",Mutator,m,1," + status + ",some test, with a comma";
  }

  @Test
  void aPackageScoreIsTheLedgersClassesWithTonightsWhereTheyChanged() throws Exception {
    // The baseline's run: Reasons 10 mutants 9 killed, Plan 4/4, Gate 5/5.
    MutationLedger ledger =
        new MutationLedger(
            Map.of(
                "dev.loadgate.plan.Reasons", new long[] {10, 9},
                "dev.loadgate.plan.Plan", new long[] {4, 4},
                "dev.loadgate.nightly.Gate", new long[] {5, 5}));
    Path f = dir.resolve("ledger.csv");
    ledger.write(f);
    assertEquals(
        List.of(
            "class,mutants,killed",
            "dev.loadgate.nightly.Gate,5,5",
            "dev.loadgate.plan.Plan,4,4",
            "dev.loadgate.plan.Reasons,10,9"),
        Files.readAllLines(f));
    // Tonight Reasons changed: PIT ran it alone and found 3 mutants, 1 killed and 1 timed out;
    // a stray line from another class outside the scope is not taken.
    MutationLedger tonight =
        MutationLedger.ofMutations(
            List.of(
                mutant("dev.loadgate.plan.Reasons", "KILLED"),
                mutant("dev.loadgate.plan.Reasons", "SURVIVED"),
                mutant("dev.loadgate.plan.Reasons", "TIMED_OUT"),
                mutant("dev.loadgate.plan.Plan", "SURVIVED"),
                "short,line"));
    MutationLedger merged =
        MutationLedger.read(f)
            .merge(
                tonight, MutationScope.of(List.of("src/main/java/dev/loadgate/plan/Reasons.java")));
    Map<String, Object> m = new TreeMap<>();
    merged.addMetrics(m);
    // plan: 3 + 4 = 7 mutants, 2 + 4 = 6 detected; nightly untouched: 5 of 5.
    assertEquals(7.0, m.get("mutation.plan.mutants"));
    assertEquals(0.8571, m.get("mutation.plan.killed_share"));
    assertEquals(1.0, m.get("mutation.nightly.killed_share"));
    // A class deleted since the baseline: in scope, absent tonight, so gone from the ledger.
    MutationLedger gone =
        ledger.merge(
            new MutationLedger(Map.of()),
            MutationScope.of(List.of("src/main/java/dev/loadgate/plan/Plan.java")));
    assertFalse(gone.classes().containsKey("dev.loadgate.plan.Plan"));
    assertEquals(2, gone.classes().size());
  }
}
