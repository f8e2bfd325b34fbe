package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.wire.Timeline;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The stack's timeline read onto the load's clock, and the checks a replay is held to. */
class CapacityComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A timeline as the stack serves it: armed at 10,000 ms, the load started at 12,000 ms. */
  private static JsonNode timeline() throws Exception {
    return JSON.readTree(
        """
        {"mode":"production","armed_at_millis":10000,"lag_threshold_seconds":0.5,
         "steps":[{"at_millis":10000,"consumers":2,"capture_replicas":1,"rebalance_seconds":null},
                  {"at_millis":15500,"consumers":4,"capture_replicas":1,"rebalance_seconds":0.38}],
         "points":[
          {"at_millis":11000,"refused_requests":0,"produced_events":0,"consumed_events":0,"backlog_events":0,
           "worst_topic":null,"worst_partition":-1,"worst_partition_backlog_events":0,"worst_partition_delay_seconds":0,
           "delay_p99_seconds":0,"delay_max_seconds":0,"consumers":2,"capture_replicas":1},
          {"at_millis":12000,"refused_requests":3,"produced_events":100,"consumed_events":80,"backlog_events":20,
           "worst_topic":"events_plugin_ingestion","worst_partition":3,"worst_partition_backlog_events":15,
           "worst_partition_delay_seconds":0.4,"delay_p99_seconds":0.3,"delay_max_seconds":0.4,"consumers":2,"capture_replicas":1},
          {"at_millis":13000,"refused_requests":0,"produced_events":100,"consumed_events":90,"backlog_events":30,
           "worst_topic":"events_plugin_ingestion","worst_partition":1,"worst_partition_backlog_events":25,
           "worst_partition_delay_seconds":1.7,"delay_p99_seconds":1.2,"delay_max_seconds":1.7,"consumers":2,"capture_replicas":1}]}
        """);
  }

  @Test
  void pointsAndStepsGoOnTheLoadsClockAndTheWorstPartitionIsTheLongestWait() throws Exception {
    CapacityComparison.Measured m =
        CapacityComparison.measured(
            Timeline.of(timeline()), 12_000, new long[] {110, 105}, 7, (c, r) -> c * 50.0);
    // The point before the load is left out; t counts from the load's start.
    assertEquals(List.of(0, 1), m.timeline().stream().map(TimelinePoint::t).toList());
    assertEquals(110, m.timeline().get(0).offered());
    assertEquals(100, m.timeline().get(0).capacity());
    assertEquals(1.7, m.outcome().maxDelaySeconds());
    assertEquals(25, m.outcome().maxBacklogEvents());
    assertEquals(7, m.outcome().rejectedEvents());
    assertEquals(
        new CapacityModel.TopicPartition("events_plugin_ingestion", 1),
        m.outcome().worstPartition());
    // The first step is the sizes at the start; the next came 3.5 s into the load.
    assertEquals(1, m.outcome().autoscalerSteps().size());
    assertEquals(3.5, m.outcome().autoscalerSteps().get(0).atSeconds(), 1e-9);
    assertEquals(0.38, m.outcome().autoscalerSteps().get(0).rebalanceSeconds(), 1e-9);
  }

  @Test
  void eachTopicsWorstPartitionIsItsLongestWaitAboveTheThreshold() throws Exception {
    // Two lanes lag in different seconds; the overflow topic's events never waited past 0.5 s.
    JsonNode t =
        JSON.readTree(
            """
            {"lag_threshold_seconds":0.5,"steps":[],"points":[
              {"at_millis":12000,"worst_topic":"events_plugin_ingestion","worst_partition":3,
               "worst_partition_delay_seconds":0.9,"lanes":{"main":2,"historical":1},
               "worst_by_topic":{"events_plugin_ingestion":{"partition":3,"delay_seconds":0.9},
                                 "events_plugin_ingestion_historical":{"partition":5,"delay_seconds":0.6},
                                 "events_plugin_ingestion_overflow":{"partition":0,"delay_seconds":0.4}}},
              {"at_millis":13000,"worst_topic":"events_plugin_ingestion_historical","worst_partition":7,
               "worst_partition_delay_seconds":2.5,"lanes":{"main":2,"historical":1},
               "worst_by_topic":{"events_plugin_ingestion":{"partition":1,"delay_seconds":0.8},
                                 "events_plugin_ingestion_historical":{"partition":7,"delay_seconds":2.5}}}]}
            """);
    CapacityModel.Outcome o =
        CapacityComparison.measured(Timeline.of(t), 12_000, new long[0], 0, (c, r) -> 0).outcome();
    assertEquals(
        new CapacityModel.TopicPartition("events_plugin_ingestion_historical", 7),
        o.worstPartition());
    assertEquals(
        new CapacityModel.TopicPartition("events_plugin_ingestion", 3),
        o.worstPartitionOf("events_plugin_ingestion"));
    assertEquals(
        new CapacityModel.TopicPartition("events_plugin_ingestion_historical", 7),
        o.worstPartitionOf("events_plugin_ingestion_historical"));
    assertNull(o.worstPartitionOf("events_plugin_ingestion_overflow"));
    assertEquals(2, o.worstPartitionPerTopic().size());
  }

  @Test
  void aPartitionBelowTheLagThresholdIsNotAWorstPartition() throws Exception {
    JsonNode t = timeline();
    ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("lag_threshold_seconds", 2.0);
    assertNull(
        CapacityComparison.measured(Timeline.of(t), 12_000, new long[0], 0, (c, r) -> 0)
            .outcome()
            .worstPartition());
  }

  @Test
  void aStallOfTheStackItselfIsNotAPartitionLagging() throws Exception {
    // Partition 1's events waited 1.7 s; the stack stood still 0.9 s just before: 0.8 s of
    // waiting is the pipeline's, under the 1 s threshold.
    com.fasterxml.jackson.databind.node.ObjectNode t =
        (com.fasterxml.jackson.databind.node.ObjectNode) timeline();
    t.put("lag_threshold_seconds", 1.0);
    t.putArray("stalls")
        .add(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("at_millis", 12_500)
                .put("seconds", 0.9))
        .add(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("at_millis", 1_000) // long before the load: not this run's
                .put("seconds", 5.0));
    CapacityComparison.Measured m =
        CapacityComparison.measured(Timeline.of(t), 12_000, new long[0], 0, (c, r) -> 0);
    assertEquals(List.of(new CapacityModel.Stall(0.5, 0.9)), m.stalls());
    assertNull(m.outcome().worstPartition());
    // Without the stall the same wait is a lag.
    t.putArray("stalls");
    assertEquals(
        new CapacityModel.TopicPartition("events_plugin_ingestion", 1),
        CapacityComparison.measured(Timeline.of(t), 12_000, new long[0], 0, (c, r) -> 0)
            .outcome()
            .worstPartition());
  }

  @Test
  void theDelayChecksAllowTheLongestStallAndSaySo() {
    CapacityModel without = model(0.0, 1.09, 0, 0);
    assertFalse(
        checks("READY", "LOAD_TEST", without).get("max ingestion delay as the model predicts"));
    CapacityModel with =
        new CapacityModel(
            without.mode(),
            without.delayPolicySeconds(),
            without.lagThresholdSeconds(),
            without.predicted(),
            without.measured(),
            without.productionEquivalent(),
            List.of(new CapacityModel.Stall(107, 0.98), new CapacityModel.Stall(40, 0.3)));
    assertEquals(0.98, with.longestStallSeconds());
    assertTrue(checks("READY", "LOAD_TEST", with).get("max ingestion delay as the model predicts"));
    // 1 s + 0.98 s is the bound: 2.0 s measured is beyond it.
    CapacityModel far =
        new CapacityModel(
            with.mode(),
            with.delayPolicySeconds(),
            with.lagThresholdSeconds(),
            with.predicted(),
            model(0.0, 2.0, 0, 0).measured(),
            with.productionEquivalent(),
            with.stalls());
    assertFalse(checks("READY", "LOAD_TEST", far).get("max ingestion delay as the model predicts"));
    assertTrue(
        CapacityComparison.verdictLine("READY", "LOAD_TEST", with, 0.02, 10_000)
            .contains("the stack stood still 2 times, at most 0.98 s"));
  }

  private static CapacityModel model(
      double predictedDelay, double measuredDelay, long predictedRejected, long measuredRejected) {
    List<CapacityModel.Step> steps = List.of(new CapacityModel.Step(10, 4, 1, null));
    return new CapacityModel(
        "production",
        3.0,
        0.5,
        new CapacityModel.Outcome(predictedDelay, 0, predictedRejected, null, steps, List.of()),
        new CapacityModel.Outcome(
            measuredDelay,
            0,
            measuredRejected,
            null,
            List.of(new CapacityModel.Step(10.9, 4, 1, 0.4)),
            List.of()),
        new CapacityModel.ProductionEquivalent(0, 0.0, 90),
        List.of());
  }

  private static Map<String, Boolean> checks(String verdict, String cls, CapacityModel cm) {
    return CapacityComparison.checks(verdict, cls, cm, 10_000).stream()
        .collect(
            Collectors.toMap(c -> c.name().split(" \\(")[0], RunSummary.Check::ok, (a, b) -> a));
  }

  @Test
  void theDelayAgreesWithinAQuarterOrOneSecondWhicheverIsLarger() {
    // 1 s floor: 0.1 against 1.1 holds, against 1.2 does not.
    assertTrue(
        checks("READY", "LOAD_TEST", model(0.1, 1.1, 0, 0))
            .get("max ingestion delay as the model predicts"));
    assertFalse(
        checks("READY", "LOAD_TEST", model(0.1, 1.2, 0, 0))
            .get("max ingestion delay as the model predicts"));
    // 25% of the larger: 40 against 50 holds (12.5), 37 against 50 does not.
    assertTrue(
        checks("NEEDS_SCALING", "LOAD_TEST", model(40, 50, 0, 0))
            .get("max ingestion delay as the model predicts"));
    assertFalse(
        checks("NEEDS_SCALING", "LOAD_TEST", model(37, 50, 0, 0))
            .get("max ingestion delay as the model predicts"));
  }

  @Test
  void aReadyLoadMustHoldThePolicyAndADosMustShow() {
    Map<String, Boolean> ready = checks("READY", "LOAD_TEST", model(0.1, 3.1, 0, 0));
    assertFalse(ready.get("a READY load holds the policy delay"));
    // A DoS with the delay under the 3 s policy and 9.99% refused has not shown; 10% has.
    assertFalse(
        checks("REJECT", "DOS", model(0, 0.5, 999, 999)).get("the DoS the plan classifies shows"));
    assertTrue(
        checks("REJECT", "DOS", model(0, 0.5, 1000, 1000))
            .get("the DoS the plan classifies shows"));
    assertTrue(checks("REJECT", "DOS", model(4, 4, 0, 0)).get("the DoS the plan classifies shows"));
  }

  @Test
  void anyPartitionTheModelPutsNearTheWorstMayMeasureWorst() {
    CapacityModel.TopicPartition p7 =
        new CapacityModel.TopicPartition("events_plugin_ingestion", 7);
    CapacityModel.TopicPartition p19 =
        new CapacityModel.TopicPartition("events_plugin_ingestion", 19);
    CapacityModel.TopicPartition p3 =
        new CapacityModel.TopicPartition("events_plugin_ingestion", 3);
    List<CapacityModel.Step> none = List.of();
    CapacityModel.Outcome predicted =
        new CapacityModel.Outcome(12.5, 900, 0, p19, none, List.of(p19, p7));
    for (var measuredWorst : List.of(p19, p7, p3)) {
      CapacityModel cm =
          new CapacityModel(
              "production",
              3.0,
              1.0,
              predicted,
              new CapacityModel.Outcome(12.2, 880, 0, measuredWorst, none, List.of()),
              new CapacityModel.ProductionEquivalent(0, 0.0, 90),
              List.of());
      boolean ok =
          CapacityComparison.checks("REJECT", "DOS", cm, 10_000).stream()
              .filter(c -> c.name().startsWith("the worst partition"))
              .findFirst()
              .orElseThrow()
              .ok();
      assertEquals(measuredWorst != p3, ok, "measured worst " + measuredWorst);
    }
  }

  @Test
  void aStepIsOnTimeWithinOneSecondOrTenPercentOfItsTimeIntoTheLoad() {
    List<CapacityModel.Step> predicted =
        List.of(new CapacityModel.Step(5, 2, 1, null), new CapacityModel.Step(140, 9, 1, null));
    // 5.9 s for 5 s: 0.9 of its 1 s allowance; 153 s for 140: 13 of its 14 s.
    assertEquals(
        13 / 14.0,
        CapacityComparison.stepTiming(
            predicted,
            List.of(
                new CapacityModel.Step(5.9, 2, 1, null), new CapacityModel.Step(153, 9, 1, null))),
        1e-9);
    // 155 s is 15 s late: over the allowance.
    assertTrue(
        CapacityComparison.stepTiming(
                predicted,
                List.of(
                    new CapacityModel.Step(5, 2, 1, null), new CapacityModel.Step(155, 9, 1, null)))
            > 1);
    // One step more or less may happen (a marginal one); two cannot.
    assertEquals(0, CapacityComparison.stepTiming(predicted, predicted.subList(0, 1)), 1e-9);
    assertEquals(
        Double.POSITIVE_INFINITY, CapacityComparison.stepTiming(predicted, List.of()), 1e-9);
  }

  @Test
  void aStepIsAsLargeWithinOneInstanceOrAQuarter() {
    List<CapacityModel.Step> predicted =
        List.of(new CapacityModel.Step(5, 3, 2, null), new CapacityModel.Step(20, 12, 8, null));
    // 4 consumers for 3: one instance, its allowance; 15 for 12: 3 of 12 × 0.25 = 3.
    assertEquals(
        1.0,
        CapacityComparison.stepSizes(
            predicted,
            List.of(
                new CapacityModel.Step(5, 4, 2, null), new CapacityModel.Step(20, 15, 8, null))),
        1e-9);
    // 5 capture replicas for 2: three times the allowance.
    assertEquals(
        3.0,
        CapacityComparison.stepSizes(
            predicted,
            List.of(
                new CapacityModel.Step(5, 3, 5, null), new CapacityModel.Step(20, 12, 8, null))),
        1e-9);
    assertEquals(0, CapacityComparison.stepSizes(predicted, predicted), 1e-9);
  }

  @Test
  void captureReroutesAHotKeyWhenTheModelDoesWithinAQuarterOrOneSecond() {
    // Predicted from 8 s: 2 s either way (plus a stall) holds; a key never rerouted does not.
    assertTrue(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", false, 8.0, 9.9, 100, 90L), 0)
            .ok());
    assertFalse(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", false, 8.0, 10.1, 100, 90L), 0)
            .ok());
    assertTrue(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", false, 8.0, 10.1, 100, 90L), 0.2)
            .ok(),
        "the stack stood still 0.2 s");
    assertFalse(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", false, 8.0, null, 100, 0L), 0)
            .ok());
    // Forced: from its first events; a key the model keeps keyed must stay keyed.
    assertTrue(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", true, 0.0, 0.4, 100, 99L), 0)
            .ok());
    assertFalse(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("bot", true, 0.0, 3.0, 100, 99L), 0)
            .ok());
    assertTrue(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("calm", false, null, null, 0, 0L), 0)
            .ok());
    assertFalse(
        CapacityComparison.rerouteCheck(
                new CapacityModel.Reroute("calm", false, null, 2.0, 0, 5L), 0)
            .ok());
  }

  @Test
  void aMeasuredKeyIsMatchedByItsDistinctIdAndExactlyAtTheBoundHolds() {
    assertEquals("bot", new CapacityComparison.KeyRerouted("phc_x:bot", 1, 2).distinctId());
    assertEquals("a:b", new CapacityComparison.KeyRerouted("phc_x:a:b", 1, 2).distinctId());
    assertEquals("bare", new CapacityComparison.KeyRerouted("bare", 1, 2).distinctId());
    // Predicted from 8 s: exactly 2 s off is within ±25%.
    assertTrue(
        CapacityComparison.rerouteCheck(new CapacityModel.Reroute("k", false, 8.0, 10.0, 1, 1L), 0)
            .ok());
    assertTrue(
        CapacityComparison.rerouteCheck(new CapacityModel.Reroute("k", true, 0.0, 1.0, 1, 1L), 0)
            .ok(),
        "forced: exactly 1 s after the start holds");
    assertEquals(
        List.of(),
        new CapacityComparison.Measured(null, List.of(), List.of(), null, null).rerouted());
  }

  @Test
  void stepsWithinOneSecondAndRefusalsWithinFortyPercent() {
    Map<String, Boolean> c = checks("REJECT", "DOS", model(0, 0, 1000, 1600));
    assertTrue(c.get("autoscaler steps when predicted"), "10.0 against 10.9 s");
    assertTrue(c.get("events refused for capacity as predicted"), "|1000 - 1600| <= 0.4 × 1600");
    assertFalse(
        checks("REJECT", "DOS", model(0, 0, 1000, 1700))
            .get("events refused for capacity as predicted"));
  }

  @Test
  void withLanesTheLoadsOwnLaneIsComparedAndEveryLaneKept() throws Exception {
    // An import: the historical lane grew from 2 to 3 at 1 s while main kept its 4.
    JsonNode t =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
        {"lag_threshold_seconds":1.0,
         "steps":[{"at_millis":12000,"consumers":7,"capture_replicas":1,"lanes":{"main":4,"overflow":1,"historical":2}},
                  {"at_millis":13000,"consumers":8,"capture_replicas":1,"lanes":{"main":4,"overflow":1,"historical":3}}],
         "points":[{"at_millis":12000,"produced_events":10,"consumed_events":10,"consumers":7,"capture_replicas":1,
                    "lanes":{"main":4,"overflow":1,"historical":2}},
                   {"at_millis":13000,"produced_events":10,"consumed_events":10,"consumers":8,"capture_replicas":1,
                    "lanes":{"main":4,"overflow":1,"historical":3}}]}
        """);
    CapacityComparison.Measured m =
        CapacityComparison.measured(
            Timeline.of(t), 12_000, new long[0], 0, (c, r) -> c * 10.0, "historical");
    assertEquals(List.of(2, 3), m.timeline().stream().map(TimelinePoint::consumers).toList());
    assertEquals(30, m.timeline().get(1).capacity(), 1e-9, "the load's lane's 3 × 10 ev/s");
    assertEquals(
        java.util.Map.of("main", 4, "overflow", 1, "historical", 3), m.timeline().get(1).lanes());
    assertEquals(3, m.outcome().autoscalerSteps().get(0).consumers());
    // Without lanes named, the members of every group are what ran.
    assertEquals(
        8,
        CapacityComparison.measured(Timeline.of(t), 12_000, new long[0], 0, (c, r) -> 0)
            .timeline()
            .get(1)
            .consumers());
  }
}
