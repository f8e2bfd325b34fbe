package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileLoaderTest {
  @TempDir Path dir;

  @Test
  void readsEveryFieldOfTheExampleProfile() {
    IntakeProfile p = ProfileLoader.load(Profiles.resolve("example", Fixtures.profilesDir()));
    assertEquals("example", p.name());
    assertEquals("Example Co", p.customer());
    assertEquals(Kind.LOAD_TEST, p.kind());
    assertEquals("phc_example", p.token());
    assertEquals(OffsetDateTime.parse("2026-12-15T10:00:00Z"), p.scheduleStart());
    assertEquals(
        List.of(
            new Stage(Duration.ofMinutes(10), 6000),
            new Stage(Duration.ofMinutes(30), 6000),
            new Stage(Duration.ofMinutes(5), 0)),
        p.stages());
    assertEquals(new Batching(50, "/batch/"), p.batching());
    assertEquals(200_000, p.distinctIds().total());
    assertEquals(14_000_000L, p.distinctIds().totalEvents());
    assertEquals(new TopDistinctId("ex-checkout-bot", 350_000), p.distinctIds().top().get(0));
    assertEquals(0.70, p.eventTypes().get("$pageview"), 1e-12);
    assertEquals(Boolean.FALSE, p.appsEnabled());
    assertEquals(700, p.payloadBytes());
    assertTrue(p.complete());
  }

  @Test
  void everyShippedProfileLoads() {
    for (String name : Profiles.names(Fixtures.profilesDir())) {
      IntakeProfile p = ProfileLoader.load(Profiles.resolve(name, Fixtures.profilesDir()));
      assertEquals(name, p.name());
    }
    assertTrue(
        Profiles.names(Fixtures.profilesDir())
            .containsAll(
                List.of(
                    "example", "acme-ramp", "blitz-single", "nimbus-import", "draft-incomplete")));
  }

  @Test
  void incompleteProfileListsItsMissingAnswersInsteadOfFailing() {
    IntakeProfile p =
        ProfileLoader.load(Profiles.resolve("draft-incomplete", Fixtures.profilesDir()));
    assertEquals(
        List.of("schedule.start", "stages", "distinct_ids.top", "apps_enabled"),
        p.missingAnswers());
    assertEquals(12000.0, p.peakEventsPerSecond());
    assertEquals(Duration.ofHours(2), p.totalDuration());
    assertEquals("phc_draft-incomplete", p.token(), "token defaults to phc_<profile name>");
  }

  @Test
  void anEmptyMappingMissesEveryRequiredAnswer() {
    IntakeProfile p = Fixtures.profile("blank", "{}");
    assertEquals(
        List.of(
            "customer",
            "kind",
            "product_questions_answered",
            "schedule.start",
            "stages",
            "peak_events_per_second",
            "total_duration",
            "batching.events_per_request",
            "distinct_ids.total",
            "distinct_ids.top",
            "event_types",
            "apps_enabled"),
        p.missingAnswers());
  }

  @Test
  void nullCountsAsUnanswered() {
    IntakeProfile p =
        Fixtures.profile("nulls", "customer: ~\nkind: load_test\napps_enabled: null\n");
    assertTrue(p.missingAnswers().contains("customer"));
    assertTrue(p.missingAnswers().contains("apps_enabled"));
    assertNull(p.appsEnabled());
  }

  @Test
  void eventTypeSharesAreNormalised() {
    IntakeProfile p =
        Fixtures.profile("mix", "event_types: { a: 0.5, b: 0.25, c: 0.25, d: 0.5 }\n");
    assertEquals(0.5 / 1.5, p.eventTypes().get("a"), 1e-12);
    assertEquals(
        1.0, p.eventTypes().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
  }

  @Test
  void topCsvWithoutHeaderWithQuotedIdsAndColumnsInEitherOrder() throws IOException {
    Files.writeString(
        dir.resolve("a.csv"), "500,\"id, with comma\"\n300,\"say \"\"hi\"\"\"\n700,plain\n");
    Files.writeString(dir.resolve("b.csv"), "\uFEFFdistinct_id,count\nx,5\n\ny,9\n");
    Path profile = dir.resolve("p.yaml");
    Files.writeString(profile, "distinct_ids: { total: 10, top_csv: a.csv }\n");
    List<TopDistinctId> a = ProfileLoader.load(profile).distinctIds().top();
    assertEquals(
        List.of(
            new TopDistinctId("plain", 700),
            new TopDistinctId("id, with comma", 500),
            new TopDistinctId("say \"hi\"", 300)),
        a,
        "sorted by events, quotes undone");
    Files.writeString(profile, "distinct_ids: { total: 10, top_csv: b.csv }\n");
    assertEquals(
        List.of(new TopDistinctId("y", 9), new TopDistinctId("x", 5)),
        ProfileLoader.load(profile).distinctIds().top());
  }

  @Test
  void nimbusTopCsvHasItsHundredRows() {
    IntakeProfile p = ProfileLoader.load(Profiles.resolve("nimbus-import", Fixtures.profilesDir()));
    assertEquals(100, p.distinctIds().top().size());
    assertEquals(
        new TopDistinctId("pos-terminal-backfill", 21_000_000), p.distinctIds().top().get(0));
  }

  @Test
  void endpointDefaultsByBatchingAndIsNormalised() {
    assertEquals(
        "/e/", Fixtures.profile("x", "batching: { events_per_request: 1 }").batching().endpoint());
    assertEquals(
        "/batch/",
        Fixtures.profile("x", "batching: { events_per_request: 2 }").batching().endpoint());
    assertEquals(
        "/i/v0/e/",
        Fixtures.profile("x", "batching: { events_per_request: 2, endpoint: i/v0/e }")
            .batching()
            .endpoint());
  }

  @Test
  void peakThatDisagreesWithTheStagesIsAnError() {
    ProfileException e =
        assertThrows(
            ProfileException.class,
            () ->
                Fixtures.profile(
                    "x", "stages: [ { duration: 1m, target: 10 } ]\npeak_events_per_second: 20\n"));
    assertEquals("peak_events_per_second", e.field());
    assertEquals(2, e.line());
  }

  @ParameterizedTest
  @CsvSource({
    "30s, 30",
    "15m, 900",
    "1h30m, 5400",
    "2d, 172800",
    "1h0m5s, 3605",
    "PT15M, 900",
    "pt1h, 3600",
    "P1DT1H, 90000"
  })
  void durationsInShortAndIsoForms(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"0s", "15", "m", "1.5h", "15 min", "PT-5M", "30m1h", "''"})
  void durationsThatDoNotParse(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }
}
