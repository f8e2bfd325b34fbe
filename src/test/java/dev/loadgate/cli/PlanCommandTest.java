package dev.loadgate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Cli.Result;
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

  @Test
  void exitZeroForEveryVerdict() {
    for (String name :
        List.of("example", "acme-ramp", "blitz-single", "nimbus-import", "draft-incomplete")) {
      assertEquals(0, Cli.run("plan", "--format", "text", name).exit(), name);
    }
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
