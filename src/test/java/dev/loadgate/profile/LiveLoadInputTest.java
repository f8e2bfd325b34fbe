package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code live_load} in the pipeline file (SPEC §2): a week written out, or a CSV folded into the
 * hours of the week on the policy zone's wall clock; every malformed form is one error naming file,
 * line and field, with exit code 2 from the CLI and no stack trace.
 */
class LiveLoadInputTest {
  @TempDir Path dir;

  /** 24 values for a day: {@code base + hour}. */
  static String day(int base) {
    StringBuilder s = new StringBuilder("[");
    for (int h = 0; h < 24; h++) {
      s.append(h == 0 ? "" : ", ").append(base + h);
    }
    return s.append(']').toString();
  }

  static String weekly() {
    return """
        live_load:
          events_per_request: 20
          peak_factor: 1.5
          weekly:
            mon: %s
            tue: %s
            wed: %s
            thu: %s
            fri: %s
            sat: %s
            sun: %s
        """
        .formatted(day(100), day(200), day(300), day(400), day(500), day(600), day(700));
  }

  @Test
  void aWeekWrittenOutIsReadHourByHourMondayFirst() {
    Pipeline p = Fixtures.pipeline(Fixtures.SMALL_PIPELINE + weekly());
    Pipeline.LiveLoad live = p.liveLoad();
    assertEquals(20, live.eventsPerRequest());
    assertEquals(1.5, live.peakFactor());
    assertEquals("weekly", live.source());
    assertEquals(100, live.hourly()[0]); // Monday 00:00
    assertEquals(223, live.hourly()[24 + 23]); // Tuesday 23:00
    assertEquals(711, live.hourly()[6 * 24 + 11]); // Sunday 11:00
    assertEquals(711 * 1.5, live.eventsPerSecond(6 * 24 + 11), 1e-9);
  }

  @Test
  void withoutLiveLoadThePipelineCarriesNothing() {
    assertNull(Fixtures.smallPipeline().liveLoad());
  }

  /** One row per {@code stepMinutes} from {@code start}, the rate given by the UTC hour of week. */
  static String csv(Instant start, int stepMinutes, int rows, boolean header) {
    StringBuilder s = new StringBuilder(header ? "timestamp,events_per_second\r\n" : "");
    for (int i = 0; i < rows; i++) {
      Instant t = start.plusSeconds(60L * stepMinutes * i);
      s.append(t).append(',').append(utcHourOfWeek(t)).append("\r\n");
    }
    return s.toString();
  }

  static int utcHourOfWeek(Instant t) {
    var z = t.atZone(ZoneId.of("UTC"));
    return (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
  }

  @Test
  void aCsvIsFoldedIntoTheHoursOfTheWeekOnTheZonesClock() {
    // Two weeks of 15-minute rows in January (London = UTC): each hour's mean is its hour of week.
    Instant monday = Instant.parse("2026-01-05T00:00:00Z");
    LiveLoadCsv.Week w =
        LiveLoadCsv.parse(
            Path.of("live.csv"), csv(monday, 15, 2 * 7 * 96, true), ZoneId.of("Europe/London"));
    assertEquals(2.0, w.weeks(), 1e-9);
    assertEquals(900, w.stepSeconds());
    for (int h = 0; h < 168; h++) {
      assertEquals(h, w.hourly()[h], 1e-9, "hour " + h);
    }
    // The same rows read on New York's clock (UTC-5 in January): local Monday 00:00 is 05:00 UTC.
    LiveLoadCsv.Week ny =
        LiveLoadCsv.parse(
            Path.of("live.csv"), csv(monday, 15, 2 * 7 * 96, true), ZoneId.of("America/New_York"));
    assertEquals(5, ny.hourly()[0], 1e-9);
    assertEquals(167, ny.hourly()[6 * 24 + 18], 1e-9); // Sunday 18:00 local = Sunday 23:00 UTC
    assertEquals(2, ny.hourly()[6 * 24 + 21], 1e-9); // Sunday 21:00 local = Monday 02:00 UTC
  }

  @Test
  void weeksAreAveragedAndOffsetsInTheTimestampsCount() {
    // Week one at 100 ev/s, week two at 300 ev/s, hourly rows written with +01:00 offsets.
    StringBuilder s = new StringBuilder();
    Instant start = Instant.parse("2026-01-04T23:00:00Z"); // Monday 00:00 at +01:00
    for (int i = 0; i < 2 * 168; i++) {
      Instant t = start.plusSeconds(3600L * i);
      s.append(t.atOffset(java.time.ZoneOffset.ofHours(1))).append(',');
      s.append(i < 168 ? 100 : 300).append('\n');
    }
    LiveLoadCsv.Week w = LiveLoadCsv.parse(Path.of("live.csv"), s.toString(), ZoneId.of("UTC"));
    double[] twos = new double[168];
    java.util.Arrays.fill(twos, 200);
    assertArrayEquals(twos, w.hourly(), 1e-9);
  }

  @Test
  void theHourTheClocksSkipTakesItsNeighboursMean() {
    // One week of hourly UTC rows across London's spring change (Sun 29 Mar 2026, 01:00 → 02:00).
    Instant start = Instant.parse("2026-03-23T00:00:00Z");
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 168; i++) {
      // Sunday 01:00 UTC (row 145) at 30, every other hour at 10.
      s.append(start.plusSeconds(3600L * i)).append(',').append(i == 145 ? 30 : 10).append('\n');
    }
    LiveLoadCsv.Week w =
        LiveLoadCsv.parse(Path.of("live.csv"), s.toString(), ZoneId.of("Europe/London"));
    int sunday = 6 * 24;
    // Sunday 00:00 UTC = 00:00 London; 01:00 London does not exist; 01:00 UTC = 02:00 London.
    assertEquals(10, w.hourly()[sunday], 1e-9);
    assertEquals(30, w.hourly()[sunday + 2], 1e-9);
    assertEquals(20, w.hourly()[sunday + 1], 1e-9);
  }

