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
    for (JsonNode r : results) {
      JsonNode params = r.path("params");
      if (CONSUMER.equals(r.path("benchmark").asText())
          && mix.equals(params.path("mix").asText())
          && "many".equals(params.path("spread").asText())) {
        JsonNode m = r.path("primaryMetric");
        double error = m.path("scoreError").asDouble(0);
        return new Calibration.Score(
            m.path("score").asDouble(), Double.isFinite(error) ? error : 0);
      }
    }
    throw new ProfileException(
        file,
        0,
        "",
        "no ConsumerBenchmark result for mix=" + mix + ", spread=many",
        "run: mvn test-compile exec:exec@jmh -Djmh.args=\"ConsumerBenchmark\"");
  }

  public Calibration.Result calibrate() {
    return Calibration.of(
        consumer("pageview"), consumer("identify_heavy"), consumer("pageview_apps"));
  }
}
