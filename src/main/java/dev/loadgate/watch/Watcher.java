package dev.loadgate.watch;

import dev.loadgate.profile.WatchQueries;
import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.prometheus.PrometheusException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code loadgate watch}'s loop (SPEC §10): every {@code interval} it asks Prometheus for each
 * measure, sets it beside the plan's prediction at that moment of the load, prints one line, and
 * keeps the poll. Production has left the plan when two polls in a row are outside its tolerance
 * ({@link WatchRules}), or once the delay passes the policy while the plan said it would not: then
 * the line says "stop the test".
 */
public final class Watcher {
  /** Time as the loop sees it: the wall clock, or a test's. */
  public interface Clock {
    Instant now();

    void sleepUntil(Instant t) throws InterruptedException;

    Clock SYSTEM =
        new Clock() {
          @Override
          public Instant now() {
            return Instant.now();
          }

          @Override
          public void sleepUntil(Instant t) throws InterruptedException {
            long ms = Duration.between(Instant.now(), t).toMillis();
            if (ms > 0) {
              Thread.sleep(ms);
            }
          }
        };
  }

  /**
   * @param start when the load starts
   * @param end when watching stops
   * @param interval between polls
   * @param lookback seconds of prediction each poll is held to (the queries' windows)
   * @param time the replay's time scale, 1 in production
   */
  public record Settings(
      Instant start, Instant end, Duration interval, double lookback, double time) {}

  /** One poll: what was measured, what the plan said then, and the verdict. */
  public record Poll(Measurement measured, Prediction.Moment predicted, WatchRules.Check check) {}

  /**
   * @param exitCode 0 within the plan, 1 it left it
   * @param leftAt the first poll of the first two outside in a row, or null
   * @param stopAt the first poll that said "stop the test", or null
   */
  public record Result(List<Poll> polls, int exitCode, Instant leftAt, Instant stopAt) {
    public Result {
      polls = List.copyOf(polls);
    }
  }

  /** Called after each poll (the report is rewritten, so an interrupted watch leaves one). */
  public interface Listener {
    void polled(List<Poll> polls);
  }

  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrometheusClient prometheus;
  private final WatchQueries queries;
  private final Prediction plan;
  private final Settings settings;
  private final Clock clock;

