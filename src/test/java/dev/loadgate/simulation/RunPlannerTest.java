package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.IngestionTopics;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A replay worked out before anything starts, on the shipped pipeline ({@code
 * profiles/pipeline.yaml}: reaction 5 min, policy 90 s) and hand-written profiles.
 */
class RunPlannerTest {
  private static final Pipeline PIPELINE = PipelineLoader.load(Path.of("profiles/pipeline.yaml"));

  private static SimulationSettings settings(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("profile", "t");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return SimulationSettings.from(p);
  }

  /** A flat load of {@code eventsPerSecond} for {@code duration}, in requests of 10. */
  private static IntakeProfile profile(String kind, String duration, int eventsPerSecond) {
    return ProfileLoader.parse(
        Path.of("t.yaml"),
        """
        customer: T
        kind: %s
        token: phc_t
        product_questions_answered: true
        schedule: { start: "2026-12-15T10:00:00+00:00" }
        stages:
          - { duration: %s, target: %d }
        batching: { events_per_request: 10, endpoint: /batch/ }
        distinct_ids: { total: 100000 }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        """
            .formatted(kind, duration, eventsPerSecond));
  }

  @Test
  void aProfileWithoutItsDistinctIdsIsRefusedNamingTheQuestion() {
    IntakeProfile p =
        ProfileLoader.parse(
            Path.of("t.yaml"),
            """
            customer: T
            kind: load_test
            product_questions_answered: true
            stages: [ { duration: 1m, target: 100 } ]
            event_types: { $pageview: 1.0 }
            """);
    RunPlanner.Refused e =
        assertThrows(RunPlanner.Refused.class, () -> RunPlanner.prepare(settings(), p, PIPELINE));
    // Without ids every event's key share was NaN: the model stepped to its drain limit (minutes).
    assertTrue(e.getMessage().contains("distinct_ids.total is unanswered"), e.getMessage());
  }

  @Test
  void aLongLoadIsSlowedSoTheReactionTimeAndAReadyLoadsPolicyStayMeasurable() {
    // 60 s for 10 h is x0.00167. Not READY (its top ids are unanswered): only the 5 min reaction
    // must stay >= 3 s, x0.01.
    RunPlan run =
        RunPlanner.prepare(settings(), profile("load_test", "10h", 1_000), PIPELINE).run();
    assertEquals(3.0 / 300, run.scale().time(), 1e-9);
    assertTrue(run.scaleReason().startsWith("time slowed to x"), run.scaleReason());
    assertTrue(run.scaleReason().endsWith("rate kept (the peak fits this machine)"));
    assertNotNull(run.replay(), "production mode: the model of the run");
    assertNull(run.localLag(), "production mode predicts no local lag");
    // acme-ramp is READY: its 90 s policy must stay >= 2 s too, x0.0222 (60 s for 85 min: x0.0118).
    RunPlan ready =
        RunPlanner.prepare(
                settings(), ProfileLoader.load(Path.of("profiles/acme-ramp.yaml")), PIPELINE)
            .run();
    assertEquals(2.0 / 90, ready.scale().time(), 1e-9);
  }

  @Test
  void aTimeScaleGivenIsKeptAndSaidToBeGiven() {
    RunPlan run =
        RunPlanner.prepare(
                settings("scale.time", "0.001"), profile("load_test", "10h", 1_000), PIPELINE)
            .run();
    assertEquals(0.001, run.scale().time(), 1e-12);
    assertTrue(run.scaleReason().startsWith("time as given (-Dscale.time)"), run.scaleReason());
  }

  @Test
  void aPeakAboveThisMachineIsScaledDownAndSaidSo() {
    // 20,000 ev/s against the 5,000 ev/s budget: x0.25.
    RunPlan run =
        RunPlanner.prepare(
                settings("capacity", "local"), profile("load_test", "1m", 20_000), PIPELINE)
            .run();
    assertEquals(0.25, run.scale().rate(), 1e-9);
    assertTrue(run.scaleReason().contains("rate scaled so the peak fits this machine"));
    assertNull(run.replay(), "local mode: no model of capacities");
  }

