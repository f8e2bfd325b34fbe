package dev.loadgate.report;

import dev.loadgate.plan.Autoscaler;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.simulation.RunSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** The review document's charts, drawn by JFreeChart from the plan's JSON fields. */
public final class Charts {
  static final int WIDTH = 900;
  static final int HEIGHT = 380;
  private static final Color HOT = new Color(0xC0392B);
  private static final Color COOL = new Color(0x2E86C1);
  private static final Color LIMIT = new Color(0x7F8C8D);
  private static final Color SCALED = new Color(0x27AE60);

  /** Top ids drawn at most: past this the bars are too thin to read. */
  static final int MAX_TOP_IDS = 25;

  private Charts() {}

  /**
   * Offered rate over time against capacity now, the autoscaler's capacity, and capacity after
   * scaling.
   */
  public static JFreeChart rateOverTime(Plan plan) {
    XYSeries offered = new XYSeries("offered rate");
    for (RateCurve.Point p : plan.rateOverTime()) {
      offered.add(p.seconds() / 60, p.eventsPerSecond());
    }
    double end = plan.durationSeconds() / 60.0;
    XYSeries now = flat("capacity now", plan.capacityNowEventsPerSecond(), end);
    XYSeries after = flat("after scaling plan", capacityAfter(plan), end);
    XYSeries autoscaled = new XYSeries("with autoscaler (today's maxima)");
    List<Autoscaler.Step> steps = plan.capacityOverTime();
    for (Autoscaler.Step s : steps) {
      autoscaled.add(s.seconds() / 60, s.eventsPerSecond());
    }
    if (!steps.isEmpty()) {
      autoscaled.add(
          Math.max(end, steps.get(steps.size() - 1).seconds() / 60),
          steps.get(steps.size() - 1).eventsPerSecond());
    }
    XYSeriesCollection lines = new XYSeriesCollection();
    lines.addSeries(offered);
    lines.addSeries(now);
    lines.addSeries(after);
    if (!plan.besideOverTime().isEmpty()) {
      // The shared pipeline: what else runs, and the load stacked on it, against the same capacity.
      XYSeries live = new XYSeries("live traffic (as consumer work)", false, true);
      XYSeries stacked = new XYSeries("load on top of them", false, true);
      RateCurve offeredCurve = RateCurve.of(plan.rateOverTime());
      List<RateCurve.Point> beside = plan.besideOverTime();
      java.util.TreeSet<Double> times = new java.util.TreeSet<>();
      for (RateCurve.Point b : beside) {
        live.add(b.seconds() / 60, b.eventsPerSecond());
        times.add(b.seconds());
      }
      plan.rateOverTime().forEach(pt -> times.add(pt.seconds()));
      for (double t : times) {
        double under = 0;
        for (int i = 0; i + 1 < beside.size(); i += 2) {
          if (t >= beside.get(i).seconds() && t <= beside.get(i + 1).seconds()) {
            under = beside.get(i).eventsPerSecond();
          }
        }
        stacked.add(t / 60, under + offeredCurve.rateAt(t));
      }
      lines.addSeries(live);
      lines.addSeries(stacked);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Rate over time vs capacity",
            "minutes from start",
            "events/second",
            lines,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
    r.setSeriesPaint(0, COOL);
    r.setSeriesStroke(0, new BasicStroke(2.5f));
    r.setSeriesPaint(1, HOT);
    r.setSeriesStroke(1, dashed());
    r.setSeriesPaint(2, SCALED);
    r.setSeriesStroke(2, dashed());
    if (!plan.besideOverTime().isEmpty()) {
      r.setSeriesPaint(3, new Color(0x95A5A6));
      r.setSeriesStroke(3, new BasicStroke(2f));
      r.setSeriesPaint(4, new Color(0x8E44AD));
      r.setSeriesStroke(4, new BasicStroke(2f));
    }
    XYSeriesCollection stepData = new XYSeriesCollection(autoscaled);
    XYStepRenderer stepRenderer = new XYStepRenderer();
    stepRenderer.setSeriesPaint(0, new Color(0xE67E22));
    stepRenderer.setSeriesStroke(0, new BasicStroke(1.5f));
    plot.setDataset(1, stepData);
    plot.setRenderer(1, stepRenderer);
    style(chart);
    return chart;
  }

  /**
   * What the pipeline takes after the scaling plan. On a shared pipeline the plan's figure is the
   * headroom left beside the live traffic; the chart stacks the load on the live traffic, so it
   * shows the whole capacity: each part at the scaled sizes.
   */
  static double capacityAfter(Plan plan) {
    Plan.Scaling s = plan.scaling();
    if (plan.besideOverTime().isEmpty()) {
      return s.capacityAfterEventsPerSecond();
    }
    Plan.CapacityParts now = plan.capacityNow();
    double capture =
        now.captureEventsPerSecond() / s.today().captureReplicas() * s.captureReplicas();
    double consumers =
        Math.min(s.consumers(), s.partitions()) * plan.perPartitionCapacityEventsPerSecond();
    return Math.min(capture, Math.min(consumers, s.perTokenRateLimitEventsPerSecond()));
  }

  /** Peak load per partition; partitions above c_mix or holding a hot distinct_id in red. */
  public static JFreeChart partitionLoad(Plan plan) {
    Set<Integer> hotPartitions = new HashSet<>();
    plan.hotDistinctIds().forEach(h -> hotPartitions.add(h.partition()));
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Double> loads = plan.partitionPeakEventsPerSecond();
    for (int i = 0; i < loads.size(); i++) {
      data.addValue(loads.get(i), "load", Integer.valueOf(i));
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Peak load per partition (hot partitions in red)",
            "partition",
            "events/second",
            data,
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    double cMix = plan.perPartitionCapacityEventsPerSecond();
    plot.setRenderer(new ColouredBars(i -> loads.get(i) > cMix || hotPartitions.contains(i)));
    plot.addRangeMarker(
        marker(cMix, "c_mix: one consumer, in order (" + Math.round(cMix) + " ev/s)"));
    ensureVisible((NumberAxis) plot.getRangeAxis(), cMix);
    if (loads.size() > 32) {
      plot.getDomainAxis().setTickLabelsVisible(loads.size() <= 64);
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    }
    style(chart);
    return chart;
  }

  /** The top distinct_ids by peak rate, against the overflow limit and c_mix. */
  public static JFreeChart topDistinctIds(Plan plan) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Plan.TopId> top =
        plan.topDistinctIds().subList(0, Math.min(MAX_TOP_IDS, plan.topDistinctIds().size()));
    for (Plan.TopId t : top) {
      data.addValue(t.peakEventsPerSecond(), "peak", t.distinctId() + " (p" + t.partition() + ")");
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Top distinct_ids at the peak (above the overflow limit in red)",
            null,
            "events/second",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    double limit = plan.overflow().perDistinctIdEventsPerSecond();
    plot.setRenderer(new ColouredBars(i -> top.get(i).peakEventsPerSecond() > limit));
    ValueMarker overflow = marker(limit, "overflow limit (" + Math.round(limit) + " ev/s)");
    overflow.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    overflow.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    plot.addRangeMarker(overflow);
    double cMix = plan.perPartitionCapacityEventsPerSecond();
    if (top.stream().anyMatch(t -> t.peakEventsPerSecond() > cMix / 2)) {
      ValueMarker partition = marker(cMix, "c_mix (" + Math.round(cMix) + " ev/s)");
      partition.setPaint(HOT);
      partition.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
      partition.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(partition);
    }
    ensureVisible((NumberAxis) plot.getRangeAxis(), limit);
    style(chart);
    return chart;
  }

  /**
   * A simulation run: predicted and measured share of events per partition, side by side, with the
   * predicted hottest partition's bars in red.
   */
  public static JFreeChart predictedVsMeasuredShares(RunSummary run) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<Double> predicted = run.predictedPartitionShares();
    List<Double> measured = run.measuredPartitionShares();
    for (int i = 0; i < predicted.size(); i++) {
      data.addValue(100 * predicted.get(i), "predicted", Integer.valueOf(i));
      if (measured != null && i < measured.size()) {
        data.addValue(100 * measured.get(i), "measured", Integer.valueOf(i));
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Share of events per partition: predicted by the plan vs measured",
            "partition of " + run.partitions().topic(),
            "% of events",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setDrawBarOutline(false);
    bars.setItemMargin(0);
    bars.setSeriesPaint(0, LIMIT);
    bars.setSeriesPaint(1, COOL);
    plot.setRenderer(bars);
    if (predicted.size() > 32) {
      plot.getDomainAxis().setTickLabelsVisible(predicted.size() <= 64);
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    }
    style(chart);
    return chart;
  }

  /** A simulation run: each stage's target event rate against the rate achieved. */
  public static JFreeChart stageRates(RunSummary run) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RunSummary.StageResult s : run.stages()) {
      if (s.targetEventsPerSecond() == null) {
        continue; // an at-once burst has no rate; the table gives its count
      }
      String label = "stage " + s.stage() + " (" + s.injection() + ")";
      data.addValue(s.targetEventsPerSecond(), "target", label);
      data.addValue(s.achievedEventsPerSecond(), "sent", label);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Event rate per stage: scaled target vs sent",
            null,
            "events/second (mean over the stage)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    BarRenderer bars = new BarRenderer();
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, LIMIT);
    bars.setSeriesPaint(1, SCALED);
    chart.getCategoryPlot().setRenderer(bars);
    style(chart);
    return chart;
  }

  /** A nightly trend: one line per series over the last nights (gaps where a night had none). */
  public static JFreeChart trend(String title, java.util.Map<String, List<Double>> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (java.util.Map.Entry<String, List<Double>> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      List<Double> values = e.getValue();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null) {
          s.add(i + 1, values.get(i));
        }
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "night",
            null,
            data,
            PlotOrientation.VERTICAL,
            series.size() <= 12,
            false,
            false);
    ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
    ((NumberAxis) chart.getXYPlot().getDomainAxis())
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    style(chart);
    return chart;
  }

