package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reasons the per-partition model and the ordering risk give, at their edges: each rule fed the
 * model's result directly, so the edge is exact.
 */
class BacklogReasonsTest {
  private static final Pipeline PIPE = Fixtures.smallPipeline();

  /** An even load of {@code perPartition} ev/s on each of 8 partitions, no top ids. */
  private static HotSpots even(double perPartition) {
    SkewModel uniform = new SkewModel(List.of(), 1, 8, 0, 0.125, Double.POSITIVE_INFINITY, true);
    return HotSpots.of(
        "phc_t", uniform, 8 * perPartition, 8, new Pipeline.Overflow(true, 50, 100), 1e9, false);
  }

  /** One lagging partition, 3 of the main topic, as the model would report it. */
  private static IngestionModel.Result lagged(double delaySeconds, double rejectedEvents) {
    List<IngestionModel.PartitionLag> lagging =
        delaySeconds > 0
            ? List.of(
                new IngestionModel.PartitionLag(IngestionTopics.MAIN, 3, 1_200, delaySeconds, 90))
            : List.of();
    return new IngestionModel.Result(
        delaySeconds,
        1_200,
        1_200,
        lagging,
        List.of(),
        rejectedEvents,
        rejectedEvents,
        100_000,
        0,
        0,
        true,
        1,
        List.of());
  }

  private static List<String> backlog(IngestionModel.Result r, HotSpots spots, double cMix) {
    Reasons why = new Reasons(PIPE);
    why.backlog(r, spots, cMix, 300, false, 100_000);
    return why.reasons;
  }

  @Test
  void aDelayOfExactlyThePolicyIsWithinItAndJustPastItIsNot() {
    assertEquals(List.of(), backlog(lagged(300, 0), even(100), 1_000));
    assertEquals(
        List.of(
            "With today's pipeline and its autoscaler, ingestion falls behind by up to 6 min"
                + " on partition 3 of events_plugin_ingestion (backlog of up to 1,200 events,"
                + " behind for 90 s), more than the policy's 5 min."),
        backlog(lagged(360, 0), even(100), 1_000));
    assertEquals(1, backlog(lagged(300.001, 0), even(100), 1_000).size(), "just past it");
  }

  @Test
  void aPartitionTakingExactlyWhatOneConsumerGivesIsNotSaidToLagWhateverTheAutoscalerDoes() {
    String at = backlog(lagged(400, 0), even(1_000), 1_000).get(0);
    assertEquals(false, at.contains("whatever the autoscaler does"), at);
    String above = backlog(lagged(400, 0), even(1_001), 1_000).get(0);
    assertEquals(
        true,
        above.endsWith(
            ": it takes 1,001 ev/s at the peak, more than the 1,000 ev/s one consumer gives a"
                + " partition, so it lags whatever the autoscaler does."),
        above);
  }

  @Test
  void oneEventGivenUpIsReportedAsAShareOfTheLoadAndLessIsNot() {
    assertEquals(List.of(), backlog(lagged(0, 0.999), even(100), 1_000));
    List<String> one = backlog(lagged(0, 1), even(100), 1_000);
    assertEquals(1, one.size(), one::toString);
    assertEquals(true, one.get(0).contains(": 1 event (0.0% of the load) is given up"), one.get(0));
    // 2,500 of 100,000 events: 2.5% of the load.
    String many = backlog(lagged(0, 2_500), even(100), 1_000).get(0);
    assertEquals(true, many.contains(": 2,500 events (2.5% of the load)"), many);
  }

  @Test
  void theOrderingRiskNamesOnlyTheMergeEventsTheLoadSends() {
    Reasons why = new Reasons(PIPE);
    why.orderingRisk(
        new java.util.TreeMap<>(Map.of("$pageview", 0.9, "$identify", 0.1, "$create_alias", 0.0)));
    assertEquals(1, why.reasons.size());
    assertEquals(
        true,
        why.reasons
            .get(0)
            .startsWith(
                "Ordering risk: overflowed distinct_ids also send $identify"
                    + " 10% of their events;"),
        why.reasons.get(0));
  }
}
