package dev.loadgate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Cli.Result;
import dev.loadgate.testing.KafkaPartitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadgate plan} through the real command line, on the shipped profiles. */
class PlanCommandTest {
  @TempDir Path out;

  @Test
  void jsonHasEverySpecFieldOnStdout() throws Exception {
    Result r = Cli.run("plan", "example");
    assertEquals(0, r.exit(), r.err());
    JsonNode plan = new ObjectMapper().readTree(r.out());
    for (String field :
        List.of(
            "profile",
            "customer",
            "kind",
            "classification",
            "verdict",
            "reasons",
            "missing_answers",
            "peak_events_per_second",
            "peak_requests_per_second",
            "total_events",
            "duration_seconds",
            "max_rise_per_reaction_time",
            "capacity_now_events_per_second",
            "per_partition_capacity_events_per_second",
            "hottest_partition",
            "partition_skew",
            "hot_distinct_ids",
            "ordering_risk",
            "scaling",
            "schedule",
            "max_ingestion_delay_seconds")) {
      assertTrue(plan.has(field), "missing " + field);
    }
    assertEquals("example", plan.get("profile").asText());
    assertTrue(
        plan.get("hottest_partition").has("partition")
            && plan.get("hottest_partition").has("peak_events_per_second"));
    assertTrue(
        plan.get("scaling").has("consumers")
            && plan.get("scaling").has("partitions")
            && plan.get("scaling").has("capture_replicas"));
    assertTrue(plan.get("schedule").has("weekday") && plan.get("schedule").has("eu_overlap_hours"));
    JsonNode hot = plan.get("hot_distinct_ids").get(0);
    for (String field : List.of("distinct_id", "partition", "peak_events_per_second", "action")) {
      assertTrue(hot.has(field), "hot id missing " + field);
    }
  }

  /**
   * Every shipped profile's verdict, through the command line, each worked out by hand from
   * profiles/pipeline.yaml (16 consumers at 2,000 ev/s of $pageview; capture 4 replicas × 2,000
   * req/s; reaction time 5 min). Exit 0 whatever the verdict: the verdict is the answer, not an
   * error.
   */
  @Test
  void everyShippedProfileGetsItsHandWorkedVerdict() throws Exception {
    // blitz-single: single-event requests, so capture takes 4 × 2,000 × 1 = 8,000 ev/s now; the
    // rate rises 0 -> 25,000 ev/s within 5 s, more than 8,000 within one reaction time: DOS.
    JsonNode blitz = planJson("blitz-single");
    assertEquals("DOS", blitz.get("classification").asText());
    assertEquals("REJECT", blitz.get("verdict").asText());
    assertEquals(8_000, blitz.get("capacity_now_events_per_second").asDouble(), 1e-6);
    assertEquals(25_000, blitz.get("max_rise_per_reaction_time").asDouble(), 1e-6);
    // draft-incomplete: no schedule, no stages, no top-100, no apps answer: four questions back,
    // in the questionnaire's order; the plan still computes (a 12,000 ev/s peak at once).
    JsonNode draft = planJson("draft-incomplete");
    assertEquals("NEEDS_ANSWERS", draft.get("verdict").asText());
    assertEquals(
        List.of("schedule.start", "stages", "distinct_ids.top", "apps_enabled"),
        new ObjectMapper().convertValue(draft.get("missing_answers"), List.class));
    assertEquals(12_000, draft.get("peak_events_per_second").asDouble(), 1e-6);
    // The two complete load tests: READY, their peak within what today's pipeline takes.
    for (String ready : List.of("example", "acme-ramp")) {
      JsonNode p = planJson(ready);
      assertEquals("READY", p.get("verdict").asText(), ready);
      assertTrue(
          p.get("peak_events_per_second").asDouble()
              <= p.get("capacity_now_events_per_second").asDouble(),
          ready);
    }
    // nimbus-import: its 9,000 ev/s peak fits 16 consumers, but one partition does not fit one
    // consumer. c_mix: 0.85 of the mix at 2,000 ev/s and 0.15 ($identify, $create_alias) at 500
    // cost 0.85/2000 + 0.15/500 = 0.000725 s an event, 1,379.3 ev/s, / 1.5 for apps = 919.54.
    // pos-terminal-backfill alone sends 1,350 ev/s (15% of the top-100 CSV's events at 9,000),
    // on the partition Kafka's own murmur2 gives its key: NEEDS_SCALING, hot partition there.
    JsonNode nimbus = planJson("nimbus-import");
    assertEquals("NEEDS_SCALING", nimbus.get("verdict").asText());
    assertEquals(
        (0.85 / 2000 + 0.15 / 500) * 1.5,
        1 / nimbus.get("per_partition_capacity_events_per_second").asDouble(),
        1e-9);
    int partition = KafkaPartitions.of("phc_nimbus:pos-terminal-backfill", 64);
    assertEquals(partition, nimbus.get("hottest_partition").get("partition").asInt());
    assertTrue(nimbus.get("hottest_partition").get("peak_events_per_second").asDouble() > 1_350);
    // And in text, the verdict a person reads first, with exit 0.
    for (String[] v :
        new String[][] {
          {"example", "READY"},
          {"acme-ramp", "READY"},
          {"blitz-single", "REJECT"},
          {"nimbus-import", "NEEDS_SCALING"},
          {"draft-incomplete", "NEEDS_ANSWERS"}
        }) {
      Result r = Cli.run("plan", "--format", "text", v[0]);
      assertEquals(0, r.exit(), v[0] + ": " + r.err());
      assertTrue(r.out().contains(v[1]), v[0] + " says " + v[1] + ":\n" + r.out());
    }
  }

