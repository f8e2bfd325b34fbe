package dev.loadgate.report;

import dev.loadgate.plan.Autoscaler;
import dev.loadgate.plan.Plan;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Consumers per lane over time: each lane's deployment as its own autoscaler sizes it. */
final class LaneCharts {
  private static final Color[] COLOURS = {
    new Color(0x2E86C1), new Color(0xC0392B), new Color(0x27AE60)
  };

  private LaneCharts() {}

  static JFreeChart consumersPerLane(Plan plan) {
    XYSeriesCollection data = new XYSeriesCollection();
    List<Autoscaler.Step> steps = plan.capacityOverTime();
    double end =
        Math.max(
            plan.durationSeconds(), steps.isEmpty() ? 0 : steps.get(steps.size() - 1).seconds());
    for (String lane : List.of("main", "overflow", "historical")) {
      XYSeries s = new XYSeries(lane, false, true);
      Integer last = null;
      for (Autoscaler.Step st : steps) {
        Map<String, Integer> m = st.lanes();
        Integer n = m.get(lane);
        if (n != null) {
          s.add(st.seconds() / 60, n);
          last = n;
        }
      }
      if (last != null) {
        s.add(end / 60, last);
        data.addSeries(s);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Consumers per lane over time",
            "minutes from the start",
            "consumers",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    XYStepRenderer r = new XYStepRenderer();
    for (int i = 0; i < data.getSeriesCount(); i++) {
      r.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    Charts.style(chart);
    return chart;
  }
}
