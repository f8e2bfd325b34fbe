package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FairShareTest {
  /** What each partition gets, one partition per demand. */
  private static double[] allocate(double capacity, double... demand) {
    int[] ones = new int[demand.length];
    Arrays.fill(ones, 1);
    double level = FairShare.level(demand, ones, demand.length, capacity, new int[demand.length]);
    return Arrays.stream(demand).map(d -> Math.min(d, level)).toArray();
  }

  @Test
  void everyDemandInFullWhenTheyFit() {
    assertArrayEquals(new double[] {10, 20, 30}, allocate(60, 10, 20, 30), 1e-12);
  }

  @Test
  void aSmallDemandTakesWhatItNeedsAndTheRestIsSharedEqually() {
    // 100 among 40, 80, 80: equal shares of 33.3 are below every demand.
    assertArrayEquals(
        new double[] {100 / 3.0, 100 / 3.0, 100 / 3.0}, allocate(100, 40, 80, 80), 1e-9);
    // 100 among 10, 80, 80: 10 is below its share; 90 left for two: 45 each.
    assertArrayEquals(new double[] {10, 45, 45}, allocate(100, 10, 80, 80), 1e-9);
    // A hot partition beside three light ones: the light ones in full, the hot one the rest.
    assertArrayEquals(new double[] {5, 85, 5, 5}, allocate(100, 5, 500, 5, 5), 1e-9);
  }

  @Test
  void nothingWaitingGetsNothing() {
    assertArrayEquals(new double[] {0, 50, 50}, allocate(100, 0, 70, 90), 1e-9);
  }

  @Test
  void partitionsSharingOneDemandCountOnceEach() {
    // 30 light partitions at 2 each and one hot at 500, 100 in all: the light ones take 60, the
    // hot one 40; the same as 31 entries of one partition each.
    double level = FairShare.level(new double[] {2, 500}, new int[] {30, 1}, 2, 100, new int[2]);
    assertEquals(40, level, 1e-9);
    double[] many = new double[31];
    Arrays.fill(many, 2);
    many[30] = 500;
    assertEquals(40, allocate(100, many)[30], 1e-9);
  }
}
