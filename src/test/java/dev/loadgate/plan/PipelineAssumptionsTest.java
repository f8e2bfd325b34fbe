package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each default of SPEC §9 is named exactly when it can move a number, and not otherwise: every rule
 * of {@link PipelineAssumptions} on both sides of its condition, the boundary included.
 */
class PipelineAssumptionsTest {
  private static final String BASE =
      """
      partitions: 8
      consumers: 4
      consumer_events_per_second: { default: 2000, $identify: 500 }
      apps_cost_factor: %s
      capture: { replicas: 2, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 16, max_capture_replicas: 8 }
      overflow: { enabled: false, per_distinct_id_events_per_second: 50, burst: 500 }
      rate_limit: { per_token_events_per_second: 100000 }
      %s
      """;

  private static final String LANES =
      "lanes: { main: { consumers: 4, max_consumers: 16 }, overflow: { consumers: 1,"
          + " max_consumers: 4 }, historical: { consumers: 2, max_consumers: 8 } }\n";

  private static Pipeline pipe(String apps, String extra) {
    return Fixtures.pipeline(BASE.formatted(apps, extra));
  }

  private static String live(String fields) {
    return "live_load:\n  events_per_request: 10\n  peak_factor: 1.2\n"
        + fields
        + "  weekly:\n"
        + Fixtures.weekly((d, h) -> 100);
  }

  private static IntakeProfile profile(String types, String extra) {
    return Fixtures.profile(
        "assume",
        """
        customer: Assume
        kind: load_test
        token: phc_assume
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages: [ { duration: 10m, target: 100 } ]
        batching: { events_per_request: 10 }
        distinct_ids: { total: 1000, total_events: 60000 }
        event_types: %s
        apps_enabled: false
        %s
        """
            .formatted(types, extra));
  }

  private static List<String> said(IntakeProfile p, Pipeline pipe) {
    List<String> out = new ArrayList<>();
    PipelineAssumptions.add(p, pipe, out);
    return out;
  }

  private static boolean says(List<String> out, String start) {
    return out.stream().anyMatch(a -> a.startsWith(start));
  }

  private static final IntakeProfile PAGEVIEWS = profile("{ $pageview: 1.0 }", "");

  @Test
  void liveAppsShareIsNamedOnlyWhenAppsCostSomethingAndItIsNotGiven() {
    assertTrue(
        said(PAGEVIEWS, pipe("1.5", live("")))
            .contains(
                "live_load.apps_share not given: every live event is taken to run apps (×1.5 its"
                    + " cost)"));
    assertTrue(
        !says(said(PAGEVIEWS, pipe("1.5", live("  apps_share: 0.3\n"))), "live_load.apps_share"),
        "given");
    assertTrue(!says(said(PAGEVIEWS, pipe("1", live(""))), "live_load.apps_share"), "apps free");
    assertTrue(!says(said(PAGEVIEWS, pipe("1.5", "")), "live_load"), "no live load at all");
  }

  @Test
  void livePersonlessShareIsNamedOnlyWhenPersonlessEventsCostLess() {
    String cheaper = "personless_cost_factor: 0.5\n";
    assertTrue(
        said(PAGEVIEWS, pipe("1", cheaper + live("")))
            .contains(
                "live_load.personless_share not given: every live event is taken to process"
                    + " persons"));
    assertTrue(
        !says(
            said(PAGEVIEWS, pipe("1", cheaper + live("  personless_share: 0.2\n"))),
            "live_load.personless_share"));
    // A factor of exactly 1 costs nothing less: the boundary is not named.
    assertTrue(
        !says(
            said(PAGEVIEWS, pipe("1", "personless_cost_factor: 1\n" + live(""))),
            "live_load.personless_share"));
    assertTrue(!says(said(PAGEVIEWS, pipe("1", cheaper)), "live_load"));
  }

  @Test
  void anUnansweredPersonlessShareIsNamedWhereKeysOrCostsDependOnIt() {
    String keys =
        "consumer: { batch_size: 500, per_key_events_per_second: { person: 300, personless: 2000 } }\n";
    String unanswered = "personless_share unanswered";
    assertTrue(says(said(PAGEVIEWS, pipe("1", keys + LANES)), unanswered), "per-key rates");
    assertTrue(says(said(PAGEVIEWS, pipe("1", "personless_cost_factor: 0.9\n")), unanswered));
    assertTrue(
        !says(said(PAGEVIEWS, pipe("1", "personless_cost_factor: 1\n")), unanswered),
        "a factor of 1 and no keys: nothing depends on it");
    assertTrue(!says(said(PAGEVIEWS, pipe("1", "")), unanswered));
    IntakeProfile answered = profile("{ $pageview: 1.0 }", "personless_share: 0");
    assertTrue(!says(said(answered, pipe("1", keys + LANES)), unanswered));
  }

  @Test
  void personlessEventsOnAFileWithoutTheirCostAreNamed() {
    IntakeProfile some = profile("{ $pageview: 1.0 }", "personless_share: 0.3");
    String factorMissing = "personless_cost_factor not in the pipeline file";
    assertTrue(says(said(some, pipe("1", "")), factorMissing));
    assertTrue(!says(said(some, pipe("1", "personless_cost_factor: 0.5\n")), factorMissing));
    IntakeProfile none = profile("{ $pageview: 1.0 }", "personless_share: 0");
    assertTrue(!says(said(none, pipe("1", "")), factorMissing));
    // ... and that personless_share then moves no number at all.
    assertTrue(says(said(some, pipe("1", "")), "the pipeline file says nothing of personless"));
    assertTrue(
        !says(
            said(some, pipe("1", "personless_cost_factor: 0.99\n")),
            "the pipeline file says nothing of personless"));
    assertTrue(
        !says(
            said(
                some,
                pipe(
                    "1",
                    "consumer: { batch_size: 500, per_key_events_per_second: { person: 300, personless: 2000 } }\n"
                        + LANES)),
            "the pipeline file says nothing of personless"),
        "per-key rates make it matter");
  }

  @Test
  void morePersonlessThanTheNonMergeEventsIsCappedAndSaid() {
    // 80% pageviews, 20% $identify: at most 80% can be personless.
    String types = "{ $pageview: 0.8, $identify: 0.2 }";
    List<String> over = said(profile(types, "personless_share: 0.9"), pipe("1", ""));
    assertTrue(
        over.stream()
            .anyMatch(
                a ->
                    a.startsWith("personless_share 90% is more than the events that can be")
                        && a.contains("(80%")),
        over.toString());
    // Exactly all of them is not over.
    assertTrue(
        !says(
            said(profile(types, "personless_share: 0.8"), pipe("1", "")), "personless_share 80%"));
    assertTrue(
        !says(
            said(profile(types, "personless_share: 0.5"), pipe("1", "")), "personless_share 50%"));
  }

  @Test
  void oneGroupForEveryTopicIsNamedOnlyWhenTheFileSpeaksOfSection9() {
    String noLanes = "no lanes in the pipeline file";
    String keys =
        "consumer: { batch_size: 500, per_key_events_per_second: { person: 300, personless: 2000 } }\n";
    assertTrue(says(said(PAGEVIEWS, pipe("1", keys)), noLanes));
    assertTrue(says(said(PAGEVIEWS, pipe("1", "personless_cost_factor: 1\n")), noLanes));
    assertTrue(!says(said(PAGEVIEWS, pipe("1", keys + LANES)), noLanes));
    assertEquals(List.of(), said(PAGEVIEWS, pipe("1", "")), "a file from before: nothing");
  }
}
