package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run passes when every one of its checks held; what it measured is kept as given. */
class RunSummaryTest {
  private static RunSummary summary(List<Double> measured, List<RunSummary.Check> checks) {
    return new RunSummary(
        "p",
        "c",
        "2026-11-30T10:00:00Z",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.of(0.5, 0.5),
        measured,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        List.of(),
        List.of(),
        checks);
  }

  private static RunSummary.Check check(boolean ok) {
    return new RunSummary.Check("c", "e", "a", ok);
  }

  @Test
  void aRunPassesOnlyWhenEveryCheckHeld() {
    assertTrue(summary(null, List.of(check(true), check(true))).passed());
    assertFalse(summary(null, List.of(check(true), check(false))).passed());
    assertTrue(summary(null, List.of()).passed(), "nothing to hold it to");
  }

  @Test
  void measuredSharesAreAbsentWithoutABrokerToReadAndACopyWithOne() {
    assertNull(summary(null, List.of()).measuredPartitionShares());
    List<Double> measured = new ArrayList<>(List.of(0.4, 0.6));
    RunSummary s = summary(measured, List.of());
    measured.set(0, 0.9);
    assertEquals(List.of(0.4, 0.6), s.measuredPartitionShares(), "a copy, not the caller's list");
    assertThrows(UnsupportedOperationException.class, () -> s.measuredPartitionShares().add(1.0));
  }
}
