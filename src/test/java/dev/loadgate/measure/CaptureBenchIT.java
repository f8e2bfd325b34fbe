package dev.loadgate.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.PipelineLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The capture benchmark end to end, briefly: a stack of its own, an external generator, Kafka's
 * ProducerPerformance on the same broker. The figures are the bench's business; this holds that
 * each one is measured, with the consumers and without (events answered 200 and none refused,
 * records Kafka acknowledged, both processes' RSS read) and that the reference really ran on that
 * broker's topic.
 */
// Alone: it saturates both cores on purpose, for a minute (59-73 s measured), so it runs in the
// nightly build (mvn verify -Pnightly) rather than in every mvn verify; BenchLoadIT checks the
// bench's Java generator against capture's own counts in every build.
@Isolated
@Tag("nightly")
class CaptureBenchIT {
  private static void check(CaptureBench.Generator g, String expected) throws Exception {
    List<String> lines = new ArrayList<>();
    List<CaptureBench.Run> runs =
        CaptureBench.run(
            PipelineLoader.load(Path.of("profiles/pipeline.yaml")),
            // A short warm-up: a cold stack's first answers can take longer than 3 s, and wrk
            // counts only what is answered within its run.
            new CaptureBench.Options(Duration.ofSeconds(4), Duration.ofSeconds(3), 8, 1, g, 2),
            lines::add);
    String log = String.join("\n", lines);
    assertEquals(1, runs.size(), log);
    CaptureBench.Run r = runs.get(0);
    assertEquals(expected, r.generator());
    assertEquals(CaptureBench.meanEventBytes(), r.recordBytes());
    assertEquals(2, r.stack().consumers());
    assertEquals(0, r.captureAlone().consumers());
    for (CaptureBench.Measured m : List.of(r.stack(), r.captureAlone())) {
      assertEquals(0, m.failedRequests(), log);
      assertTrue(m.captureEvents() >= 100 && m.captureEvents() % 100 == 0, m + "\n" + log);
      assertTrue(m.captureSeconds() > 2 && m.captureSeconds() < 10, m.toString());
      // At least the 500,000-record warm-up's worth: the measured run is sized from it.
      assertTrue(m.referenceRecords() >= 500_000, m.toString());
      assertTrue(m.referenceRecordsPerSecond() > 0, m.toString());
      assertTrue(m.stackRssKb() > 50_000 && m.brokerRssKb() > 50_000, "RSS read from /proc: " + m);
      assertTrue(m.startupSeconds() > 0 && m.startupSeconds() < 120, m.toString());
    }
    // The second stack really ran without consumers: the first one's log says it drained.
    assertTrue(log.contains("waiting for the consumers to drain"), log);
    assertEquals(1, log.split("waiting for the consumers to drain", -1).length - 1, log);
  }

  /**
   * With the generator the bench picks on this machine: wrk where it is installed, else the Java
   * client ({@code BenchLoadIT} checks that one's counts on every machine).
   */
  @Test
  void theGeneratorThisMachineUsesAndProducerPerformanceBothMeasure() throws Exception {
    CaptureBench.Generator g = CaptureBench.resolve(CaptureBench.Generator.AUTO);
    check(g, g == CaptureBench.Generator.WRK ? "wrk" : "java");
  }
}
