package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed profiles through the real command line: each gives exactly one message naming file,
 * line, field and a hint, exit code 2, and no stack trace.
 */
class MalformedInputTest {
  private static final String GOOD =
      """
      customer: Bad
      kind: load_test
      product_questions_answered: true
      schedule: { start: 2026-12-15T10:00:00+00:00 }
      stages:
        - { duration: 10m, target: 600 }
      batching: { events_per_request: 10 }
      distinct_ids: { total: 1000, top: [ { distinct_id: a, events: 10 } ] }
      event_types: { $pageview: 1 }
      apps_enabled: false
      """;

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "unknown key with a near miss",
            GOOD.replace("kind:", "kidn:"),
            ":2: kidn: unknown field (hint: did you mean 'kind'?)"),
        Arguments.of(
            "unknown key far from any",
            GOOD.replace("apps_enabled:", "colour:"),
            ":10: colour: unknown field (hint: known fields here: apps_enabled, batching, customer, distinct_ids, event_types, kind, payload_bytes, peak_events_per_second, personless_share, product_questions_answered, schedule, stages, token, total_duration)"),
        Arguments.of(
            "negative rate",
            GOOD.replace("target: 600", "target: -5"),
            ":6: stages[0].target: must not be negative, found -5 (hint: rates and counts are 0 or more)"),
        Arguments.of(
            "share above 1",
            GOOD.replace("$pageview: 1 ", "$pageview: 1.5 "),
            ":9: event_types.$pageview: share 1.5 is outside 0..1 (hint: give the fraction of events of this type, e.g. 0.8 for 80%)"),
        Arguments.of(
            "duration that does not parse",
            GOOD.replace("duration: 10m", "duration: 10 minutes"),
            ":6: stages[0].duration: '10 minutes' is not a duration (hint: write it as 30s, 15m, 1h30m, 2d or ISO-8601 like PT15M)"),
        Arguments.of(
            "bad YAML",
            GOOD.replace("stages:", "stages: ["),
            ":5: not valid YAML: while parsing a flow node (hint: check indentation, colons and quotes on that line)"),
        Arguments.of(
            "kind not in the list",
            GOOD.replace("kind: load_test", "kind: loadtest"),
            ":2: kind: 'loadtest' is not a kind of load (hint: did you mean 'load_test'?)"),
        Arguments.of(
            "text where a number goes",
            GOOD.replace("events_per_request: 10", "events_per_request: ten"),
            ":7: batching.events_per_request: must be a whole number, found the text 'ten' (hint: write digits only, like 100)"),
        Arguments.of(
            "start without an offset",
            GOOD.replace("2026-12-15T10:00:00+00:00", "2026-12-15 10:00"),
            ":4: schedule.start: '2026-12-15 10:00' is not an ISO-8601 date-time with an offset (hint: write it like 2026-12-08T09:00:00+01:00)"),
        Arguments.of(
            "unknown endpoint",
            GOOD.replace("events_per_request: 10 }", "events_per_request: 10, endpoint: /track/ }"),
            ":7: batching.endpoint: '/track/' is not a capture endpoint (hint: one of /e/ /batch/ /capture/ /i/v0/e/)"),
        Arguments.of(
            "key given twice",
            GOOD + "customer: Again\n",
            ":11: customer: given twice (first on line 1) (hint: keep one of them)"),
        Arguments.of(
            "stage without target",
            GOOD.replace("{ duration: 10m, target: 600 }", "{ duration: 10m }"),
            ":6: stages[0].target: is missing (hint: every stage needs a duration and a target (events/second))"),
        Arguments.of(
            "top and top_csv both",
            GOOD.replace("top: [", "top_csv: top.csv, top: ["),
            ":8: distinct_ids.top_csv: both top and top_csv are given (hint: keep one: top inline, or top_csv for the query's CSV output)"),
        Arguments.of(
            "total_events below the top counts",
            GOOD.replace("total: 1000,", "total: 1000, total_events: 5,"),
            ":8: distinct_ids.total_events: is 5 but the top ids alone have 10 events (hint: total_events is the count the top list was taken from)"),
        Arguments.of(
            "distinct_id listed twice",
            GOOD.replace(
                "top: [ { distinct_id: a, events: 10 } ]",
                "top: [ { distinct_id: a, events: 10 }, { distinct_id: a, events: 5 } ]"),
            ":8: distinct_ids.top[1].distinct_id: 'a' is listed twice (rows 1 and 2) (hint: the query groups by distinct_id, so each id appears once)"),
        Arguments.of(
            "boolean as text",
            GOOD.replace("apps_enabled: false", "apps_enabled: \"no\""),
            ":10: apps_enabled: must be true or false, found the text 'no' (hint: write true or false, without quotes)"),
        Arguments.of(
            "personless share above 1",
            GOOD + "personless_share: 1.5\n",
            ":11: personless_share: must be a share from 0 to 1, found 1.5 (hint: the share of events sent with $process_person_profile: false: 0.3 means 30%)"),
        Arguments.of(
            "not a mapping",
            "- just\n- a list\n",
            ":1: an intake profile must be a mapping of fields, found a list (hint: start from an example in profiles/)"),
        Arguments.of(
            "empty file", "", ":1: the file is empty (hint: start from an example in profiles/)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedProfileIsExitTwoWithFileLineFieldAndHint(String what, String yaml, String expected)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    Result r = plan(file);
    assertEquals(2, r.exit(), r.err());
    assertEquals("loadgate: " + file + expected + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @ParameterizedTest(name = "CSV: {0}")
  @MethodSource("csvCases")
  void malformedTopCsvNamesTheCsvFileAndRow(String what, String csv, String expected)
      throws IOException {
    Path file = dir.resolve("csv.yaml");
    Files.writeString(
        file, GOOD.replace("top: [ { distinct_id: a, events: 10 } ]", "top_csv: top.csv"));
    Path top = dir.resolve("top.csv");
    Files.writeString(top, csv);
    Result r = plan(file);
    assertEquals(2, r.exit(), r.err());
    assertEquals("loadgate: " + top + expected + System.lineSeparator(), r.err());
  }

  static Stream<Arguments> csvCases() {
    return Stream.of(
        Arguments.of(
            "count not a number",
            "count,distinct_id\n100,a\nlots,b\n",
            ":3: distinct_ids.top_csv: count 'lots' is not a whole number (hint: each row is count,distinct_id, as the query prints it)"),
        Arguments.of(
            "three columns",
            "100,a,extra\n",
            ":1: distinct_ids.top_csv: expected 2 columns, found 3 (hint: each row is count,distinct_id, as the query prints it)"),
        Arguments.of(
            "unclosed quote",
            "100,\"a\n",
            ":1: distinct_ids.top_csv: a quote is not closed (hint: quote the whole id, with \"\" for a quote inside it)"),
        Arguments.of(
            "id listed twice",
            "100,a\n90,a\n",
            ":2: distinct_ids.top_csv: distinct_id 'a' is listed twice (lines 1 and 2) (hint: the query groups by distinct_id, so each id appears once)"));
  }

  @ParameterizedTest(name = "pipeline: {0}")
  @MethodSource("pipelineCases")
  void malformedPipelineIsExitTwoToo(String what, String yaml, String expected) throws IOException {
    Path profile = dir.resolve("ok.yaml");
    Files.writeString(profile, GOOD);
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(pipeline, yaml);
    Result r = Cli.run("plan", "--pipeline", pipeline.toString(), profile.toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals("loadgate: " + pipeline + expected + System.lineSeparator(), r.err());
  }

  static Stream<Arguments> pipelineCases() {
    String good = dev.loadgate.testing.Fixtures.SMALL_PIPELINE;
    return Stream.of(
        Arguments.of(
            "typo",
            good.replace("consumers: 4", "cunsumers: 4"),
            ":2: cunsumers: unknown field (hint: did you mean 'consumers'?)"),
        Arguments.of(
            "no default rate",
            good.replace("default: 1000, ", ""),
            ":3: consumer_events_per_second: has no 'default' rate (hint: add default: <events/second> for event types not listed)"),
        Arguments.of(
            "zero partitions",
            good.replace("partitions: 8", "partitions: 0"),
            ":1: partitions: must be at least 1, found 0 (hint: a whole number of 1 or more)"),
        Arguments.of(
            "bad zone",
            good.replace("zone: Europe/London", "zone: Mars/Olympus"),
            ":11: policy.working_hours.zone: 'Mars/Olympus' is not a time zone (hint: an IANA zone like Europe/London)"),
        Arguments.of(
            "a lane above its maximum",
            good
                + LANES.replace(
                    "overflow: { consumers: 2, max_consumers: 8 }",
                    "overflow: { consumers: 9, max_consumers: 8 }"),
            ":14: lanes.overflow.max_consumers: is 8, fewer than the 9 consumers this lane runs today (hint: the autoscaler's maximum is at least what runs now)"),
        Arguments.of(
            "a lane missing",
            good + LANES.replace("  historical: { consumers: 2, max_consumers: 8 }\n", ""),
            ":13: lanes.historical: is missing (hint: one consumer deployment per topic: main, overflow and historical, each { consumers: N, max_consumers: M })"),
        Arguments.of(
            "a key faster than its consumer",
            good + CONSUMER.replace("person: 250", "person: 1200"),
            ":15: consumer.per_key_events_per_second.person: is 1200 ev/s, above the 1000 ev/s one consumer takes (consumer_events_per_second.default) (hint: one key's events run one after another on one consumer, so no faster than it)"),
        Arguments.of(
            "a personless key faster than its consumer takes personless events",
            good
                + "personless_cost_factor: 0.5\n"
                + CONSUMER.replace("personless: 1500", "personless: 2500"),
            ":17: consumer.per_key_events_per_second.personless: is 2500 ev/s, above the 2000 ev/s one consumer takes of personless events (default ÷ personless_cost_factor) (hint: one key's events run one after another on one consumer, so no faster than it)"),
        Arguments.of(
            "a personless key slower than with persons",
            good + CONSUMER.replace("personless: 1500", "personless: 200"),
            ":16: consumer.per_key_events_per_second.personless: is 200 ev/s, slower than with persons (250) (hint: a personless event skips the person writes: its key runs at least as fast)"),
        Arguments.of(
            "a cost factor above 1",
            good + "personless_cost_factor: 1.4\n",
            ":12: personless_cost_factor: must be above 0 and at most 1, found 1.4 (hint: what a personless event costs as a share of its type's cost: 0.4 means 40%)"),
        Arguments.of(
            "a live share above 1",
            good
                + "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  apps_share: 2\n  weekly:\n"
                + dev.loadgate.testing.Fixtures.weekly((d, h) -> 100),
            ":15: live_load.apps_share: must be a share from 0 to 1, found 2 (hint: the share of live events whose project runs apps: 0.3 means 30%)"),
        Arguments.of(
            "an SLO objective of 1",
            good + "  slo:\n    - { within: 5s, objective: 1 }\n",
            ":13: policy.slo[0].objective: is 1, not a share below 1 (hint: the share of events within the delay, like 0.999; an objective of 1 leaves no error budget)"),
        Arguments.of(
            "SLO tiers out of order",
            good
                + "  slo:\n    - { within: 30s, objective: 0.99 }\n"
                + "    - { within: 5s, objective: 0.999 }\n",
            ":14: policy.slo[1].within: is not longer than the tier before it (hint: list the tiers shortest delay first, each delay once)"),
        Arguments.of(
            "an SLO tier without its delay",
            good + "  slo:\n    - { objective: 0.99 }\n",
            ":13: policy.slo[0].within: is missing (hint: a list of tiers, like - { within: 5s, objective: 0.999 } (99.9% of events within 5 s))"),
        Arguments.of(
            "an unknown limiter",
            good.replace(OVERFLOW_LINE, OVERFLOW_BLOCK + "  limiter: sliding\n"),
            ":11: overflow.limiter: 'sliding' is not a limiter (hint: global_window (capture's global rate limiter) or token_bucket (the older per-key bucket))"),
        Arguments.of(
            "a window setting on the token bucket",
            good.replace(OVERFLOW_LINE, OVERFLOW_BLOCK + "  threshold: 5000\n"),
            ":11: overflow.threshold: applies to limiter: global_window only (hint: the token bucket takes per_distinct_id_events_per_second and burst)"),
        Arguments.of(
            "a forced key without its token",
            good.replace(OVERFLOW_LINE, OVERFLOW_BLOCK + "  forced_keys: [bot-7]\n"),
            ":11: overflow.forced_keys: 'bot-7' is not a token:distinct_id (hint: capture's forced-overflow list names keys as token:distinct_id, like \"phc_acme:bot-7\")"),
        Arguments.of(
            "a global window without its threshold",
            good.replace(OVERFLOW_LINE, "overflow:\n  enabled: true\n  limiter: global_window\n"),
            ":8: overflow.threshold: is missing (hint: events of one token:distinct_id within the window before capture reroutes it, like 5000)"));
  }

  /** The small pipeline's overflow line, and the same as a block (lines 7-10) to add to. */
  private static final String OVERFLOW_LINE =
      "overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 500 }\n";

  private static final String OVERFLOW_BLOCK =
      "overflow:\n  enabled: true\n  per_distinct_id_events_per_second: 50\n  burst: 500\n";

  /** Lanes for the small pipeline (11 lines), from its line 12. */
  private static final String LANES =
      """
      lanes:
        main: { consumers: 4, max_consumers: 16 }
        overflow: { consumers: 2, max_consumers: 8 }
        historical: { consumers: 2, max_consumers: 8 }
      """;

  /** A consumer block for the small pipeline, from its line 12. */
  private static final String CONSUMER =
      """
      consumer:
        batch_size: 500
        per_key_events_per_second:
          person: 250
          personless: 1500
      """;

  @org.junit.jupiter.api.Test
  void missingProfileNameListsTheAvailableOnes() {
    Result r = Cli.run("plan", "no-such-customer");
    assertEquals(2, r.exit());
    assertEquals(
        "loadgate: profiles/no-such-customer.yaml: no profile named 'no-such-customer' (hint: profiles in profiles: "
            + String.join(", ", Profiles.names(Path.of("profiles")))
            + ")"
            + System.lineSeparator(),
        r.err());
    assertFalse(Profiles.names(Path.of("profiles")).isEmpty());
  }

  private Result plan(Path file) {
    return Cli.run("plan", "--pipeline", "profiles/pipeline.yaml", file.toString());
  }
}
