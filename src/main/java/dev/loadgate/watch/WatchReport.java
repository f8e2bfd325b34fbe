package dev.loadgate.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.loadgate.report.Charts;
import dev.loadgate.report.DashedLines;
import dev.loadgate.report.HtmlReport;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;

/**
 * {@code watch.json} (every poll: measured, predicted, verdict) and {@code watch.html} (the plan
 * dashed, production solid, as {@code run.html} draws a replay), rewritten after each poll so an
 * interrupted watch leaves both.
 */
public final class WatchReport {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule()
                  .addSerializer(java.time.Instant.class, ToStringSerializer.instance))
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final Color OFFERED = new Color(0x2E86C1);
  private static final Color CONSUMERS = new Color(0x27AE60);
  private static final Color LAG = new Color(0x8E44AD);
  private static final Color DELAY = new Color(0xC0392B);

  /** What {@code watch.json} holds. */
  public record Document(
      String profile,
      String planVerdict,
      String prometheus,
      java.time.Instant start,
      double rateScale,
      double timeScale,
      double policySeconds,
      Map<String, String> queries,
      List<Watcher.Poll> polls,
      Integer exitCode,
      java.time.Instant leftAt,
      java.time.Instant stopAt) {}

  private WatchReport() {}

  public static void write(Path dir, Document d) {
    try {
      Files.createDirectories(dir);
      replace(dir.resolve("watch.json"), JSON.writeValueAsString(d));
      replace(dir.resolve("watch.html"), html(d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String html(Document d) {
    List<Watcher.Poll> polls = d.polls().stream().filter(p -> p.measured().seconds() >= 0).toList();
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>watch ")
        .append(HtmlReport.esc(d.profile()))
        .append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}")
        .append("td,th{padding:2px 8px;text-align:left}.bad{color:#C0392B}</style></head><body>");
    h.append("<h1>")
        .append(HtmlReport.esc(d.profile()))
        .append(": production beside the plan</h1><p>");
    h.append(HtmlReport.esc(verdictLine(d)))
        .append("</p><p>Prometheus ")
        .append(HtmlReport.esc(d.prometheus()))
        .append(", the load from ")
        .append(d.start())
        .append(
            d.timeScale() != 1 || d.rateScale() != 1
                ? ", the plan scaled ×" + d.rateScale() + " rate, ×" + d.timeScale() + " time"
                : "")
        .append(". Solid: measured; dashed: the plan.</p>");
    if (!polls.isEmpty()) {
      h.append(
          Charts.svg(
              chart(
                  polls,
                  "offered",
                  "Events/s offered",
                  "events/second",
                  OFFERED,
                  p -> p.measured().offeredEventsPerSecond(),
                  p -> p.predicted().receivedEventsPerSecond()),
              "w1"));
      h.append(Charts.svg(consumers(polls), "w2"));
      h.append(
          Charts.svg(
              chart(
                  polls,
                  "worst partition lag",
                  "Events waiting on the worst partition",
                  "events",
                  LAG,
                  p -> p.measured().worstPartitionLagEvents(),
                  p -> p.predicted().worstPartitionBacklogEvents()),
              "w3"));
      JFreeChart delay =
          chart(
              polls,
              "delay",
              "Ingestion delay (capture to consumed)",
              "seconds",
              DELAY,
              p -> p.measured().delaySeconds(),
              p -> p.predicted().maxDelaySeconds());
      ValueMarker policy = new ValueMarker(d.policySeconds(), DELAY, new java.awt.BasicStroke(1f));
      policy.setLabel("policy");
      delay.getXYPlot().addRangeMarker(policy);
      h.append(Charts.svg(delay, "w4"));
    }
    h.append("<h2>Polls outside the plan</h2>");
    List<Watcher.Poll> bad =
        d.polls().stream().filter(p -> p.check().status() != WatchRules.Status.OK).toList();
    if (bad.isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append("<table><tr><th>at</th><th>load time</th><th>verdict</th><th>what</th></tr>");
      for (Watcher.Poll p : bad) {
        h.append("<tr class=\"bad\"><td>")
            .append(p.measured().at())
            .append("</td><td>")
            .append(Watcher.clock(p.measured().seconds()))
            .append("</td><td>")
            .append(p.check().status() == WatchRules.Status.STOP ? "stop the test" : "outside")
            .append("</td><td>")
            .append(HtmlReport.esc(String.join("; ", p.check().outside())))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    return h.append("</body></html>\n").toString();
  }

  static String verdictLine(Document d) {
    if (d.exitCode() == null) {
      return "Watching: " + d.polls().size() + " polls so far.";
    }
    if (d.stopAt() != null) {
      return "Stop the test: the delay passed the policy at "
          + d.stopAt()
          + " while the plan said"
          + " it would not.";
    }
    if (d.leftAt() != null) {
      return "Production left the plan at " + d.leftAt() + ".";
    }
    return "Production stayed within the plan over " + d.polls().size() + " polls.";
  }

  private static JFreeChart chart(
      List<Watcher.Poll> polls,
      String name,
      String title,
      String unit,
      Color color,
      ToDoubleFunction<Watcher.Poll> measured,
      ToDoubleFunction<Watcher.Poll> predicted) {
    double[] x = new double[polls.size()];
    double[] m = new double[polls.size()];
    double[] p = new double[polls.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = polls.get(i).measured().seconds();
      m[i] = measured.applyAsDouble(polls.get(i));
      p[i] = predicted.applyAsDouble(polls.get(i));
    }
    return new DashedLines()
        .add(name + " (measured)", color, false, x, m)
        .add(name + " (plan)", color, true, x, p)
        .chart(title, "seconds from the start of the load", unit);
  }

  private static JFreeChart consumers(List<Watcher.Poll> polls) {
    TreeSet<String> lanes = new TreeSet<>();
    polls.forEach(p -> lanes.addAll(p.measured().consumers().keySet()));
    polls.forEach(p -> lanes.addAll(p.predicted().consumers().keySet()));
    DashedLines lines = new DashedLines();
    Color[] colors = {CONSUMERS, LAG, OFFERED};
    int i = 0;
    for (String lane : lanes) {
      double[] x = new double[polls.size()];
      double[] m = new double[polls.size()];
      double[] p = new double[polls.size()];
      for (int k = 0; k < x.length; k++) {
        Watcher.Poll poll = polls.get(k);
        x[k] = poll.measured().seconds();
        m[k] = poll.measured().consumers().getOrDefault(lane, Double.NaN);
        p[k] = poll.predicted().consumers().getOrDefault(lane, 0);
      }
      Color c = colors[i++ % colors.length];
      lines
          .add(lane + " consumers (measured)", c, false, x, m)
          .add(lane + " (plan)", c, true, x, p);
    }
    return lines.chart("Consumers per lane", "seconds from the start of the load", "consumers");
  }
}
