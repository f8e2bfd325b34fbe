package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.profile.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateCurveTest {
  private static Stage stage(long seconds, double target) {
    return new Stage(Duration.ofSeconds(seconds), target);
  }

  @Test
  void peakDurationAndEventsOfTheStages() {
    RateCurve c = RateCurve.ofStages(List.of(stage(900, 2000), stage(3600, 2000), stage(300, 0)));
    assertEquals(2000, c.peak());
    assertEquals(4800, c.durationSeconds());
    assertEquals(900 * 1000 + 3600 * 2000 + 300 * 1000, c.totalEvents(), 1e-6);
    assertEquals(1000, c.rateAt(450), 1e-9);
    assertEquals(0, c.rateAt(-1));
    assertEquals(0, c.rateAt(4801));
  }

  @Test
  void maxRiseAgreesWithAFineScan() {
    RateCurve c =
        RateCurve.ofStages(
            List.of(
                stage(120, 500),
                stage(60, 500),
                stage(30, 4000),
                stage(600, 4000),
                stage(10, 9000),
                stage(100, 0)));
    for (double window : new double[] {10, 45, 300, 900}) {
      double scanned = 0;
      for (double t = -window; t <= c.durationSeconds() + window; t += 0.5) {
        scanned = Math.max(scanned, c.rateAt(t) - c.rateAt(t - window));
      }
      assertEquals(scanned, c.maxRise(window).eventsPerSecond(), 1e-6, "window " + window);
    }
  }

  @Test
  void riseReportsTheEarliestMomentTheRiseIsComplete() {
    RateCurve.Rise r =
        RateCurve.ofStages(List.of(stage(5, 25000), stage(1800, 25000))).maxRise(300);
    assertEquals(25000, r.eventsPerSecond(), 1e-9);
    assertEquals(5, r.toSeconds(), 1e-9);
    assertEquals(0, r.fromRate(), 1e-9);
  }

  @Test
  void aFlatCurveJumpsToItsPeakAtOnce() {
    RateCurve c = RateCurve.flat(12000, 7200);
    assertEquals(12000, c.maxRise(300).eventsPerSecond(), 1e-9);
    assertEquals(12000.0 * 7200, c.totalEvents(), 1e-6);
  }
}
