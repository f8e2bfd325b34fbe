package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.TopDistinctId;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The skew model's and the hot spots' rules at their edges, worked by hand. */
class SkewRulesTest {
  private static List<TopDistinctId> top(long... counts) {
    List<TopDistinctId> t = new java.util.ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      t.add(new TopDistinctId("id" + i, counts[i]));
    }
    return t;
  }

  @Test
  void aTailThatMayEqualTheSmallestTopShareIsConsistentAndOneAboveItIsNot() {
    // 1,000 events, top 500 and 100: the 4 other ids share 0.4, 0.1 each = the smallest top
    // share: the top list can be the top.
    SkewModel equal = SkewModel.of(top(500, 100), 6, 1000);
    assertTrue(equal.consistent());
    // Over 3 ids, 0.133 each is more than 0.1: the "top" list is not the top.
    SkewModel over = SkewModel.of(top(500, 100), 5, 1000);
    assertFalse(over.consistent());
    assertEquals(0, over.tailExponent(), 0, "taken as uniform");
    assertEquals(0.4 / 3, over.tailScale(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> SkewModel.of(top(1), 2, 0));
  }

  @Test
  void theExponentNeedsTwoCountsAndASlopeAboveFlat() {
    assertEquals(0, SkewModel.fitExponent(top(100, 0)), 0, "one count that can be logged");
    // log2(100/97) = 0.0439 < 0.05: flat, uniform.
    assertEquals(0, SkewModel.fitExponent(top(100, 97)), 0);
    // log2(100/96) = 0.0589: Zipf.
    assertEquals(Math.log(100.0 / 96) / Math.log(2), SkewModel.fitExponent(top(100, 96)), 1e-12);
  }

  /** Top 2 ids; 100 tail ids at min(0.5, 1/k) (A = 1, s = 1): a hand-made tail. */
  private static final SkewModel ZIPF =
      new SkewModel(
          List.of(new SkewModel.IdShare("a", 1, 0.2), new SkewModel.IdShare("b", 1, 0.1)),
          0.7,
          100,
          1,
          1,
          0.5,
          true);

  @Test
  void tailRanksAndTheIdsAboveAShare() {
    assertEquals(0, ZIPF.tailShareOfRank(2), 0, "a top rank");
    assertEquals(1 / 3.0, ZIPF.tailShareOfRank(3), 1e-12);
    assertEquals(1 / 102.0, ZIPF.tailShareOfRank(102), 1e-12, "the last tail rank");
    assertEquals(0, ZIPF.tailShareOfRank(103), 0, "past the tail");
    assertEquals(1 / 3.0, ZIPF.tailHeadShare(), 1e-12);
    // 1/k > 1/16 for k < 16: ranks 3..15, 13 ids. Above 0.06: k < 16.7, ranks 3..16, 14 ids.
    assertEquals(13, ZIPF.tailIdsAbove(1 / 16.0));
    assertEquals(14, ZIPF.tailIdsAbove(0.06));
    assertEquals(0, ZIPF.tailIdsAbove(0.5), "nothing in the tail is above its cap");
    assertEquals(0, ZIPF.tailIdsAbove(-1));
    assertEquals(100, ZIPF.tailIdsAbove(0.001), "every tail id: 1/102 > 0.001");
    // A uniform tail: all of it or none, strictly above.
    SkewModel uniform =
        new SkewModel(List.of(new SkewModel.IdShare("a", 1, 0.5)), 0.5, 5, 0, 0.1, 0.5, true);
    assertEquals(0, uniform.tailIdsAbove(0.1));
    assertEquals(5, uniform.tailIdsAbove(0.0999));
  }

  @Test
  void anIdExactlyAtTheOverflowLimitIsNotHot() {
    Pipeline.Overflow overflow = new Pipeline.Overflow(true, 50, 100);
    // a: 5% of 1,000 ev/s = 50 exactly, at the limit; b: 5.1%, 51 ev/s, above it (and above a
    // c_mix of 50.5).
    SkewModel skew =
        new SkewModel(
            List.of(new SkewModel.IdShare("b", 51, 0.051), new SkewModel.IdShare("a", 50, 0.05)),
            0.899,
            1000,
            0,
            0.000899,
            0.05,
            true);
    HotSpots s = HotSpots.of("phc_t", skew, 1000, 8, overflow, 50.5, false);
    assertEquals(List.of("b"), s.hot().stream().map(Plan.HotDistinctId::distinctId).toList());
    assertTrue(s.hot().get(0).aboveConsumerCapacity());
    assertTrue(s.overflows());
    HotSpots atCMix = HotSpots.of("phc_t", skew, 1000, 8, overflow, 51, false);
    assertFalse(atCMix.hot().get(0).aboveConsumerCapacity(), "51 is not above a c_mix of 51");
    // Overflow off: the same id is hot, and the plan asks to enable overflow, not overflowed yet.
    HotSpots off =
        HotSpots.of("phc_t", skew, 1000, 8, new Pipeline.Overflow(false, 50, 100), 50.5, false);
    assertEquals("enable_overflow", off.hot().get(0).action());
    assertFalse(off.overflows());
  }

  @Test
  void anEvenLoadsHottestPartitionIsTheFirstAndWithoutLoadThereIsNoSkew() {
    SkewModel even = new SkewModel(List.of(), 1, 8, 0, 0.125, Double.POSITIVE_INFINITY, true);
    Pipeline.Overflow overflow = new Pipeline.Overflow(true, 50, 100);
    HotSpots s = HotSpots.of("phc_t", even, 800, 8, overflow, 1000, false);
    assertEquals(0, s.hottest(), "ties go to the lowest partition");
    assertEquals(100, s.hottestLoad(), 1e-9);
    assertEquals(1, s.skew(), 1e-12);
    HotSpots idle = HotSpots.of("phc_t", even, 0, 8, overflow, 1000, false);
    assertEquals(0, idle.skew(), 0);
    assertEquals(0, idle.tailHot());
  }

  @Test
  void aTopListThatCannotBeTheTopIsSaidInTheAssumptions() {
    // 10 ids, 1,000 events, top 500 and 10: the other 8 share 0.49, 61.25 events each, more
    // than the smallest top count (10).
    String yaml =
        """
        customer: Skew
        kind: load_test
        token: phc_s
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
          - { duration: 10m, target: 100 }
        batching: { events_per_request: 10 }
        distinct_ids:
          total: 10
          total_events: 1000
          top:
            - { distinct_id: a, events: 500 }
            - { distinct_id: b, events: 10 }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """;
    Plan p = CapacityPlanner.plan(Fixtures.profile("skew", yaml), Fixtures.smallPipeline());
    assertTrue(
        p.assumptions()
            .contains(
                "the 8 ids outside the top list must average 61.3 events each, more than the"
                    + " smallest top count (10): the top list is not the top, or total_events is"
                    + " off; the tail is taken as uniform"),
        p.assumptions()::toString);
  }
}
