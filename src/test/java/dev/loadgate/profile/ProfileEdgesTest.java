package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The profile's and the pipeline file's rules at their exact edges: what is just allowed loads,
 * what is just past it is refused with its field, line and problem.
 */
class ProfileEdgesTest {
  /** A complete profile; each test changes one line of it. */
  private static final String PROFILE =
      """
      customer: Edge Co
      kind: load_test
      token: phc_edge
      product_questions_answered: true
      schedule: { start: 2026-12-15T10:00:00+00:00 }
      stages:
        - { duration: 10m, target: 1000 }
        - { duration: 20m, target: 1000 }
      batching: { events_per_request: 10 }
      distinct_ids:
        total: 3
        total_events: 1000
        top:
          - { distinct_id: a, events: 600 }
          - { distinct_id: b, events: 300 }
      event_types: { $pageview: 0.9, $identify: 0.1 }
      apps_enabled: false
      """;

  private static IntakeProfile load(String yaml) {
    return ProfileLoader.parse(Path.of("edge.yaml"), yaml);
  }

  private static ProfileException refused(String yaml) {
    return assertThrows(ProfileException.class, () -> load(yaml));
  }

  @Test
  void theBaseProfileIsComplete() {
    IntakeProfile p = load(PROFILE);
    assertTrue(p.complete(), p.missingAnswers()::toString);
  }

  @Test
  void aBlankCustomerIsAMissingAnswer() {
    IntakeProfile p = load(PROFILE.replace("customer: Edge Co", "customer: \"  \""));
    assertEquals(List.of("customer"), p.missingAnswers());
    assertFalse(p.complete());
  }

  @Test
  void withoutDistinctIdsBothOfItsAnswersAreMissing() {
    String yaml =
        PROFILE.substring(0, PROFILE.indexOf("distinct_ids:"))
            + PROFILE.substring(PROFILE.indexOf("event_types:"));
    IntakeProfile p = load(yaml);
    assertEquals(List.of("distinct_ids.total", "distinct_ids.top"), p.missingAnswers());
    assertEquals(List.of(), p.distinctIds().top());
  }

  @Test
  void aStageWithoutADurationIsRefusedOnItsLine() {
    ProfileException e =
        refused(PROFILE.replace("- { duration: 20m, target: 1000 }", "- { target: 1000 }"));
    assertEquals("stages[1].duration", e.field());
    assertEquals(8, e.line());
    assertEquals("edge.yaml", e.file().toString());
  }

  @Test
  void aPeakWithinFloatNoiseOfTheStagesAgreesAndOneOffDoesNot() {
    String extra = "peak_events_per_second: %s\n";
    // 1e-9 of 1,000 is 1e-6: 5e-7 off is the same number written another way.
    assertEquals(
        1000,
        load(PROFILE + extra.formatted("1000.0000005")).stages().get(0).targetEventsPerSecond());
    assertEquals(
        1000, load(PROFILE + extra.formatted("1000")).stages().get(1).targetEventsPerSecond());
    ProfileException e = refused(PROFILE + extra.formatted("1001"));
    assertEquals("peak_events_per_second", e.field());
    assertEquals("1001 disagrees with the stages' peak of 1000", e.problem());
  }

  @Test
  void aTotalDurationOtherThanTheStagesIsRefused() {
    assertEquals(2, load(PROFILE + "total_duration: 30m\n").stages().size());
    ProfileException e = refused(PROFILE + "total_duration: 31m\n");
    assertEquals("total_duration", e.field());
  }

  @Test
  void aMillionEventsPerRequestIsTheMost() {
    assertEquals(
        1_000_000,
        load(PROFILE.replace("events_per_request: 10", "events_per_request: 1000000"))
            .batching()
            .eventsPerRequest());
    assertEquals(
        "batching.events_per_request",
        refused(PROFILE.replace("events_per_request: 10", "events_per_request: 1000001")).field());
  }