  @Test
  void aCsvBesideThePipelineFileIsFound() throws IOException {
    Files.writeString(
        dir.resolve("live.csv"), csv(Instant.parse("2026-01-05T00:00:00Z"), 60, 168, true));
    Path pipe = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipe,
        Fixtures.SMALL_PIPELINE
            + "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  csv: live.csv\n");
    Pipeline p = PipelineLoader.load(pipe);
    assertEquals("live.csv", p.liveLoad().source());
    assertEquals(1.0, p.liveLoad().weeks(), 1e-9);
    assertEquals(30, p.liveLoad().eventsPerSecond(30), 1e-9);
  }

  @Test
  void theShippedCsvIsTheShippedWeek() throws IOException {
    // profiles/live-load.csv is pipeline-shared.yaml's week as 15-minute rows: read either way,
    // the pipeline carries the same traffic hour by hour.
    Path shared = Path.of("profiles", "pipeline-shared.yaml");
    Pipeline weekly = PipelineLoader.load(shared);
    String yaml = Files.readString(shared);
    String csvYaml = yaml.substring(0, yaml.indexOf("  weekly:")) + "  csv: live-load.csv\n";
    Files.copy(Path.of("profiles", "live-load.csv"), dir.resolve("live-load.csv"));
    Path file = dir.resolve("pipeline-shared.yaml");
    Files.writeString(file, csvYaml);
    Pipeline fromCsv = PipelineLoader.load(file);
    assertArrayEquals(weekly.liveLoad().hourly(), fromCsv.liveLoad().hourly(), 1e-9);
    assertEquals(1.0, fromCsv.liveLoad().weeks(), 1e-9);
    assertEquals(weekly.liveLoad().peakFactor(), fromCsv.liveLoad().peakFactor());
  }

  static Stream<Arguments> badWeeks() {
    String good = weekly();
    return Stream.of(
        Arguments.of(
            "a day missing",
            good.replaceAll("(?m)^    wed: .*\\n", ""),
            ":15: live_load.weekly.wed: is missing: a week has seven days (hint: seven rows mon tue wed thu fri sat sun, each [24 hourly events/s], hour 00 first)"),
        Arguments.of(
            "23 hours",
            good.replace(day(300), day(300).replace(", 323]", "]")),
            ":18: live_load.weekly.wed: has 23 hourly values, a day has 24 (hint: one events/s value per hour, hour 00 first)"),
        Arguments.of(
            "a negative rate",
            good.replace(day(400), day(400).replace("411", "-5")),
            ":19: live_load.weekly.thu[11]: is negative (-5) at hour 11:00 (hint: events/s the pipeline carries in that hour: 0 or more)"),
        Arguments.of(
            "a word for a rate",
            good.replace(day(400), day(400).replace("411", "busy")),
            ":19: live_load.weekly.thu[11]: must be a number, found the text 'busy' (hint: write digits only, like 2000 or 0.8)"),
        Arguments.of(
            "peak factor below 1",
            good.replace("peak_factor: 1.5", "peak_factor: 0.8"),
            ":14: live_load.peak_factor: must be at least 1, found 0.8 (hint: minute-level peaks above the hourly mean: 1.2 means 20% above it)"),
        Arguments.of(
            "both weekly and csv",
            good.replace("  weekly:", "  csv: live.csv\n  weekly:"),
            ":15: live_load.csv: weekly and csv are both given (hint: keep one: weekly (seven rows mon tue wed thu fri sat sun, each [24 hourly events/s], hour 00 first), csv: live-load.csv, or prometheus: {url: ..., query: ...})"),
        Arguments.of(
            "a typo",
            good.replace("peak_factor", "peak_factr"),
            ":14: live_load.peak_factr: unknown field (hint: did you mean 'peak_factor'?)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badWeeks")
  void aMalformedWeekIsExitTwoNamingFileLineAndField(String what, String liveLoad, String expected)
      throws IOException {
    assertExitTwo(Fixtures.SMALL_PIPELINE + liveLoad, null, null, expected, "pipeline");
  }

  static Stream<Arguments> badCsvs() {
    Instant monday = Instant.parse("2026-01-05T00:00:00Z");
    String week = csv(monday, 60, 168, true);
    String[] lines = week.split("\r\n");
    java.util.List<String> gap = new java.util.ArrayList<>(java.util.List.of(lines));
    gap.remove(50);
    return Stream.of(
        Arguments.of(
            "a gap",
            String.join("\n", gap) + "\n",
            ":51: live_load.csv: a gap: 2 h after line 50, the file's step is 1 h (hint: one row every step with no rows missing; export the metric at one fixed step)"),
        Arguments.of(
            "a different step",
            csv(monday, 60, 100, true) + csv(monday.plusSeconds(100 * 3600), 30, 200, false),
            ":103: live_load.csv: a different step: 30 min after line 102, the file's step is 1 h (hint: one row every step with no rows missing; export the metric at one fixed step)"),
        Arguments.of(
            "a negative rate",
            week.replace("2026-01-06T03:00:00Z,27", "2026-01-06T03:00:00Z,-27"),
            ":29: live_load.csv: events_per_second -27 is negative (hint: each row is timestamp,events_per_second like 2026-11-02T00:00:00Z,1234.5)"),
        Arguments.of(
            "less than a week",
            csv(monday, 60, 100, true),
            ":101: live_load.csv: covers 100 h, less than the week the plan needs (hint: export at least seven days, so every hour of the week is seen)"),
        Arguments.of(
            "no offset",
            week.replace("2026-01-06T03:00:00Z", "2026-01-06T03:00:00"),
            ":29: live_load.csv: timestamp '2026-01-06T03:00:00' is not ISO-8601 with an offset (hint: like 2026-11-02T00:00:00Z or 2026-11-02T01:00:00+01:00)"),
        Arguments.of(
            "out of order",
            week.replace("2026-01-06T03:00:00Z", "2026-01-05T03:00:00Z"),
            ":29: live_load.csv: timestamp 2026-01-05T03:00:00Z is not after the row before it (line 28) (hint: rows in time order, one per step)"),
        Arguments.of(
            "three columns",
            week.replace("2026-01-06T03:00:00Z,27", "2026-01-06T03:00:00Z,27,x"),
            ":29: live_load.csv: expected 2 columns, found 3 (hint: each row is timestamp,events_per_second like 2026-11-02T00:00:00Z,1234.5)"),
        Arguments.of(
            "empty",
            "",
            ":0: live_load.csv: has no rows (hint: at least one week of timestamp,events_per_second)"));
  }

  @ParameterizedTest(name = "CSV: {0}")
  @MethodSource("badCsvs")
  void aMalformedCsvIsExitTwoNamingTheCsvsLine(String what, String csv, String expected)
      throws IOException {
    String yaml =
        Fixtures.SMALL_PIPELINE
            + "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  csv: live.csv\n";
    assertExitTwo(yaml, "live.csv", csv, expected.replace(":0:", ":"), "csv");
  }

  private void assertExitTwo(
      String pipelineYaml, String csvName, String csv, String expected, String errorIn)
      throws IOException {
    Path profile = dir.resolve("ok.yaml");
    Files.copy(Path.of("profiles", "example.yaml"), profile);
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(pipeline, pipelineYaml);
    if (csvName != null) {
      Files.writeString(dir.resolve(csvName), csv);
    }
    Cli.Result r = Cli.run("plan", "--pipeline", pipeline.toString(), profile.toString());
    assertEquals(2, r.exit(), r.err());
    Path named = errorIn.equals("csv") ? dir.resolve(csvName) : pipeline;
    assertEquals("loadgate: " + named + expected + System.lineSeparator(), r.err());
    assertEquals("", r.out());
    assertFalse(r.err().contains("\tat "), "no stack trace");
  }
}
