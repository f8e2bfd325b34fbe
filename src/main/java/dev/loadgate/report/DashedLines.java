package dev.loadgate.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Lines over time where what was measured is solid and what was predicted is dashed, in one colour
 * per quantity: the run page's capacity charts and {@code watch.html} draw with it.
 */
public final class DashedLines {
  private final XYSeriesCollection data = new XYSeriesCollection();
  private final List<Color> colors = new ArrayList<>();
  private final List<Boolean> dashes = new ArrayList<>();

  /** One line; nothing when it has no points. */
  public DashedLines add(String name, Color color, boolean dashed, double[] x, double[] y) {
    if (x.length == 0) {
      return this;
    }
    XYSeries s = new XYSeries(name, false, true);
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        s.add(x[i], y[i]);
      }
    }
    data.addSeries(s);
    colors.add(color);
    dashes.add(dashed);
    return this;
  }

  public JFreeChart chart(String title, String xLabel, String yLabel) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    for (int i = 0; i < colors.size(); i++) {
      r.setSeriesPaint(i, colors.get(i));
      r.setSeriesStroke(
          i,
          dashes.get(i)
              ? new BasicStroke(
                  1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
              : new BasicStroke(2f));
    }
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(new Color(0xFAFAFA));
    return chart;
  }
}