  @Test
  void aTotalAsLargeAsTheTopListIsEnoughAndOneLessIsNot() {
    assertEquals(2, load(PROFILE.replace("total: 3", "total: 2")).distinctIds().total());
    ProfileException e = refused(PROFILE.replace("total: 3", "total: 1"));
    assertEquals("distinct_ids.total", e.field());
    assertEquals("is 1 but the top list alone has 2 ids", e.problem());
  }

  @Test
  void topCountsMayMakeUpEveryEvent() {
    assertEquals(
        900L,
        load(PROFILE.replace("total_events: 1000", "total_events: 900"))
            .distinctIds()
            .totalEvents());
    assertEquals(
        "distinct_ids.total_events",
        refused(PROFILE.replace("total_events: 1000", "total_events: 899")).field());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an empty id    | { distinct_id: '', events: 300 }  | distinct_ids.top[1].distinct_id",
        "no id          | { events: 300 }                   | distinct_ids.top[1].distinct_id",
        "no count       | { distinct_id: b }                | distinct_ids.top[1].events",
        "an unknown key | { distinct_id: b, events: 300, evnts: 1 } | distinct_ids.top[1].evnts"
      })
  void aTopRowMustNameItsIdAndCountAndNothingElse(String what, String row, String field) {
    ProfileException e = refused(PROFILE.replace("{ distinct_id: b, events: 300 }", row));
    assertEquals(field, e.field(), e.getMessage());
    assertEquals(15, e.line());
  }

  @Test
  void eventTypeSharesMayBeZeroOrOneButNotAllZero() {
    IntakeProfile p =
        load(
            PROFILE.replace(
                "{ $pageview: 0.9, $identify: 0.1 }", "{ $pageview: 1, $identify: 0 }"));
    assertEquals(0.0, p.eventTypes().get("$identify"));
    ProfileException e =
        refused(PROFILE.replace("{ $pageview: 0.9, $identify: 0.1 }", "{ $pageview: 0 }"));
    assertEquals("event_types", e.field());
  }

  @Test
  void aValueOfTheWrongShapeSaysWhatItFound() {
    ProfileException e = refused(PROFILE.replace("customer: Edge Co", "customer: { name: x }"));
    assertEquals("customer", e.field());
    assertTrue(e.problem().contains("a mapping"), e.problem());
    assertTrue(!e.hint().isBlank(), "a hint: " + e.getMessage());
  }

  // The pipeline file.

  private static Pipeline pipeline(String yaml) {
    return PipelineLoader.parse(Path.of("pipe.yaml"), yaml);
  }

  /** The small pipeline with {@code from} replaced by {@code to}, refused. */
  private static ProfileException refusedPipeline(String from, String to) {
    return assertThrows(
        ProfileException.class, () -> pipeline(Fixtures.SMALL_PIPELINE.replace(from, to)));
  }

  @ParameterizedTest(name = "without {0}")
  @CsvSource({
    "requests_per_second_per_replica",
    "reaction_time",
    "enabled",
    "per_distinct_id_events_per_second",
    "burst",
    "per_token_events_per_second",
    "consumer_events_per_second",
    "replicas",
    "rate_limit"
  })
  void everyPipelineNumberIsRequired(String key) {
    String yaml =
        java.util.Arrays.stream(Fixtures.SMALL_PIPELINE.split("\n"))
            .map(
                line ->
                    line.replaceAll("\\b" + key + ": \\{[^}]*\\},? ?", "")
                        .replaceAll("\\b" + key + ": [^,}]+,? ?", ""))
            .filter(line -> !line.isBlank())
            .reduce("", (a, b) -> a + b + "\n");
    ProfileException e = assertThrows(ProfileException.class, () -> pipeline(yaml), yaml);
    assertTrue(e.field().endsWith(key), e.getMessage());
    assertEquals("is missing", e.problem());
  }

  @Test
  void theAutoscalersMaximaMayEqualWhatRunsToday() {
    Pipeline p =
        pipeline(
            Fixtures.SMALL_PIPELINE
                .replace("max_consumers: 16", "max_consumers: 4")
                .replace("max_capture_replicas: 8", "max_capture_replicas: 2"));
    assertEquals(4, p.autoscaling().maxConsumers());
    assertEquals(2, p.autoscaling().maxCaptureReplicas());
    ProfileException e = refusedPipeline("max_capture_replicas: 8", "max_capture_replicas: 1");
    assertEquals("autoscaling.max_capture_replicas", e.field());
  }

  @Test
  void aConsumerRateOfZeroIsRefused() {
    ProfileException e = refusedPipeline("$identify: 250", "$identify: 0");
    assertEquals("consumer_events_per_second.$identify", e.field());
    assertEquals("must be greater than 0, found 0", e.problem());
  }

  @Test
  void theLargestIntIsACountAndOneMoreIsNot() {
    String max = "2147483647";
    Pipeline p =
        pipeline(
            Fixtures.SMALL_PIPELINE
                .replace("replicas: 2,", "replicas: " + max + ",")
                .replace("max_capture_replicas: 8", "max_capture_replicas: " + max));
    assertEquals(Integer.MAX_VALUE, p.capture().replicas());
    ProfileException e =
        refusedPipeline("max_capture_replicas: 8", "max_capture_replicas: 2147483648");
    assertEquals("is too large: 2147483648", e.problem());
  }

  @Test
  void aPolicyOtherThanTheDefaultIsReadFieldByField() {
    Pipeline p =
        pipeline(
            Fixtures.SMALL_PIPELINE
                .replace("max_ingestion_delay: 90s", "max_ingestion_delay: 2m")
                .replace(
                    "working_hours: { zone: Europe/London, from: \"08:00\", to: \"17:00\", weekdays_only: true }",
                    "working_hours: { zone: America/New_York, from: \"9:30\", to: \"18:15\", weekdays_only: false }"));
    assertEquals(Duration.ofMinutes(2), p.policy().maxIngestionDelay());
    Pipeline.WorkingHours h = p.policy().workingHours();
    assertEquals(ZoneId.of("America/New_York"), h.zone());
    assertEquals(LocalTime.of(9, 30), h.from());
    assertEquals(LocalTime.of(18, 15), h.to());
    assertFalse(h.weekdaysOnly());
  }

  @Test
  void anUnknownKeyInASectionIsRefusedWithTheNearestKnownOne() {
    ProfileException e = refusedPipeline("replicas: 2,", "replicas: 2, replica: 3,");
    assertEquals("capture.replica", e.field());
    assertEquals("did you mean 'replicas'?", e.hint());
  }

  @Test
  void aRateOfZeroAndAFractionalCountAreRefused() {
    ProfileException zero =
        refusedPipeline(
            "requests_per_second_per_replica: 100", "requests_per_second_per_replica: 0");
    assertEquals("capture.requests_per_second_per_replica", zero.field());
    assertEquals("must be greater than 0, found 0", zero.problem());
    ProfileException fraction = refusedPipeline("partitions: 8", "partitions: 8.5");
    assertEquals("partitions", fraction.field());
    assertTrue(fraction.problem().startsWith("must be a whole number"), fraction.problem());
  }

  @Test
  void aCountTooLargeForALongAndAHexCountSayWhichTheyAre() {
    ProfileException large =
        refusedPipeline("max_request_bytes: 1000000", "max_request_bytes: 99999999999999999999");
    assertEquals("is too large: 99999999999999999999", large.problem());
    ProfileException hex = refusedPipeline("max_request_bytes: 1000000", "max_request_bytes: 0x10");
    assertEquals("'0x10' is not a plain whole number", hex.problem());
  }

  @Test
  void withoutATotalTheTopListIsNotCheckedAgainstIt() {
    IntakeProfile p = load(PROFILE.replace("  total: 3\n", ""));
    assertEquals(List.of("distinct_ids.total"), p.missingAnswers());
    assertEquals(2, p.distinctIds().top().size());
  }
}
