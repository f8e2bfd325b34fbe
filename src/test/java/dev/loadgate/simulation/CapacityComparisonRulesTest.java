package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.Autoscaler;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.wire.Timeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison's rules at their edges, each worked by hand: which partitions count as near the
 * worst, the exact bounds of every check (at the bound holds, past it fails), what each check says,
 * and the closing line for every verdict.
 */
class CapacityComparisonRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "events_plugin_ingestion";

  private static CapacityModel.TopicPartition tp(int p) {
    return new CapacityModel.TopicPartition(TOPIC, p);
  }

  private static IngestionModel.Result result(
      double maxDelay, List<IngestionModel.PartitionLag> lagging, List<Autoscaler.Step> steps) {
    return new IngestionModel.Result(
        maxDelay, 1234.4, 5000, lagging, steps, 99.6, 0, 0, 0, 0, true, 1, List.of());
  }

  @Test
  void thePredictionKeepsThePartitionsWithinAQuarterOfTheWorstDelay() {
    // Worst 8 s: 75% of it is 6 s, so 6.0 s is near (at the edge) and 5.99 s is not.
    IngestionModel.Result r =
        result(
            8.0,
            List.of(
                new IngestionModel.PartitionLag(TOPIC, 5, 900, 8.0, 20),
                new IngestionModel.PartitionLag(TOPIC, 2, 700, 6.0, 15),
                new IngestionModel.PartitionLag(TOPIC, 9, 690, 5.99, 15)),
            List.of(new Autoscaler.Step(0, 100, 2, 1), new Autoscaler.Step(12.3456, 500, 4, 2)));
    CapacityModel.Outcome o = CapacityComparison.predicted(r);
    assertEquals(8.0, o.maxDelaySeconds());
    assertEquals(1234, o.maxBacklogEvents());
    assertEquals(100, o.rejectedEvents(), "99.6 events rounded");
    assertEquals(tp(5), o.worstPartition());
    assertEquals(List.of(tp(5), tp(2)), o.nearWorstPartitions());
    // The sizes at the start are not a step; the one after is, to the millisecond.
    assertEquals(List.of(new CapacityModel.Step(12.346, 4, 2, null)), o.autoscalerSteps());

    // One topic lagging: its worst is the worst.
    assertEquals(List.of(tp(5)), o.worstPartitionPerTopic());
    // Two topics: each keeps its own longest wait, whatever order the lags come in.
    String hist = "events_plugin_ingestion_historical";
    CapacityModel.Outcome lanes =
        CapacityComparison.predicted(
            result(
                8.0,
                List.of(
                    new IngestionModel.PartitionLag(hist, 3, 100, 2.0, 5),
                    new IngestionModel.PartitionLag(TOPIC, 5, 900, 8.0, 20),
                    new IngestionModel.PartitionLag(hist, 4, 200, 3.0, 5)),
                List.of(r.steps().get(0))));
    assertEquals(new CapacityModel.TopicPartition(hist, 4), lanes.worstPartitionOf(hist));
    assertEquals(tp(5), lanes.worstPartitionOf(TOPIC));
    assertNull(lanes.worstPartitionOf("events_plugin_ingestion_overflow"));

    CapacityModel.Outcome none =
        CapacityComparison.predicted(result(0, List.of(), List.of(r.steps().get(0))));
    assertEquals(List.of(), none.worstPartitionPerTopic());
    assertNull(none.worstPartition());
    assertEquals(List.of(), none.nearWorstPartitions());
    assertEquals(List.of(), none.autoscalerSteps());
  }

  @Test
  void thePredictedTimelineIsRoundedToWhatAPersonReads() {
    IngestionModel.Result r =
        new IngestionModel.Result(
            0,
            0,
            0,
            List.of(),
            List.of(),
            0,
            0,
            0,
            0,
            0,
            true,
            1,
            List.of(
                new IngestionModel.Moment(
                    2.6, 100.04, 3.06, 97.0, 95.56, 10.4, 7.6, 0.12345, 3, 2, 1500.06)));
    assertEquals(
        List.of(new TimelinePoint(3, 100.0, 3.1, 97.0, 95.6, 10, 8, null, 0.123, 3, 2, 1500.1)),
        CapacityComparison.predictedTimeline(r));
  }

  private static JsonNode timeline(double threshold, String stalls, String points)
      throws Exception {
    return JSON.readTree(
        "{\"lag_threshold_seconds\":"
            + threshold
            + ",\"stalls\":["
            + stalls
            + "],\"steps\":[],"
            + "\"points\":["
            + points
            + "]}");
  }

  private static String point(long atMillis, int partition, double delay) {
    return "{\"at_millis\":"
        + atMillis
        + ",\"worst_topic\":\""
        + TOPIC
        + "\",\"worst_partition\":"
        + partition
        + ",\"worst_partition_delay_seconds\":"
        + delay
        + ",\"delay_max_seconds\":"
        + delay
        + ",\"consumers\":1,\"capture_replicas\":1}";
  }

  @Test
  void aStallASecondBeforeTheLoadCountsAndAnEarlierOneDoesNot() throws Exception {
    CapacityComparison.Measured m =
        CapacityComparison.measured(
            Timeline.of(
                timeline(
                    0.5,
                    "{\"at_millis\":9000,\"seconds\":0.7},{\"at_millis\":8999,\"seconds\":3}",
                    "")),
            10_000,
            new long[0],
            0,
            (c, r) -> 0);
    assertEquals(List.of(new CapacityModel.Stall(-1.0, 0.7)), m.stalls());
  }

  @Test
  void theFirstPartitionToReachTheLongestWaitIsTheWorstAndOnlyPastTheThreshold() throws Exception {
    String points = point(10_000, 3, 1.7) + "," + point(11_000, 6, 1.7);
    // Two partitions waited 1.7 s: the first to get there is the worst.
    assertEquals(
        tp(3),
        CapacityComparison.measured(
                Timeline.of(timeline(1.69, "", points)), 10_000, new long[0], 0, (c, r) -> 0)
            .outcome()
            .worstPartition());
    // A wait of exactly the threshold is not a lag.
    assertNull(
        CapacityComparison.measured(
                Timeline.of(timeline(1.7, "", points)), 10_000, new long[0], 0, (c, r) -> 0)
            .outcome()
            .worstPartition());
  }

  private static CapacityModel cm(
      CapacityModel.Outcome predicted, CapacityModel.Outcome measured, double... stalls) {
    List<CapacityModel.Stall> s = new java.util.ArrayList<>();
    for (double d : stalls) {
      s.add(new CapacityModel.Stall(5, d));
    }
    return new CapacityModel(
        "production",
        3.0,
        0.5,
        predicted,
        measured,
        new CapacityModel.ProductionEquivalent(0, 0.0, 3),
        s);
  }

  private static CapacityModel.Outcome outcome(double delay, long rejected) {
    return new CapacityModel.Outcome(delay, 0, rejected, null, List.of(), List.of());
  }

  /** The check whose name starts with {@code prefix}, of those the run is held to. */
  private static RunSummary.Check check(
      String verdict, String classification, CapacityModel cm, long eventsSent, String prefix) {
    return CapacityComparison.checks(verdict, classification, cm, eventsSent).stream()
        .filter(c -> c.name().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void withoutAMeasurementThereIsNothingToCheck() {
    assertEquals(
        List.of(), CapacityComparison.checks("READY", "LOAD_TEST", cm(outcome(1, 0), null), 10));
  }

  @Test
  void theDelayCheckHoldsAtItsBoundAndSaysWhatItAllowed() {
    // 25% of the larger, 50 s: 12.5 s. 37.5 against 50 is exactly at the bound.
    RunSummary.Check at =
        check(
            "NEEDS_SCALING",
            "LOAD_TEST",
            cm(outcome(37.5, 0), outcome(50, 0)),
            10,
            "max ingestion delay");
    assertTrue(at.ok());
    assertEquals("max ingestion delay as the model predicts (±25% or 1 s)", at.name());
    assertEquals("37.50 s ± 12.50 s", at.expected());
    assertEquals("50.00 s", at.actual());
    // With a 0.98 s stall the floor is 1 + 0.98 s, said next to the expectation.
    RunSummary.Check stalled =
        check(
            "READY",
            "LOAD_TEST",
            cm(outcome(0.1, 0), outcome(2.08, 0), 0.98),
            10,
            "max ingestion delay");
    assertTrue(stalled.ok(), "|0.1 - 2.08| = 1.98 = 1 + 0.98");
    assertEquals("0.10 s ± 1.98 s (with the 0.98 s the stack stood still)", stalled.expected());
  }

  @Test
  void theWorstPartitionCheckNamesWhatItExpects() {
    List<CapacityModel.Step> none = List.of();
    CapacityModel.Outcome alone = new CapacityModel.Outcome(9, 0, 0, tp(4), none, List.of(tp(4)));
    RunSummary.Check one =
        check("NEEDS_SCALING", "LOAD_TEST", cm(alone, outcome(9, 0)), 10, "the worst partition");
    assertEquals("events_plugin_ingestion partition 4", one.expected(), "one near: no 'or one of'");
    assertEquals("none lags", one.actual());
    assertFalse(one.ok(), "predicted to lag, measured not");

    CapacityModel.Outcome two =
        new CapacityModel.Outcome(9, 0, 0, tp(4), none, List.of(tp(4), tp(1)));
    RunSummary.Check near =
        check(
            "NEEDS_SCALING",
            "LOAD_TEST",
            cm(two, new CapacityModel.Outcome(9, 0, 0, tp(1), none, List.of())),
            10,
            "the worst partition");
    assertEquals(
        "events_plugin_ingestion partition 4 (or one of the 2 lagging within 25% of it)",
        near.expected());
    assertEquals("events_plugin_ingestion partition 1", near.actual());
    assertTrue(near.ok());

    RunSummary.Check quiet =
        check("READY", "LOAD_TEST", cm(outcome(0, 0), outcome(0, 0)), 10, "no partition lags");
    assertEquals("none lags", quiet.expected());
    assertTrue(quiet.ok());
  }

  @Test
  void theStepsCheckListsEachStep() {
    List<CapacityModel.Step> predicted =
        List.of(new CapacityModel.Step(5, 2, 1, null), new CapacityModel.Step(12.25, 4, 3, null));
    CapacityModel.Outcome p = new CapacityModel.Outcome(0, 0, 0, null, predicted, List.of());
    RunSummary.Check c = check("READY", "LOAD_TEST", cm(p, outcome(0, 0)), 10, "autoscaler steps");
    assertEquals("5.0 s: 2 consumers, 1 replicas; 12.3 s: 4 consumers, 3 replicas", c.expected());
    assertEquals("none", c.actual());
    assertFalse(c.ok(), "two steps predicted, none measured");
  }

  @Test
  void aStepExactlyItsAllowanceLateIsOnTime() {
    // Predicted at 5 s: the allowance is 1 s, so 6 s is at its edge; 6.01 s is past it.
    CapacityModel.Outcome p =
        new CapacityModel.Outcome(
            0, 0, 0, null, List.of(new CapacityModel.Step(5, 2, 1, null)), List.of());
    for (double at : new double[] {6.0, 6.01}) {
      CapacityModel.Outcome m =
          new CapacityModel.Outcome(
              0, 0, 0, null, List.of(new CapacityModel.Step(at, 2, 1, 0.2)), List.of());
      assertEquals(
          at == 6.0,
          check("READY", "LOAD_TEST", cm(p, m), 10, "autoscaler steps").ok(),
          "a step at " + at + " s");
    }
  }

  @Test
  void refusalsHoldAtFortyPercentOfTheLargerOrTwoPercentOfTheEvents() {
    // 10,000 events sent: the floor is 200. 0 against 200 holds, against 201 does not.
    assertTrue(
        check("REJECT", "LOAD_TEST", cm(outcome(0, 0), outcome(0, 200)), 10_000, "events refused")
            .ok());
    assertFalse(
        check("REJECT", "LOAD_TEST", cm(outcome(0, 0), outcome(0, 201)), 10_000, "events refused")
            .ok());
    // 40% of 1,000 is 400: 600 against 1,000 is at the bound; 599 is past it.
    RunSummary.Check at =
        check(
            "REJECT", "LOAD_TEST", cm(outcome(0, 600), outcome(0, 1000)), 10_000, "events refused");
    assertTrue(at.ok());
    assertEquals("600 ± 400", at.expected());
    assertEquals("1000", at.actual());
    assertFalse(
        check(
                "REJECT",
                "LOAD_TEST",
                cm(outcome(0, 599), outcome(0, 1000)),
                10_000,
                "events refused")
            .ok());
  }

  @Test
  void aReadyLoadMayReachThePolicyAndTheStallOnTopButNoFurther() {
    RunSummary.Check at =
        check("READY", "LOAD_TEST", cm(outcome(3, 0), outcome(3.0, 0)), 10, "a READY load");
    assertTrue(at.ok(), "3 s against a 3 s policy");
    assertEquals("<= 3.00 s", at.expected());
    RunSummary.Check stalled =
        check("READY", "LOAD_TEST", cm(outcome(3, 0), outcome(3.5, 0), 0.5), 10, "a READY load");
    assertTrue(stalled.ok(), "3.5 s against 3 s + a 0.5 s stall");
    assertEquals("<= 3.00 s (+ 0.50 s the stack stood still)", stalled.expected());
    assertFalse(
        check("READY", "LOAD_TEST", cm(outcome(3, 0), outcome(3.01, 0)), 10, "a READY load").ok());
    // Not READY: no policy check.
    assertTrue(
        CapacityComparison.checks(
                "NEEDS_SCALING", "LOAD_TEST", cm(outcome(3, 0), outcome(3.5, 0)), 10)
            .stream()
            .noneMatch(c -> c.name().startsWith("a READY load")));
  }

  @Test
  void aDosShowsAboveThePolicyNotAtIt() {
    RunSummary.Check at =
        check("REJECT", "DOS", cm(outcome(3, 0), outcome(3.0, 990)), 10_000, "the DoS");
    assertFalse(at.ok(), "exactly the policy and 9.9% refused");
    assertEquals("> 3.00 s or >= 10%", at.expected());
    assertEquals("3.00 s, 9.9% refused", at.actual());
    // Nothing sent: nothing refused, not a division by zero.
    RunSummary.Check empty =
        check("REJECT", "DOS", cm(outcome(3, 0), outcome(3.5, 0)), 0, "the DoS");
    assertEquals("3.50 s, 0.0% refused", empty.actual());
    assertTrue(empty.ok());
  }

  private static CapacityModel verdictModel(
      double measuredDelay, long rejected, CapacityModel.TopicPartition worst, double... stalls) {
    return cm(
        outcome(0, 0),
        new CapacityModel.Outcome(measuredDelay, 0, rejected, worst, List.of(), List.of()),
        stalls);
  }

  @Test
  void theClosingLineSaysWhatTheReplayShowedForEachVerdict() {
    // Time ×0.25: 1.5 s measured is 6 s in production; 40 s is 160 s, 2.7 min; the 3 s policy 12 s.
    assertEquals(
        "measured: delay 6 s production-equivalent, within the 12 s policy: READY, as planned",
        CapacityComparison.verdictLine(
            "READY", "LOAD_TEST", verdictModel(1.5, 0, null), 0.25, 10_000));
    assertEquals(
        "measured: delay 2.7 min production-equivalent, above the 12 s policy"
            + ": the plan said READY, the replay says otherwise",
        CapacityComparison.verdictLine(
            "READY", "LOAD_TEST", verdictModel(40, 0, null), 0.25, 10_000));
    // Exactly the policy is within it.
    assertEquals(
        "measured: delay 3 s production-equivalent, within the 3 s policy: READY, as planned",
        CapacityComparison.verdictLine(
            "READY", "LOAD_TEST", verdictModel(3.0, 0, null), 1, 10_000));
    assertEquals(
        "measured: delay 3.5 s production-equivalent, above the 3 s policy; 2.5% of events refused"
            + ": the plan said READY, the replay says otherwise",
        CapacityComparison.verdictLine(
            "READY", "LOAD_TEST", verdictModel(3.5, 250, null), 1, 10_000));
    assertEquals(
        "measured: delay 1 s production-equivalent, within the 3 s policy (the stack stood still 1 time,"
            + " at most 0.40 s: this machine, not the pipeline): READY, as planned",
        CapacityComparison.verdictLine(
            "READY", "LOAD_TEST", verdictModel(1, 0, null, 0.4), 1, 10_000));
    assertEquals(
        "measured: delay 9 s production-equivalent, above the 3 s policy"
            + ": partition 3 of events_plugin_ingestion lags, as the plan's scaling is needed",
        CapacityComparison.verdictLine(
            "NEEDS_SCALING", "LOAD_TEST", verdictModel(9, 0, tp(3)), 1, 10_000));
    assertEquals(
        "measured: delay 9 s production-equivalent, above the 3 s policy"
            + ": the pipeline falls behind, as the plan's scaling is needed",
        CapacityComparison.verdictLine(
            "NEEDS_SCALING", "LOAD_TEST", verdictModel(9, 0, null), 1, 10_000));
    assertEquals(
        "measured: delay 2 s production-equivalent, within the 3 s policy: holds at this scale",
        CapacityComparison.verdictLine(
            "NEEDS_SCALING", "LOAD_TEST", verdictModel(2, 0, null), 1, 10_000));
    // Nothing sent: no refused share.
    assertEquals(
        "measured: delay 2 s production-equivalent, within the 3 s policy",
        CapacityComparison.verdictLine("REJECT", "LOAD_TEST", verdictModel(2, 250, null), 1, 0));
    assertEquals(
        "measured: no timeline from the stack",
        CapacityComparison.verdictLine("READY", "LOAD_TEST", cm(outcome(0, 0), null), 1, 10));
  }

  @Test
  void aDosShowsInTheClosingLineByDelayOrByRefusals() {
    assertEquals(
        "measured: delay 3.5 s production-equivalent, above the 3 s policy: this load is the DoS the plan classifies",
        CapacityComparison.verdictLine("REJECT", "DOS", verdictModel(3.5, 0, null), 1, 10_000));
    assertEquals(
        "measured: delay 1 s production-equivalent, within the 3 s policy; 10.0% of events refused"
            + ": this load is the DoS the plan classifies",
        CapacityComparison.verdictLine("REJECT", "DOS", verdictModel(1, 1000, null), 1, 10_000));
    assertEquals(
        "measured: delay 1 s production-equivalent, within the 3 s policy; 9.9% of events refused"
            + ": the DoS the plan classifies did NOT show",
        CapacityComparison.verdictLine("REJECT", "DOS", verdictModel(1, 990, null), 1, 10_000));
  }

  @Test
  void roundingLeavesInfinityAlone() {
    assertEquals(Double.POSITIVE_INFINITY, CapacityComparison.round(Double.POSITIVE_INFINITY, 3));
    assertEquals(1.235, CapacityComparison.round(1.2349, 3));
  }
}
