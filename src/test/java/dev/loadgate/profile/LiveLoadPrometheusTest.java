package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.Fixtures;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code live_load.prometheus} as written in the pipeline file, and the series Prometheus answers
 * turned into the CSV the plan folds: every way it can be wrong is one error naming the field (a
 * real Prometheus answers in {@code dev.loadgate.cli.LiveLoadPrometheusIT}).
 */
class LiveLoadPrometheusTest {
  @TempDir Path dir;

  static String pipeline(String prometheus) {
    return Fixtures.SMALL_PIPELINE
        + "live_load:\n  events_per_request: 20\n  peak_factor: 1.2\n  prometheus:\n"
        + prometheus;
  }

  static ProfileException error(String prometheus) {
    return assertThrows(ProfileException.class, () -> Fixtures.pipeline(pipeline(prometheus)));
  }

  static Stream<Arguments> miswritten() {
    return Stream.of(
        Arguments.of("    query: up\n", "url", "is missing"),
        Arguments.of("    url: http://p:9090\n", "query", "is missing"),
        Arguments.of("    url: prom:9090\n    query: up\n", "url", "is not an http(s) URL"),
        Arguments.of(
            "    url: http://me:secret@p:9090\n    query: up\n", "url", "user and password"),
        Arguments.of(
            "    url: http://p:9090\n    query: up\n    weeks: 0\n", "weeks", "at least 1"),
        Arguments.of(
            "    url: http://p:9090\n    query: up\n    weeks: 60\n", "weeks", "more than a year"),
        Arguments.of(
            "    url: http://p:9090\n    query: up\n    step: 2h\n", "step", "from 1 s to 1 h"),
        Arguments.of(
            "    url: http://p:9090\n    query: up\n    bearer_token_env: 'Bearer abc'\n",
            "bearer_token_env",
            "is not an environment variable's name"),
        Arguments.of(
            "    url: http://p:9090\n    query: up\n    token: abc\n", "token", "unknown field"));
  }

