package dev.loadgate.report;

import dev.loadgate.simulation.CapacityModel;
import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.TimelinePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;

/**
 * The run page's capacity charts, second by second: what the model predicted (dashed) next to what
 * the stack measured (solid), from {@code summary.json}'s {@code timeline}, {@code
 * predicted_timeline} and {@code capacity_model}.
 */
public final class CapacityCharts {
  private static final Color OFFERED = new Color(0x7F8C8D);
  private static final Color ADMITTED = new Color(0x2E86C1);
  private static final Color CONSUMED = new Color(0x27AE60);
  private static final Color CAPACITY = new Color(0xC0392B);
  private static final Color BACKLOG = new Color(0x8E44AD);
  private static final Color REPLICAS = new Color(0xE67E22);

  private CapacityCharts() {}

  /** Events/s offered, admitted and consumed against what the pipeline takes. */
  public static JFreeChart rates(RunSummary r) {
    Lines l = new Lines();
    l.both("offered", OFFERED, r, TimelinePoint::offered);
    l.both("admitted", ADMITTED, r, TimelinePoint::admitted);
    l.both("consumed", CONSUMED, r, TimelinePoint::consumed);
    l.both("capacity", CAPACITY, r, TimelinePoint::capacity);
    return l.chart("Events/s offered, admitted and consumed, against capacity", "events/second");
  }

  /** The backlog over all partitions and the largest on one partition. */
  public static JFreeChart backlog(RunSummary r) {
    Lines l = new Lines();
    l.both("backlog, all partitions", BACKLOG, r, TimelinePoint::backlog);
    l.both("largest on one partition", CAPACITY, r, TimelinePoint::worstPartitionLag);
    return l.chart("Backlog (events waiting in Kafka)", "events");
  }

  /** The longest wait of an event consumed in each second, against the policy. */
  public static JFreeChart delay(RunSummary r) {
    Lines l = new Lines();
    l.both("longest delay", ADMITTED, r, TimelinePoint::delayMaxSeconds);
    JFreeChart chart = l.chart("Ingestion delay (capture to consumed)", "seconds");
    CapacityModel cm = r.capacityModel();
    if (cm != null) {
      XYPlot plot = chart.getXYPlot();
      ValueMarker policy =
          new ValueMarker(cm.delayPolicySeconds(), CAPACITY, new BasicStroke(1.5f));
      policy.setLabel("policy (scaled)");
      plot.addRangeMarker(policy);
      if (plot.getRangeAxis().getUpperBound() < cm.delayPolicySeconds() * 1.15) {
        plot.getRangeAxis().setUpperBound(cm.delayPolicySeconds() * 1.15);
      }
    }
    return chart;
  }

  /** Each lane's colour, in topic order (main, overflow, historical). */
  private static final Color[] LANES = {CONSUMED, BACKLOG, ADMITTED};

  /**
   * Consumers and capture replicas running: the autoscaler's steps; with lanes each deployment's
   * consumers, as its own autoscaler ran them.
   */
  public static JFreeChart autoscaler(RunSummary r) {
    Lines l = new Lines();
    List<String> lanes = laneNames(r);
    if (lanes.isEmpty()) {
      l.both("consumers", CONSUMED, r, p -> p.consumers());
    }
    for (int i = 0; i < lanes.size(); i++) {
      String lane = lanes.get(i);
      l.both(
          lane + " consumers",
          LANES[i % LANES.length],
          r,
          p -> p.lanes().getOrDefault(lane, p.consumers()));
    }
    l.both("capture replicas", REPLICAS, r, p -> p.captureReplicas());
    return l.chart(
        lanes.isEmpty() ? "The autoscaler: what ran" : "The autoscalers: what ran in each lane",
        "instances");
  }

  /** The lanes the timelines name, in their order; empty with one consumer group. */
  static List<String> laneNames(RunSummary r) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    for (List<TimelinePoint> points : List.of(r.timeline(), r.predictedTimeline())) {
      for (TimelinePoint p : points) {
        names.addAll(p.lanes().keySet());
      }
    }
    return List.copyOf(names);
  }

  /** Solid measured and dashed predicted lines over the run's seconds. */
  private static final class Lines {
    private final DashedLines lines = new DashedLines();

    void both(String name, Color color, RunSummary r, ToDoubleFunction<TimelinePoint> value) {
      add(name + " (measured)", color, false, r.timeline(), value);
      add(name + " (predicted)", color, true, r.predictedTimeline(), value);
    }

    private void add(
        String name,
        Color color,
        boolean dashed,
        List<TimelinePoint> points,
        ToDoubleFunction<TimelinePoint> value) {
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = points.get(i).t();
        y[i] = value.applyAsDouble(points.get(i));
      }
      lines.add(name, color, dashed, x, y);
    }

    JFreeChart chart(String title, String yLabel) {
      return lines.chart(title, "seconds from the start of the load (scaled)", yLabel);
    }
  }
}
