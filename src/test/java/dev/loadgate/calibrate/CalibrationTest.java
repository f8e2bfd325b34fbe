package dev.loadgate.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.cli.Main;
import dev.loadgate.plan.ConsumerMix;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration on a fixed JMH result file: pageview 2,000 ± 100 ev/s, identify_heavy (half
 * $identify) 800 ± 40, pageview with apps 1,600 ± 80. By hand: 1/800 = 0.5/2000 + 0.5/r, so
 * r($identify) = 500; apps cost factor 2000/1600 = 1.25. (The one_person row must be ignored.)
 */
class CalibrationTest {
  private static final Path FIXTURE = Path.of("src/test/resources/calibration/jmh.json");

  @TempDir Path dir;

  @Test
  void consumerScoresBecomePipelineNumbers() {
    Calibration.Result c = JmhResults.read(FIXTURE).calibrate();
    assertEquals(2000, c.defaultRate().mean(), 1e-9);
    assertEquals(100, c.defaultRate().error(), 1e-9);
    assertEquals(500, c.identifyRate().mean(), 1e-9);
    assertEquals(1.25, c.appsCostFactor().mean(), 1e-9);
    // The error bar comes from the intervals' ends, by hand from 1/m = 0.5/p + 0.5/r:
    //   (p, m) = (1900, 840): r = 0.5 / (1/840 - 0.5/1900) = 19950/37 = 539.19
    //   (p, m) = (2100, 760): r = 0.5 / (1/760 - 0.5/2100) = 19950/43 = 463.95
    // the wider side is 539.19 - 500 = 1450/37 = 39.19 ev/s.
    assertEquals(1450.0 / 37, c.identifyRate().error(), 1e-9);
    // The apps factor's ends: 1900 / 1680 = 1.131 and 2100 / 1520 = 1.382 around 1.25; the wider
    // side is 2100 / 1520 - 1.25 = 5/38.
    assertEquals(5.0 / 38, c.appsCostFactor().error(), 1e-9);
  }

  @Test
  void calibrateWritesAPipelineFileThePlanReadsBack() throws Exception {
    Path out = dir.resolve("calibrated.yaml");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(o),
            new PrintWriter(e),
            "calibrate",
            "--from",
            FIXTURE.toString(),
            "--out",
            out.toString());
    assertEquals(0, exit, e.toString());
    Pipeline p = PipelineLoader.load(out);
    assertEquals(2000, p.consumerRate("$pageview"), 1e-9);
    assertEquals(500, p.consumerRate("$identify"), 1e-9);
    assertEquals(500, p.consumerRate("$merge_dangerously"), 1e-9);
    assertEquals(1.25, p.appsCostFactor(), 1e-9);
    assertEquals(64, p.partitions(), "the rest is copied from profiles/pipeline.yaml");
    // The benchmark's own mix planned with the calibrated file gives back the measured 800 ev/s.
    assertEquals(
        800,
        ConsumerMix.eventsPerSecond(Map.of("$pageview", 0.5, "$identify", 0.5), p, false),
        1e-9);
    assertEquals(1600, ConsumerMix.eventsPerSecond(Map.of("$pageview", 1.0), p, true), 1e-9);
  }

  @Test
  void missingResultsAreExitTwoWithAHint() {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int exit =
        Main.run(new PrintWriter(o), new PrintWriter(e), "calibrate", "--from", dir.toString());
    assertEquals(2, exit);
    assertTrue(
        e.toString().contains("no JMH results (hint: run: mvn test-compile exec:exec@jmh"),
        e.toString());
  }

  /**
   * With persons measured: personless pageview over many ids 2,500 ± 125 against pageview 2,000 ±
   * 100 gives personless_cost_factor 2000/2500 = 0.8, its ends 1900/2625 = 0.724 and 2100/2375 =
   * 0.884, so ± 2100/2375 − 0.8 = 0.0842; one key's events one after another run at 300 ev/s with
   * persons and 900 without, and those become consumer.per_key_events_per_second.
   */
  @Test
  void personsCalibratedFromOneKeyAndThePersonlessMix() throws Exception {
    Path fixture = Path.of("src/test/resources/calibration/jmh-persons.json");
    Calibration.Result c = JmhResults.read(fixture).calibrate();
    assertEquals(0.8, c.personlessCostFactor().mean(), 1e-9);
    assertEquals(2100.0 / 2375 - 0.8, c.personlessCostFactor().error(), 1e-9);
    assertEquals(300, c.personKey().mean(), 1e-9);
    assertEquals(900, c.personlessKey().mean(), 1e-9);
    assertEquals(2000, c.defaultRate().mean(), 1e-9, "today's numbers unchanged");

    Path out = dir.resolve("persons.yaml");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(o),
            new PrintWriter(e),
            "calibrate",
            "--from",
            fixture.toString(),
            "--out",
            out.toString());
    assertEquals(0, exit, e.toString());
    Pipeline p = PipelineLoader.load(out);
    assertEquals(0.8, p.personlessCostFactor(), 1e-9);
    assertEquals(300, p.consumer().personPerKey(), 1e-9);
    assertEquals(900, p.consumer().personlessPerKey(), 1e-9);
    assertEquals(500, p.consumer().batchSize(), "the batch size: the base file's, or 500");
  }

  @Test
  void withoutThePersonlessMixPersonsAreLeftAsTheyWere() {
    Calibration.Result c = JmhResults.read(FIXTURE).calibrate();
    assertEquals(null, c.personlessCostFactor());
    assertEquals(null, c.personKey());
  }
}
