package dev.loadgate.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.report.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code reports/baseline/nightly.json}: the value each nightly metric had when a person last
 * approved it, with the tolerance it is held to. One metric per line, sorted, so a baseline update
 * reads as a plain diff in review. Tolerances are text a reviewer can edit:
 *
 * <ul>
 *   <li>{@code exact}: the same value (verdicts, classifications, lost events);
 *   <li>{@code abs X}: within ±X of the baseline (shares);
 *   <li>{@code rel X}: within ±X × the baseline (benchmark ratios, latencies);
 *   <li>{@code max X}: at most X, whatever the baseline (a share error, ordering violations);
 *   <li>{@code drop X}: not below (1 − X) × the baseline; rises are reported, not gated (benchmark
 *       throughput: a speed-up is not a regression).
 * </ul>
 */
public record Baseline(Map<String, Entry> metrics) {

  /** A metric's approved value (a number or a text) and its tolerance. */
  public record Entry(Object value, String tolerance) {}

  public Baseline {
    metrics = new TreeMap<>(metrics);
  }

  public static Baseline read(Path file) throws IOException {
    JsonNode root = PlanJson.MAPPER.readTree(file.toFile());
    Map<String, Entry> m = new TreeMap<>();
    root.path("metrics")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue().path("value");
              m.put(
                  e.getKey(),
                  new Entry(
                      v.isNumber() ? (Object) v.asDouble() : v.asText(),
                      e.getValue().path("tolerance").asText("exact")));
            });
    return new Baseline(m);
  }

  /** Writes the baseline with one metric per line, sorted, so an update reads as a plain diff. */
  public void write(Path file) throws IOException {
    StringBuilder j = new StringBuilder("{\n  \"about\": ");
    j.append(
            quote(
                "Nightly baseline: approved values and tolerances. Rewrite with `loadgate baseline"
                    + " --update` after deciding a change is intended; edit a tolerance by hand to"
                    + " loosen or tighten it (exact, abs X, rel X, max X, drop X)."))
        .append(",\n  \"metrics\": {\n");
    int i = 0;
    for (Map.Entry<String, Entry> e : metrics.entrySet()) {
      Object v = e.getValue().value();
      j.append("    ")
          .append(quote(e.getKey()))
          .append(": {\"value\": ")
          .append(
              v instanceof Number n
                  ? PlanJson.MAPPER.writeValueAsString(n.doubleValue())
                  : quote(String.valueOf(v)))
          .append(", \"tolerance\": ")
          .append(quote(e.getValue().tolerance()))
          .append(++i < metrics.size() ? "},\n" : "}\n");
    }
    j.append("  }\n}\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, j.toString());
  }

  private static String quote(String s) throws IOException {
    return PlanJson.MAPPER.writeValueAsString(s);
  }

  /** A new baseline from a night's results, each metric with its default tolerance. */
  public static Baseline of(Map<String, Object> results, Baseline previous) {
    Map<String, Entry> m = new TreeMap<>();
    results.forEach(
        (name, value) -> {
          // A tolerance a person tuned survives the update.
          String tolerance =
              previous != null && previous.metrics().containsKey(name)
                  ? previous.metrics().get(name).tolerance()
                  : Metrics.defaultTolerance(name);
          m.put(name, new Entry(value, tolerance));
        });
    return new Baseline(m);
  }
}