  @Test
  void aFailureThatIsNotTheInputsIsExitOne() {
    // The report cannot be written (a directory under a file): not invalid input (2), not a
    // verdict (0), but a failure CI must see: 1, and what failed on stderr.
    Result r = Cli.run("plan", "--format", "markdown", "--out", "/dev/null/report", "example");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("/dev/null/report"), r.err());
    assertEquals("", r.out());
  }

  private static JsonNode planJson(String name) throws Exception {
    Result r = Cli.run("plan", "--format", "json", name);
    assertEquals(0, r.exit(), name + ": " + r.err());
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void markdownAndHtmlAreWrittenWhereAsked() throws Exception {
    Result md = Cli.run("plan", "--format", "markdown", "--out", out.toString(), "nimbus-import");
    assertEquals(0, md.exit(), md.err());
    assertEquals(
        "NEEDS_SCALING nimbus-import: wrote " + out.resolve("plan.md") + System.lineSeparator(),
        md.out());
    String text = Files.readString(out.resolve("plan.md"));
    assertTrue(text.startsWith("# Capacity review: Nimbus Retail (nimbus-import)"));
    assertTrue(
        text.indexOf("**Verdict: NEEDS\\_SCALING") < text.indexOf("## Reasons"),
        "verdict comes first");
    for (String chart : List.of("plan-rate.png", "plan-partitions.png", "plan-top-ids.png")) {
      assertTrue(text.contains("](" + chart + ")"), chart);
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(out.resolve(chart)), 8);
      assertArrayEquals(
          new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
          head,
          chart + " is a PNG");
    }
    Result html = Cli.run("plan", "--format", "html", "--out", out.toString(), "nimbus-import");
    assertEquals(0, html.exit(), html.err());
    String page = Files.readString(out.resolve("plan.html"));
    assertEquals(3, page.split("<svg", -1).length - 1, "three inline SVG charts");
    assertTrue(page.contains("class=\"verdict NEEDS_SCALING\""));
  }

  @Test
  void jsonWithOutAlsoWritesPlanJson() throws Exception {
    Result r = Cli.run("plan", "--out", out.toString(), "acme-ramp");
    assertEquals(0, r.exit());
    assertEquals(r.out(), Files.readString(out.resolve("plan.json")));
  }

  @Test
  void helpExplainsAndExitsZero() {
    Result r = Cli.run("plan", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("Usage: loadgate plan"));
    assertTrue(r.out().contains("NEEDS_ANSWERS"));
    assertTrue(r.out().contains("Exit codes"));
    Result top = Cli.run();
    assertEquals(0, top.exit());
    assertTrue(top.out().contains("Commands:"));
  }

  @Test
  void badArgumentsExitTwo() {
    Result r = Cli.run("plan", "--format", "pdf", "example");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--format"), r.err());
    assertEquals(2, Cli.run("plan").exit());
    assertEquals(2, Cli.run("plna", "example").exit());
  }
}
