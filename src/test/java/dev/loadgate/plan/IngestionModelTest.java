package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-partition model on loads small enough to work by hand (docs/capacity-model.md). Steps are
 * one second, so a delay is exact to a second.
 */
class IngestionModelTest {
  private static final IngestionModel.Settings ONE_SECOND =
      new IngestionModel.Settings(RetrySchedule.SDK, 0, 100_000, 1.0, 1.0, 0, 0);

  /** Plenty of capture and rate limit; consumers as given; no autoscaling beyond maxConsumers. */
  private static IngestionModel.Capacity consumers(
      int partitions, int consumers, int maxConsumers, double cMix, double reactionSeconds) {
    return new IngestionModel.Capacity(
        partitions,
        consumers,
        maxConsumers,
        cMix,
        1,
        1,
        1e9,
        1,
        1e9,
        true,
        1e9,
        1e9,
        reactionSeconds);
  }

  /**
   * 400 ev/s for 100 s over 4 partitions: half of it one id ("whale") on partition 2, the other
   * half keyed evenly.
   */
  static IngestionModel.Traffic whale() {
    return new IngestionModel.Traffic(
        RateCurve.flat(400, 100),
        1,
        false,
        new double[] {0.125, 0.125, 0.125, 0.125},
        List.of(new IngestionModel.HotKey("whale", 2, 0.5)));
  }

  /** Capture alone, as given; consumers and the rate limit far above it. */
  static IngestionModel.Capacity capture(
      double requestsPerSecond, double burstSeconds, int maxReplicas, double reactionSeconds) {
    return new IngestionModel.Capacity(
        1,
        1,
        1,
        1e9,
        1,
        maxReplicas,
        requestsPerSecond,
        burstSeconds,
        1e9,
        false,
        1,
        1,
        reactionSeconds);
  }

  static double[] uniform(int partitions) {
    double[] s = new double[partitions];
    Arrays.fill(s, 1.0 / partitions);
    return s;
  }

  static IngestionModel.Traffic load(RateCurve curve, double[] shares) {
    return new IngestionModel.Traffic(curve, 1, false, shares, List.of());
  }

