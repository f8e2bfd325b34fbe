package dev.loadgate.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.profile.ProfileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads JMH's JSON result file and finds the consumer benchmark's scores. */
public final class JmhResults {
  static final String CONSUMER = "dev.loadgate.bench.ConsumerBenchmark.processOneEvent";

  private final Path file;
  private final JsonNode results;

  private JmhResults(Path file, JsonNode results) {
    this.file = file;
    this.results = results;
  }

  /** {@code from} is a jmh.json file or a directory holding one (reports/benchmarks/latest). */
  public static JmhResults read(Path from) {
    Path file = Files.isDirectory(from) ? from.resolve("jmh.json") : from;
    if (!Files.isRegularFile(file)) {
      throw new ProfileException(
          file,
          0,
          "",
          "no JMH results",
          "run: mvn test-compile exec:exec@jmh -Djmh.args=\"ConsumerBenchmark\"");
    }
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      if (root == null || !root.isArray()) {
        throw new ProfileException(
            file,
            0,
            "",
            "not a JMH JSON result file (expected an array)",
            "JMH writes it with -rf json");
      }
      return new JmhResults(file, root);
    } catch (IOException e) {
      throw new ProfileException(
          file, 0, "", "cannot be read as JSON: " + e.getMessage(), "JMH writes it with -rf json");
    }
  }

  /** The consumer benchmark's score for an event mix, over many distinct_ids. */
  public Calibration.Score consumer(String mix) {
    Calibration.Score s = consumer(mix, "many");
    if (s != null) {
      return s;
    }
    throw new ProfileException(
        file,
        0,
        "",
        "no ConsumerBenchmark result for mix=" + mix + ", spread=many",
        "run: mvn test-compile exec:exec@jmh -Djmh.args=\"ConsumerBenchmark\"");
  }

  /** The consumer benchmark's score for a mix and a spread, or null when it was not run. */
  Calibration.Score consumer(String mix, String spread) {
    for (JsonNode r : results) {
      JsonNode params = r.path("params");
      if (CONSUMER.equals(r.path("benchmark").asText())
          && mix.equals(params.path("mix").asText())
          && spread.equals(params.path("spread").asText())) {
        JsonNode m = r.path("primaryMetric");
        double error = m.path("scoreError").asDouble(0);
        return new Calibration.Score(
            m.path("score").asDouble(), Double.isFinite(error) ? error : 0);
      }
    }
    return null;
  }

  /** With the personless mix and one person measured, persons are calibrated too. */
  public Calibration.Result calibrate() {
    Calibration.Score personless = consumer("pageview_personless", "many");
    Calibration.Score onePerson = consumer("pageview", "one_person");
    Calibration.Score onePersonless = consumer("pageview_personless", "one_person");
    if (personless == null || onePerson == null || onePersonless == null) {
      return Calibration.of(
          consumer("pageview"), consumer("identify_heavy"), consumer("pageview_apps"));
    }
    return Calibration.of(
        consumer("pageview"),
        consumer("identify_heavy"),
        consumer("pageview_apps"),
        personless,
        onePerson,
        onePersonless);
  }
}
