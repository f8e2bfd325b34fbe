package dev.loadgate.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A night's metrics from PIT's report, counted by hand. */
class MetricsTest {
  @Test
  void mutationScoresArePerPackageKilledOrTimedOutOverAllMutants() {
    List<String> csv =
        List.of(
            // a killing test's name with a comma in its parameters must not shift the fields
            "Fmt.java,dev.loadgate.plan.Fmt,MathMutator,num,10,KILLED,"
                + "dev.loadgate.plan.FmtTest.[method:x(java.util.List, int)]",
            "Fmt.java,dev.loadgate.plan.Fmt,MathMutator,num,11,SURVIVED,none",
            "Reasons.java,dev.loadgate.plan.Reasons,MathMutator,x,12,TIMED_OUT,t",
            "Reasons.java,dev.loadgate.plan.Reasons$1,MathMutator,x,13,NO_COVERAGE,none",
            "Scale.java,dev.loadgate.simulation.Scale,MathMutator,x,1,KILLED,t",
            "");
    Map<String, Object> m = new TreeMap<>();
    Metrics.addMutation(m, csv);
    // plan: 4 mutants, 1 killed + 1 timed out; simulation: 1 of 1.
    assertEquals(
        Map.of(
            "mutation.plan.mutants", 4.0,
            "mutation.plan.killed_share", 0.5,
            "mutation.simulation.mutants", 1.0,
            "mutation.simulation.killed_share", 1.0),
        m);
    assertEquals("drop 0.01", Metrics.defaultTolerance("mutation.plan.killed_share"));
    assertEquals("trend", Metrics.defaultTolerance("mutation.plan.mutants"));
  }
}
