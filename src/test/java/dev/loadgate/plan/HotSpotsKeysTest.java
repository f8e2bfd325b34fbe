package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.TopDistinctId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each partition's busiest key and the keys over the per-key rate, worked by hand on 1,000 events
 * at a peak of 1,000 ev/s (an id's events are its ev/s), 8 partitions, overflow's limit 50 ev/s.
 */
class HotSpotsKeysTest {
  private static final int PARTITIONS = 8;

  /** Ids named "k0", "k1"... picked so that each lands on the partition asked. */
  private static String idOn(int partition, int skip) {
    for (int n = 0; ; n++) {
      String id = "k" + n;
      if (KeyPartitioner.partition("t", id, PARTITIONS) == partition && skip-- == 0) {
        return id;
      }
    }
  }

  private static HotSpots spots(
      boolean overflow, boolean historical, double keyRate, Object... idsAndEvents) {
    List<TopDistinctId> top = new ArrayList<>();
    for (int i = 0; i < idsAndEvents.length; i += 2) {
      top.add(new TopDistinctId((String) idsAndEvents[i], (Integer) idsAndEvents[i + 1]));
    }
    return HotSpots.of(
        "t",
        SkewModel.of(top, 100_000, 1000),
        1000,
        PARTITIONS,
        new Pipeline.Overflow(overflow, 50, 500),
        1e9,
        historical,
        keyRate);
  }

  @Test
  void aPartitionsBusiestKeyIsWhatStaysOnIt() {
    String a = idOn(1, 0);
    String b = idOn(1, 1);
    String c = idOn(2, 0);
    // Overflow on: a at 200 keeps 50 on partition 1, b at exactly 50 keeps its 50, c at 30.
    HotSpots on = spots(true, false, 1e9, a, 200, b, 50, c, 30);
    assertEquals(50, on.busiestKey()[1], 1e-9);
    assertEquals(30, on.busiestKey()[2], 1e-9);
    assertEquals(0, on.busiestKey()[3], 1e-9);
    // Overflow off, or an import: a keeps all of its 200, the larger of the two on partition 1.
    assertEquals(200, spots(false, false, 1e9, a, 200, b, 50).busiestKey()[1], 1e-9);
    assertEquals(200, spots(true, true, 1e9, b, 50, a, 200).busiestKey()[1], 1e-9);
  }

  @Test
  void theKeysOverTheRateAreTheBusiestFirstAndOneAtTheRateIsNot() {
    String a = idOn(1, 0);
    String c = idOn(2, 0);
    String d = idOn(3, 0);
    // Key rate 100: a at 150 and c at 300 are over it, d at exactly 100 is not.
    HotSpots s = spots(false, false, 100, a, 150, d, 100, c, 300);
    assertEquals(
        List.of(new HotSpots.SlowKey(c, 2, 300), new HotSpots.SlowKey(a, 1, 150)), s.slowKeys());
    // Overflow on: each keeps 50 on its partition, under the rate.
    assertEquals(List.of(), spots(true, false, 100, a, 150, c, 300).slowKeys());
  }

  @Test
  void theModelsTrafficCarriesTheKeyRateOrNone() {
    String a = idOn(1, 0);
    String b = idOn(2, 0);
    // b at 30 is not hot: it stays keyed, its share the busiest kept on partition 2.
    IngestionModel.Traffic limited =
        spots(true, false, 100, a, 200, b, 30).traffic(RateCurve.flat(1000, 60), 10, false);
    assertEquals(100, limited.keys().eventsPerSecond(), 1e-9);
    assertEquals(0.03, limited.keys().keptBusiest(2), 1e-9);
    assertEquals(0, limited.keys().keptBusiest(1), 1e-9, "a is hot: it is not a kept key");
    assertSame(
        IngestionModel.Keys.UNLIMITED,
        spots(true, false, Double.POSITIVE_INFINITY, a, 200)
            .traffic(RateCurve.flat(1000, 60), 10, false)
            .keys());
  }
}
