package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.SkewModel;
import dev.loadgate.testing.Draws;
import dev.loadgate.testing.KafkaPartitions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which id each uniform draw becomes, worked by hand on small models, and the partition shares
 * checked against kafka-clients' own murmur2; then where the sampler's arithmetic shows: shares
 * that do not sum to 1 (the model's top and tail are estimates), draws exactly on a boundary, an
 * empty model, and the power law at exponents other than 0, 1 and 2 (the models there use binary
 * fractions, so every sum is exact).
 */
class DistinctIdSamplerTest {
  /**
   * Top a (50%) and b (20%); a uniform tail of 3 ids at 10% each (ranks 3, 4, 5). {@code
   * ReplayTrafficTest} replays it too.
   */
  static final SkewModel SMALL =
      new SkewModel(
          List.of(new SkewModel.IdShare("a", 50, 0.5), new SkewModel.IdShare("b", 20, 0.2)),
          0.3,
          3,
          0,
          0.1,
          0.2,
          true);

  private static String draw(DistinctIdSampler s, double... u) {
    return s.next(Draws.of(u));
  }

  @Test
  void eachDrawFallsInItsIdsShareOfTheUnitInterval() {
    DistinctIdSampler s = new DistinctIdSampler(SMALL);
    // [0, 0.5) a; [0.5, 0.7) b; then 0.1 per tail rank 3, 4, 5.
    assertEquals("a", draw(s, 0.0));
    assertEquals("a", draw(s, 0.4999));
    assertEquals("b", draw(s, 0.5001));
    assertEquals("b", draw(s, 0.6999));
    assertEquals(DistinctIdSampler.tailId(3), draw(s, 0.7001));
    assertEquals(DistinctIdSampler.tailId(4), draw(s, 0.85));
    assertEquals(DistinctIdSampler.tailId(5), draw(s, 0.95));
    assertEquals(3, s.exactTailRanks());
    assertEquals(0.5, s.topShare(0), 1e-12);
    assertEquals(0.2, s.topShare(1), 1e-12);
    assertEquals(0.1, s.tailShare(4), 1e-12);
    assertEquals(0, s.tailShare(6), 1e-12, "past the tail");
  }

  @Test
  void partitionSharesAreWhereKafkasPartitionerPutsEachId() {
    double[] expected = new double[4];
    expected[KafkaPartitions.of("phc_t:a", 4)] += 0.5;
    expected[KafkaPartitions.of("phc_t:b", 4)] += 0.2;
    for (long rank = 3; rank <= 5; rank++) {
      expected[KafkaPartitions.of("phc_t:" + DistinctIdSampler.tailId(rank), 4)] += 0.1;
    }
    assertArrayEquals(
        expected, new DistinctIdSampler(SMALL).keyedPartitionShares("phc_t", 4), 1e-12);
  }

  /**
   * Past the first 2^20 tail ranks, a rank is drawn from the tail's power law with a second uniform
   * draw u over ranks [a, b): a = 2 top + 1 + 1,048,576 exact = 1,048,579, b = 2 + 2,000,000 + 1 =
   * 2,000,003.
   */
  @Test
  void ranksPastTheExactOnesFollowTheTailsLaw() {
    long a = 1_048_579;
    // Uniform (s = 0): a + u (b - a) = 1,048,579 + 0.5 × 951,424 = 1,524,291.
    DistinctIdSampler uniform = new DistinctIdSampler(tail(0, 0.3 / 2_000_000));
    assertEquals(DistinctIdSampler.tailId(a), draw(uniform, 0.99, 0.0));
    assertEquals(DistinctIdSampler.tailId(1_524_291), draw(uniform, 0.99, 0.5));
    assertEquals(
        DistinctIdSampler.tailId(2_000_002), draw(uniform, 0.99, Math.nextDown(1.0)), "b - 1");
    // The rest holds the ranks past the exact ones: 0.3 × 951,424 / 2,000,000 of the draws, even
    // over the partitions.
    double[] shares = uniform.keyedPartitionShares("phc_t", 4);
    assertEquals(1, java.util.Arrays.stream(shares).sum(), 1e-9);
    // Zipf s = 1: a (b/a)^u, at u = 0.5 the geometric mean sqrt(a b) = 1,448,157.8.
    assertEquals(
        DistinctIdSampler.tailId(1_448_157), draw(new DistinctIdSampler(tail(1, 1e-3)), 0.99, 0.5));
    // s = 2: (a^-1 + u (b^-1 - a^-1))^-1, at u = 0.5 the harmonic mean 2ab / (a + b) = 1,375,827.3.
    assertEquals(
        DistinctIdSampler.tailId(1_375_827), draw(new DistinctIdSampler(tail(2, 1e-3)), 0.99, 0.5));
  }

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
    expected[KafkaPartitions.of("phc_t:a", 4)] += 2.0 / 3;
    expected[KafkaPartitions.of("phc_t:" + DistinctIdSampler.tailId(2), 4)] += 1.0 / 6;
    expected[KafkaPartitions.of("phc_t:" + DistinctIdSampler.tailId(3), 4)] += 1.0 / 6;
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

  @Test
  void thePowerLawAtOtherExponents() {
    // a = 1,048,579, b = 2,000,003 (as in ranksPastTheExactOnesFollowTheTailsLaw).
    // k = (a^(1-s) + u (b^(1-s) - a^(1-s)))^(1/(1-s)) at u = 0.5: s = 0.5 gives
    // ((√a + √b) / 2)² = 1,486,224.4; s = 3 gives ((a^-2 + b^-2) / 2)^(-1/2) = 1,313,353.8.
    assertEquals(
        DistinctIdSampler.tailId(1_486_224),
        new DistinctIdSampler(tail(0.5, 1e-7)).next(Draws.of(0.99, 0.5)));
    assertEquals(
        DistinctIdSampler.tailId(1_313_353),
        new DistinctIdSampler(tail(3, 1e-3)).next(Draws.of(0.99, 0.5)));
  }

  /**
   * Top a, b (70%), 2,000,000 tail ids holding 30%, each rank {@code scale · k^-s} (a hand-made
   * model: only the draw's mapping is under test).
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
}
