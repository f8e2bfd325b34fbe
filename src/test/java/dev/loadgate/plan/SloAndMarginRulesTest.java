package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SLO tiers' figures and the 5% margin, each rule at its boundary, worked by hand. */
class SloAndMarginRulesTest {
  private static final Pipeline.Policy POLICY =
      new Pipeline.Policy(
          Duration.ofSeconds(90),
          null,
          List.of(
              new Pipeline.SloTier(Duration.ofSeconds(5), 0.99),
              new Pipeline.SloTier(Duration.ofSeconds(30), 0.9)),
          Duration.ofDays(30));

  /**
   * 1,000 of the load's events and 1,000 live ones beside them; 100 waited from 0 to 20 s evenly (a
   * quarter above 15 s... here: 75 above 5 s, none above 30 s), each of them the load's.
   */
  private static DelayTally counted() {
    DelayTally t = new DelayTally(new double[] {5, 30});
    t.arrived(1_000, 2_000);
    t.served(100, 0, 20, 1, 1);
    return t;
  }

  @Test
  void eachTiersSharesLateEventsAndBudgetFromTheCountedDelays() {
    List<Plan.Slo> tiers = SloTiers.of(POLICY, counted(), 500, 100_000);
    Plan.Slo five = tiers.get(0);
    assertEquals(5, five.withinSeconds(), 1e-9);
    // 75 of the load's 1,000 late: 92.5%; of all 2,000 + 500 live elsewhere: 1 - 75/2,500.
    assertEquals(0.925, five.load(), 1e-9);
    assertEquals(0.97, five.all(), 1e-9);
    assertEquals(75, five.lateEvents());
    // 1% of a window of 100,000 events may be late: 75 of 1,000.
    assertEquals(0.075, five.budgetUsed(), 1e-9);
    assertFalse(five.met());
    Plan.Slo thirty = tiers.get(1);
    assertEquals(1.0, thirty.load(), 1e-9);
    assertEquals(0, thirty.lateEvents());
    assertTrue(thirty.met());
    assertEquals(List.of(), SloTiers.of(POLICY, null, 0, 1), "nothing counted: no tiers");
  }

  @Test
  void aTierExactlyAtItsObjectiveIsMet() {
    DelayTally t = new DelayTally(new double[] {5, 30});
    t.arrived(1_000, 1_000);
    t.served(10, 6, 6, 1, 1); // 10 of 1,000 late: 99% within 5 s, the objective
    assertTrue(SloTiers.of(POLICY, t, 0, 1_000).get(0).met());
    assertEquals(0, SloTiers.of(POLICY, t, 0, 0).get(0).budgetUsed(), 1e-9, "no window");
  }

  @Test
  void theBudgetsWindowHoldsTheLiveTrafficsMeanOverItAndTheLoad() {
    Pipeline p = Fixtures.smallPipeline();
    assertEquals(1_234, SloTiers.windowEvents(p, 1_234), 1e-9, "no live load: the load alone");
    double[] hourly = new double[Pipeline.LiveLoad.HOURS_OF_WEEK];
    Arrays.fill(hourly, 0, 84, 100); // half the week at 100 ev/s, half idle: a mean of 50
    Pipeline live = p.withLiveLoad(new Pipeline.LiveLoad(40, 1.2, hourly, 1, "weekly", null, null));
    double window = live.policy().sloWindow().toSeconds();
    assertEquals(50 * window + 1_234, SloTiers.windowEvents(live, 1_234), 1e-6);
  }

  @Test
  void withinTheMarginIsAboveNinetyFivePercentAndNotOver() {
    assertFalse(MarginCheck.within(95, 100), "exactly 95%: not within 5%");
    assertTrue(MarginCheck.within(95.01, 100));
    assertTrue(MarginCheck.within(100, 100), "at capacity, not over it");
    assertFalse(MarginCheck.within(100.01, 100));
    assertFalse(MarginCheck.within(0, 0), "no capacity");
    double edge = 100 * (1 - MarginCheck.SLOWER);
    assertFalse(MarginCheck.within(edge, 100), "exactly the margin's edge: not within it");
  }

  @Test
  void capacityAndTheHottestPartitionAreNamedWithTheirShare() {
    List<String> near =
        MarginCheck.nearCapacity(960, 1000, "consumers", 97, 100, 90, 10, 10, List.of(), List.of());
    assertEquals(2, near.size(), near.toString());
    assertTrue(near.get(0).startsWith("capacity now: "), near.get(0));
    assertTrue(near.get(0).contains(", 96% of the "), near.get(0));
    assertTrue(near.get(0).endsWith("(limited by consumers)"), near.get(0));
    assertTrue(near.get(1).startsWith("the hottest partition: "), near.get(1));
    assertTrue(near.get(1).contains(", 97% of the "), near.get(1));
  }

  @Test
  void thePolicyAndATierAreNamedOnlyWhenTheSlowerConsumersCrossThem() {
    Plan.Slo met = new Plan.Slo(5, 0.99, 0.995, 0.995, 5, 0.5, true);
    Plan.Slo missed = new Plan.Slo(5, 0.99, 0.985, 0.985, 15, 1.5, false);
    List<String> near =
        MarginCheck.nearCapacity(
            50, 100, "consumers", 10, 100, 90, 90, 91, List.of(met), List.of(missed));
    assertEquals(2, near.size(), near.toString());
    assertTrue(near.get(0).startsWith("the policy's delay: 90 s at nominal speed"), near.get(0));
    assertTrue(near.get(1).startsWith("the SLO's 5 s tier"), near.get(1));
    // The slower consumers still at the policy: nothing to say.
    assertEquals(
        List.of(),
        MarginCheck.nearCapacity(
            50, 100, "consumers", 10, 100, 90, 90, 90, List.of(met), List.of(met)));
  }

  @Test
  void theSlowerTrafficRunsEachKeyFivePercentSlower() {
    double[] shares = new double[4];
    Arrays.fill(shares, 0.25);
    IngestionModel.Traffic t =
        new IngestionModel.Traffic(RateCurve.flat(100, 60), 1, false, shares, List.of())
            .withKeys(new IngestionModel.Keys(300, new double[4]));
    assertEquals(285, MarginCheck.slower(t).keys().eventsPerSecond(), 1e-9);
  }
}
