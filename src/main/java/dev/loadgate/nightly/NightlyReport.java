package dev.loadgate.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.report.Charts;
import dev.loadgate.report.HtmlReport;
import dev.loadgate.report.PlanJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nightly gate's output: {@code reports/nightly/<ts>/} with {@code results.json}, {@code
 * summary.md} and {@code index.html} (what was compared, what moved, by how much, against which
 * tolerance, and trend charts over {@code reports/nightly/history.jsonl}), copied to {@code
 * latest/}.
 */
public final class NightlyReport {
  /** Nights drawn in the trend charts. */
  static final int TREND_NIGHTS = 30;

  private NightlyReport() {}

  /** When a night started and the commit it measured ("" when unknown). */
  public record Night(String startedAt, String commit) {}

  /** Reads a night's {@code results.json}: metric name to number or text. */
  public static Map<String, Object> readResults(Path file) throws IOException {
    return History.metrics(PlanJson.MAPPER.readTree(file.toFile()));
  }

  /**
   * Writes the night's reports into {@code dir} (and {@code dir/../latest}), appends the night to
   * {@code history}; returns the summary text.
   */
  public static String write(
      Map<String, Object> metrics,
      List<Gate.Comparison> comparisons,
      Night night,
      Path baselineFile,
      Path dir,
      Path history)
      throws IOException {
    Files.createDirectories(dir);
    String startedAt = night.startedAt();
    ObjectNode results = PlanJson.MAPPER.createObjectNode();
    results.put("started_at", startedAt);
    results.put("commit", night.commit());
    ObjectNode m = results.putObject("metrics");
    new TreeMap<>(metrics)
        .forEach(
            (k, v) -> {
              if (v instanceof Number n) {
                m.put(k, n.doubleValue());
              } else {
                m.put(k, String.valueOf(v));
              }
            });
    List<Gate.Comparison> regressions = Gate.regressions(comparisons);
    results.put("regressions", regressions.size());
    Files.writeString(dir.resolve("results.json"), PlanJson.MAPPER.writeValueAsString(results));
    Files.createDirectories(history.toAbsolutePath().getParent());
    Files.writeString(
        history,
        PlanJson.MAPPER
                .writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(results)
            + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);

    String md = markdown(comparisons, startedAt, baselineFile);
    Files.writeString(dir.resolve("summary.md"), md);
    Files.writeString(
        dir.resolve("index.html"), html(comparisons, startedAt, baselineFile, history));
    Path latest = dir.resolveSibling("latest");
    Files.createDirectories(latest);
    for (String f : List.of("results.json", "summary.md", "index.html")) {
      Files.copy(
          dir.resolve(f), latest.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return md;
  }

  static String markdown(List<Gate.Comparison> all, String startedAt, Path baselineFile) {
    List<Gate.Comparison> bad = Gate.regressions(all);
    StringBuilder s = new StringBuilder();
    boolean noBaseline = all.stream().allMatch(c -> c.baseline() == null);
    s.append("# Nightly gate: ")
        .append(
            noBaseline
                ? "no baseline yet"
                : bad.isEmpty()
                    ? "passed"
                    : bad.size() + " regression" + (bad.size() == 1 ? "" : "s"))
        .append("\n\n")
        .append("Night of ")
        .append(startedAt)
        .append(", compared with `")
        .append(baselineFile)
        .append("`: ")
        .append(all.size())
        .append(" metrics.\n\n");
    if (!bad.isEmpty()) {
      s.append("## What moved beyond its tolerance\n\n");
      table(s, bad);
      s.append(
          "\nIf the change is intended, `loadgate baseline --update` rewrites the baseline from this night;"
              + " the diff shows what a reviewer approves.\n\n");
    }
    List<Gate.Comparison> fresh = all.stream().filter(c -> c.baseline() == null).toList();
    if (!fresh.isEmpty()) {
      s.append(fresh.size())
          .append(" metric(s) are not in the baseline yet and are not gated: ")
          .append(
              String.join(", ", fresh.stream().map(c -> "`" + c.name() + "`").limit(8).toList()))
          .append(fresh.size() > 8 ? ", ..." : "")
          .append(". `loadgate baseline --update` approves them.\n\n");
    }
    List<Gate.Comparison> loose = Gate.notGated(all);
    if (!loose.isEmpty()) {
      s.append("## Reported, not gated\n\n")
          .append(
              "Benchmarks whose nights are too noisy to show a 25% regression, and those measured"
                  + " for their trend only: they cannot fail the night.\n\n")
          .append("| metric | baseline | tonight | moved | why |\n|---|---|---|---|---|\n");
      for (Gate.Comparison c : loose) {
        s.append("| `")
            .append(c.name())
            .append("` | ")
            .append(fmt(c.baseline()))
            .append(" | ")
            .append(fmt(c.current()))
            .append(" | ")
            .append(c.moved())
            .append(" | ")
            .append(c.notGated())
            .append(" |\n");
      }
      s.append('\n');
    }
    List<Gate.Comparison> moved =
        all.stream()
            .filter(
                c ->
                    c.ok()
                        && c.notGated() == null
                        && c.baseline() != null
                        && c.moved() != null
                        && !c.moved().isEmpty())
            .toList();
    if (!moved.isEmpty()) {
      s.append("## Moved within tolerance\n\n");
      table(s, moved);
      s.append('\n');
    }
    return s.toString();
  }

  private static void table(StringBuilder s, List<Gate.Comparison> rows) {
    s.append("| metric | baseline | tonight | moved | tolerance |\n|---|---|---|---|---|\n");
    for (Gate.Comparison c : rows) {
      s.append("| `")
          .append(c.name())
          .append("` | ")
          .append(fmt(c.baseline()))
          .append(" | ")
          .append(fmt(c.current()))
          .append(" | ")
          .append(c.moved())
          .append(" | ")
          .append(c.tolerance())
          .append(" |\n");
    }
  }

  static String html(List<Gate.Comparison> all, String startedAt, Path baselineFile, Path history)
      throws IOException {
    List<Gate.Comparison> bad = Gate.regressions(all);
    StringBuilder h = new StringBuilder();
    h.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Nightly gate</title><style>")
        .append(
            "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}")
        .append(
            "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.25em .5em;text-align:left;font-size:.9em}")
        .append(
            "th{background:#f4f4f4}.bad{background:#fdecea}.badge{padding:.3em .7em;border-radius:4px;color:#fff;font-weight:bold}")
        .append(
            ".ok{background:#27ae60}.fail{background:#c0392b}code{font-size:.9em}</style></head><body>\n");
    h.append("<h1>Nightly gate <span class=\"badge ")
        .append(bad.isEmpty() ? "ok\">passed" : "fail\">" + bad.size() + " regression(s)")
        .append("</span></h1>\n<p>Night of ")
        .append(HtmlReport.esc(startedAt))
        .append(", compared with <code>")
        .append(HtmlReport.esc(baselineFile.toString()))
        .append(
            "</code>. Tolerances: <code>exact</code>; <code>abs X</code> ±X; <code>rel X</code> ±X×baseline;")
        .append(
            " <code>max X</code> at most X; <code>drop X</code> not below (1−X)×baseline;"
                + " <code>noise K</code> not below the baseline nights' median − K σ, gated only"
                + " when K σ is within 25% of it; <code>trend</code> reported only. The gated"
                + " benchmarks are speed ratios to a reference timed beside them in each fork; the"
                + " others, throughput ratios to ")
        .append(Metrics.REFERENCE)
        .append(
            ".</p>\n<table><tr><th>metric</th><th>baseline</th><th>tonight</th><th>moved</th><th>tolerance</th></tr>\n");
    List<Gate.Comparison> ordered = new ArrayList<>(bad);
    all.stream().filter(Gate.Comparison::ok).forEach(ordered::add);
    for (Gate.Comparison c : ordered) {
      h.append(c.ok() ? "<tr>" : "<tr class=\"bad\">")
          .append("<td><code>")
          .append(HtmlReport.esc(c.name()))
          .append("</code></td><td>")
          .append(HtmlReport.esc(fmt(c.baseline())))
          .append("</td><td>")
          .append(HtmlReport.esc(fmt(c.current())))
          .append("</td><td>")
          .append(HtmlReport.esc(c.moved()))
          .append("</td><td>")
          .append(HtmlReport.esc(c.tolerance()))
          .append(c.notGated() == null ? "" : "<br><em>" + HtmlReport.esc(c.notGated()) + "</em>")
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Trends</h2>\n");
    Map<String, Map<String, List<Double>>> groups = trends(history);
    int i = 0;
    for (Map.Entry<String, Map<String, List<Double>>> g : groups.entrySet()) {
      h.append("<figure>")
          .append(Charts.svg(Charts.trend(g.getKey(), g.getValue()), "trend" + i++))
          .append("</figure>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * The numeric metrics of the last nights from {@code history.jsonl}, grouped for charts:
   * benchmark ratios together, and each simulation measure across profiles.
   */
  static Map<String, Map<String, List<Double>>> trends(Path history) throws IOException {
    Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
    if (!Files.isRegularFile(history)) {
      return groups;
    }
    List<String> lines = Files.readAllLines(history);
    List<String> last = lines.subList(Math.max(0, lines.size() - TREND_NIGHTS), lines.size());
    int night = 0;
    for (String line : last) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = PlanJson.MAPPER.readTree(line);
      int index = night++;
      n.path("metrics")
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNumber()) {
                  return;
                }
                String name = e.getKey();
                String group;
                String series;
                if (Metrics.PAIRED.matcher(name).matches()) {
                  group = "Gated benchmarks: speed ÷ a reference timed beside them";
                  series = name.substring("bench.".length());
                } else if (name.startsWith("bench.")) {
                  group = "Benchmark throughput ÷ " + Metrics.REFERENCE;
                  series = name.substring("bench.".length());
                } else if (name.startsWith("sim.")) {
                  String field = name.substring(name.lastIndexOf('.') + 1);
                  group = "Simulations: " + field;
                  series = name.substring("sim.".length(), name.lastIndexOf('.'));
                } else {
                  return;
                }
                List<Double> values =
                    groups
                        .computeIfAbsent(group, k -> new TreeMap<>())
                        .computeIfAbsent(series, k -> new ArrayList<>());
                while (values.size() < index) {
                  values.add(null);
                }
                values.add(e.getValue().asDouble());
              });
    }
    return groups;
  }

  private static String fmt(Object v) {
    if (v == null) {
      return "–";
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15
          ? String.valueOf((long) d)
          : String.format(Locale.ROOT, "%.4g", d);
    }
    return v.toString();
  }
}
