package dev.loadgate.stack;

import dev.loadgate.profile.Pipeline;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What {@code loadgate watch} reads from the stack as Prometheus reads a pipeline (SPEC §10), in
 * Prometheus' conventions (units in names, {@code _total} counters, histograms as cumulative {@code
 * _bucket}s with {@code le}): consumers per lane, capture's replicas, each partition's lag, and
 * capture-to-consumed delay. The delay histogram is filled from the capacity monitor's
 * once-a-second interval histograms, so no consumer thread pays for it per event.
 */
final class PipelineGauges {
  /**
   * Bucket bounds in seconds: fine enough below 1 s for replays (a scaled clock shrinks PostHog's 5
   * s, 10 s and 30 s tiers), up to ten minutes.
   */
  static final double[] DELAY_BUCKETS = {
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 90, 120, 300, 600
  };

  private final Histogram delaysMicros = new Histogram(3);
  private double delaySumSeconds;
  private double lastMaxDelaySeconds;

  /** One second's consumed events by delay (microseconds). */
  synchronized void add(Histogram secondMicros) {
    delaysMicros.add(secondMicros);
    delaySumSeconds += secondMicros.getMean() * secondMicros.getTotalCount() / 1e6;
    lastMaxDelaySeconds = secondMicros.getTotalCount() == 0 ? 0 : secondMicros.getMaxValue() / 1e6;
  }

  /**
   * The exposition.
   *
   * @param lanes consumers per lane; empty with one group (then {@code main} has them all)
   * @param backlog each topic's partitions' events produced and not yet consumed
   */
  synchronized String prometheus(
      Map<String, Integer> lanes, int consumers, int captureReplicas, long[][] backlog) {
    StringBuilder p = new StringBuilder();
    header(p, "loadgate_consumers", "gauge", "Ingestion consumers running, per lane.");
    if (lanes.isEmpty()) {
      p.append("loadgate_consumers{lane=\"main\"} ").append(consumers).append('\n');
    } else {
      lanes.forEach(
          (lane, n) ->
              p.append("loadgate_consumers{lane=\"")
                  .append(lane)
                  .append("\"} ")
                  .append(n)
                  .append('\n'));
    }
    header(p, "loadgate_capture_replicas", "gauge", "Capture replicas running.");
    p.append("loadgate_capture_replicas ").append(captureReplicas).append('\n');
    header(
        p,
        "loadgate_partition_lag_events",
        "gauge",
        "Events produced to a partition and not yet consumed.");
    for (int t = 0; t < backlog.length; t++) {
      String topic = Topics.ALL.get(t);
      String lane = Pipeline.Lanes.NAMES.get(t);
      for (int partition = 0; partition < backlog[t].length; partition++) {
        p.append("loadgate_partition_lag_events{lane=\"")
            .append(lane)
            .append("\",topic=\"")
            .append(topic)
            .append("\",partition=\"")
            .append(partition)
            .append("\"} ")
            .append(backlog[t][partition])
            .append('\n');
      }
    }
    header(
        p,
        "loadgate_ingestion_delay_seconds",
        "histogram",
        "Capture to consumed, per event (filled once a second).");
    for (double le : DELAY_BUCKETS) {
      long count = delaysMicros.getCountBetweenValues(0, (long) (le * 1e6));
      p.append("loadgate_ingestion_delay_seconds_bucket{le=\"")
          .append(fmt(le))
          .append("\"} ")
          .append(count)
          .append('\n');
    }
    long total = delaysMicros.getTotalCount();
    p.append("loadgate_ingestion_delay_seconds_bucket{le=\"+Inf\"} ").append(total).append('\n');
    p.append("loadgate_ingestion_delay_seconds_sum ").append(fmt(delaySumSeconds)).append('\n');
    p.append("loadgate_ingestion_delay_seconds_count ").append(total).append('\n');
    header(
        p,
        "loadgate_ingestion_delay_max_seconds",
        "gauge",
        "The longest capture-to-consumed delay of the events consumed in the last second.");
    p.append("loadgate_ingestion_delay_max_seconds ").append(fmt(lastMaxDelaySeconds)).append('\n');
    return p.toString();
  }

  private static void header(StringBuilder p, String name, String type, String help) {
    p.append("# HELP ").append(name).append(' ').append(help).append('\n');
    p.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(?=$|e)", "");
  }
}