  @ParameterizedTest
  @MethodSource("miswritten")
  void aMiswrittenSectionIsOneErrorNamingItsField(String yaml, String field, String problem) {
    ProfileException e = error(yaml);
    assertEquals("live_load.prometheus." + field, e.field(), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void aTokenVariableThatIsNotSetIsNamed() {
    ProfileException e =
        error("    url: http://p:9090\n    query: up\n    bearer_token_env: NO_SUCH_VAR_1234\n");
    assertEquals("live_load.prometheus.bearer_token_env", e.field());
    assertTrue(e.getMessage().contains("NO_SUCH_VAR_1234, which is not set"), e.getMessage());
  }

  @Test
  void csvAndPrometheusTogetherAreRefused() {
    ProfileException e =
        assertThrows(
            ProfileException.class,
            () ->
                Fixtures.pipeline(
                    Fixtures.SMALL_PIPELINE
                        + "live_load:\n  events_per_request: 20\n  peak_factor: 1.2\n"
                        + "  csv: live.csv\n  prometheus: {url: 'http://p:9090', query: up}\n"));
    assertTrue(e.getMessage().contains("csv and prometheus are both given"), e.getMessage());
  }

  @Test
  void anUnreachableServerIsExitTwoNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path pipe = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipe, pipeline("    url: http://127.0.0.1:" + port + "\n    query: up\n    weeks: 1\n"));
    Cli.Result r = Cli.run("plan", "--pipeline", pipe.toString(), "example");
    assertEquals(2, r.exit(), r.err());
    assertTrue(
        r.err().contains("live_load.prometheus.url: cannot reach http://127.0.0.1:" + port),
        r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  static final Duration STEP = Duration.ofMinutes(30);
  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  static final Instant END = START.plus(Duration.ofDays(7));

  static LiveLoadPrometheus.Query query() {
    return new LiveLoadPrometheus.Query(
        java.net.URI.create("http://p:9090"), "sum(rate(x[5m]))", 1, STEP, null);
  }

  static PrometheusClient.Series series(int from, int to, double value) {
    int n = to - from;
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = START.plus(STEP.multipliedBy(from + i)).getEpochSecond();
      v[i] = value;
    }
    return new PrometheusClient.Series(Map.of("job", "capture"), t, v);
  }

  static Section section() {
    return Section.root(
        Path.of("pipeline.yaml"),
        YamlReader.parse(Path.of("pipeline.yaml"), "url: http://p:9090\nquery: up\n"),
        LiveLoadPrometheus.KEYS,
        "a section");
  }

  static String csv(List<PrometheusClient.Series> s) {
    return LiveLoadPrometheus.csv(section(), query(), s, START, END, END.plusSeconds(60));
  }

  @Test
  void theSeriesIsWrittenAsTheCsvUsersExportWithWhereItCameFrom() {
    String csv = csv(List.of(series(0, 336, 1234.5)));
    List<String> lines = csv.lines().toList();
    assertEquals(4 + 1 + 336, lines.size());
    assertEquals("# url: http://p:9090", lines.get(1));
    assertEquals("# query: sum(rate(x[5m]))", lines.get(2));
    assertTrue(lines.get(3).startsWith("# read at: 2026-11-09T00:01:00Z"), lines.get(3));
    assertEquals("timestamp,events_per_second", lines.get(4));
    assertEquals("2026-11-02T00:00:00Z,1234.5", lines.get(5));
    assertEquals("2026-11-08T23:30:00Z,1234.5", lines.get(lines.size() - 1));
    LiveLoadCsv.Week w = LiveLoadCsv.parse(Path.of("x.csv"), csv, java.time.ZoneOffset.UTC);
    assertEquals(1.0, w.weeks(), 1e-9);
    assertEquals(1234.5, w.hourly()[100], 1e-9);
  }

  @Test
  void noSeriesSeveralAGapOrNotARateAreRefused() {
    assertTrue(
        assertThrows(ProfileException.class, () -> csv(List.of()))
            .getMessage()
            .contains("returned no data from 2026-11-02T00:00:00Z to 2026-11-09T00:00:00Z"));
    assertTrue(
        assertThrows(
                ProfileException.class, () -> csv(List.of(series(0, 336, 1), series(0, 336, 2))))
            .getMessage()
            .contains("returned 2 series"));
    // A missing hour in the middle: rows 100 and 101 absent.
    PrometheusClient.Series a = series(0, 100, 1);
    PrometheusClient.Series b = series(102, 336, 1);
    long[] t = new long[334];
    double[] v = new double[334];
    System.arraycopy(a.times(), 0, t, 0, 100);
    System.arraycopy(b.times(), 0, t, 100, 234);
    java.util.Arrays.fill(v, 1);
    ProfileException gap =
        assertThrows(
            ProfileException.class,
            () -> csv(List.of(new PrometheusClient.Series(Map.of(), t, v))));
    assertTrue(
        gap.getMessage()
            .contains(
                "has a gap: no value from 2026-11-04T02:00:00Z to 2026-11-04T03:00:00Z (2 steps)"),
        gap.getMessage());
    ProfileException shortEnd =
        assertThrows(ProfileException.class, () -> csv(List.of(series(0, 330, 1))));
    assertTrue(shortEnd.getMessage().contains("(6 steps)"), shortEnd.getMessage());
    ProfileException nan =
        assertThrows(ProfileException.class, () -> csv(List.of(series(0, 336, Double.NaN))));
    assertTrue(nan.getMessage().contains("not an events/s rate"), nan.getMessage());
  }

  @Test
  void theRangeIsWholeWeeksEndingAtTheLastStep() {
    LiveLoadPrometheus.Query q = query();
    Instant now = Instant.parse("2026-12-07T19:47:13Z");
    assertEquals(Instant.parse("2026-12-07T19:30:00Z"), q.end(now));
    assertEquals(Instant.parse("2026-11-30T19:30:00Z"), q.start(now));
  }
}
