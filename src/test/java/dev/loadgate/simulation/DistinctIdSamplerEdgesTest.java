package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.SkewModel;
import dev.loadgate.testing.Draws;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The sampler where its arithmetic shows: shares that do not sum to 1 (the model's top and tail are
 * estimates), draws exactly on a boundary, an empty model, and the power law at exponents other
 * than 0, 1 and 2. All shares are binary fractions, so every sum below is exact.
 */
class DistinctIdSamplerEdgesTest {
  /** Top a (1/2) and b (1/4); a uniform tail of two ids at 1/8 each: the shares sum to 1. */
  private static final SkewModel EXACT =
      new SkewModel(
          List.of(new SkewModel.IdShare("a", 4, 0.5), new SkewModel.IdShare("b", 2, 0.25)),
          0.25,
          2,
          0,
          0.125,
          0.125,
          true);

  /** Top a (1/2); a uniform tail of two ids at 1/8: the shares sum to 3/4. */
  private static final SkewModel SHORT =
      new SkewModel(List.of(new SkewModel.IdShare("a", 4, 0.5)), 0.25, 2, 0, 0.125, 0.125, true);

  @Test
  void aDrawOnABoundaryBelongsToTheNextId() {
    DistinctIdSampler s = new DistinctIdSampler(EXACT);
    // [0, 1/2) a, [1/2, 3/4) b, [3/4, 7/8) rank 3, [7/8, 1) rank 4.
    assertEquals("a", s.next(Draws.of(0.0)));
    assertEquals("b", s.next(Draws.of(0.5)));
    assertEquals(DistinctIdSampler.tailId(3), s.next(Draws.of(0.75)));
    assertEquals(DistinctIdSampler.tailId(4), s.next(Draws.of(0.875)));
  }

  @Test
  void sharesThatDoNotSumToOneAreDrawnInProportion() {
    DistinctIdSampler s = new DistinctIdSampler(SHORT);
    // Of 3/4 in all: a holds 2/3, each tail id 1/6. A draw of 0.7 is 0.525 of the 0.75: rank 2's
    // [0.5, 0.625).
    assertEquals(2.0 / 3, s.topShare(0), 1e-12);
    assertEquals(1.0 / 6, s.tailShare(2), 1e-12);
    assertEquals(DistinctIdSampler.tailId(2), s.next(Draws.of(0.7)));
    assertEquals("a", s.next(Draws.of(0.6)), "0.45 of 0.75");
    double[] expected = new double[4];
    expected[kafka("phc_t:a", 4)] += 2.0 / 3;
    expected[kafka("phc_t:" + DistinctIdSampler.tailId(2), 4)] += 1.0 / 6;
    expected[kafka("phc_t:" + DistinctIdSampler.tailId(3), 4)] += 1.0 / 6;
    assertArrayEquals(expected, s.keyedPartitionShares("phc_t", 4), 1e-12);
  }

  @Test
  void withoutTopIdsEveryDrawIsATailId() {
    // A uniform tail of two ids at 1/2 each (ranks 1 and 2).
    DistinctIdSampler s = new DistinctIdSampler(new SkewModel(List.of(), 1, 2, 0, 0.5, 0.5, true));
    assertEquals(DistinctIdSampler.tailId(1), s.next(Draws.of(0.25)));
    assertEquals(DistinctIdSampler.tailId(2), s.next(Draws.of(0.5)));
  }

  @Test
  void anEmptyModelDrawsTheFirstTailId() {
    DistinctIdSampler s = new DistinctIdSampler(new SkewModel(List.of(), 0, 0, 0, 0, 0, true));
    assertEquals(DistinctIdSampler.tailId(1), s.next(Draws.of(0.3)));
  }

  /**
   * Top a, b (70%), 2,000,000 tail ids holding 30%, each rank {@code scale · k^-s}, small enough
   * that the exact ranks hold almost none of it: a draw of 0.99 falls past them, into [a, b).
   */
  private static SkewModel tail(double s, double scale) {
    return new SkewModel(
        List.of(new SkewModel.IdShare("a", 50, 0.5), new SkewModel.IdShare("b", 20, 0.2)),
        0.3,
        2_000_000,
        s,
        scale,
        0.2,
        true);
  }

  @Test
  void thePowerLawAtOtherExponents() {
    // a = 1,048,579, b = 2,000,003 (see DistinctIdSamplerTest). k = (a^(1-s) + u (b^(1-s) -
    // a^(1-s)))^(1/(1-s)) at u = 0.5: s = 0.5 gives ((√a + √b) / 2)² = 1,486,224.4;
    // s = 3 gives ((a^-2 + b^-2) / 2)^(-1/2) = 1,313,353.8.
    assertEquals(
        DistinctIdSampler.tailId(1_486_224),
        new DistinctIdSampler(tail(0.5, 1e-7)).next(Draws.of(0.99, 0.5)));
    assertEquals(
        DistinctIdSampler.tailId(1_313_353),
        new DistinctIdSampler(tail(3, 1e-3)).next(Draws.of(0.99, 0.5)));
  }

  private static int kafka(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
