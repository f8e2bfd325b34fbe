package dev.loadgate.profile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The PromQL {@code loadgate watch} asks production for each measure (SPEC §10): by default the
 * local stack's own metric names; a {@code --queries} file maps each to the pipeline's own (see
 * {@code docs/watch-posthog.yaml} for PostHog's names). Each query gives one series, or one per
 * lane with the lane in {@code lane_label}.
 *
 * @param offered events/s capture receives (PostHog: {@code capture_events_received_total})
 * @param consumers consumers running, one series per lane
 * @param lag events waiting in Kafka, one series per lane
 * @param worstPartitionLag the partition with the most events waiting: one series, its partition in
 *     a {@code partition} label
 * @param delay seconds from capture to consumed, the longest now
 * @param laneLabel the label that names the lane in {@code consumers} and {@code lag}
 */
public record WatchQueries(
    String offered,
    String consumers,
    String lag,
    String worstPartitionLag,
    String delay,
    String laneLabel) {

  /** The local stack's metrics, read over windows short enough for a replay's scaled clock. */
  public static final WatchQueries STACK =
      new WatchQueries(
          "sum(rate(loadgate_capture_events_received_total[10s]))",
          "sum by (lane) (loadgate_consumers)",
          "sum by (lane) (loadgate_partition_lag_events)",
          "topk(1, loadgate_partition_lag_events)",
          "max(max_over_time(loadgate_ingestion_delay_max_seconds[5s]))",
          "lane");

  static final Set<String> KEYS =
      Set.of(
          "offered_events_per_second",
          "consumers_by_lane",
          "lag_events_by_lane",
          "worst_partition_lag_events",
          "delay_seconds",
          "lane_label");

  /** The measures by the names the file and {@code watch.json} use. */
  public Map<String, String> byName() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("offered_events_per_second", offered);
    m.put("consumers_by_lane", consumers);
    m.put("lag_events_by_lane", lag);
    m.put("worst_partition_lag_events", worstPartitionLag);
    m.put("delay_seconds", delay);
    return m;
  }

  /**
   * A queries file: any of the measures' PromQL and {@code lane_label}; a measure it leaves out
   * keeps the stack's query, so a file can change one name and nothing else.
   */
  public static WatchQueries load(Path file) {
    Section s = Section.root(file, YamlReader.read(file), KEYS, "a watch queries file");
    return new WatchQueries(
        query(s, "offered_events_per_second", STACK.offered),
        query(s, "consumers_by_lane", STACK.consumers),
        query(s, "lag_events_by_lane", STACK.lag),
        query(s, "worst_partition_lag_events", STACK.worstPartitionLag),
        query(s, "delay_seconds", STACK.delay),
        label(s));
  }

  private static String query(Section s, String key, String standard) {
    String q = s.string(key).orElse(standard);
    if (q.isBlank()) {
      throw s.error(
          key,
          s.line(key),
          "is empty",
          "a PromQL expression, or leave the field out to keep " + standard);
    }
    return q.strip();
  }

  private static String label(Section s) {
    String l = s.string("lane_label").orElse(STACK.laneLabel);
    if (!l.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw s.error(
          "lane_label",
          s.line("lane_label"),
          "'" + l + "' is not a Prometheus label name",
          "the label your consumers' series name the lane with, like lane or ingestion_lane");
    }
    return l;
  }
}
