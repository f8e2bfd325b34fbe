package dev.loadgate.profile;

import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.prometheus.PrometheusException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code live_load.prometheus} (SPEC §10): the live load read from Prometheus' {@code
 * /api/v1/query_range} over the last {@code weeks} whole weeks, at {@code step}, instead of from a
 * CSV someone exported. The series is written out as that CSV (its url, query and the time it was
 * read in {@code #} lines on top) and folded by {@link LiveLoadCsv}, so a plan from Prometheus and
 * a plan from the saved file are one computation; the plan writes the file beside its report.
 *
 * <p>The bearer token is read from the environment variable {@code bearer_token_env} names, never
 * from the file (pipeline files are committed).
 */
public final class LiveLoadPrometheus {
  static final Set<String> KEYS = Set.of("url", "query", "weeks", "step", "bearer_token_env");
  static final String FIELD = "live_load.prometheus";
  static final int DEFAULT_WEEKS = 4;
  static final Duration DEFAULT_STEP = Duration.ofMinutes(15);
  private static final long WEEK = 7 * 24 * 3600L;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private LiveLoadPrometheus() {}

  /** What was read: the week folded, and the series as the CSV the plan saves. */
  record Read(LiveLoadCsv.Week week, String csv, String source) {}

  /** Where and what to read, as the file says. */
  record Query(URI url, String promql, int weeks, Duration step, String tokenEnv) {
    /** The range read at {@code now}: whole weeks ending at the last step boundary. */
    Instant end(Instant now) {
      long s = step.toSeconds();
      return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), s) * s);
    }

    Instant start(Instant now) {
      return end(now).minusSeconds(weeks * WEEK);
    }
  }

  static Read read(Section p, ZoneId zone, Instant now, Function<String, String> env) {
    Query q = query(p);
    String token = null;
    if (q.tokenEnv() != null) {
      token = env.apply(q.tokenEnv());
      if (token == null || token.isBlank()) {
        throw p.error(
            "bearer_token_env",
            p.line("bearer_token_env"),
            "names " + q.tokenEnv() + ", which is not set in the environment",
            "export " + q.tokenEnv() + "=<the token> before running loadgate");
      }
    }
    Instant start = q.start(now);
    Instant end = q.end(now);
    List<PrometheusClient.Series> series;
    try {
      // The last point sits one step before the end: each point covers [t, t + step).
      series =
          new PrometheusClient(q.url(), token, TIMEOUT)
              .queryRange(q.promql(), start, end.minus(q.step()), q.step());
    } catch (PrometheusException e) {
      boolean query = e.kind() == PrometheusException.Kind.REFUSED;
      throw p.error(
          query ? "query" : "url",
          p.line(query ? "query" : "url"),
          e.getMessage(),
          query
              ? "try the query in Prometheus' graph page first"
              : "check the url (the server's base, like http://prometheus:9090) and that it is up;"
                  + " or export the week as CSV and use live_load.csv");
    }
    String csv = csv(p, q, series, start, end, Instant.now());
    Path name =
        p.file() == null ? Path.of("live-load.csv") : p.file().resolveSibling("live-load.csv");
    LiveLoadCsv.Week week = LiveLoadCsv.parse(name, csv, zone);
    return new Read(week, csv, "prometheus " + q.url());
  }

  static Query query(Section p) {
    String url = p.string("url").orElseThrow(() -> missing(p, "url", "http://prometheus:9090"));
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw p.error(
          "url",
          p.line("url"),
          "'" + url + "' is not an http(s) URL",
          "the Prometheus server's base URL, like http://prometheus:9090");
    }
    if (uri.getUserInfo() != null) {
      throw p.error(
          "url",
          p.line("url"),
          "carries a user and password",
          "keep credentials out of the file: bearer_token_env names an environment variable");
    }
    String promql =
        p.string("query")
            .filter(s -> !s.isBlank())
            .orElseThrow(() -> missing(p, "query", "sum(rate(capture_events_received_total[5m]))"));
    long weeks = p.whole("weeks", 1).orElse((long) DEFAULT_WEEKS);
    if (weeks > 52) {
      throw p.error(
          "weeks", p.line("weeks"), "is " + weeks + ": more than a year", "4 weeks is plenty");
    }
    Duration step = p.duration("step").orElse(DEFAULT_STEP);
    if (step.toSeconds() < 1 || step.toSeconds() > 3600 || step.getNano() != 0) {
      throw p.error(
          "step",
          p.line("step"),
          "must be whole seconds from 1 s to 1 h, found " + Durations.format(step),
          "15m is a good step: fine enough for the hours, small enough to read fast");
    }
    String tokenEnv = p.string("bearer_token_env").orElse(null);
    if (tokenEnv != null && !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw p.error(
          "bearer_token_env",
          p.line("bearer_token_env"),
          "'" + tokenEnv + "' is not an environment variable's name",
          "the variable's name, like PROMETHEUS_TOKEN, never the token itself");
    }
    return new Query(uri, promql, (int) weeks, step, tokenEnv);
  }

  /**
   * The one series as {@code timestamp,events_per_second} rows from {@code start} at every step
   * before {@code end}. No series, several, a gap or a value that is not a rate: one error each,
   * naming the query.
   */
  static String csv(
      Section p,
      Query q,
      List<PrometheusClient.Series> series,
      Instant start,
      Instant end,
      Instant readAt) {
    if (series.isEmpty()) {
      throw p.error(
          "query",
          p.line("query"),
          "returned no data from " + start + " to " + end,
          "check the metric's name and labels in Prometheus' graph page over that range");
    }
    if (series.size() > 1) {
      String names =
          series.stream()
              .limit(3)
              .map(PrometheusClient.Series::describe)
              .collect(Collectors.joining(", "));
      throw p.error(
          "query",
          p.line("query"),
          "returned "
              + series.size()
              + " series ("
              + names
              + (series.size() > 3 ? ", ..." : "")
              + "): the live load is one",
          "add them up in the query: sum(...)");
    }
    PrometheusClient.Series s = series.get(0);
    long step = q.step().toSeconds();
    long expected = start.getEpochSecond();
    StringBuilder out = new StringBuilder();
    out.append("# live load read from Prometheus by loadgate; plan from it again with")
        .append(" live_load.csv: live-load.csv\n")
        .append("# url: ")
        .append(q.url())
        .append('\n')
        .append("# query: ")
        .append(q.promql().replace('\n', ' '))
        .append('\n')
        .append("# read at: ")
        .append(readAt)
        .append(", from ")
        .append(start)
        .append(" to ")
        .append(end)
        .append(", step ")
        .append(Durations.format(q.step()))
        .append('\n')
        .append("timestamp,events_per_second\n");
    for (int i = 0; i < s.times().length; i++) {
      long t = s.times()[i];
      if (t != expected) {
        throw gap(p, expected, t, step);
      }
      double v = s.values()[i];
      if (!Double.isFinite(v) || v < 0) {
        throw p.error(
            "query",
            p.line("query"),
            "gave " + v + " at " + Instant.ofEpochSecond(t) + ": not an events/s rate",
            "a rate of events per second, like sum(rate(capture_events_received_total[5m]))");
      }
      out.append(Instant.ofEpochSecond(t)).append(',').append(v).append('\n');
      expected = t + step;
    }
    if (expected < end.getEpochSecond()) {
      throw gap(p, expected, end.getEpochSecond(), step);
    }
    return out.toString();
  }

  private static ProfileException gap(Section p, long from, long to, long step) {
    long steps = (to - from) / step;
    return p.error(
        "query",
        p.line("query"),
        "has a gap: no value from "
            + Instant.ofEpochSecond(from)
            + " to "
            + Instant.ofEpochSecond(to)
            + " ("
            + steps
            + (steps == 1 ? " step" : " steps")
            + ")",
        "the plan needs every hour of the week: move the range (weeks), or export the weeks"
            + " without the outage as CSV (live_load.csv)");
  }

  private static ProfileException missing(Section p, String key, String example) {
    return p.error(key, p.line(), "is missing", FIELD + "." + key + ": " + example);
  }
}
