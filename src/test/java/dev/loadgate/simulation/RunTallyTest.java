package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.RateCurve;
import dev.loadgate.simulation.LoadShape.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A load shape worked by hand, and what the client-side tally counts of the answers to it. Batches
 * of 10: a burst to 500 ev/s in 0.4 s, held a minute, down to 0 over 10 s, then 10 s of nothing.
 */
class RunTallyTest {
  private static final LoadShape SHAPE =
      LoadShape.of(
          RateCurve.of(
              List.of(
                  new RateCurve.Point(0, 0),
                  new RateCurve.Point(0.4, 500),
                  new RateCurve.Point(60.4, 500),
                  new RateCurve.Point(70.4, 0),
                  new RateCurve.Point(80.4, 0))),
          10);

  @Test
  void theShapesStepsAreWhatGatlingWillInject() {
    // 0 -> 50 req/s in 0.4 s rounds to no whole second: at once, (0 + 50) / 2 × 0.4 = 10
    // requests. Then 50 req/s for 60 s = 3,000; 50 -> 0 over 10 s = 250; a pause.
    List<LoadShape.Step> s = SHAPE.steps();
    assertEquals(
        List.of(Kind.AT_ONCE, Kind.CONSTANT, Kind.RAMP, Kind.PAUSE),
        s.stream().map(LoadShape.Step::kind).toList());
    assertEquals(List.of(10L, 3000L, 250L, 0L), s.stream().map(LoadShape.Step::requests).toList());
    assertEquals(
        List.of(0.0, 0.0, 60.0, 70.0), s.stream().map(LoadShape.Step::startSeconds).toList());
    assertEquals(3260, SHAPE.requests());
    assertEquals(80, SHAPE.durationSeconds(), 1e-12);
    assertEquals(0, SHAPE.firstRequestSeconds(), 1e-12);
    assertEquals(50, SHAPE.peakRequestsPerSecond(), 1e-12);
    // The at-once step owns requests 1..10; the timed steps own their time windows.
    assertEquals(0, SHAPE.atOnceStepOf(1));
    assertEquals(0, SHAPE.atOnceStepOf(10));
    assertEquals(-1, SHAPE.atOnceStepOf(11));
    assertEquals(-1, SHAPE.atOnceStepOf(0));
    assertEquals(-1, SHAPE.stepAt(-0.1));
    assertEquals(1, SHAPE.stepAt(0));
    assertEquals(1, SHAPE.stepAt(59.9));
    assertEquals(2, SHAPE.stepAt(60));
    assertEquals(3, SHAPE.stepAt(75));
    assertEquals(3, SHAPE.stepAt(1_000), "after the end: the last timed step");
  }

  @Test
  void everyAnswerIsCountedOnceUnderItsOutcomeAndItsStep() {
    RunTally t = new RunTally(SHAPE);
    assertEquals(false, t.started());
    for (int i = 0; i < 10; i++) {
      assertEquals(0, t.sending(), "the burst's requests belong to it, whenever they leave");
    }
    assertEquals(1, t.sending(), "the 11th leaves in the first second: the held minute's");
    assertEquals(1, t.sending());
    assertEquals(true, t.started());

    t.answered(0, 200, 5);
    t.answered(0, 200, 5);
    t.answered(0, 429, 7);
    t.answered(1, 400, 9);
    t.answered(1, 499, 9);
    t.answered(1, 500, 11);
    t.answered(1, 503, 11);
    t.answered(1, 0, 30_000); // no answer: no response time either
    t.retrying();

    RunSummary.Requests r = t.requests();
    assertEquals(new RunSummary.Requests(12, 2, 1, 2, 2, 1, 1), r);
    assertEquals(100, t.eventsSent(0));
    assertEquals(20, t.eventsSent(1));
    assertEquals(20, t.eventsAcked(0));
    assertEquals(0, t.eventsAcked(1));
    assertEquals(120, t.eventsSent());
    assertEquals(20, t.eventsAcked());
    // Response times 5, 5, 7, 9, 9, 11, 11: the median is 9, the slowest 11.
    assertEquals(9, t.latencyMillis(50));
    assertEquals(11, t.maxLatencyMillis());
    assertEquals(0, t.errorSpanSeconds(), 1e-12, "no 503 seen as an outage yet");
  }
}
