package dev.loadgate.plan;

import static dev.loadgate.plan.IngestionModelTest.capture;
import static dev.loadgate.plan.IngestionModelTest.load;
import static dev.loadgate.plan.IngestionModelTest.uniform;
import static dev.loadgate.plan.IngestionModelTest.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingestion model's buckets, retries, windows and timeline, worked by hand at more than one
 * step size: a rate or a wait given in seconds must come out the same whether the model steps a
 * second, half a second or two (the replay's model steps 20 ms, the plan's at least a second).
 */
class IngestionModelStepsTest {
  private static final RetrySchedule NO_RETRIES = new RetrySchedule(List.of());

  /** Steps of {@code dt}, timeline points of {@code timeline} seconds, nothing else. */
  private static IngestionModel.Settings steps(
      RetrySchedule retries, double dt, double timeline, double decisionWindow) {
    return new IngestionModel.Settings(retries, 0, 1_000_000, dt, timeline, 0, decisionWindow);
  }

  /** A step of {@code before} for {@code seconds}, then {@code after} for as long. */
  private static RateCurve twoLevels(double before, double after, double seconds) {
    return RateCurve.of(
        List.of(
            new RateCurve.Point(0, before),
            new RateCurve.Point(seconds, before),
            new RateCurve.Point(seconds, after),
            new RateCurve.Point(2 * seconds, after)));
  }

