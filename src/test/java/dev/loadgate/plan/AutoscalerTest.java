package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
  // One consumer at 100 ev/s per consumer, plenty of capture and rate limit, 60 s reaction.
  private static Autoscaler.Limits limits(int consumers, int maxConsumers) {
    return new Autoscaler.Limits(consumers, maxConsumers, 64, 100, 1, 1, 1e9, 1e9, 60);
  }

  @Test
  void underCapacityThereIsNoBacklog() {
    RateCurve c = RateCurve.ofStages(List.of(new Stage(Duration.ofSeconds(600), 90)));
    Autoscaler.Result r = Autoscaler.simulate(c, limits(1, 1));
    assertEquals(0, r.maxBacklogEvents(), 1e-9);
    assertEquals(0, r.maxDelaySeconds(), 1e-9);
    assertEquals(1, r.capacitySteps().size());
  }

  @Test
  void aStepAboveCapacityWaitsOneReactionTimeThenScalesOncePerReactionTime() {
    // 200 ev/s at once against 100. t=0: the autoscaler sees 200 ev/s and asks for 2 consumers,
    // which
    // arrive at t=60 with a backlog of 6,000 (100/s for 60 s). The backlog then holds (200 in, 200
    // out), so at t=60 it asks for 200 + 6,000/60 = 300 ev/s: 3 consumers at t=120, which drain
    // 100/s net: empty at t=180.
    RateCurve c = RateCurve.flat(200, 600);
    Autoscaler.Result r = Autoscaler.simulate(c, limits(1, 10));
    assertEquals(6000, r.maxBacklogEvents(), 1.0);
    assertEquals(
        List.of(0.0, 60.0, 120.0),
        r.capacitySteps().stream().map(Autoscaler.Step::seconds).toList());
    assertEquals(
        List.of(1, 2, 3), r.capacitySteps().stream().map(Autoscaler.Step::consumers).toList());
    // FIFO: an event arriving in [60, 120] has 6,000 events ahead of it served at 200/s: 30 s.
    assertEquals(30, r.maxDelaySeconds(), 1.5);
    assertTrue(r.drained());
  }

  @Test
  void capacityCappedByTheAutoscalerMaximumDrainsAfterTheLoad() {
    // 300 ev/s for 100 s against at most 2 consumers (200 ev/s).
    RateCurve c = RateCurve.flat(300, 100);
    Autoscaler.Result r = Autoscaler.simulate(c, limits(1, 2));
    // 0-60 s: +200/s -> 12,000; 60-100 s: +100/s -> 16,000 at the end; drains at 200/s in 80 s.
    assertEquals(16000, r.maxBacklogEvents(), 1.0);
    // The last event (t=100) leaves when all 30,000 are served: 60 s × 100 + (t-60) × 200 = 30,000
    // -> t = 180.
    assertEquals(80, r.maxDelaySeconds(), 1.5);
  }
}
