package dev.loadgate.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review document's parts for SPEC §9.6: the checklist in the pipeline's own settings with what
 * the plan says once it is done, the SLO tiers beside the 5%-slower figure, and each lane's shares.
 */
class ReviewChecklistAndSloTest {
  @TempDir Path dir;

  /**
   * Lanes, keys one after another at 250 ev/s with persons, PostHog's two outer tiers, overflow off
   * (so a busy key stays on its partition).
   */
  private static final String PIPELINE =
      Fixtures.SMALL_PIPELINE.replace("overflow: { enabled: true,", "overflow: { enabled: false,")
          + """
            slo:
              - { within: 5s, objective: 0.999 }
              - { within: 30s, objective: 0.99 }
          lanes:
            main: { consumers: 4, max_consumers: 16 }
            overflow: { consumers: 2, max_consumers: 8 }
            historical: { consumers: 2, max_consumers: 8 }
          consumer:
            batch_size: 500
            per_key_events_per_second: { person: 250, personless: 1000 }
          """;

  /**
   * 600 ev/s for 30 min on a Tuesday morning; bot sends 400 of them, held at 250 on its partition.
   */
  private static final String PROFILE =
      """
      customer: Checklist
      kind: load_test
      token: phc_list
      product_questions_answered: true
      schedule: { start: "2026-12-15T10:00:00+00:00" }
      stages:
        - { duration: 10m, target: 600 }
        - { duration: 30m, target: 600 }
      batching: { events_per_request: 10 }
      distinct_ids:
        total: 100000
        total_events: 1260000
        top: [ { distinct_id: bot, events: 840000 } ]
      event_types: { $pageview: 1.0 }
      apps_enabled: false
      """;

  @Test
  void theChecklistTheTiersAndEachLanesSharesAreInTheDocument() throws Exception {
    Plan p =
        CapacityPlanner.plan(Fixtures.profile("checklist", PROFILE), Fixtures.pipeline(PIPELINE));
    String md = Files.readString(MarkdownReport.write(p, dir));
    assertTrue(md.contains("## Checklist: what to set in the pipeline"), md);
    assertTrue(
        md.contains(
            "- [ ] Before 2026-12-15 09:45 UTC: add phc\\_list:bot to capture forced-overflow list"),
        md);
    assertTrue(md.contains("With every item done the plan is READY."), md);
    assertTrue(md.contains("## SLO and margin"), md);
    assertTrue(md.contains("| within 5 s | 99.9% |"), md);
    assertTrue(md.contains("MISSED"), md);
    assertTrue(md.contains("this load within 5 s / 30 s"), md);
  }
}
