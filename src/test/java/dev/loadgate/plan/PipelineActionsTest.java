package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checklist in the pipeline's own settings: what, to what value, from when until when. */
class PipelineActionsTest {
  private static final Path POSTHOG = Path.of("profiles/pipeline-posthog.yaml");

  private static IntakeProfile ramp(int peak) {
    return ProfileLoader.parse(
        Path.of("ramp.yaml"),
        """
        customer: Ramp Co
        kind: load_test
        token: phc_ramp
        product_questions_answered: true
        schedule: { start: "2026-12-15T10:00:00+00:00" }
        stages:
          - { duration: 20m, target: %d }
          - { duration: 10m, target: %d }
        batching: { events_per_request: 50, endpoint: /batch/ }
        distinct_ids: { total: 2000000, total_events: 54000000, top: [ { distinct_id: r-1, events: 54000 } ] }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        personless_share: 0
        """
            .formatted(peak, peak));
  }

  @Test
  void captureReplicasFromAQuarterHourBeforeUntilAQuarterHourAfterTheDrain() {
    // blitz-single starts 2026-12-09 13:00Z and lasts 1,805 s; the model drains 3 s after it:
    // 1,808 + 900 s = 45.1 min, to the minute 13:45.
    IntakeProfile p = ProfileLoader.load(Path.of("profiles/blitz-single.yaml"));
    Plan plan = CapacityPlanner.plan(p, PipelineLoader.load(Path.of("profiles/pipeline.yaml")));
    assertEquals(1, plan.actions().size(), plan.actions().toString());
    Plan.Action a = plan.actions().get(0);
    assertEquals("capture replicas (minimum)", a.setting());
    assertEquals(plan.scaling().captureReplicas(), ((Number) a.value()).intValue());
    assertEquals("2026-12-09T12:45:00Z", a.from());
    assertEquals("2026-12-09T13:45:00Z", a.until());
  }

  @Test
  void aLaneAboveTodayButWithinItsMaximumIsRaisedForTheStartAndAboveItSaysSo() throws Exception {
    Plan plan = CapacityPlanner.plan(ramp(45_000), PipelineLoader.load(POSTHOG));
    Plan.Action main =
        plan.actions().stream()
            .filter(a -> a.setting().equals("lanes.main minimum consumers"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(plan.actions().toString()));
    assertTrue(((Number) main.value()).intValue() > 16, main.toString());
    assertTrue(main.why().endsWith("before its autoscaler would get there"), main.why());
    // The same pipeline with the main lane's maximum at 20: the load needs more than it can get.
    Path capped = Files.createTempFile("capped", ".yaml");
    Files.writeString(
        capped,
        Files.readString(POSTHOG)
            .replace(
                "main:       { consumers: 16, max_consumers: 64 }",
                "main:       { consumers: 16, max_consumers: 20 }"));
    Plan cappedPlan = CapacityPlanner.plan(ramp(45_000), PipelineLoader.load(capped));
    assertTrue(
        cappedPlan.actions().stream()
            .anyMatch(a -> a.why().contains("above its autoscaler's maximum of 20")),
        cappedPlan.actions().toString());
    Files.delete(capped);
  }

  @Test
  void aReadyPlanAsksForNothing() {
    Plan plan = CapacityPlanner.plan(ramp(5_000), PipelineLoader.load(POSTHOG));
    assertEquals(Verdict.READY, plan.verdict(), plan.reasons().toString());
    assertEquals(List.of(), plan.actions());
  }

  @Test
  void applyingForcedKeysAddsThemOnceAndSwitchesOverflowOnWithoutScaling() {
    Pipeline pipe = PipelineLoader.load(Path.of("profiles/pipeline.yaml"));
    Pipeline off =
        pipe.withOverflow(
            new Pipeline.Overflow(
                false,
                pipe.overflow().perDistinctIdEventsPerSecond(),
                pipe.overflow().burst(),
                pipe.overflow().limiter(),
                pipe.overflow().threshold(),
                pipe.overflow().window(),
                pipe.overflow().detection(),
                List.of("phc_a:old")));
    Plan plan = CapacityPlanner.plan(ramp(5_000), off);
    List<Plan.Action> forced =
        List.of(
            new Plan.Action(PipelineActions.FORCED_OVERFLOW, "phc_a:bot", null, null, "why"),
            new Plan.Action(PipelineActions.FORCED_OVERFLOW, "phc_a:old", null, null, "again"));
    Pipeline applied = PipelineActions.apply(off, plan, forced);
    assertTrue(applied.overflow().enabled(), "a forced key needs the overflow topic");
    assertEquals(List.of("phc_a:old", "phc_a:bot"), applied.overflow().forcedKeys());
    assertEquals(off.consumers(), applied.consumers(), "only forced keys: nothing scaled");
    assertEquals(off.capture().replicas(), applied.capture().replicas());
  }

  @Test
  void planAgainWithEveryItemDoneSaysWhatStillStandsAndNotTheRampRule() {
    // The ramp to 45,000 ev/s beside Tuesday 10:00's live traffic: the main lane raised to what the
    // load needs still leaves it short of headroom at that hour.
    Plan plan = CapacityPlanner.plan(ramp(45_000), PipelineLoader.load(POSTHOG));
    Plan.AfterActions after = plan.afterActions();
    assertEquals(Verdict.NEEDS_SCALING, after.verdict());
    assertTrue(!after.stillInTheWay().isEmpty());
    assertTrue(
        after.stillInTheWay().stream().noneMatch(r -> r.endsWith("so it is a genuine load test.")),
        "the DOS rule's sentence is about the load, not what is left: " + after.stillInTheWay());
    // blitz-single with capture's replicas raised: nothing left, no reasons.
    Plan blitz =
        CapacityPlanner.plan(
            ProfileLoader.load(Path.of("profiles/blitz-single.yaml")),
            PipelineLoader.load(Path.of("profiles/pipeline.yaml")));
    assertEquals(Verdict.READY, blitz.afterActions().verdict());
    assertEquals(List.of(), blitz.afterActions().stillInTheWay());
  }
}
