package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Production mode's model of a run and what it warns about, on the shipped pipeline ({@code
 * profiles/pipeline.yaml}: reaction 5 min, policy 90 s, 16 consumers).
 */
class ReplayCapacityTest {
  private static final Pipeline PIPELINE = PipelineLoader.load(Path.of("profiles/pipeline.yaml"));

  /** acme-ramp at the default scale, worked out once: an 85-minute load's model takes seconds. */
  private static final ReplayCapacity ACME = replay("acme-ramp");

  private static ReplayCapacity replay(String profile, String... keyValues) {
    Properties p = new Properties();
    p.setProperty("profile", profile);
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    IntakeProfile prof = ProfileLoader.load(Path.of("profiles/" + profile + ".yaml"));
    return RunPlanner.prepare(SimulationSettings.from(p), prof, PIPELINE).run().replay();
  }

  @Test
  void aTimeScaleTooSmallForTheReactionAndAReadyPolicyIsSaidWithWhatToPass() {
    // x0.005: the 5 min reaction is 1.5 s (under 3 s: x0.01 would do), the 90 s policy 0.45 s
    // (under 2 s: x0.0222 would do).
    ReplayCapacity r = replay("acme-ramp", "scale.time", "0.005");
    List<String> w = r.warnings(true, 0);
    assertEquals(2, w.size(), w.toString());
    assertTrue(w.get(0).startsWith("the autoscaler's reaction time scales to 1.50 s"), w.get(0));
    assertTrue(w.get(0).endsWith("pass -Dscale.time=0.01 or more"), w.get(0));
    assertTrue(w.get(1).startsWith("the policy's delay scales to 0.45 s"), w.get(1));
    assertEquals(1, r.warnings(false, 0).size(), "a load that is not READY need not hold it");
    assertEquals(List.of(), ACME.warnings(true, 0), "the default scale: none");
  }

  @Test
  void aScaledConsumerFasterThanThisMachinesThreadIsSaid() {
    ReplayCapacity r = ACME;
    double mix = r.mixEventsPerSecond();
    assertTrue(r.warnings(true, mix * 0.99).get(0).startsWith("one scaled consumer must take"));
    assertEquals(List.of(), r.warnings(true, mix), "exactly what a thread takes: fine");
  }

  @Test
  void theStackIsStartedWithTheRunsCapacityAndItsMeasurementFloor() {
    ReplayCapacity r = replay("acme-ramp", "capacity.lag-threshold", "2.5");
    assertEquals(
        List.of(
            "--capacity",
            "production",
            "--lag-threshold",
            "2.5",
            "--mix-events-per-second",
            String.valueOf(r.mixEventsPerSecond()),
            "--autoscale-on-arm"),
        r.stackArgs());
    // Without one given: 1 s, or 40 events of one scaled consumer if longer.
    assertEquals(2.5, ReplayCapacity.lagThreshold(2.5, 10), 1e-12);
    assertEquals(4.0, ReplayCapacity.lagThreshold(null, 10), 1e-12);
    assertEquals(1.0, ReplayCapacity.lagThreshold(null, 400), 1e-12);
  }

  @Test
  void aLoadThatFitsFailsNoAttemptAndARejectedOneDoes() {
    assertEquals(0, ACME.failedAttemptShare(), 1e-12);
    assertTrue(replay("blitz-single").failedAttemptShare() > 0.05);
  }

  @Test
  void theDrainTimeoutIsWhatTheModelTakesAfterTheLoad() {
    ReplayCapacity r = ACME;
    List<dev.loadgate.plan.IngestionModel.Moment> t = r.predicted().timeline();
    double end = t.get(t.size() - 1).seconds() + 1;
    assertEquals(Duration.ofMillis((long) ((end - 10) * 1000)), r.predictedDrain(10));
    assertEquals(Duration.ZERO, r.predictedDrain(end + 5), "never negative");
  }

  @Test
  void theModelWithoutAMeasuredTimelineHasNoMeasuredFigures() {
    ReplayCapacity r = replay("example");
    CapacityModel m = r.model(null);
    assertNull(m.measured());
    assertNull(m.productionEquivalent().measuredMaxDelaySeconds());
    assertEquals("production", m.mode());
    assertEquals(r.policySeconds(), m.delayPolicySeconds(), 1e-12);
    for (CapacityModel.Reroute k : m.reroutes()) {
      assertNull(k.measuredFromSeconds());
      assertNull(k.measuredEvents(), "nothing measured, not zero");
    }
    assertTrue(!m.reroutes().isEmpty(), "example's checkout bot is a hot key");
    assertSame(r, r.answeredAfter(0), "answers that took no time change nothing");
    assertEquals(0.1, r.answeredAfter(0.1).model(null).refusedAnswerSeconds(), 1e-12);
  }

  @Test
  void aShallowCaptureBurstIsRaisedToAQuarterSecondAndADeepOneKept() {
    Pipeline deep = new Scale(1, 1).apply(PIPELINE);
    assertSame(deep, ReplayCapacity.measurable(deep));
    Pipeline shallow = new Scale(1, 0.01).apply(PIPELINE);
    assertEquals(0.25, ReplayCapacity.measurable(shallow).capture().burstSeconds(), 1e-12);
    assertEquals(
        shallow.capture().replicas(), ReplayCapacity.measurable(shallow).capture().replicas());
  }
}
