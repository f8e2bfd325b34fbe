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
 * Which id each uniform draw becomes, worked by hand on small models, and the partition shares
 * checked against kafka-clients' own murmur2.
 */
class DistinctIdSamplerTest {
  /** Top a (50%) and b (20%); a uniform tail of 3 ids at 10% each (ranks 3, 4, 5). */
  private static final SkewModel SMALL =
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
    expected[kafka("phc_t:a", 4)] += 0.5;
    expected[kafka("phc_t:b", 4)] += 0.2;
    for (long rank = 3; rank <= 5; rank++) {
      expected[kafka("phc_t:" + DistinctIdSampler.tailId(rank), 4)] += 0.1;
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

  private static int kafka(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