  @Test
  void underCapacityNothingWaits() {
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(390, 600), uniform(4)), consumers(4, 4, 4, 100, 60), ONE_SECOND);
    assertEquals(0, r.maxDelaySeconds(), 1e-12);
    assertEquals(0, r.maxBacklogEvents(), 1e-12);
    assertEquals(List.of(), r.lagging());
    assertEquals(1, r.steps().size());
  }

  @Test
  void oneConsumerBehindAFlatLoadIsAFifoQueue() {
    // 200 ev/s for 600 s into one partition taken at 100 ev/s: the backlog grows 100/s to 60,000,
    // then drains at 100/s. The last event (t=600) leaves when all 120,000 are through: t=1,200.
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(200, 600), uniform(1)), consumers(1, 1, 1, 100, 60), ONE_SECOND);
    assertEquals(60_000, r.maxBacklogEvents(), 1.0);
    assertEquals(600, r.maxDelaySeconds(), 1.0);
    assertEquals(1, r.lagging().size());
    assertEquals(IngestionTopics.MAIN, r.worst().topic());
    assertEquals(1200, r.worst().laggingSeconds(), 1.0);
    assertTrue(r.drained());
  }

  @Test
  void twiceTheCapacityForAWhileBuildsAtTheSlopeAndDrains() {
    // 4 partitions, 2 consumers at 100 ev/s (200 in all), 400 ev/s for 100 s then nothing: the
    // backlog grows 200/s (50/s per partition) to 20,000 and drains at 200/s in 100 s.
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(400, 100), uniform(4)), consumers(4, 2, 2, 100, 1e9), ONE_SECOND);
    assertEquals(20_000, r.maxTotalBacklogEvents(), 1.0);
    assertEquals(5_000, r.maxBacklogEvents(), 1.0);
    // The timeline's backlog at the end of second 49 is 50 × 200.
    assertEquals(10_000, r.timeline().get(49).backlogEvents(), 1.0);
    assertEquals(400, r.timeline().get(49).offeredEventsPerSecond(), 1e-9);
    assertEquals(200, r.timeline().get(49).consumedEventsPerSecond(), 1e-9);
    // The last event (t=100) waits for the 20,000 ahead of it at 200/s.
    assertEquals(100, r.maxDelaySeconds(), 1.0);
    assertEquals(200, r.timeline().size(), 1);
    assertEquals(4, r.lagging().size());
  }

  @Test
  void aPartitionAboveWhatItsConsumerGivesLagsAloneWhateverTheAutoscalerDoes() {
    // 8 partitions, 8 consumers (one partition each) at 100 ev/s, already the maximum. Half of a
    // 300 ev/s load is one id on partition 5 (overflow off): 150 + 150/8 = 168.75 ev/s there,
    // 18.75 elsewhere. Partition 5 grows 68.75/s for 100 s: 6,875; its last event waits until all
    // 16,875 are through at 100/s, t=168.75: 68.75 s.
    double[] keyed = uniform(8);
    for (int p = 0; p < 8; p++) {
      keyed[p] = 0.5 / 8;
    }
    IngestionModel.Traffic t =
        new IngestionModel.Traffic(
            RateCurve.flat(300, 100),
            1,
            false,
            keyed,
            List.of(new IngestionModel.HotKey("whale", 5, 0.5)));
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(8, 8, 8, 100, 1, 1, 1e9, 1, 1e9, false, 50, 10, 60);
    IngestionModel.Result r = IngestionModel.simulate(t, cap, ONE_SECOND);
    assertEquals(1, r.lagging().size());
    assertEquals(5, r.worst().partition());
    assertEquals(6_875, r.worst().maxBacklogEvents(), 1.0);
    assertEquals(68.75, r.worst().maxDelaySeconds(), 1.0);
    assertEquals(1, r.steps().size(), "the autoscaler is at its maximum: nothing to add");
  }

  @Test
  void aConsumerSharesItselfFairlyAmongItsPartitions() {
    // One consumer at 100 ev/s owns both partitions: 80 and 40 ev/s. Fair shares of 50 each: the
    // light one needs only 40, so the busy one gets 60 and only it falls behind, at 20/s.
    IngestionModel.Traffic t =
        load(RateCurve.flat(120, 100), new double[] {80 / 120.0, 40 / 120.0});
    IngestionModel.Result r = IngestionModel.simulate(t, consumers(2, 1, 1, 100, 60), ONE_SECOND);
    assertEquals(1, r.lagging().size());
    assertEquals(0, r.worst().partition());
    assertEquals(2_000, r.worst().maxBacklogEvents(), 1.0);
  }

  @Test
  void theAutoscalerAddsConsumersOneReactionTimeAfterItSeesTheLag() {
    // 64 partitions evenly, 200 ev/s at once, 1 consumer at 100 ev/s (max 10), reaction 60 s.
    // End of second 1: the lag is seen, 200 + 100/60 ev/s asked for: 3 consumers, from t=61. The
    // backlog grows 100/s to 6,100 by then and shrinks 100/s after: at t=62 the autoscaler asks for
    // 200 + 6,000/60 = 300 ev/s, the 3 it has. FIFO: an event arriving at τ ≤ 30.5 s leaves at 2τ
    // (D(t) = 100t); one arriving later leaves when D(t) = 6,100 + 300(t - 61) reaches 200τ, after
    // 40.67 - τ/3. The longest wait is at τ = 30.5: 30.5 s.
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(200, 600), uniform(64)), consumers(64, 1, 10, 100, 60), ONE_SECOND);
    assertEquals(List.of(0.0, 61.0), r.steps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(List.of(1, 3), r.steps().stream().map(Autoscaler.Step::consumers).toList());
    assertEquals(6_100, r.maxTotalBacklogEvents(), 1.0);
    assertEquals(6_100 / 64.0, r.maxBacklogEvents(), 0.1);
    assertEquals(30.5, r.maxDelaySeconds(), 1.0);
  }

  @Test
  void aRebalanceStopsTheWholeGroupForItsLength() {
    // As in the autoscaler test above (3 consumers from t=61), but the group stops for 5 s when
    // they join: 61-66 nothing is consumed, so the backlog reaches 6,100 + 5 × 200 = 7,100, then
    // shrinks 100/s. An event arriving at τ ≤ 30.5 s left at 2τ, before the pause; one arriving
    // just after needs D past 6,100 = D(61), so it waits for the pause's end: 66 - 30.5 = 35.5 s.
    // Later ones leave at 66 + (200τ - 6,100)/300, a wait of 45.67 - τ/3: shorter.
    IngestionModel.Settings withRebalance =
        new IngestionModel.Settings(RetrySchedule.SDK, 0, 100_000, 1.0, 1.0, 5.0, 0);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(200, 600), uniform(64)),
            consumers(64, 1, 10, 100, 60),
            withRebalance);
    assertEquals(7_100, r.maxTotalBacklogEvents(), 1.0);
    assertEquals(35.5, r.maxDelaySeconds(), 1.0);
  }

  @Test
  void captureRefusesAboveItsRateAndTheClientGivesUpAfterItsRetries() {
    // One replica at 10 req/s, single events, 20 req/s for 100 s, one retry a second later. In
    // steady state a share q of every attempt is refused: offered 20 + 20q, admitted 10, so
    // (20 + 20q)(1 - q) = 10, q² = 1/2: the retries refused again are 20 × q² = 10/s given up,
    // about 1,000 over the load.
    IngestionModel.Capacity cap = capture(10, 0.1, 1, 1e9);
    IngestionModel.Settings oneRetry =
        new IngestionModel.Settings(new RetrySchedule(List.of(1.0)), 0, 100_000, 1.0, 1.0, 0, 0);
    IngestionModel.Result r =
        IngestionModel.simulate(load(RateCurve.flat(20, 100), uniform(1)), cap, oneRetry);
    assertEquals(1_000, r.rejectedEvents(), 30);
    // Every request of the load is in the end admitted or given up.
    double admitted = r.timeline().stream().mapToDouble(m -> m.admittedEventsPerSecond()).sum();
    assertEquals(2_000, admitted + r.rejectedEvents(), 1e-6);
    assertEquals(0, r.maxDelaySeconds(), 1e-12);
  }

  @Test
  void theAutoscalerAddsCaptureReplicasForTheRequestsOffered() {
    // 25 req/s at once against 1 replica of 10 req/s (max 4), reaction 30 s. Refused from the first
    // second, when 25 req/s are offered: 3 replicas from t=31. By then every refused request is
    // coming back (retries at +1, +1, +2, +4, +8 s), so 30 req/s are still too few: it asks again,
    // for the maximum, 4 from t=62.
    IngestionModel.Capacity cap = capture(10, 0.1, 4, 30);
    IngestionModel.Result r =
        IngestionModel.simulate(load(RateCurve.flat(25, 120), uniform(1)), cap, ONE_SECOND);
    assertEquals(
        List.of(0.0, 31.0, 62.0), r.steps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(
        List.of(1, 3, 4), r.steps().stream().map(Autoscaler.Step::captureReplicas).toList());
    assertTrue(r.rejectedEvents() > 0);
    // Long after t=31 the retries are gone: only the load's own 25 req/s arrive.
    assertEquals(25, r.timeline().get(100).offeredEventsPerSecond(), 1e-6);
  }

  @Test
  void theOverflowingIdKeepsItsLimitOnItsPartitionAndTheRestReachesEveryOverflowPartition() {
    // The same whale, consumers at 120 ev/s, one per partition of each topic. Consumer 2 reads
    // main partition 2 (50 of the tail + the whale's 50 kept there) and overflow partition 2 (a
    // quarter of the 150 overflowed: 37.5): 137.5 against 120. Fair share serves 37.5 and 82.5,
    // so main partition 2 gains 17.5 a second (18.25 in the first, when the burst token lets 51
    // of the whale stay and 149 overflow: 101 and 37.25 against 120). At t = 100: 18.25 + 99 ×
    // 17.5 = 1,750.75. Every other consumer has 50 + 37.5 = 87.5: nothing waits.
    IngestionModel.Traffic t = whale();
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(4, 4, 4, 120, 1, 1, 1e9, 1, 1e9, true, 50, 1, 1e9);
    IngestionModel.Result r = IngestionModel.simulate(t, cap, ONE_SECOND);
    assertEquals(1, r.lagging().size(), r.lagging().toString());
    assertEquals(IngestionTopics.MAIN, r.worst().topic());
    assertEquals(2, r.worst().partition());
    assertEquals(1_750.75, r.worst().maxBacklogEvents(), 1e-6);
    assertEquals(1_750.75, r.maxTotalBacklogEvents(), 1e-6);
  }

  @Test
  void aHistoricalImportNeverOverflows() {
    double[] keyed = {0.125, 0.125, 0.125, 0.125};
    IngestionModel.Traffic t =
        new IngestionModel.Traffic(
            RateCurve.flat(400, 100),
            1,
            true,
            keyed,
            List.of(new IngestionModel.HotKey("whale", 2, 0.5)));
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(4, 4, 4, 150, 1, 1, 1e9, 1, 1e9, true, 50, 1, 60);
    IngestionModel.Result r = IngestionModel.simulate(t, cap, ONE_SECOND);
    assertEquals(0, r.overflowedEvents(), 1e-12);
    // Partition 2 takes 250 ev/s against 150: it lags, on the historical topic, alone.
    assertEquals(1, r.lagging().size());
    assertEquals(IngestionTopics.HISTORICAL, r.worst().topic());
    assertEquals(2, r.worst().partition());
    assertEquals(10_000, r.worst().maxBacklogEvents(), 1.0);
  }

  @Test
  void aBacklogStillThereThirtyDaysAfterTheLoadIsNotDrained() {
    // 100 ev/s for an hour into one partition read at 0.1 ev/s: a backlog of (100 - 0.1) × 3,600
    // = 359,640 that takes 3,596,400 s (41.6 days) to read: past the 30 days the model follows.
    IngestionModel.Result slow =
        IngestionModel.simulate(
            load(RateCurve.flat(100, 3600), uniform(1)),
            consumers(1, 1, 1, 0.1, 1e9),
            IngestionModel.Settings.PLAN);
    assertTrue(!slow.drained(), "not drained");
    assertTrue(slow.maxBacklogEvents() > 359_000, "backlog " + slow.maxBacklogEvents());
    // At 0.2 ev/s the same backlog (359,280) is read in 1,796,400 s, 20.8 days: drained.
    IngestionModel.Result faster =
        IngestionModel.simulate(
            load(RateCurve.flat(100, 3600), uniform(1)),
            consumers(1, 1, 1, 0.2, 1e9),
            IngestionModel.Settings.PLAN);
    assertTrue(faster.drained(), "drained");
    // Its last event waits for all of it (the model's steps here are ~600 s: within 1%).
    assertEquals(1_796_400, faster.maxDelaySeconds(), 1_796_400 * 0.01);
  }
}
