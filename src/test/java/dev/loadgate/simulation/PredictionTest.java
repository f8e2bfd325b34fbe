package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.SkewModel;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.TopDistinctId;
import dev.loadgate.testing.Fixtures;
import dev.loadgate.testing.KafkaPartitions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run's prediction, worked by hand on flat loads where the token buckets are easy sums (some
 * exact to the event), on a ramp from the integral, and its two summaries of the partition shares.
 */
class PredictionTest {
  private static final RateCurve FLAT_1000_FOR_10S =
      RateCurve.of(List.of(new RateCurve.Point(0, 1000), new RateCurve.Point(10, 1000)));

  @Test
  void aHotIdOverflowsWhatItsBucketCannotHold() {
    // One id with half the events (500 ev/s for 10 s = 5,000 events) against 100 ev/s, burst 10:
    // keyed = 10 (burst) + 100 x 10 s = 1,010; overflowed = 3,990 = 39.9% of all 10,000 events.
    DistinctIdSampler ids = sampler(List.of(new TopDistinctId("hot", 5000)), 1001, 10_000);
    Pipeline pipe = pipeline(8, true, 100, 10, 1e9);
    Prediction p = Prediction.of("phc_t", false, ids, FLAT_1000_FOR_10S, pipe, "main");
    assertEquals(0.399, p.overflowShare(), 0.002);
    assertEquals(0, p.rateLimitedShare(), 1e-12);

    int hot = partition("phc_t", "hot", 8);
    assertEquals(hot, p.hottestPartition());
    // The hot partition keeps the id's keyed 10.1% plus its part of the uniform tail.
    double tailHere = 0;
    for (long rank = 2; rank <= 1001; rank++) {
      if (partition("phc_t", DistinctIdSampler.tailId(rank), 8) == hot) {
        tailHere += 0.5 / 1000;
      }
    }
    assertEquals(0.101 + tailHere, p.partitionShares().get(hot), 0.002);
    double sum = p.partitionShares().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1 - p.overflowShare(), sum, 1e-9, "overflowed events are on no partition");
  }

  @Test
  void overflowOffOrHistoricalKeepsEveryEventKeyed() {
    DistinctIdSampler ids = sampler(List.of(new TopDistinctId("hot", 5000)), 1001, 10_000);
    Prediction off =
        Prediction.of(
            "phc_t", false, ids, FLAT_1000_FOR_10S, pipeline(8, false, 100, 10, 1e9), "main");
    assertEquals(0, off.overflowShare(), 1e-12);
    Prediction historical =
        Prediction.of(
            "phc_t", true, ids, FLAT_1000_FOR_10S, pipeline(8, true, 100, 10, 1e9), "hist");
    assertEquals(
        0, historical.overflowShare(), 1e-12, "capture never overflows historical batches");
    assertEquals(off.partitionShares(), historical.partitionShares());
  }

  @Test
  void theRateLimitRefusesWhatItsBucketCannotHold() {
    // 1,000 ev/s for 10 s against 800 ev/s per token (bucket of one second, 800): accepted 800 +
    // 800 x 10 = 8,800 of 10,000: 12% refused.
    DistinctIdSampler ids = sampler(List.of(), 1000, 10_000);
    Prediction p =
        Prediction.of(
            "phc_t", false, ids, FLAT_1000_FOR_10S, pipeline(4, true, 1e9, 10, 800), "main");
    assertEquals(0.12, p.rateLimitedShare(), 0.001);
  }

  @Test
  void scalingKeepsWhatOverflowsAndSizesTheBurstToTheCompressedTime() {
    Pipeline pipe = pipeline(64, true, 100, 1000, 50_000);
    Scale scale = new Scale(0.5, 0.02);
    Pipeline scaled = scale.apply(pipe);
    assertEquals(50, scaled.overflow().perDistinctIdEventsPerSecond(), 1e-9);
    assertEquals(1000 * 0.5 * 0.02, scaled.overflow().burst(), 1e-9, "10 s of refill, compressed");
    assertEquals(25_000, scaled.rateLimit().perTokenEventsPerSecond(), 1e-9);
    assertEquals(64, scaled.partitions());
    assertEquals(
        1, new Scale(0.01, 0.01).apply(pipe).overflow().burst(), 1e-9, "at least one event");

    // The same id overflows the same share at both scales (burst aside).
    DistinctIdSampler ids = sampler(List.of(new TopDistinctId("hot", 5000)), 1001, 10_000);
    RateCurve long1000 =
        RateCurve.of(List.of(new RateCurve.Point(0, 1000), new RateCurve.Point(1000, 1000)));
    Prediction full = Prediction.of("t", false, ids, long1000, pipeline(8, true, 100, 1, 1e9), "m");
    Scale s = new Scale(0.1, 0.01);
    Prediction small =
        Prediction.of(
            "t", false, ids, s.apply(long1000), s.apply(pipeline(8, true, 100, 1, 1e9)), "m");
    assertEquals(full.overflowShare(), small.overflowShare(), 0.002);
    assertEquals(0.4, full.overflowShare(), 0.002, "500 ev/s against 100: 4/5 of half the events");
  }

  @Test
  void aFlatLoadOverTheRateLimitIsRefusedExactlyWhatTheBucketCannotHold() {
    // 1,000 ev/s for 10 s against 800 ev/s: the full bucket (800) and 800 a second for 10 s are
    // accepted, 8,800 of 10,000: 12% refused, to the last event (the steps are 5 ms: 5 events
    // wanted, 4 refilled, so the bucket empties one event a step and never overshoots).
    Prediction p =
        Prediction.of(
            "phc_t",
            false,
            sampler(List.of(), 1000, 10_000),
            FLAT_1000_FOR_10S,
            pipeline(8, true, 1e9, 10, 800),
            "main");
    assertEquals(0.12, p.rateLimitedShare(), 1e-9);
  }

  @Test
  void aRampOverTheRateLimitIsRefusedWhatTheIntegralSays() {
    // 0 -> 2,000 ev/s over 10 s (200 t ev/s) against 1,000 ev/s with a bucket of one second. From
    // t = 5 s the rate passes the refill and the bucket drains by ∫ (200 t - 1,000) dt = 100 u²
    // (u = t - 5): empty at u = √10. From then on it refuses ∫ 200 u du from √10 to 5 = 100 (25 -
    // 10)
    // = 1,500 of the 10,000 offered: 15%.
    RateCurve ramp =
        RateCurve.of(List.of(new RateCurve.Point(0, 0), new RateCurve.Point(10, 2000)));
    Prediction p =
        Prediction.of(
            "phc_t",
            false,
            sampler(List.of(), 1000, 10_000),
            ramp,
            pipeline(8, true, 1e9, 10, 1000),
            "m");
    assertEquals(0.15, p.rateLimitedShare(), 1e-4);
  }

  @Test
  void nothingOfferedIsNothingRefused() {
    Prediction p =
        Prediction.of(
            "phc_t",
            false,
            sampler(List.of(), 1000, 10_000),
            RateCurve.flat(0, 10),
            pipeline(8, true, 100, 10, 800),
            "main");
    assertEquals(0, p.rateLimitedShare(), "0 of 0 refused is none, not NaN");
    assertEquals(0, p.overflowShare());
  }

  @Test
  void twoIdsWithTheSameShareEachOverflowTheirOwnBucket() {
    // x and y, 30% each: 300 ev/s against 100 ev/s and a burst of 10. Each keeps 10 + 100 × 10 s =
    // 1,010 of its 3,000 events and overflows 1,990: 2 × 1,990 / 10,000 = 39.8%.
    DistinctIdSampler ids =
        sampler(List.of(new TopDistinctId("x", 3000), new TopDistinctId("y", 3000)), 1002, 10_000);
    Prediction p =
        Prediction.of(
            "phc_t", false, ids, FLAT_1000_FOR_10S, pipeline(8, true, 100, 10, 1e9), "main");
    assertEquals(0.398, p.overflowShare(), 1e-6);
  }

  @Test
  void theHottestIsTheFirstOfTheLargestShares() {
    assertEquals(1, Prediction.hottest(List.of(0.2, 0.3, 0.3, 0.2)));
    assertEquals(0, Prediction.hottest(List.of(0.5, 0.1)));
    assertEquals(2, Prediction.hottest(List.of(0.1, 0.2, 0.7)));
    assertEquals(0, Prediction.hottest(List.of(0.25)));
  }

  @Test
  void skewIsTheHottestShareOverTheMean() {
    // Mean 0.25, hottest 0.4: 1.6.
    assertEquals(1.6, Prediction.skew(List.of(0.1, 0.4, 0.3, 0.2)), 1e-12);
    assertEquals(0, Prediction.skew(List.of(0.0, 0.0)), "nothing landed: 0, not NaN");
  }

  @Test
  void theSharesAsAnArray() {
    Prediction p = new Prediction("m", List.of(0.25, 0.75), 0, 0, 1, 1.5);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.25, 0.75}, p.shares());
  }

  private static DistinctIdSampler sampler(List<TopDistinctId> top, long ids, double events) {
    return new DistinctIdSampler(SkewModel.of(top, ids, events));
  }

  private static int partition(String token, String id, int partitions) {
    return KafkaPartitions.of(token + ":" + id, partitions);
  }

  private static Pipeline pipeline(
      int partitions, boolean overflow, double perId, double burst, double rateLimit) {
    Pipeline base = Fixtures.smallPipeline();
    return new Pipeline(
        partitions,
        base.consumers(),
        base.consumerEventsPerSecond(),
        base.appsCostFactor(),
        base.capture(),
        base.autoscaling(),
        new Pipeline.Overflow(overflow, perId, burst),
        new Pipeline.RateLimit(rateLimit),
        base.policy());
  }
}
