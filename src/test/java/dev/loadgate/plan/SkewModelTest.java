package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.TopDistinctId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SkewModelTest {
  @ParameterizedTest(name = "sum k^-{2} for k={0}..{1}")
  @CsvSource({
    "2, 100, 1.0",
    "101, 1000000, 0.8",
    "101, 1000000, 1.0",
    "101, 1000000, 1.2",
    "1, 300000, 2.5",
    "5000, 2000000, 0.3"
  })
  void zipfSumMatchesTheExactSum(long a, long b, double s) {
    double exact = 0;
    for (long k = b; k >= a; k--) { // smallest terms first, for accuracy
      exact += Math.pow(k, -s);
    }
    assertEquals(exact, SkewModel.zipfSum(a, b, s), exact * 1e-9);
  }

  @Test
  void fitRecoversTheExponentOfExactZipfCounts() {
    List<TopDistinctId> top = new ArrayList<>();
    for (int k = 1; k <= 100; k++) {
      top.add(new TopDistinctId("id-" + k, Math.round(1e7 * Math.pow(k, -1.1))));
    }
    assertEquals(1.1, SkewModel.fitExponent(top), 0.001);
  }

  @Test
  void flatTopCountsGiveAUniformTail() {
    List<TopDistinctId> top =
        List.of(
            new TopDistinctId("a", 1000), new TopDistinctId("b", 999), new TopDistinctId("c", 998));
    SkewModel m = SkewModel.of(top, 1003, 1_000_000);
    assertEquals(0, m.tailExponent());
    assertEquals(m.tailShare() / 1000, m.tailShareOfRank(500), 1e-15);
  }

  @Test
  void aSingleTopCountCannotBeFittedAndGivesAUniformTail() {
    SkewModel m =
        SkewModel.of(List.of(new TopDistinctId("load-tester", 900_000)), 1_000_000, 45_000_000);
    assertEquals(0, m.tailExponent());
    assertEquals(0.98, m.tailShare(), 1e-12);
  }

  @Test
  void tailSumsToTheRemainingShareAndNeverOutranksTheTopList() {
    // Steep top counts over few events: an uncapped Zipf would put far more on rank 6 than on rank
    // 5.
    List<TopDistinctId> top =
        List.of(
            new TopDistinctId("a", 350_000),
            new TopDistinctId("b", 98_000),
            new TopDistinctId("c", 61_000),
            new TopDistinctId("d", 47_000),
            new TopDistinctId("e", 38_500));
    SkewModel m = SkewModel.of(top, 20_000, 14_000_000);
    assertTrue(m.consistent());
    assertTrue(m.tailExponent() > 1);
    double sum = 0;
    for (long k = 6; k <= 20_000; k++) {
      double share = m.tailShareOfRank(k);
      assertTrue(share <= 38_500 / 14e6 + 1e-15, "rank " + k);
      sum += share;
    }
    assertEquals(m.tailShare(), sum, 1e-9);
    assertEquals(1.0, m.topShare() + m.tailShare(), 1e-12);
  }

  @Test
  void tailIdsAboveAShareAgreesWithCountingRankByRank() {
    List<TopDistinctId> top = new ArrayList<>();
    for (int k = 1; k <= 20; k++) {
      top.add(new TopDistinctId("id-" + k, Math.round(1e6 * Math.pow(k, -0.9))));
    }
    SkewModel m = SkewModel.of(top, 50_000, 3e7);
    for (double threshold : new double[] {1e-3, 1e-4, 3e-5, 1e-5, 1e-6}) {
      long counted = 0;
      for (long k = 21; k <= 50_000; k++) {
        if (m.tailShareOfRank(k) > threshold) {
          counted++;
        }
      }
      assertEquals(counted, m.tailIdsAbove(threshold), "threshold " + threshold);
    }
  }

  @Test
  void aTopListThatIsNotTheTopIsFlaggedInconsistent() {
    // 10 ids with 10 events each, but 1,000 events left for only 10 more ids: 100 each, above the
    // top.
    List<TopDistinctId> top = new ArrayList<>();
    for (int k = 1; k <= 10; k++) {
      top.add(new TopDistinctId("id-" + k, 10));
    }
    SkewModel m = SkewModel.of(top, 20, 1100);
    assertFalse(m.consistent());
    assertEquals(100 / 1100.0, m.tailShareOfRank(15), 1e-12);
  }
}
