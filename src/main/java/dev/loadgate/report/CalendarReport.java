package dev.loadgate.report;

import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.TestCalendar;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Millisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.time.TimeTableXYDataset;

/**
 * {@code loadgate calendar}'s output: JSON, and a document (Markdown, HTML, terminal text) in the
 * review's reading order: the worst day's verdict first, the overlaps with their reasons, the days,
 * the tests, and a timeline chart (the live load as a band, each test stacked on it in its own
 * colour, capacity and the headroom the live load leaves as lines).
 */
public final class CalendarReport {
  private static final Color[] TEST_COLOURS = {
    new Color(0x2E86C1),
    new Color(0xE67E22),
    new Color(0x8E44AD),
    new Color(0x16A085),
    new Color(0xD35400),
    new Color(0x2C3E50)
  };

  private CalendarReport() {}

  public static String json(TestCalendar.Result r) {
    try {
      return PlanJson.MAPPER.writeValueAsString(r) + System.lineSeparator();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ReviewDocument.Block> blocks(TestCalendar.Result r) {
    List<ReviewDocument.Block> b = new ArrayList<>();
    b.add(new ReviewDocument.Heading(1, "Test calendar " + r.from() + " → " + r.to()));
    long bad =
        r.days().stream().filter(d -> d.verdict() != dev.loadgate.plan.Verdict.READY).count();
    b.add(
        new ReviewDocument.Paragraph(
            "Verdict: "
                + r.verdict()
                + " — "
                + r.tests().size()
                + " tests, "
                + r.overlaps().size()
                + " overlaps, "
                + bad
                + " of "
                + r.days().size()
                + " days not READY ("
                + r.zone()
                + ")",
            true));
    b.add(new ReviewDocument.Heading(2, "Overlaps"));
    if (r.overlaps().isEmpty()) {
      b.add(new ReviewDocument.Paragraph("None: no two tests run at once.", false));
    } else {
      List<List<String>> rows = new ArrayList<>();
      List<String> reasons = new ArrayList<>();
      for (TestCalendar.Overlap o : r.overlaps()) {
        rows.add(
            List.of(
                String.join(" + ", o.profiles()),
                o.from() + " → " + o.to(),
                Fmt.rate(o.combinedPeakEventsPerSecond()),
                Fmt.rate(o.liveEventsPerSecond()),
                Fmt.rate(o.headroomEventsPerSecond()),
                o.hottestPartition().partition()
                    + " at "
                    + Fmt.rate(o.hottestPartition().peakEventsPerSecond()),
                o.verdict().name()));
        o.reasons().forEach(x -> reasons.add(String.join(" + ", o.profiles()) + ": " + x));
      }
      b.add(
          new ReviewDocument.Table(
              List.of(
                  "tests",
                  "when (UTC)",
                  "combined peak",
                  "live load",
                  "headroom",
                  "hottest partition",
                  "verdict"),
              rows));
      b.add(new ReviewDocument.Bullets(reasons));
    }
    b.add(new ReviewDocument.Heading(2, "Days"));
    List<List<String>> days = new ArrayList<>();
    for (TestCalendar.Day d : r.days()) {
      if (!d.tests().isEmpty() || d.verdict() != dev.loadgate.plan.Verdict.READY) {
        days.add(
            List.of(
                d.date(),
                d.verdict().name(),
                String.join(", ", d.tests()),
                String.valueOf(d.overlaps())));
      }
    }
    if (days.isEmpty()) {
      b.add(new ReviewDocument.Paragraph("No test in these days.", false));
    } else {
      b.add(new ReviewDocument.Table(List.of("date", "verdict", "tests", "overlaps"), days));
    }
    b.add(new ReviewDocument.Heading(2, "Tests"));
    List<List<String>> tests = new ArrayList<>();
    for (TestCalendar.Scheduled s : r.tests()) {
      tests.add(
          List.of(
              s.profile(),
              s.start() + " → " + s.end(),
              Fmt.rate(s.peakEventsPerSecond()),
              s.verdict().name()));
    }
    b.add(
        new ReviewDocument.Table(List.of("profile", "when (UTC)", "peak", "verdict alone"), tests));
    if (!r.unscheduled().isEmpty()) {
      b.add(
          new ReviewDocument.Paragraph(
              "Not on the calendar (no schedule.start or no rate): "
                  + String.join(", ", r.unscheduled()),
              false));
    }
    return b;
  }

  public static String text(TestCalendar.Result r) {
    StringBuilder t = new StringBuilder();
    for (ReviewDocument.Block block : blocks(r)) {
      TextSummary.block(t, block);
    }
    return t.toString();
  }

  public static Path markdown(TestCalendar.Result r, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    for (ReviewDocument.Block block : blocks(r)) {
      MarkdownReport.block(md, block);
    }
    if (!r.timeline().isEmpty()) {
      try (OutputStream out = Files.newOutputStream(dir.resolve("calendar-timeline.png"))) {
        Charts.png(timeline(r), out);
      }
      md.append("![Timeline: live load band, each test stacked on it, capacity and headroom]")
          .append("(calendar-timeline.png)\n");
    }
    Path file = dir.resolve("calendar.md");
    Files.writeString(file, md.toString());
    return file;
  }

  public static Path html(TestCalendar.Result r, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder h = new StringBuilder();
    HtmlReport.head(h, "Test calendar", HtmlReport.CSS);
    for (ReviewDocument.Block block : blocks(r)) {
      HtmlReport.block(h, block, r.verdict().name(), null);
    }
    if (!r.timeline().isEmpty()) {
      h.append("<figure>")
          .append(Charts.svg(timeline(r), "timeline"))
          .append(
              "<figcaption>The live load as a grey band (the work it gives the consumers, counted"
                  + " in the tests' events), each test stacked on it in its own colour; the tests"
                  + " fit while the stack stays under capacity now. The dashed line is the"
                  + " headroom the live load leaves.</figcaption></figure>\n");
    }
    h.append("</body></html>\n");
    Path file = dir.resolve("calendar.html");
    Files.writeString(file, h.toString());
    return file;
  }

  /** Live load band, tests stacked on it, capacity and headroom lines, on the wall clock. */
  static JFreeChart timeline(TestCalendar.Result r) {
    TimeTableXYDataset stacked = new TimeTableXYDataset();
    TimeSeries capacity = new TimeSeries("capacity now");
    TimeSeries headroom = new TimeSeries("headroom the live load leaves");
    for (TestCalendar.Point p : r.timeline()) {
      Millisecond at = new Millisecond(java.util.Date.from(Instant.parse(p.at())));
      stacked.add(at, p.liveAsTestEventsPerSecond(), "live load (as consumer work)", false);
      p.tests().forEach((name, rate) -> stacked.add(at, rate, name, false));
      capacity.addOrUpdate(at, r.capacityEventsPerSecond());
      headroom.addOrUpdate(
          at, Math.max(0, r.capacityEventsPerSecond() - p.liveAsTestEventsPerSecond()));
    }
    JFreeChart chart =
        ChartFactory.createTimeSeriesChart(
            "Tests on the calendar against the pipeline (" + r.zone() + " hours shown in UTC)",
            "time (UTC)",
            "events/second",
            null,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    StackedXYAreaRenderer2 area = new StackedXYAreaRenderer2();
    area.setSeriesPaint(0, new Color(0xBDC3C7));
    for (int i = 1; i < stacked.getSeriesCount(); i++) {
      area.setSeriesPaint(i, TEST_COLOURS[(i - 1) % TEST_COLOURS.length]);
    }
    plot.setRenderer(0, area);
    plot.setDataset(0, stacked);
    TimeSeriesCollection lines = new TimeSeriesCollection();
    lines.addSeries(capacity);
    lines.addSeries(headroom);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, new Color(0xC0392B));
    line.setSeriesStroke(0, new BasicStroke(2f));
    line.setSeriesPaint(1, new Color(0xC0392B));
    line.setSeriesStroke(
        1,
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    // The renderer first: a dataset without its own renderer falls back to the stacked one.
    plot.setRenderer(1, line);
    plot.setDataset(1, lines);
    plot.setDatasetRenderingOrder(
        org.jfree.chart.plot.DatasetRenderingOrder.FORWARD); // lines on top
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
