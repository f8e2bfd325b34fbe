package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events counted by how long they waited (the SLO tiers' shares), worked by hand: on a queue
 * stepped by hand, and on the model where a load twice one consumer's rate makes every event wait
 * as long as it has been arriving.
 */
class DelayTallyTest {
  @Test
  void aStraightLineOfDelaysIsCutWhereTheDelayLies() {
    assertEquals(1, DelayTally.shareAbove(2, 4, 1));
    assertEquals(0, DelayTally.shareAbove(2, 4, 4));
    assertEquals(0.25, DelayTally.shareAbove(2, 4, 3.5), 1e-12);
    assertEquals(0.25, DelayTally.shareAbove(4, 2, 3.5), 1e-12, "either way along the line");
    assertEquals(1, DelayTally.shareAbove(3, 3, 2.9), "every event waited 3 s");
    assertEquals(0, DelayTally.shareAbove(3, 3, 3), "within 3 s is not late");
  }

  /**
   * Steps of 1 s. t=1: 10 arrive over (0, 1], 5 are consumed at once (no wait), 5 wait. t=2: 10
   * more, 5 consumed: events 5-10 of the first step, which arrived at 0.5-1.0 and leave at 1.0-2.0,
   * so they waited 0.5 s rising to 1 s. t=3: nothing arrives, the 10 of t=2 go, each 1 s after it
   * came. Of 20 events: 5 waited nothing, 5 from 0.5 to 1 s, 10 exactly 1 s.
   */
  @Test
  void aQueueCountsWhatItConsumesByHowLongItWaited() {
    DelayTally tally = new DelayTally(new double[] {0.5, 0.75, 1});
    PartitionQueue.Count count = new PartitionQueue.Count(tally, 1, 1, 1, 1);
    PartitionQueue q = new PartitionQueue();
    q.step(1, 10, 5, 0, count);
    q.step(2, 10, 5, 0, count);
    q.step(3, 0, 10, 0, count);
    assertEquals(20, tally.loadEvents(), 1e-9);
    assertEquals(15, tally.lateLoadEvents(0), 1e-9, "5 rising from 0.5 s, 10 at 1 s");
    assertEquals(2.5 + 10, tally.lateLoadEvents(1), 1e-9, "half of the line above 0.75 s");
    assertEquals(0, tally.lateLoadEvents(2), 1e-9, "nothing waited more than 1 s");
    assertEquals(1 - 12.5 / 20, tally.loadWithin(1), 1e-12);
  }

  @Test
  void partitionsInOneStateAndLiveEventsCountForWhatTheyStandFor() {
    DelayTally tally = new DelayTally(new double[] {0.5});
    // 4 partitions stepped as one; of each event 0.25 is the load's, and the live rest is 3
    // records an event of c_mix (cheap live events).
    PartitionQueue.Count count = new PartitionQueue.Count(tally, 1, 0.25, 0.25 + 0.75 * 3, 4);
    PartitionQueue q = new PartitionQueue();
    q.step(1, 10, 5, 0, count);
    q.step(2, 0, 5, 0, count);
    assertEquals(10 * 0.25 * 4, tally.loadEvents(), 1e-9);
    assertEquals(10 * 2.5 * 4, tally.allEvents(), 1e-9);
    // The 5 left at t=1 arrived at 0.5-1.0 and leave at 1.0-2.0: 1 s each, all later than 0.5 s.
    assertEquals(5 * 0.25 * 4, tally.lateLoadEvents(0), 1e-9);
    assertEquals(5 * 2.5 * 4, tally.lateAllEvents(0), 1e-9);
    assertEquals(0.5, tally.loadWithin(0), 1e-12);
  }

  /**
   * One partition, one consumer at 100 ev/s, 200 ev/s for 10 s: the event arriving at time a leaves
   * once 200a have been consumed, at 2a, so it waited a. Delays are spread evenly over 0-10 s: half
   * the events within 5 s, 80% within 8 s, all within 10 s.
   */
  @Test
  void twiceWhatTheConsumerTakesMakesDelaysAsLongAsTheLoadHasRun() {
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(1, 1, 1, 100, 1, 1, 1e9, 1, 1e9, false, 1, 1, 1e9);
    IngestionModel.Traffic traffic =
        new IngestionModel.Traffic(RateCurve.flat(200, 10), 1, false, new double[] {1}, List.of());
    IngestionModel.Settings oneSecond =
        new IngestionModel.Settings(RetrySchedule.SDK, 0, 100_000, 1.0, 1.0, 0, 0);
    IngestionModel.Result r =
        IngestionModel.simulate(traffic, cap, oneSecond, new double[] {5, 8, 10});
    DelayTally main = r.delays().get(IngestionTopics.MAIN);
    assertEquals(2_000, main.loadEvents(), 1e-6);
    assertEquals(0.5, main.loadWithin(0), 1e-9);
    assertEquals(0.8, main.loadWithin(1), 1e-9);
    assertEquals(1, main.loadWithin(2), 1e-9);
    assertEquals(main.loadWithin(0), r.allDelays().allWithin(0), 1e-12, "no live traffic");
  }
}
