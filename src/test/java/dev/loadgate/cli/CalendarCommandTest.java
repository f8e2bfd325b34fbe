package dev.loadgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Cli.Result;
import dev.loadgate.testing.KafkaPartitions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadgate calendar} and {@code plan --calendar} through the real command line, on the
 * shipped examples: profiles/approved/ (two tests on Wednesday 16 Dec 2026 08:00 London) beside the
 * live load of profiles/pipeline-shared.yaml.
 */
class CalendarCommandTest {
  static final String SHARED = "profiles/pipeline-shared.yaml";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path out;

  @Test
  void theShippedApprovedTestsOverlapAndTheirHotIdsSharePartition61() throws Exception {
    // Independently: both hot ids hash to 61 of 64 with kafka-clients' murmur2.
    assertEquals(61, KafkaPartitions.of("phc_orbit:orbit-sync-bot", 64));
    assertEquals(61, KafkaPartitions.of("phc_zephyr:zephyr-import-bot-11", 64));

    Result r = Cli.run("calendar", "--pipeline", SHARED, "profiles/approved/");
    assertEquals(0, r.exit(), r.err());
    JsonNode cal = JSON.readTree(r.out());
    assertEquals(2, cal.get("tests").size());
    for (JsonNode t : cal.get("tests")) {
      assertEquals("READY", t.get("verdict").asText(), t.toString());
    }
    JsonNode o = cal.get("overlaps").get(0);
    assertEquals("orbit-launch", o.get("profiles").get(0).asText());
    assertEquals("zephyr-backfill", o.get("profiles").get(1).asText());
    assertEquals("2026-12-16T08:00:00Z", o.get("from").asText());
    assertEquals("2026-12-16T08:55:00Z", o.get("to").asText());
    // 8,000 + 7,000 ev/s of $pageview (2,000 ev/s a consumer) beside Wednesday 08:00's live load,
    // 10,000 × 1.2 = 12,000 ev/s at the default rate with apps (2,000 / 1.5): the live traffic
    // takes 9 of the 16 consumers, leaving 7 × 2,000 = 14,000 ev/s: less than 15,000.
    assertEquals(15000, o.get("combined_peak_events_per_second").asDouble(), 1e-6);
    assertEquals(12000, o.get("live_events_per_second").asDouble(), 1e-6);
    assertEquals(14000, o.get("headroom_events_per_second").asDouble(), 1e-6);
    assertEquals("NEEDS_SCALING", o.get("verdict").asText());
    assertEquals(61, o.get("hottest_partition").get("partition").asInt());
    assertEquals(61, o.get("shared_hot_partitions").get(0).get("partition").asInt());
    assertEquals("2026-12-16", cal.get("days").get(0).get("date").asText());
    assertEquals("NEEDS_SCALING", cal.get("days").get(0).get("verdict").asText());
  }

  @Test
  void markdownHtmlAndTextSayTheSame() throws Exception {
    Result md =
        Cli.run(
            "calendar",
            "--pipeline",
            SHARED,
            "--format",
            "markdown",
            "--out",
            out.toString(),
            "profiles/approved/");
    assertEquals(0, md.exit(), md.err());
    String doc = Files.readString(out.resolve("calendar.md"));
    assertTrue(doc.contains("**Verdict: NEEDS\\_SCALING"), doc);
    assertTrue(Files.size(out.resolve("calendar-timeline.png")) > 10_000);
    Result html =
        Cli.run(
            "calendar",
            "--pipeline",
            SHARED,
            "--format",
            "html",
            "--out",
            out.toString(),
            "profiles/approved/");
    assertEquals(0, html.exit(), html.err());
    String page = Files.readString(out.resolve("calendar.html"));
    assertTrue(page.contains("<svg"), "the timeline chart inline");
    assertTrue(page.contains("orbit-launch + zephyr-backfill"));
    Result text =
        Cli.run("calendar", "--pipeline", SHARED, "--format", "text", "profiles/approved/");
    assertTrue(text.out().startsWith("Test calendar 2026-12-16 → 2026-12-16"), text.out());
    assertTrue(text.out().contains("share partition 61"), text.out());
  }

  @Test
  void planAgainstTheCalendarSeesTheOtherTest() throws Exception {
    Result alone =
        Cli.run(
            "plan",
            "--pipeline",
            SHARED,
            "--now",
            "2026-12-01T00:00:00Z",
            "profiles/approved/zephyr-backfill.yaml");
    assertEquals("READY", JSON.readTree(alone.out()).get("verdict").asText());
    Result r =
        Cli.run(
            "plan",
            "--pipeline",
            SHARED,
            "--now",
            "2026-12-01T00:00:00Z",
            "--calendar",
            "profiles/approved",
            "profiles/approved/zephyr-backfill.yaml");
    assertEquals(0, r.exit(), r.err());
    JsonNode plan = JSON.readTree(r.out());
    assertEquals("NEEDS_SCALING", plan.get("verdict").asText());
    JsonNode h = plan.get("headroom");
    assertEquals(8000, h.get("approved_events_per_second").asDouble(), 1e-6);
    assertEquals(6000, h.get("headroom_events_per_second").asDouble(), 1e-6);
    assertEquals("orbit-launch", h.get("approved_tests").get(0).asText(), "itself left out");
    assertEquals("READY", plan.get("suggested_starts").get(0).get("verdict").asText());
  }

  @Test
  void badDatesAndMissingFilesAreExitTwo() {
    Result r =
        Cli.run("calendar", "--from", "2026-12-18", "--to", "2026-12-14", "profiles/approved/");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--to 2026-12-14 is before --from 2026-12-18"), r.err());
    Result missing = Cli.run("calendar", "no-such-test");
    assertEquals(2, missing.exit());
    assertFalse(missing.err().contains("\tat "), missing.err());
  }
}
