package dev.loadgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.WatchQueries;
import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.RealPrometheus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code watch}'s loop against a real Prometheus holding what the local stack would have exported
 * while production followed a real plan (example.yaml on the shipped pipeline), second by second:
 * once as the plan said, once with the delay growing past the policy from the 20th minute. The
 * default queries (rates, {@code topk}, {@code max_over_time}) are answered by Prometheus itself;
 * the clock walks through the backfilled hour instead of waiting for it.
 */
// Alone: Prometheus and promtool take both cores in bursts, which the timing-sensitive replays
// and the soak beside them do not survive (a clean-clone run failed SimulationIT's overflow share
// and SoakIT's delivery count with them alongside).
@Isolated
class WatchPrometheusIT {
  @TempDir static Path dir;
  static RealPrometheus prometheus;
  static Prediction plan;
  static Instant asPlanned;
  static Instant late;
  static final Duration LENGTH = Duration.ofMinutes(50);

  @BeforeAll
  static void backfill() throws Exception {
    RealPrometheus.assumeInstalled();
    Cli.Result r =
        Cli.run("plan", "--format", "json", "--out", dir.resolve("plan").toString(), "example");
    assertEquals(0, r.exit(), r.err());
    plan = Prediction.read(dir.resolve("plan/plan.json"), 1, 1);
    Instant base = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.HOURS);
    asPlanned = base;
    late = base.plus(Duration.ofHours(1));
    StringBuilder received = new StringBuilder();
    StringBuilder consumers = new StringBuilder();
    StringBuilder lag = new StringBuilder();
    StringBuilder delay = new StringBuilder();
    for (Instant start : List.of(asPlanned, late)) {
      double total = 0;
      for (int s = 0; s < LENGTH.toSeconds(); s++) {
        Prediction.Moment m = plan.at(s);
        long t = start.getEpochSecond() + s;
        total += m.receivedEventsPerSecond();
        double d = m.maxDelaySeconds();
        if (start == late && s >= 1200) {
          d += (s - 1200) * 0.5; // half a second more every second: past 90 s at 21.5 min
        }
        received.append(sample("loadgate_capture_events_received_total", "", total, t));
        for (var lane : m.consumers().entrySet()) {
          consumers.append(
              sample("loadgate_consumers", "lane=\"" + lane.getKey() + "\"", lane.getValue(), t));
        }
        double worst = m.worstPartitionBacklogEvents();
        // Partition 7 the worst by one event (so topk names it even where the plan has none
        // waiting), partition 0 half of it.
        lag.append(
            sample("loadgate_partition_lag_events", "lane=\"main\",partition=\"7\"", worst + 1, t));
        lag.append(
            sample("loadgate_partition_lag_events", "lane=\"main\",partition=\"0\"", worst / 2, t));
        delay.append(sample("loadgate_ingestion_delay_max_seconds", "", d, t));
      }
    }
    // OpenMetrics: each family's type, then its samples together, in time order per series.
    String text =
        "# TYPE loadgate_capture_events_received counter\n"
            + received
            + "# TYPE loadgate_consumers gauge\n"
            + consumers
            + "# TYPE loadgate_partition_lag_events gauge\n"
            + lag
            + "# TYPE loadgate_ingestion_delay_max_seconds gauge\n"
            + delay
            + "# EOF\n";
    prometheus = RealPrometheus.start(dir.resolve("prom"), text, List.of(), Duration.ofSeconds(15));
  }

  static String sample(String name, String labels, double v, long t) {
    return name + (labels.isEmpty() ? "" : "{" + labels + "}") + " " + v + " " + t + "\n";
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** A clock that is wherever the loop asks it to be. */
  static final class Walk implements Watcher.Clock {
    Instant now;

    Walk(Instant start) {
      now = start;
    }

    @Override
    public Instant now() {
      return now;
    }

    @Override
    public void sleepUntil(Instant t) {
      now = t;
    }
  }

  static Watcher.Result watch(Instant start, StringWriter out) throws InterruptedException {
    return watch(start, start.plusSeconds(15), out);
  }

  static Watcher.Result watch(Instant start, Instant now, StringWriter out)
      throws InterruptedException {
    Watcher w =
        new Watcher(
            new PrometheusClient(prometheus.url(), null, Duration.ofSeconds(10)),
            WatchQueries.STACK,
            plan,
            new Watcher.Settings(
                start, start.plus(Duration.ofMinutes(45)), Duration.ofSeconds(15), 25, 1),
            new Walk(now));
    return w.run(new PrintWriter(out), polls -> {});
  }

  @Test
  void productionAsPlannedStaysWithinThePlan() throws Exception {
    StringWriter out = new StringWriter();
    Watcher.Result r = watch(asPlanned, out);
    assertEquals(0, r.exitCode(), out.toString());
    assertNull(r.stopAt());
    assertEquals(180, r.polls().size());
    Watcher.Poll mid = r.polls().get(100);
    // What Prometheus computed from the counters is what the plan predicted (rate over 10 s).
    assertEquals(
        mid.predicted().receivedEventsPerSecond(),
        mid.measured().offeredEventsPerSecond(),
        0.02 * Math.max(1, mid.predicted().receivedEventsPerSecond()),
        out.toString());
    assertEquals("7", mid.measured().worstPartition());
    assertTrue(out.toString().lines().allMatch(l -> l.endsWith("ok")), out.toString());
    // Started a minute early, it waits for the load and polls from its first second.
    StringWriter early = new StringWriter();
    Watcher.Result waited = watch(asPlanned, asPlanned.minusSeconds(60), early);
    assertTrue(
        early
            .toString()
            .startsWith(
                java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(asPlanned.minusSeconds(60))
                    + "  waiting for the load's start at "
                    + asPlanned),
        early.toString().lines().findFirst().orElse(""));
    assertEquals(0.0, waited.polls().get(0).measured().seconds());
    assertEquals(181, waited.polls().size());
  }

  @Test
  void aDelayPastThePolicySaysStopTheTestAtThePollAfterItCrosses() throws Exception {
    StringWriter out = new StringWriter();
    Watcher.Result r = watch(late, out);
    assertEquals(1, r.exitCode());
    assertNotNull(r.stopAt(), out.toString());
    // The delay passes 90 s at 1,200 + (90 - plan's delay) / 0.5 s; the first poll after it says
    // so.
    double crossed = Double.NaN;
    for (int s = 1200; s < 2700; s++) {
      if (plan.at(s).maxDelaySeconds() + (s - 1200) * 0.5 > plan.policySeconds()) {
        crossed = s;
        break;
      }
    }
    double said = Duration.between(late, r.stopAt()).toSeconds();
    assertTrue(
        said >= crossed && said <= crossed + 15, "crossed at " + crossed + ", said at " + said);
    assertTrue(out.toString().contains("STOP THE TEST: the delay, "), out.toString());
    Path report = dir.resolve("report");
    WatchReport.write(
        report,
        new WatchReport.Document(
            plan.profile(),
            plan.verdict(),
            prometheus.url().toString(),
            late,
            1,
            1,
            plan.policySeconds(),
            WatchQueries.STACK.byName(),
            r.polls(),
            r.exitCode(),
            r.leftAt(),
            r.stopAt()));
    String html = Files.readString(report.resolve("watch.html"));
    assertTrue(html.contains("Stop the test"), html.substring(0, 500));
    assertTrue(html.contains("<svg"), "charts inline");
    assertTrue(Files.readString(report.resolve("watch.json")).contains("\"stop_at\" : \""));
  }
}
