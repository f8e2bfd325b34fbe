package dev.loadgate.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.report.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code reports/baseline/nightly.json}: each nightly metric as it stood over the last nights a
 * person approved, with the tolerance it is held to. A number's value is the median of those
 * nights, and its spread (MAD, range) is kept beside it; a text's value is what the nights said.
 * One metric per line, sorted, so an update reads as a plain diff in review. Tolerances are text a
 * reviewer can edit:
 *
 * <ul>
 *   <li>{@code exact}: the same value (verdicts, classifications, lost events);
 *   <li>{@code abs X}: within ±X of the baseline (shares);
 *   <li>{@code rel X}: within ±X × the baseline (latencies);
 *   <li>{@code max X}: at most X, whatever the baseline (a share error, ordering violations);
 *   <li>{@code drop X}: not below (1 − X) × the baseline; rises are reported, not gated (mutation
 *       scores: more killed is not a regression);
 *   <li>{@code noise K}: not below median − K σ, σ from the nights' spread ({@link Spread}); not
 *       gated while K σ is wider than 25% of the median (benchmarks: see {@link Tolerance});
 *   <li>{@code trend}: reported with its trend, never gated (benchmarks too brief to gate).
 * </ul>
 *
 * @param nights the nights the values were taken from (empty for a baseline written by hand)
 */
public record Baseline(Map<String, Entry> metrics, List<Source> nights) {

  /**
   * A metric's approved value (a number or a text), its tolerance, and its spread over the nights
   * (null for a text, or a baseline from before spreads were kept).
   */
  public record Entry(Object value, String tolerance, Spread spread) {
    public Entry(Object value, String tolerance) {
      this(value, tolerance, null);
    }
  }

  /** A night a baseline was taken from. */
  public record Source(String startedAt, String commit) {}

  /** What an update from nights made, and what a person should know before committing it. */
  public record Update(Baseline baseline, List<String> warnings) {}

  public Baseline {
    metrics = new TreeMap<>(metrics);
    nights = List.copyOf(nights);
  }

  public Baseline(Map<String, Entry> metrics) {
    this(metrics, List.of());
  }

  public static Baseline read(Path file) throws IOException {
    JsonNode root = PlanJson.MAPPER.readTree(file.toFile());
    Map<String, Entry> m = new TreeMap<>();
    root.path("metrics")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode n = e.getValue();
              JsonNode v = n.path("value");
              Spread spread =
                  n.has("nights") && v.isNumber()
                      ? new Spread(
                          v.asDouble(),
                          n.path("mad").asDouble(),
                          n.path("min").asDouble(),
                          n.path("max").asDouble(),
                          n.path("nights").asInt())
                      : null;
              m.put(
                  e.getKey(),
                  new Entry(
                      v.isNumber() ? (Object) v.asDouble() : v.asText(),
                      n.path("tolerance").asText("exact"),
                      spread));
            });
    List<Source> sources = new ArrayList<>();
    for (JsonNode s : root.path("nights")) {
      sources.add(new Source(s.path("started_at").asText(), s.path("commit").asText()));
    }
    return new Baseline(m, sources);
  }

  /** Writes the baseline with one metric per line, sorted, so an update reads as a plain diff. */
  public void write(Path file) throws IOException {
    ObjectWriter line = PlanJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    StringBuilder j = new StringBuilder("{\n  \"about\": ");
    j.append(
            line.writeValueAsString(
                "Nightly baseline: each number the median of the nights below, with its spread"
                    + " (mad, min, max over `nights`). Rewrite with `loadgate baseline --update`"
                    + " (the last nights of reports/nightly/history.jsonl) after deciding a change"
                    + " is intended; edit a tolerance by hand to loosen or tighten it (exact, abs"
                    + " X, rel X, max X, drop X, noise K, trend)."))
        .append(",\n  \"nights\": [");
    for (int i = 0; i < nights.size(); i++) {
      ObjectNode s = PlanJson.MAPPER.createObjectNode();
      s.put("started_at", nights.get(i).startedAt());
      s.put("commit", nights.get(i).commit());
      j.append(i == 0 ? "\n    " : ",\n    ").append(line.writeValueAsString(s));
    }
    j.append(nights.isEmpty() ? "],\n" : "\n  ],\n").append("  \"metrics\": {\n");
    int i = 0;
    for (Map.Entry<String, Entry> e : metrics.entrySet()) {
      j.append("    ")
          .append(line.writeValueAsString(e.getKey()))
          .append(": ")
          .append(line.writeValueAsString(node(e.getValue())))
          .append(++i < metrics.size() ? ",\n" : "\n");
    }
    j.append("  }\n}\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, j.toString());
  }

  private static ObjectNode node(Entry e) {
    ObjectNode n = PlanJson.MAPPER.createObjectNode();
    if (e.value() instanceof Number v) {
      n.put("value", v.doubleValue());
    } else {
      n.put("value", String.valueOf(e.value()));
    }
    n.put("tolerance", e.tolerance());
    if (e.spread() != null) {
      n.put("mad", e.spread().mad());
      n.put("min", e.spread().min());
      n.put("max", e.spread().max());
      n.put("nights", e.spread().nights());
    }
    return n;
  }

  /**
   * A baseline from several nights: each number the median of the nights that measured it, with its
   * spread; each text what most of them said (a warning names a text the nights disagree on, and a
   * metric some nights did not measure). A tolerance a person tuned in {@code previous} survives; a
   * new metric gets {@link Metrics#defaultTolerance}.
   */
  public static Update fromNights(List<History.Night> nights, Baseline previous) {
    Map<String, List<Object>> byMetric = new TreeMap<>();
    for (History.Night n : nights) {
      n.metrics().forEach((k, v) -> byMetric.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    Map<String, Entry> m = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    byMetric.forEach(
        (name, values) -> {
          String tolerance =
              previous != null && previous.metrics().containsKey(name)
                  ? previous.metrics().get(name).tolerance()
                  : Metrics.defaultTolerance(name);
          if (values.size() < nights.size()) {
            warnings.add(
                name + ": measured on " + values.size() + " of " + nights.size() + " nights");
          }
          List<Double> numbers = new ArrayList<>();
          values.forEach(v -> numbers.add(v instanceof Number x ? x.doubleValue() : null));
          if (!numbers.contains(null)) {
            // Rounded as the file keeps them, so what is written reads back the same.
            Spread s = Spread.of(numbers);
            Spread kept =
                new Spread(
                    Metrics.round(s.median()),
                    Metrics.round(s.mad()),
                    s.min(),
                    s.max(),
                    s.nights());
            m.put(name, new Entry(kept.median(), tolerance, kept));
            return;
          }
          Map<String, Integer> said = new LinkedHashMap<>();
          values.forEach(v -> said.merge(String.valueOf(v), 1, Integer::sum));
          String most =
              said.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
          if (said.size() > 1) {
            warnings.add(name + ": the nights disagree " + said + "; the baseline takes " + most);
          }
          m.put(name, new Entry(most, tolerance));
        });
    List<Source> sources = new ArrayList<>();
    nights.forEach(n -> sources.add(new Source(n.startedAt(), n.commit())));
    return new Update(new Baseline(m, sources), warnings);
  }
}
