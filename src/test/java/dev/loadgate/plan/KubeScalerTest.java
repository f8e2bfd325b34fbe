package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' autoscaler as KEDA's lag scaler and the HPA drive it (SPEC §9.5), stepped by hand: a
 * lane of 2 consumers (at most 64) whose lag grows by 100 events a second; KEDA polls every 30 s
 * for ⌈lag ÷ 1,000⌉, the HPA adds at most 4 pods a minute, and a pod works 60 s after it was asked
 * for.
 */
class KubeScalerTest {
  private static final Pipeline.KubeAutoscaler KEDA =
      new Pipeline.KubeAutoscaler(
          1_000,
          Double.NaN,
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          4,
          Duration.ofSeconds(60),
          Duration.ofSeconds(300));

  private static Autoscaler.Signals lag(double events) {
    return new Autoscaler.Signals(false, events > 0, 0, 0, events);
  }

  /**
   * Polls at 0, 30, 60, ... ask for ⌈lag ÷ 1,000⌉ = 0, 3, 6, 9, 12, 15: +1 at 30 s (3), +3 at 60 s
   * (6; 4 in the minute), +1 at 90 s (the 30 s pod left the minute: 4 − 3), +3 at 120 s (the 90 s
   * pod is the minute's only one: 4 − 1), +1 at 150 s. Each runs 60 s after it was asked for.
   */
  @Test
  void aGrowingLagIsFollowedOnePollAndOneScaleUpPolicyAtATime() {
    KubeScaler s = KubeScaler.lane(KEDA, 2, 64, 1);
    int changes = 0;
    for (int t = 0; t <= 180; t++) {
      if (s.apply(t)) {
        changes++;
      }
      s.decide(t, lag(100.0 * t));
      if (t == 89) {
        assertEquals(2, s.running().consumers(), "the 30 s pod works from 90 s");
      }
      if (t == 90) {
        assertEquals(3, s.running().consumers());
      }
      if (t == 120) {
        assertEquals(6, s.running().consumers(), "the three asked at 60 s");
      }
      if (t == 150) {
        assertEquals(7, s.running().consumers());
      }
      if (t == 180) {
        assertEquals(10, s.running().consumers());
      }
    }
    assertEquals(4, changes, "pods started at 90, 120, 150 and 180 s");
  }

  @Test
  void withinTheHpasToleranceNothingMovesAndNeverAboveTheMaximum() {
    KubeScaler s = KubeScaler.lane(KEDA, 10, 12, 1);
    assertFalse(s.decide(0, lag(10_900)), "10.9 wanted of 10: within 10%");
    assertTrue(s.decide(30, lag(11_200)), "11.2 of 10: beyond it");
    assertFalse(s.decide(60, lag(500_000)), "the maximum is 12, and 2 were just asked for");
    s.apply(90);
    assertEquals(12, s.running().consumers());
  }

  /** Capture on CPU: 1,400 requests/s on replicas of 500 at a target of 70% want 4. */
  @Test
  void captureScalesOnCpu() {
    Pipeline.KubeAutoscaler cpu =
        new Pipeline.KubeAutoscaler(
            Double.NaN,
            0.7,
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            4,
            Duration.ofSeconds(15),
            Duration.ofSeconds(300));
    KubeScaler s = KubeScaler.capture(cpu, 2, 8, 500);
    assertTrue(s.decide(0, new Autoscaler.Signals(true, false, 1_400, 0, 0)));
    assertFalse(s.apply(29));
    assertTrue(s.apply(30));
    assertEquals(4, s.running().captureReplicas());
  }

  @Test
  void betweenPollsItNeitherAsksNorSaysItAsked() {
    KubeScaler s = KubeScaler.lane(KEDA, 2, 64, 1);
    assertTrue(s.decide(0, lag(5_000)), "a lag of 5,000: asks for 5");
    assertFalse(s.decide(10, lag(50_000)), "the next poll is at 30 s");
    assertEquals(new Autoscaler.Sizes(5, 1), s.asked());
    assertEquals(new Autoscaler.Sizes(2, 1), s.running(), "the pods start 60 s later");
    assertFalse(s.apply(59.5));
    assertTrue(s.apply(60));
    assertEquals(new Autoscaler.Sizes(5, 1), s.running());
  }
}