  @Test
  void aShardNeedsATargetAndSendsItsShareOfTheRequests() {
    IntakeProfile p = profile("load_test", "1m", 1_000);
    RunPlanner.Refused e =
        assertThrows(
            RunPlanner.Refused.class,
            () -> RunPlanner.prepare(settings("shard", "1/3"), p, PIPELINE));
    assertTrue(e.getMessage().contains("needs -Dtarget"), e.getMessage());
    long all =
        RunPlanner.prepare(settings("target", "http://127.0.0.1:1"), p, PIPELINE)
            .run()
            .shape()
            .requests();
    long third =
        RunPlanner.prepare(settings("target", "http://127.0.0.1:1", "shard", "1/3"), p, PIPELINE)
            .run()
            .shape()
            .requests();
    assertEquals(all / 3.0, third, 1.0);
  }

  @Test
  void aLiveReplayNeedsTheFilesLiveLoad() {
    RunPlanner.Refused e =
        assertThrows(
            RunPlanner.Refused.class,
            () ->
                RunPlanner.prepare(
                    settings("live", "true"), profile("load_test", "1m", 1_000), PIPELINE));
    assertTrue(e.getMessage().contains("has none"), e.getMessage());
  }

  @Test
  void anImportIsPredictedOnTheHistoricalTopic() {
    RunPlanner.Prepared p =
        RunPlanner.prepare(settings(), profile("historical_import", "10m", 1_000), PIPELINE);
    assertEquals(IngestionTopics.HISTORICAL, p.run().prediction().topic());
    assertEquals(
        IngestionTopics.MAIN,
        RunPlanner.prepare(settings(), profile("load_test", "10m", 1_000), PIPELINE)
            .run()
            .prediction()
            .topic());
  }

  @Test
  void theChecklistIsAppliedOnlyWhenAsked() {
    IntakeProfile blitz = ProfileLoader.load(Path.of("profiles/blitz-single.yaml"));
    // blitz-single needs 13 capture replicas where 4 run.
    assertEquals(
        4, RunPlanner.prepare(settings(), blitz, PIPELINE).run().pipeline().capture().replicas());
    assertEquals(
        13,
        RunPlanner.prepare(settings("pipeline.apply-scaling", "true"), blitz, PIPELINE)
            .run()
            .pipeline()
            .capture()
            .replicas());
  }

  @Test
  void aRejectedLoadsRetriesMustFitThisMachineToo() {
    IntakeProfile blitz = ProfileLoader.load(Path.of("profiles/blitz-single.yaml"));
    RunPlan run = RunPlanner.prepare(settings(), blitz, PIPELINE).run();
    assertTrue(
        run.scaleReason().contains("rate lowered so the retries of refused requests fit"),
        run.scaleReason());
    RunPlan given = RunPlanner.prepare(settings("scale.rate", "0.5"), blitz, PIPELINE).run();
    assertEquals(0.5, given.scale().rate(), 1e-12, "a rate given is kept");
    assertTrue(run.scale().rate() < given.scale().rate());
  }

  @Test
  void theLiveLoadBesideTheLoadLowersTheRateSoBothFit() {
    Pipeline shared = PipelineLoader.load(Path.of("profiles/pipeline-shared.yaml"));
    IntakeProfile acme = ProfileLoader.load(Path.of("profiles/acme-ramp.yaml"));
    RunPlan alone = RunPlanner.prepare(settings(), acme, shared).run();
    RunPlan live = RunPlanner.prepare(settings("live", "true"), acme, shared).run();
    assertNull(alone.live());
    assertNotNull(live.live());
    assertTrue(
        live.scaleReason().contains("rate lowered so the load and the live traffic beside it fit"),
        live.scaleReason());
    assertTrue(live.scale().rate() < alone.scale().rate());
  }

  @Test
  void localModePredictsTheLocalConsumersLagAndATargetHasNone() {
    IntakeProfile p = profile("load_test", "1m", 1_000);
    RunPlan local = RunPlanner.prepare(settings("capacity", "local"), p, PIPELINE).run();
    assertNotNull(local.localLag());
    assertEquals("/batch/", local.endpoint());
    assertEquals(10, local.shape().eventsPerRequest());
    RunPlan target =
        RunPlanner.prepare(
                settings("capacity", "local", "target", "http://127.0.0.1:1"), p, PIPELINE)
            .run();
    assertNull(target.localLag(), "a target's consumers are not this machine's");
  }
}