  /**
   * The chart as an SVG element; {@code id} keeps its internal ids unique in a page and the output
   * repeatable.
   */
  public static String svg(JFreeChart chart, String id) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    g2.setDefsKeyPrefix(id + "-");
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g2.getSVGElement();
  }

  public static void png(JFreeChart chart, OutputStream out) throws IOException {
    ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
  }

  private static XYSeries flat(String name, double value, double endMinutes) {
    XYSeries s = new XYSeries(name);
    s.add(0, value);
    s.add(endMinutes, value);
    return s;
  }

  private static ValueMarker marker(double value, String label) {
    ValueMarker m = new ValueMarker(value, LIMIT, dashed());
    m.setLabel(label);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    return m;
  }

  /** Markers outside the data range are not drawn: stretch the axis so the limit always shows. */
  private static void ensureVisible(NumberAxis axis, double value) {
    axis.setAutoRangeIncludesZero(true);
    if (axis.getUpperBound() < value * 1.1) {
      axis.setUpperBound(value * 1.1);
    }
  }

  private static BasicStroke dashed() {
    return new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    chart.getPlot().setBackgroundPaint(new Color(0xFAFAFA));
  }

  /** A bar renderer that paints chosen bars red. */
  private static final class ColouredBars extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private final transient java.util.function.IntPredicate hot;

    ColouredBars(java.util.function.IntPredicate hot) {
      this.hot = hot;
      setBarPainter(new StandardBarPainter());
      setShadowVisible(false);
      setDrawBarOutline(false);
    }

    @Override
    public java.awt.Paint getItemPaint(int row, int column) {
      return hot.test(column) ? HOT : COOL;
    }
  }
}
