package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys run one after another and lanes of their own (SPEC §9.1-9.2), worked by hand at three step
 * sizes: a partition read in order no faster than its busiest key allows, the overflow topic whose
 * key reaches every partition of a consumer, a lane's consumers and autoscaler apart.
 */
class KeysAndLanesModelTest {
  private static final RetrySchedule NO_RETRIES = new RetrySchedule(List.of());

  private static IngestionModel.Settings steps(double dt) {
    return new IngestionModel.Settings(NO_RETRIES, 0, 1_000_000, dt, 10, 0, 0);
  }

  /** 4 partitions, 4 consumers at 1,000 ev/s, capture and rate limit out of the way. */
  private static IngestionModel.Capacity fourByFour(Pipeline.Lanes lanes, boolean overflow) {
    return new IngestionModel.Capacity(
        4, 4, 4, 1_000, 1, 1, 1e9, 1, 1e9, overflow, 100, 1, 1e9, lanes);
  }

  /**
   * 800 ev/s for 100 s, a quarter on each partition; on partition 0 one key sends 160 of its 200
   * ev/s (f = 0.8), one key runs at most 100 ev/s.
   */
  private static IngestionModel.Traffic keyOnPartitionZero(double keyRate) {
    return new IngestionModel.Traffic(
            RateCurve.flat(800, 100), 1, false, new double[] {0.25, 0.25, 0.25, 0.25}, List.of())
        .withKeys(new IngestionModel.Keys(keyRate, new double[] {0.2, 0, 0, 0}));
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void aPartitionIsReadNoFasterThanItsBusiestKeyAllows(double dt) {
    // Read at most 100 ÷ 0.8 = 125 ev/s of its 200: 75 ev/s pile up for 100 s, 7,500 events.
    // The load stops; what waits is still 80% the key's, so it drains at 125 ev/s too: the last
    // event in waited 7,500 ÷ 125 = 60 s. Partitions 1-3 (200 ev/s against 1,000) never wait.
    IngestionModel.Result r =
        IngestionModel.simulate(keyOnPartitionZero(100), fourByFour(null, false), steps(dt));
    assertEquals(7_500, r.maxBacklogEvents(), 75 * dt + 1e-6);
    assertEquals(60, r.maxDelaySeconds(), dt + 1e-6);
    assertEquals(1, r.lagging().size(), r.lagging().toString());
    assertEquals(0, r.worst().partition());
    assertEquals(IngestionTopics.MAIN, r.worst().topic());
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void theHeldPartitionLosesTheTimeItsConsumersOtherPartitionsTake(double dt) {
    // Two consumers (no autoscaling): consumer 0 owns partitions 0 and 1. Partition 1's 200 ev/s
    // take 200 ÷ 1,000 = 20% of the consumer in batches of their own, so partition 0 is read at
    // 125 × 0.8 = 100 ev/s of its 200: 100 ev/s pile up for 100 s, 10,000 events. The load stops,
    // partition 1 is idle, and partition 0 drains at 125 ev/s: the last event waited 80 s.
    // (Without the time partition 1 takes: 7,500 events and 60 s, the test above.)
    IngestionModel.Capacity twoConsumers =
        new IngestionModel.Capacity(4, 2, 2, 1_000, 1, 1, 1e9, 1, 1e9, false, 100, 1, 1e9, null);
    IngestionModel.Result r =
        IngestionModel.simulate(keyOnPartitionZero(100), twoConsumers, steps(dt));
    assertEquals(10_000, r.maxBacklogEvents(), 100 * dt + 1e-6);
    assertEquals(80, r.maxDelaySeconds(), dt + 1e-6);
    assertEquals(0, r.worst().partition());
    // Partitions 1-3 keep up: 200 ev/s each against what their consumers have left.
    assertEquals(1, r.lagging().size(), r.lagging().toString());
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void withoutAPerKeyLimitOrWithAFastEnoughKeyNothingWaits(double dt) {
    assertEquals(
        0,
        IngestionModel.simulate(
                keyOnPartitionZero(Double.POSITIVE_INFINITY), fourByFour(null, false), steps(dt))
            .maxBacklogEvents());
    // At 160 ev/s the key keeps up exactly: 160 ÷ 0.8 = 200 ev/s, what arrives.
    assertEquals(
        0,
        IngestionModel.simulate(keyOnPartitionZero(160), fourByFour(null, false), steps(dt))
            .maxBacklogEvents(),
        1e-6);
  }

  /**
   * 800 ev/s for 100 s; one hot id sends half (400 ev/s) from partition 2 and overflows above 100
   * ev/s (a bucket one event deep): 300 ev/s go keyless to the overflow topic, spread over its 4
   * partitions, all of that key.
   */
  private static IngestionModel.Traffic hotKeyOverflowing(double keyRate) {
    return new IngestionModel.Traffic(
            RateCurve.flat(800, 100),
            1,
            false,
            new double[] {0.125, 0.125, 0.125, 0.125},
            List.of(new IngestionModel.HotKey("whale", 2, 0.5)))
        .withKeys(new IngestionModel.Keys(keyRate, new double[4]));
  }

  private static Pipeline.Lanes lanes(int overflowConsumers) {
    return new Pipeline.Lanes(
        new Pipeline.Lane(4, 4),
        new Pipeline.Lane(overflowConsumers, overflowConsumers),
        new Pipeline.Lane(1, 1));
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void anOverflowedKeyReachesEveryPartitionOfAConsumerAndRunsOneEventAfterAnother(double dt) {
    // One overflow consumer owns all 4 overflow partitions: its batches hold only the whale, one
    // event after another, 200 ev/s of the 300 rerouted. 100 ev/s pile up for 100 s (10,000);
    // drained at 200: the last waited 50 s. On main, partition 2 keeps 100 ev/s of the whale
    // beside 100 of the tail (f = 0.5, read up to 400): nothing waits there.
    IngestionModel.Result one =
        IngestionModel.simulate(hotKeyOverflowing(200), fourByFour(lanes(1), true), steps(dt));
    // 400 × 100 = 40,000 sent by the whale; 100 × 100 + the bucket's one event stay keyed.
    assertEquals(29_999, one.overflowedEvents(), 1e-6);
    assertEquals(IngestionTopics.OVERFLOW, one.worst().topic());
    assertEquals(50, one.worst().maxDelaySeconds(), dt + 1e-6);
    // 10,000 waiting, spread over the 4 partitions the consumer reads alike: 2,500 on each.
    assertEquals(2_500, one.maxBacklogEvents(), 25 * dt + 1e-6);
    assertNull(one.worst(IngestionTopics.MAIN), "main keeps up");
    // Two overflow consumers, each with two partitions and its own batches: 400 ≥ 300.
    IngestionModel.Result two =
        IngestionModel.simulate(hotKeyOverflowing(200), fourByFour(lanes(2), true), steps(dt));
    assertEquals(0, two.maxBacklogEvents(), 1e-6);
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void eachLaneRunsItsOwnConsumersAndSaysSoInTheTimeline(double dt) {
    IngestionModel.Result r =
        IngestionModel.simulate(hotKeyOverflowing(200), fourByFour(lanes(1), true), steps(dt));
    IngestionModel.Moment first = r.timeline().get(0);
    assertEquals(Map.of("main", 4, "overflow", 1, "historical", 1), first.lanes());
    assertEquals(4, first.consumers(), "the load's own lane: main");
    assertEquals(Map.of("main", 4, "overflow", 1, "historical", 1), r.steps().get(0).lanes());
    // Without lanes one group, and the moments say nothing per lane.
    IngestionModel.Result one =
        IngestionModel.simulate(hotKeyOverflowing(200), fourByFour(null, true), steps(dt));
    assertTrue(one.timeline().get(0).lanes().isEmpty());
    assertTrue(one.steps().get(0).lanes().isEmpty());
  }
}
