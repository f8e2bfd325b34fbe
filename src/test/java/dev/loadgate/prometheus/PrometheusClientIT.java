package dev.loadgate.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.RealPrometheus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The query API client against a real Prometheus with a backfilled day. */
// Alone: Prometheus and promtool take both cores in bursts, which the timing-sensitive replays
// and the soak beside them do not survive (a clean-clone run failed SimulationIT's overflow share
// and SoakIT's delivery count with them alongside).
@Isolated
class PrometheusClientIT {
  @TempDir Path dir;

  @Test
  void aLongRangeIsReadInWindowsAndJoinedAsOneRangeReadsIt() throws Exception {
    Instant end = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
    Instant start = end.minus(Duration.ofDays(1));
    StringBuilder om = new StringBuilder("# TYPE day_rate gauge\n");
    int steps = 24 * 12;
    for (int i = 0; i < steps; i++) {
      long t = start.plus(Duration.ofMinutes(5L * i)).getEpochSecond();
      om.append("day_rate{lane=\"main\"} ").append(1000 + i).append(' ').append(t).append('\n');
    }
    try (RealPrometheus prom =
        RealPrometheus.start(dir, om + "# EOF\n", List.of(), Duration.ofSeconds(15))) {
      Duration step = Duration.ofMinutes(5);
      Instant last = end.minus(step);
      PrometheusClient whole = new PrometheusClient(prom.url(), null, Duration.ofSeconds(10));
      PrometheusClient.Series one = whole.queryRange("day_rate", start, last, step).get(0);
      assertEquals(steps, one.times().length);
      assertEquals(1000, one.values()[0]);
      assertEquals(1000 + steps - 1, one.values()[steps - 1]);
      assertEquals("{__name__=\"day_rate\", lane=\"main\"}", one.describe());
      // 288 points in windows of 50: six queries, the same series.
      PrometheusClient small =
          new PrometheusClient(prom.url(), "t0ken", Duration.ofSeconds(10), 50);
      List<PrometheusClient.Series> joined = small.queryRange("day_rate", start, last, step);
      assertEquals(1, joined.size());
      assertArrayEquals(one.times(), joined.get(0).times());
      assertArrayEquals(one.values(), joined.get(0).values());
      assertEquals(Map.of("__name__", "day_rate", "lane", "main"), joined.get(0).labels());

      List<PrometheusClient.Sample> now = whole.query("sum(day_rate)", last);
      assertEquals(1000 + steps - 1, now.get(0).value());
      assertEquals(2.0, whole.query("1 + 1", last).get(0).value());
      PrometheusException bad =
          assertThrows(PrometheusException.class, () -> whole.query("sum(", last));
      assertTrue(
          bad.getMessage().startsWith("Prometheus refused the query (bad_data)"), bad.getMessage());
      assertEquals(PrometheusException.Kind.REFUSED, bad.kind());
      PrometheusException notApi =
          assertThrows(
              PrometheusException.class,
              () ->
                  new PrometheusClient(
                          URI.create(prom.url() + "/graph/"), null, Duration.ofSeconds(5))
                      .query("up", last));
      assertTrue(notApi.getMessage().contains("without Prometheus' JSON"), notApi.getMessage());
      assertEquals(PrometheusException.Kind.NOT_THE_API, notApi.kind());
    }
  }
}
