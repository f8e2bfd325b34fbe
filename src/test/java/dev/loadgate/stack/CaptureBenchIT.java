package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.PipelineLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The capture benchmark end to end, briefly: a stack of its own, an external generator, Kafka's
 * ProducerPerformance on the same broker. The figures are the bench's business; this holds that
 * each one is measured (events answered 200 and none refused, records Kafka acknowledged, both
 * processes' RSS read) and that the reference really ran on that broker's topic.
 */
class CaptureBenchIT {
  private static void check(CaptureBench.Generator g, String expected) throws Exception {
    List<String> lines = new ArrayList<>();
    List<CaptureBench.Run> runs =
        CaptureBench.run(
            PipelineLoader.load(Path.of("profiles/pipeline.yaml")),
            // A short warm-up: a cold stack's first answers can take longer than 3 s, and wrk
            // counts only what is answered within its run.
            new CaptureBench.Options(Duration.ofSeconds(4), Duration.ofSeconds(3), 8, 1, g),
            lines::add);
    String log = String.join("\n", lines);
    assertEquals(1, runs.size(), log);
    CaptureBench.Run r = runs.get(0);
    assertEquals(expected, r.generator());
    assertEquals(0, r.failedRequests(), log);
    assertTrue(r.captureEvents() >= 100 && r.captureEvents() % 100 == 0, r + "\n" + log);
    assertTrue(r.captureSeconds() > 2 && r.captureSeconds() < 10, r.toString());
    // At least the 500,000-record warm-up's worth: the measured run is sized from it.
    assertTrue(r.referenceRecords() >= 500_000, r.toString());
    assertTrue(r.referenceRecordsPerSecond() > 0, r.toString());
    assertEquals(CaptureBench.meanEventBytes(), r.recordBytes());
    assertTrue(r.stackRssKb() > 50_000 && r.brokerRssKb() > 50_000, "RSS read from /proc: " + r);
    assertTrue(r.startupSeconds() > 0 && r.startupSeconds() < 120, r.toString());
  }

  @Test
  void theJavaGeneratorAndProducerPerformanceBothMeasure() throws Exception {
    check(CaptureBench.Generator.JAVA, "java");
  }

  @Test
  void wrkWhereItIsInstalled() throws Exception {
    Assumptions.assumeTrue(
        CaptureBench.resolve(CaptureBench.Generator.AUTO) == CaptureBench.Generator.WRK,
        "wrk is not on the PATH");
    check(CaptureBench.Generator.WRK, "wrk");
  }
}
