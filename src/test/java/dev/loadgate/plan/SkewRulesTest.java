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

  @Test
  void withoutIdsBeyondTheTopListTheTopMustHoldEveryEvent() {
    // 2 ids in all, both listed: 600 + 400 of 1,000 is every event, consistent; 500 + 100 of
    // 1,000 leaves 0.4 to nobody, which cannot be.
    SkewModel all = SkewModel.of(top(600, 400), 2, 1000);
    assertTrue(all.consistent());
    assertEquals(0, all.tailIds());
    SkewModel missing = SkewModel.of(top(500, 100), 2, 1000);
    assertFalse(missing.consistent());
    assertEquals(0, missing.tailIds());
    assertEquals(0.4, missing.tailShare(), 1e-12);
    // 5 ids but the top two hold every event: an empty tail, consistent.
    assertTrue(SkewModel.of(top(600, 400), 5, 1000).consistent());
  }

  @Test
  void anIdWithNoEventsIsLeftOutOfTheFit() {
    // 100, 50 at ranks 1, 2: slope log(50/100) / log 2 = -1; the third id's 0 cannot be logged.
    assertEquals(1, SkewModel.fitExponent(top(100, 50, 0)), 1e-12);
  }

  @Test
  void zipfSumsShortRangesExactly() {
    // Σ 1/k for k = 1..10 = 7,381 / 2,520; a range of one rank is that rank; an empty one is 0.
    assertEquals(7381 / 2520.0, SkewModel.zipfSum(1, 10, 1), 1e-12);
    assertEquals(0.2, SkewModel.zipfSum(5, 5, 1), 1e-15);
    assertEquals(0, SkewModel.zipfSum(6, 5, 1), 0);
  }

  @Test
  void aTailWhoseHeadWouldPassTheCapIsSolvedWithItsHeadAtTheCap() {
    // Top: 10 ids, the last at 1% (a cap of 0.01); 1,000 tail ids share 0.5 along k^-2. Uncapped,
    // A = 0.5 / Σ k^-2 (k = 11..1,010) ≈ 0.5 / 0.0943 puts rank 11 at 0.044 > 0.01: the head sits
    // at the cap, and the shares, summed rank by rank, still make 0.5.
    int m = 10;
    long n = 1000;
    double a = SkewModel.scale(m, n, 2, 0.01, 0.5);
    double sum = 0;
    for (long k = m + 1; k <= m + n; k++) {
      double share = Math.min(0.01, a * Math.pow(k, -2));
      assertTrue(share <= 0.01);
      sum += share;
    }
    assertEquals(0.5, sum, 1e-9);
    assertTrue(a * Math.pow(m + 1, -2) > 0.01, "the head is capped");
  }

  @Test
  void tailIdsAtTheCapAreNotAboveIt() {
    // 2 top ids, 100 tail ids at min(0.5, 2/k): ranks 3 and 4 (2/3, 2/4) sit at the cap of 0.5,
    // none is above a share of 0.5; above 0.25: k < 8, ranks 3..7.
    SkewModel capped =
        new SkewModel(
            List.of(new SkewModel.IdShare("a", 1, 0.6), new SkewModel.IdShare("b", 1, 0.5)),
            0.7,
            100,
            1,
            2,
            0.5,
            true);
    assertEquals(0, capped.tailIdsAbove(0.5));
    assertEquals(5, capped.tailIdsAbove(0.25));
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
    assertEquals(5, uniform.tailIdsAbove(0), "every id with any events is above none");
  }

  /** b 5.1%, a 5%: at 1,000 ev/s, 51 and 50 against a 50 ev/s limit; 1,000 ids, the rest even. */
  private static final SkewModel AT_AND_ABOVE_THE_LIMIT =
      new SkewModel(
          List.of(new SkewModel.IdShare("b", 51, 0.051), new SkewModel.IdShare("a", 50, 0.05)),
          0.899,
          1000,
          0,
          0.000899,
          0.05,
          true);

  @Test
  void anIdExactlyAtTheOverflowLimitIsNotHot() {
    Pipeline.Overflow overflow = new Pipeline.Overflow(true, 50, 100);
    // a: 5% of 1,000 ev/s = 50 exactly, at the limit; b: 5.1%, 51 ev/s, above it (and above a
    // c_mix of 50.5).
    SkewModel skew = AT_AND_ABOVE_THE_LIMIT;
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
  void theTailIdsAboveTheOverflowLimitAreCountedAtThePeak() {
    // ZIPF's tail rank k has 1/k of the events (capped at 0.5); at 800 ev/s the 50 ev/s limit is
    // a share of 1/16: ranks 3..15 are above it, 13 ids (tailRanksAndTheIdsAboveAShare).
    Pipeline.Overflow overflow = new Pipeline.Overflow(true, 50, 100);
    assertEquals(13, HotSpots.of("phc_t", ZIPF, 800, 8, overflow, 1000, false).tailHot());
    // At 1,600 ev/s the limit is 1/32 of it: ranks 3..31, 29 ids.
    assertEquals(29, HotSpots.of("phc_t", ZIPF, 1600, 8, overflow, 1000, false).tailHot());
  }

  @Test
  void theModelTakesTheHotIdsAsOverflowingKeysAndTheRestOnTheirPartitions() {
    // b (5.1% of 1,000 ev/s, 51 > 50) overflows; a (5%, at the limit) stays keyed on its
    // partition with the tail's even 0.899 / 8.
    SkewModel skew = AT_AND_ABOVE_THE_LIMIT;
    HotSpots s =
        HotSpots.of("phc_t", skew, 1000, 8, new Pipeline.Overflow(true, 50, 100), 1000, false);
    IngestionModel.Traffic t = s.traffic(RateCurve.flat(1000, 60), 1, false);
    assertEquals(
        List.of(
            new IngestionModel.HotKey(
                "b", dev.loadgate.testing.KafkaPartitions.of("phc_t:b", 8), 0.051)),
        t.hotKeys());
    int a = dev.loadgate.testing.KafkaPartitions.of("phc_t:a", 8);
    for (int p = 0; p < 8; p++) {
      assertEquals(0.899 / 8 + (p == a ? 0.05 : 0), t.keyedShares()[p], 1e-12, "partition " + p);
    }
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

  /** 10 ids, 1,000 events, top 500 and 10; the stages send 30,000 events (a 10 min ramp to 100). */
  private static final String TOP_NOT_THE_TOP =
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

  private static Plan plan(String yaml) {
    return CapacityPlanner.plan(Fixtures.profile("skew", yaml), Fixtures.smallPipeline());
  }

  @Test
  void aTopListThatCannotBeTheTopIsSaidInTheAssumptions() {
    // The other 8 share 0.49, 61.25 events each, more than the smallest top count (10).
    Plan p = plan(TOP_NOT_THE_TOP);
    assertTrue(
        p.assumptions()
            .contains(
                "the 8 ids outside the top list must average 61.3 events each, more than the"
                    + " smallest top count (10): the top list is not the top, or total_events is"
                    + " off; the tail is taken as uniform"),
        p.assumptions()::toString);
    // Taken as uniform: each tail id 0.49 / 8 of the 100 ev/s peak, 6.125 ev/s.
    assertEquals(8, p.tail().distinctIds());
    assertEquals(6.125, p.tail().headPeakEventsPerSecond(), 1e-9);
  }

  @Test
  void withNoIdsOutsideTheTopListThereIsNoTailToCallUniform() {
    // 2 ids: 510 of 1,000 events for nobody: inconsistent, but there is no tail to average.
    Plan p = plan(TOP_NOT_THE_TOP.replace("total: 10\n", "total: 2\n"));
    assertEquals(0, p.tail().distinctIds());
    assertTrue(
        p.assumptions().stream().noneMatch(a -> a.contains("outside the top list")),
        p.assumptions()::toString);
  }

  @Test
  void topCountsEqualToWhatTheStagesSendAreNotMoreThanIt() {
    // Without total_events the shares are of the stages' 30,000 events: top ids of exactly
    // 30,000 fit; 30,001 do not, and the plan says it takes the top counts' sum instead.
    String yaml = TOP_NOT_THE_TOP.replace("  total_events: 1000\n", "");
    Plan equal = plan(yaml.replace("events: 500", "events: 29990"));
    assertTrue(
        equal.assumptions().stream().noneMatch(a -> a.startsWith("the top ids count")),
        equal.assumptions()::toString);
    Plan over = plan(yaml.replace("events: 500", "events: 29991"));
    assertTrue(
        over.assumptions().stream()
            .anyMatch(a -> a.startsWith("the top ids count 30,001 events, more than the 30,000")),
        over.assumptions()::toString);
  }

  @Test
  void withoutTotalEventsTheSharesAreOfWhatTheStagesSend() {
    // A 10 min ramp from 0 to 100 ev/s: 600 s × 50 = 30,000 events; a has 500 of them.
    String yaml = TOP_NOT_THE_TOP.replace("  total_events: 1000\n", "");
    SkewModel skew = CapacityPlanner.skew(Fixtures.profile("skew", yaml));
    assertEquals(500 / 30_000.0, skew.top().get(0).share(), 1e-12);
    assertEquals(500 / 30_000.0, plan(yaml).topDistinctIds().get(0).share(), 1e-12);
  }
}