  public Watcher(
      PrometheusClient prometheus,
      WatchQueries queries,
      Prediction plan,
      Settings settings,
      Clock clock) {
    this.prometheus = prometheus;
    this.queries = queries;
    this.plan = plan;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Watches until {@code settings.end}. A server that cannot be reached, or a query it refuses, on
   * the first poll throws {@link PrometheusException} (exit 2: nothing was watched); later it is a
   * poll with its measures missing, said on its line.
   */
  public Result run(PrintWriter out, Listener listener) throws InterruptedException {
    List<Poll> polls = new ArrayList<>();
    Instant leftAt = null;
    Instant stopAt = null;
    Instant outsideSince = null;
    Instant next = clock.now();
    if (next.isBefore(settings.start())) {
      out.println(HMS.format(next) + "  waiting for the load's start at " + settings.start());
      out.flush();
      next = settings.start();
    }
    while (!next.isAfter(settings.end())) {
      clock.sleepUntil(next);
      Instant at = clock.now();
      double t = Duration.between(settings.start(), at).toMillis() / 1000.0;
      Measurement m = measure(at, t, polls.isEmpty());
      Prediction.Moment p = plan.at(Math.max(0, t));
      WatchRules.Check c = WatchRules.check(plan, m, settings.lookback(), settings.time());
      polls.add(new Poll(m, p, c));
      if (c.status() == WatchRules.Status.STOP && stopAt == null) {
        stopAt = at;
      }
      if (c.status() == WatchRules.Status.OK) {
        outsideSince = null;
      } else if (outsideSince == null) {
        outsideSince = at;
      } else if (leftAt == null) {
        leftAt = outsideSince;
      }
      out.println(line(m, p, c));
      out.flush();
      listener.polled(polls);
      next = next.plus(settings.interval());
    }
    int exit = leftAt != null || stopAt != null ? 1 : 0;
    return new Result(polls, exit, leftAt, stopAt);
  }

  Measurement measure(Instant at, double t, boolean first) {
    List<String> missing = new ArrayList<>();
    double offered = one("offered", queries.offered(), at, missing, first);
    Map<String, Double> consumers = byLane("consumers", queries.consumers(), at, missing, first);
    Map<String, Double> lag = byLane("lag", queries.lag(), at, missing, first);
    double worst = Double.NaN;
    String partition = null;
    List<PrometheusClient.Sample> w =
        samples("worst partition", queries.worstPartitionLag(), at, missing, first);
    if (!w.isEmpty()) {
      PrometheusClient.Sample top = w.get(0);
      for (PrometheusClient.Sample s : w) {
        top = s.value() > top.value() ? s : top;
      }
      worst = top.value();
      partition = top.labels().get("partition");
    }
    double delay = one("delay", queries.delay(), at, missing, first);
    return new Measurement(at, t, offered, consumers, lag, worst, partition, delay, missing);
  }

  private double one(String name, String query, Instant at, List<String> missing, boolean first) {
    List<PrometheusClient.Sample> s = samples(name, query, at, missing, first);
    if (s.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (PrometheusClient.Sample x : s) {
      sum += x.value();
    }
    return sum;
  }

  private Map<String, Double> byLane(
      String name, String query, Instant at, List<String> missing, boolean first) {
    Map<String, Double> lanes = new TreeMap<>();
    for (PrometheusClient.Sample s : samples(name, query, at, missing, first)) {
      String lane = s.labels().getOrDefault(queries.laneLabel(), "main");
      lanes.merge(lane, s.value(), Double::sum);
    }
    return lanes;
  }

  private List<PrometheusClient.Sample> samples(
      String name, String query, Instant at, List<String> missing, boolean first) {
    try {
      List<PrometheusClient.Sample> s = prometheus.query(query, at);
      List<PrometheusClient.Sample> finite = new ArrayList<>();
      for (PrometheusClient.Sample x : s) {
        if (Double.isFinite(x.value())) {
          finite.add(x);
        }
      }
      if (finite.isEmpty()) {
        missing.add(name + ": no data");
      }
      return finite;
    } catch (PrometheusException e) {
      if (first) {
        throw new PrometheusException(e.kind(), name + " (" + query + "): " + e.getMessage());
      }
      missing.add(name + ": " + e.getMessage());
      return List.of();
    }
  }

  /** The poll's line: each measure beside the plan's value, then the verdict. */
  String line(Measurement m, Prediction.Moment p, WatchRules.Check c) {
    StringBuilder s = new StringBuilder(HMS.format(m.at())).append("  ").append(clock(m.seconds()));
    if (m.seconds() < 0) {
      return s.append("  the load has not started").toString();
    }
    s.append("  offered ")
        .append(value(m.offeredEventsPerSecond(), WatchRules::rate))
        .append(" (")
        .append(WatchRules.rate(p.receivedEventsPerSecond()))
        .append(")");
    Map<String, Double> consumers = new LinkedHashMap<>(m.consumers());
    s.append("  consumers");
    if (consumers.isEmpty()) {
      s.append(" ?");
    }
    consumers.forEach(
        (lane, n) ->
            s.append(' ')
                .append(lane)
                .append(' ')
                .append(Math.round(n))
                .append(" (")
                .append(p.consumers().getOrDefault(lane, 0))
                .append(')'));
    s.append("  lag ")
        .append(value(m.allLag(), WatchRules::count))
        .append(" (")
        .append(WatchRules.count(p.backlogEvents()))
        .append(")  worst ")
        .append(m.worstPartition() == null ? "" : "p" + m.worstPartition() + " ")
        .append(value(m.worstPartitionLagEvents(), WatchRules::count))
        .append(" (")
        .append(WatchRules.count(p.worstPartitionBacklogEvents()))
        .append(")  delay ")
        .append(value(m.delaySeconds(), WatchRules::seconds))
        .append(" (")
        .append(WatchRules.seconds(p.maxDelaySeconds()))
        .append(")  ");
    switch (c.status()) {
      case OK -> s.append("ok");
      case OUTSIDE -> s.append("OUTSIDE: ").append(String.join("; ", c.outside()));
      case STOP -> s.append("STOP THE TEST: ").append(String.join("; ", c.outside()));
    }
    if (!m.missing().isEmpty()) {
      s.append("  [").append(String.join("; ", m.missing())).append(']');
    }
    return s.toString();
  }

  private static String value(double v, java.util.function.DoubleFunction<String> fmt) {
    return Double.isNaN(v) ? "?" : fmt.apply(v);
  }

  /** Seconds from the load's start as {@code +h:mm:ss} (or {@code -m:ss} before it). */
  static String clock(double seconds) {
    long s = Math.round(Math.abs(seconds));
    String sign = seconds < 0 ? "-" : "+";
    return s >= 3600
        ? String.format(Locale.ROOT, "%s%d:%02d:%02d", sign, s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%s%d:%02d", sign, s / 60, s % 60);
  }
}