  /** What the timeline says, summed over its points of {@code span} seconds. */
  private static double sum(
      IngestionModel.Result r,
      java.util.function.ToDoubleFunction<IngestionModel.Moment> perSecond,
      double span) {
    return r.timeline().stream().mapToDouble(perSecond).sum() * span;
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void theRateLimitPassesOneSecondsBucketThenItsRateAtAnyStep(double dt) {
    // 1,500 ev/s for 60 s against 1,000 ev/s whose bucket holds one second and starts full:
    // 90,000 offered, 1,000 + 60 × 1,000 = 61,000 pass, 29,000 are answered 429 (not retried),
    // whatever the step.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(1, 1, 1, 1e9, 1, 1, 1e9, 1, 1_000, false, 1, 1, 1e9);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(1_500, 60), uniform(1)), cap, steps(NO_RETRIES, dt, 2, 0));
    assertEquals(29_000, r.rateLimitedEvents(), 1e-6);
    assertEquals(0, r.rejectedEvents(), 1e-12, "capture admitted everything");
    assertEquals(90_000, r.attempts(), 1e-6);
    assertEquals(0, r.maxDelaySeconds(), 1e-12);
    // What passed is what the timeline says was produced.
    assertEquals(61_000, sum(r, IngestionModel.Moment::admittedEventsPerSecond, 2), 1e-6);
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void captureAdmitsItsBucketThenItsRateAndAClientWithoutRetriesGivesUpTheRest(double dt) {
    // One replica of 10 req/s, a burst of 0.5 s (a bucket of 5 requests, full at the start). 5
    // req/s for 10 s leaves it full; then 20 req/s for 10 s: 5 + 10 × 10 = 105 admitted of 200,
    // 95 refused, and with no retries each is given up at once. Consumers at 8 ev/s fall behind
    // (105 in 10 s) and drain after the load, with nothing offered: nothing more is refused.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(1, 1, 1, 8, 1, 1, 10, 0.5, 1e9, false, 1, 1, 1e9);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(twoLevels(5, 20, 10), uniform(1)), cap, steps(NO_RETRIES, dt, 2, 0));
    assertEquals(250, r.attempts(), 1e-9);
    assertEquals(95, r.refusedAttempts(), 1e-9);
    assertEquals(95, r.rejectedEvents(), 1e-9);
    assertEquals(95, sum(r, IngestionModel.Moment::refusedRequestsPerSecond, 2), 1e-9);
    assertEquals(155, sum(r, IngestionModel.Moment::admittedEventsPerSecond, 2), 1e-9);
  }

  @Test
  void requestsGivenUpAreCountedInEventsOfTheirBatch() {
    // The same load in requests of 2 events (10 then 40 ev/s): 95 requests given up, 190 events.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(1, 1, 1, 16, 1, 1, 10, 0.5, 1e9, false, 1, 1, 1e9);
    IngestionModel.Result r =
        IngestionModel.simulate(
            new IngestionModel.Traffic(twoLevels(10, 40, 10), 2, false, uniform(1), List.of()),
            cap,
            steps(NO_RETRIES, 1, 2, 0));
    assertEquals(95, r.refusedAttempts(), 1e-9);
    assertEquals(190, r.rejectedEvents(), 1e-9);
  }

  @Test
  void aBurstTheBucketAbsorbsIsNoRefusalAndAsksForNothing() {
    // 19 req/s for a second against 10 req/s with a bucket of a second (10 requests, full): 10
    // + 10 = 20 can be admitted, all 19 are. Then 1 req/s. Nothing refused, so the autoscaler,
    // which would want 2 replicas for 19 req/s, is never asked.
    RateCurve burst =
        RateCurve.of(
            List.of(
                new RateCurve.Point(0, 19),
                new RateCurve.Point(1, 19),
                new RateCurve.Point(1, 1),
                new RateCurve.Point(60, 1)));
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(burst, uniform(1)), capture(10, 1, 4, 10), steps(NO_RETRIES, 1, 1, 0));
    assertEquals(0, r.refusedAttempts(), 0);
    assertEquals(1, r.steps().size(), r.steps()::toString);
  }

  @Test
  void theAutoscalerSeesLagOnlyOnceTheOldestEventHasWaitedTheThreshold() {
    // 150 ev/s over 2 partitions (75 each), one consumer of 100 (50 each), a lag threshold of
    // 5 s, steps of a second. After step s (ending at s + 1) 50 (s + 1) of each partition's 75 a
    // second are read: the oldest unread arrived in step j = floor(2 (s + 1) / 3) and has waited
    // s - j: 4 s after step 14, 5 s after step 15. So the autoscaler first sees lag at 16 s and
    // asks for a second consumer (150 + a backlog of 800 / 60 > 110), which runs from 76 s.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(2, 1, 2, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 60);
    IngestionModel.Settings threshold =
        new IngestionModel.Settings(NO_RETRIES, 5, 1_000_000, 1, 1, 0, 0);
    IngestionModel.Result r =
        IngestionModel.simulate(load(RateCurve.flat(150, 200), uniform(2)), cap, threshold);
    assertEquals(List.of(0.0, 76.0), r.steps().stream().map(Autoscaler.Step::seconds).toList());
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0, 2.0})
  void theOverflowBucketPassesItsLimitAtAnyStep(double dt) {
    // Half of 400 ev/s is one id; overflow at 50 ev/s with a burst of 1: of its 20,000 events,
    // 1 + 100 × 50 stay on its partition, 14,999 leave for the overflow topic, whatever the step.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(4, 4, 4, 1e9, 1, 1, 1e9, 1, 1e9, true, 50, 1, 1e9);
    IngestionModel.Result r = IngestionModel.simulate(whale(), cap, steps(NO_RETRIES, dt, 2, 0));
    assertEquals(14_999, r.overflowedEvents(), 1e-6);
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0})
  void aRefusedRequestComesBackAfterItsWait(double dt) {
    // 20 req/s for one second against 10 req/s and no bucket: 10 admitted, 10 refused, which the
    // client sends again 3 s later, where they are admitted. Timeline points of a second: 20
    // offered, nothing, nothing, 10.
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(20, 1), uniform(1)),
            capture(10, 0, 1, 1e9),
            steps(new RetrySchedule(List.of(3.0)), dt, 1, 0));
    assertEquals(
        List.of(20.0, 0.0, 0.0, 10.0),
        r.timeline().stream().map(IngestionModel.Moment::offeredEventsPerSecond).toList());
    assertEquals(
        List.of(0.0, 1.0, 2.0, 3.0),
        r.timeline().stream().map(IngestionModel.Moment::seconds).toList());
    assertEquals(30, r.attempts(), 1e-9);
    assertEquals(0, r.rejectedEvents(), 1e-12);
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0})
  void theAutoscalerSizesCaptureOnTheDecisionWindowsMeanRate(double dt) {
    // 25 req/s against one replica of 10 (max 10), no retries, a 10 s decision window: after k
    // seconds the window's mean is 25 k / 10, and a replica is added once that passes 10 × 1.1:
    // k > 4.4, so at the first step past it (5 s, or 4.5 s at half-second steps), for 30 s
    // later. Then the window is full (25 req/s) and refusing: 3 replicas from one step after the
    // change plus 30 s; 30 req/s refuse nothing, so nothing more.
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(25, 120), uniform(1)),
            capture(10, 0.1, 10, 30),
            steps(NO_RETRIES, dt, 1, 10));
    double first = dt == 1.0 ? 5 : 4.5;
    assertEquals(
        List.of(0.0, first + 30, first + 30 + dt + 30),
        r.steps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(
        List.of(1, 2, 3), r.steps().stream().map(Autoscaler.Step::captureReplicas).toList());
  }

  @ParameterizedTest(name = "steps of {0} s")
  @ValueSource(doubles = {0.5, 1.0})
  void theAutoscalerSizesConsumersOnTheWindowsProducedRateAndTheBacklog(double dt) {
    // 400 ev/s over 4 partitions, one consumer of 100 (max 4), reaction 60 s, a 10 s window.
    // After k seconds: produced 400 k / 10 in the window's mean, a backlog of 300 k; the
    // autoscaler wants (40 k + 300 k / 60) / 100 consumers, more than 1.1 once k > 2.44: 2 from
    // 3 s (2.5 s) + 60. One step later the backlog (~19,000) over 60 s asks for more than 4:
    // the maximum, 60 s after that.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(4, 1, 4, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 60);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(400, 200), uniform(4)), cap, steps(NO_RETRIES, dt, 1, 10));
    double first = dt == 1.0 ? 3 : 2.5;
    assertEquals(
        List.of(0.0, first + 60, first + 60 + dt + 60),
        r.steps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(List.of(1, 2, 4), r.steps().stream().map(Autoscaler.Step::consumers).toList());
  }

  @Test
  void withoutASpanTheTimelineHasTwoHundredPointsOfEventsNotRequests() {
    // 390 ev/s in requests of 2 for 600 s, well within capacity, steps of a second: no span
    // given, so points of 600 / 200 = 3 s, each saying 390 ev/s offered and consumed.
    IngestionModel.Traffic t =
        new IngestionModel.Traffic(RateCurve.flat(390, 600), 2, false, uniform(4), List.of());
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(4, 4, 4, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 1e9);
    IngestionModel.Result r = IngestionModel.simulate(t, cap, steps(NO_RETRIES, 1, 0, 0));
    assertEquals(200, r.timeline().size());
    assertEquals(
        IntStream.range(0, 200).mapToObj(i -> 3.0 * i).toList(),
        r.timeline().stream().map(IngestionModel.Moment::seconds).toList());
    for (IngestionModel.Moment m : r.timeline()) {
      assertEquals(390, m.offeredEventsPerSecond(), 1e-9, m.toString());
      assertEquals(390, m.consumedEventsPerSecond(), 1e-9, m.toString());
    }
  }

  @Test
  void aRebalanceGivesEachPartitionItsOwnBacklogNotItsNeighbours() {
    // 210 ev/s over 5 partitions (42 each) for 100 s; 2 consumers of 100 (max 3), reaction 10 s.
    // Kafka's range assignor gives consumer 0 partitions 0-2 (126 against 100: each gains 26/3 a
    // second) and consumer 1 partitions 3-4 (84). After k seconds the autoscaler wants (210 + 26 k
    // / 10) / 100 consumers, past 2.2 once k > 3.85: at 4 s, so 3 from 14 s, when partitions 0-2
    // hold 14 × 26/3 = 121.3 each. Then consumer 1 reads 2 (121.3 behind) and 3 (idle):
    // partition 3 must not take on 2's backlog.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(5, 2, 3, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 10);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(210, 100), uniform(5)), cap, steps(NO_RETRIES, 1, 1, 0));
    assertEquals(List.of(0.0, 14.0), r.steps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(
        List.of(0, 1, 2),
        r.lagging().stream().map(IngestionModel.PartitionLag::partition).sorted().toList());
    for (IngestionModel.PartitionLag lag : r.lagging()) {
      assertEquals(14 * 26 / 3.0, lag.maxBacklogEvents(), 1e-9, lag.toString());
    }
  }

  @Test
  void theWorstPartitionComesFirstWhicheverNumberItHas() {
    // 300 ev/s, 40% to partition 0 and 60% to partition 1, a consumer of 100 each, for 10 s:
    // partition 0 gains 20 a second, partition 1 gains 80. Partition 1 lags worst and is named
    // first.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(2, 2, 2, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 1e9);
    IngestionModel.Result r =
        IngestionModel.simulate(
            load(RateCurve.flat(300, 10), new double[] {0.4, 0.6}),
            cap,
            steps(NO_RETRIES, 1, 1, 0));
    assertEquals(
        List.of(1, 0), r.lagging().stream().map(IngestionModel.PartitionLag::partition).toList());
    assertEquals(800, r.lagging().get(0).maxBacklogEvents(), 1e-9);
    assertEquals(200, r.lagging().get(1).maxBacklogEvents(), 1e-9);
    // Behind while anything waits: partition 1 through the load and 7 of the 8 s its 800 take
    // to read at 100 a second (the 8th ends empty), 17 s; partition 0 10 + 1, 11 s.
    assertEquals(17, r.lagging().get(0).laggingSeconds(), 1e-9);
    assertEquals(11, r.lagging().get(1).laggingSeconds(), 1e-9);
    // The timeline's longest waits are the events' own: its worst is the run's.
    assertEquals(
        r.maxDelaySeconds(),
        r.timeline().stream().mapToDouble(IngestionModel.Moment::maxDelaySeconds).max().orElse(0),
        1e-12);
    assertTrue(r.maxDelaySeconds() > 7, "the last of 800 waits about 8 s: " + r.maxDelaySeconds());
  }
}
