package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.RateCurve;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tally's clock: the load's second 0 is the first request's scheduled start, not the moment the
 * tally was made. Each check allows for the test's own pace: the bounds are the instants read
 * before and after the call, never a wall-time budget.
 */
class RunTallyClockTest {
  /** Batches of 10: 100 ev/s held 5 s (50 requests), up to 200 ev/s in 1 s (15), held 4 s (80). */
  private static final LoadShape SHAPE =
      LoadShape.of(
          RateCurve.of(
              List.of(
                  new RateCurve.Point(0, 100),
                  new RateCurve.Point(5, 100),
                  new RateCurve.Point(6, 200),
                  new RateCurve.Point(10, 200))),
          10);

  @Test
  void theFirstRequestSetsTheLoadsClockToItsScheduledStart() {
    assertEquals(
        List.of(LoadShape.Kind.CONSTANT, LoadShape.Kind.RAMP, LoadShape.Kind.CONSTANT),
        SHAPE.steps().stream().map(LoadShape.Step::kind).toList());
    RunTally t = new RunTally(SHAPE);
    assertEquals(0, t.secondsSinceStart(), "nothing sent yet");
    // Before any request an attempt is in second 0.
    t.attempt();
    // The injector's first request is scheduled 5.5 s into the load: the ramp's.
    t.firstRequestAt(5.5);
    long wallBefore = System.currentTimeMillis();
    assertEquals(1, t.sending(), "5.5 s in: the ramp from 5 to 6 s");
    long wallAfter = System.currentTimeMillis();
    assertEquals(1, t.sending(), "the next request a moment later");
    double since = t.secondsSinceStart();
    assertTrue(since >= 5.5 && since < 6, "5.5 s and the test's own microseconds: " + since);
    long start = t.startEpochMillis();
    assertTrue(
        start >= wallBefore - 5_500 - 5 && start <= wallAfter - 5_500 + 5,
        "the load started 5.5 s before the first request: " + start + " vs " + wallBefore);
    // The attempt after the first request is in second 5.
    t.attempt();
    t.attempt();
    assertArrayEquals(new long[] {10, 0, 0, 0, 0, 20}, t.offeredEventsBySecond());
  }

  @Test
  void noAttemptsOfferNothing() {
    assertArrayEquals(new long[0], new RunTally(SHAPE).offeredEventsBySecond());
  }

  @Test
  void theErrorSpanRunsFromTheFirstUnavailableAnswerToTheLast() {
    RunTally t = new RunTally(SHAPE);
    // The clock read before the first error and after the second bound the span from above;
    // the one read after the first error, 2 ms before the second, from below. No allowance: a
    // pause anywhere in between (a GC, the other test classes) widens the bounds, not the span.
    long before = System.nanoTime();
    t.serverUnavailable();
    long first = System.nanoTime();
    assertEquals(0, t.errorSpanSeconds(), 1e-12, "one error: no span yet");
    while (System.nanoTime() - first < 2_000_000) {
      Thread.onSpinWait(); // at least 2 ms between the two errors
    }
    t.serverUnavailable();
    long last = System.nanoTime();
    double span = t.errorSpanSeconds();
    assertTrue(span >= 0.002 && span <= (last - before) / 1e9, "span " + span);
  }

  @Test
  void theTallyKeepsItsShape() {
    assertEquals(SHAPE, new RunTally(SHAPE).shape());
  }
}
