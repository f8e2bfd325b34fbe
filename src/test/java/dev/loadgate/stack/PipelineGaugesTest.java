package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.RealPrometheus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The gauges {@code watch} reads, as the stack exposes them: hand-counted buckets, and Prometheus'
 * own {@code promtool check metrics} accepting the text.
 */
class PipelineGaugesTest {
  static String exposition() {
    PipelineGauges g = new PipelineGauges();
    Histogram first = new Histogram(3);
    first.recordValue(40_000); // 0.04 s
    first.recordValue(300_000); // 0.3 s
    Histogram second = new Histogram(3);
    second.recordValue(4_000_000); // 4 s
    second.recordValue(700_000_000); // 700 s: past every finite bucket
    g.add(first);
    g.add(second);
    long[][] backlog = {{0, 12}, {3, 0}, {0, 0}};
    return g.prometheus(Map.of("main", 3, "overflow", 1), 4, 2, backlog);
  }

  static long value(String text, String series) {
    return text.lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToLong(l -> Math.round(Double.parseDouble(l.substring(series.length() + 1))))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
  }

  static double sum(String text) {
    String name = "loadgate_ingestion_delay_seconds_sum ";
    return text.lines()
        .filter(l -> l.startsWith(name))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length())))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void bucketsCountEveryEventAtOrBelowTheirBound() {
    String t = exposition();
    assertEquals(0, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"0.025\"}"));
    assertEquals(1, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"0.05\"}"));
    assertEquals(2, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"0.5\"}"));
    assertEquals(3, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"5\"}"));
    assertEquals(3, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"600\"}"));
    assertEquals(4, value(t, "loadgate_ingestion_delay_seconds_bucket{le=\"+Inf\"}"));
    assertEquals(4, value(t, "loadgate_ingestion_delay_seconds_count"));
    // The sum is HdrHistogram's (3 significant digits): 0.04 + 0.3 + 4 + 700 within 0.1%.
    assertEquals(704.34, sum(t), 0.001 * 704.34);
    assertEquals(700, value(t, "loadgate_ingestion_delay_max_seconds"), "the last second's");
    assertEquals(3, value(t, "loadgate_consumers{lane=\"main\"}"));
    assertEquals(1, value(t, "loadgate_consumers{lane=\"overflow\"}"));
    assertEquals(2, value(t, "loadgate_capture_replicas"));
    assertEquals(
        12,
        value(
            t,
            "loadgate_partition_lag_events{lane=\"main\",topic=\"events_plugin_ingestion\","
                + "partition=\"1\"}"));
    assertEquals(
        3,
        value(
            t,
            "loadgate_partition_lag_events{lane=\"overflow\","
                + "topic=\"events_plugin_ingestion_overflow\",partition=\"0\"}"));
  }

  @Test
  void oneGroupIsTheMainLane() {
    String t = new PipelineGauges().prometheus(Map.of(), 5, 1, new long[][] {{0}, {0}, {0}});
    assertEquals(5, value(t, "loadgate_consumers{lane=\"main\"}"));
    assertTrue(t.contains("loadgate_ingestion_delay_seconds_count 0"), t);
  }

  @Test
  void prometheusOwnLinterAcceptsTheText() throws Exception {
    RealPrometheus.assumeInstalled();
    Process p =
        new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(exposition().getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), said);
  }
}
