package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's timeline: steps folded into points of a fixed span, rates per second. */
class IngestionTimelineTest {
  @Test
  void aFlatLoadFoldsIntoTenSecondPointsAndAShortLastOne() {
    // 100 ev/s for 25 s into one partition read at 1,000 ev/s; 1-s steps, 10-s points: points at
    // 0, 10 and 20 (the last of 5 s), each 100 ev/s offered, admitted and consumed, no backlog.
    IngestionModel.Capacity cap =
        new IngestionModel.Capacity(1, 1, 1, 1000, 1, 1, 1e9, 1, 1e9, false, 1, 1, 1e9);
    IngestionModel.Settings tenSecondPoints =
        new IngestionModel.Settings(RetrySchedule.SDK, 0, 100_000, 1.0, 10.0, 0, 0);
    IngestionModel.Result r =
        IngestionModel.simulate(
            new IngestionModel.Traffic(
                RateCurve.flat(100, 25), 1, false, new double[] {1.0}, List.of()),
            cap,
            tenSecondPoints);
    List<IngestionModel.Moment> t = r.timeline();
    assertEquals(List.of(0.0, 10.0, 20.0), t.stream().map(IngestionModel.Moment::seconds).toList());
    for (IngestionModel.Moment m : t) {
      assertEquals(100, m.offeredEventsPerSecond(), 1e-9, m.toString());
      assertEquals(0, m.refusedRequestsPerSecond(), 1e-9, m.toString());
      assertEquals(100, m.admittedEventsPerSecond(), 1e-9, m.toString());
      assertEquals(100, m.consumedEventsPerSecond(), 1e-9, m.toString());
      assertEquals(0, m.backlogEvents(), 1e-9, m.toString());
      assertEquals(1, m.consumers());
      assertEquals(1, m.captureReplicas());
      // the least of capture (1e9 req/s × 1), one consumer (1,000) and the rate limit (1e9)
      assertEquals(1000, m.capacityEventsPerSecond(), 1e-9);
    }
    assertEquals(2500, r.attempts(), 1e-9);
    assertEquals(true, r.drained());
  }
}
