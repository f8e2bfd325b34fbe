package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.SkewModel;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.TopDistinctId;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prediction's token buckets where the fluid sums come out exact, and its two summaries of the
 * partition shares.
 */
class PredictionRulesTest {
  private static final RateCurve FLAT_1000_FOR_10S = RateCurve.flat(1000, 10);

  private static Pipeline pipeline(double perId, double burst, double rateLimit) {
    Pipeline base = Fixtures.smallPipeline();
    return new Pipeline(
        8,
        base.consumers(),
        base.consumerEventsPerSecond(),
        base.appsCostFactor(),
        base.capture(),
        base.autoscaling(),
        new Pipeline.Overflow(true, perId, burst),
        new Pipeline.RateLimit(rateLimit),
        base.policy());
  }

  private static DistinctIdSampler sampler(List<TopDistinctId> top, long ids, double events) {
    return new DistinctIdSampler(SkewModel.of(top, ids, events));
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
            pipeline(1e9, 10, 800),
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
            "phc_t", false, sampler(List.of(), 1000, 10_000), ramp, pipeline(1e9, 10, 1000), "m");
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
            pipeline(100, 10, 800),
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
        Prediction.of("phc_t", false, ids, FLAT_1000_FOR_10S, pipeline(100, 10, 1e9), "main");
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
}
