package dev.loadgate.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.report.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code reports/nightly/history.jsonl}: every night the gate measured, one JSON line each, oldest
 * first. A baseline is taken from the last few of them, never from one.
 */
public final class History {
  private History() {}

  /**
   * One night: when it started, the commit it measured ("" when it did not know), and its metrics
   * (a number or a text each).
   */
  public record Night(String startedAt, String commit, Map<String, Object> metrics) {
    public Night {
      metrics = new TreeMap<>(metrics);
    }
  }

  /** Every night in the file, oldest first; none when there is no file. Blank lines are skipped. */
  public static List<Night> read(Path file) throws IOException {
    List<Night> nights = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return nights;
    }
    int line = 0;
    for (String text : Files.readAllLines(file)) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = PlanJson.MAPPER.readTree(text);
      } catch (IOException e) {
        throw new IOException(file + ":" + line + ": not a night's JSON: " + e.getMessage(), e);
      }
      nights.add(
          new Night(n.path("started_at").asText(""), n.path("commit").asText(""), metrics(n)));
    }
    return nights;
  }

  /** A night's {@code metrics} object: numbers as doubles, anything else as text. */
  static Map<String, Object> metrics(JsonNode night) {
    Map<String, Object> m = new TreeMap<>();
    night
        .path("metrics")
        .fields()
        .forEachRemaining(
            e ->
                m.put(
                    e.getKey(),
                    e.getValue().isNumber()
                        ? (Object) e.getValue().asDouble()
                        : e.getValue().asText()));
    return m;
  }

  /** The last {@code n} nights (all of them when there are fewer). */
  public static List<Night> last(List<Night> nights, int n) {
    return nights.subList(Math.max(0, nights.size() - n), nights.size());
  }
}
