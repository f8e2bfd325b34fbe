package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The fluid delay count at its edges: equal delays, weights, nothing arrived. */
class DelayTallyEdgesTest {
  @Test
  void aBatchServedAllAtTheTiersDelayIsOnTime() {
    // Every event waited exactly 5 s: none above 5 s (not 0 ÷ 0).
    assertEquals(0, DelayTally.shareAbove(5, 5, 5), 1e-12);
    assertEquals(1, DelayTally.shareAbove(5, 5, 4.9), 1e-12);
    assertEquals(0.25, DelayTally.shareAbove(8, 0, 6), 1e-12, "either order");
  }

  @Test
  void eachServedEventCountsAsItsWeightOfTheLoadAndOfAll() {
    DelayTally t = new DelayTally(new double[] {5});
    t.arrived(100, 400);
    // 40 events waited 10 s; each stands for half a load event and two events in all.
    t.served(40, 10, 10, 0.5, 2);
    assertEquals(20, t.lateLoadEvents(0), 1e-9);
    assertEquals(80, t.lateAllEvents(0), 1e-9);
    assertEquals(0.8, t.loadWithin(0), 1e-9);
    assertEquals(0.8, t.allWithin(0), 1e-9);
  }

  @Test
  void nothingArrivedIsAllOnTime() {
    DelayTally t = new DelayTally(new double[] {5});
    t.served(10, 9, 9, 1, 1); // late events counted, none of them arrived: no share to take
    assertEquals(1, t.loadWithin(0), 1e-12);
    assertEquals(1, t.allWithin(0), 1e-12);
  }
}
