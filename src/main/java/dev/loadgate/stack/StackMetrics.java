package dev.loadgate.stack;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Recorder;

/**
 * What the stack counts, shared by capture and consumers, and rendered as Prometheus text at {@code
 * /metrics} and as JSON at {@code /stats}. Event uuids acked and consumed are kept (when
 * reconciliation is on) so "acked but never consumed" is counted exactly, not estimated.
 */
public final class StackMetrics {
  final Map<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();
  final LongAdder eventsAcked = new LongAdder();
  final LongAdder eventsOverflowed = new LongAdder();
  final LongAdder eventsHistorical = new LongAdder();
  final LongAdder eventsConsumed = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder orderingViolations = new LongAdder();
  final LongAdder overflowReordered = new LongAdder();
  final AtomicLongArray mainPartitionEvents;
  final AtomicLongArray overflowPartitionEvents;
  final AtomicLongArray historicalPartitionEvents;
  final AtomicLong lagRecords = new AtomicLong();
  final AtomicLong maxLagRecords = new AtomicLong();

  /** Capture to consumed, per event, microseconds. */
  final ConcurrentHistogram ingestionDelayMicros = new ConcurrentHistogram(3);

  /** The same, for the timeline: read and reset once a second. */
  final Recorder intervalDelayMicros = new Recorder(3);

  /**
   * Per topic (in {@link Topics#ALL} order) and partition: events capture wrote (acked by Kafka),
   * so a partition's backlog is what it produced less what was consumed from it.
   */
  final AtomicLongArray[] produced;

  /**
   * Per topic and partition: records the consumers took, duplicates included, so produced less
   * taken is what waits (a redelivered record was produced once per send too).
   */
  final AtomicLongArray[] taken;

  /** Per topic and partition: the longest capture-to-consumed delay since last read, ms. */
  final AtomicLongArray[] recentMaxDelayMillis;

  /** Request received to answered, per request, microseconds. */
  final ConcurrentHistogram captureLatencyMicros = new ConcurrentHistogram(3);

  private final boolean reconcile;
  final Set<UUID> acked = ConcurrentHashMap.newKeySet();
  final Set<UUID> consumed = ConcurrentHashMap.newKeySet();

  public StackMetrics(int partitions, boolean reconcile) {
    this.mainPartitionEvents = new AtomicLongArray(partitions);
    this.overflowPartitionEvents = new AtomicLongArray(partitions);
    this.historicalPartitionEvents = new AtomicLongArray(partitions);
    this.produced = new AtomicLongArray[Topics.ALL.size()];
    this.recentMaxDelayMillis = new AtomicLongArray[Topics.ALL.size()];
    this.taken = new AtomicLongArray[Topics.ALL.size()];
    for (int t = 0; t < Topics.ALL.size(); t++) {
      produced[t] = new AtomicLongArray(partitions);
      taken[t] = new AtomicLongArray(partitions);
      recentMaxDelayMillis[t] = new AtomicLongArray(partitions);
    }
    this.reconcile = reconcile;
  }

  void request(int status) {
    requestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void acked(UUID uuid) {
    eventsAcked.increment();
    if (reconcile) {
      acked.add(uuid);
    }
  }

  /** Returns false for an event already consumed (a duplicate). */
  boolean consumed(UUID uuid) {
    eventsConsumed.increment();
    if (reconcile && !consumed.add(uuid)) {
      duplicates.increment();
      return false;
    }
    return true;
  }

  /** Events acked by capture and not (yet) consumed; -1 when reconciliation is off. */
  public long unconsumed() {
    if (!reconcile) {
      return -1;
    }
    long missing = 0;
    for (UUID u : acked) {
      if (!consumed.contains(u)) {
        missing++;
      }
    }
    return missing;
  }

  void produced(String topic, int partition) {
    produced[Topics.ALL.indexOf(topic)].incrementAndGet(partition);
  }

  void taken(String topic, int partition) {
    taken[Topics.ALL.indexOf(topic)].incrementAndGet(partition);
  }

  /** Records produced to a partition and not yet taken by a consumer (0 if a count is ahead). */
  long backlog(int topic, int partition) {
    return Math.max(0, produced[topic].get(partition) - taken[topic].get(partition));
  }

  /** An event consumed from {@code topic}-{@code partition} waited {@code micros} since capture. */
  void delay(String topic, int partition, long micros) {
    ingestionDelayMicros.recordValue(micros);
    intervalDelayMicros.recordValue(micros);
    recentMaxDelayMillis[Topics.ALL.indexOf(topic)].accumulateAndGet(
        partition, micros / 1000, Math::max);
  }

  public int partitions() {
    return mainPartitionEvents.length();
  }

  /** Capture requests answered, whatever the status. */
  public long requests() {
    return requestsByStatus.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long acked() {
    return eventsAcked.sum();
  }

  public long consumed() {
    return eventsConsumed.sum();
  }

  public long lagRecords() {
    return lagRecords.get();
  }

  public String prometheus() {
    StringBuilder p = new StringBuilder();
    p.append(
        "# HELP loadgate_requests_total Capture requests by HTTP status.\n# TYPE loadgate_requests_total counter\n");
    new TreeMap<>(requestsByStatus)
        .forEach(
            (s, n) ->
                p.append("loadgate_requests_total{status=\"")
                    .append(s)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    counter(
        p,
        "loadgate_events_acked_total",
        "Events capture wrote to Kafka and answered 200 for.",
        eventsAcked.sum());
    counter(
        p,
        "loadgate_events_overflowed_total",
        "Events sent keyless to the overflow topic (distinct_id above its rate).",
        eventsOverflowed.sum());
    counter(
        p,
        "loadgate_events_historical_total",
        "Events sent to the historical topic.",
        eventsHistorical.sum());
    counter(
        p,
        "loadgate_events_consumed_total",
        "Events the ingestion consumers processed (duplicates included).",
        eventsConsumed.sum());
    counter(
        p,
        "loadgate_events_duplicates_total",
        "Events consumed more than once (same uuid).",
        duplicates.sum());
    counter(
        p,
        "loadgate_ordering_violations_total",
        "Keyed events consumed before an earlier event of the same distinct_id.",
        orderingViolations.sum());
    counter(
        p,
        "loadgate_overflow_reordered_total",
        "Overflowed events consumed out of capture order (expected: overflow gives up ordering).",
        overflowReordered.sum());
    p.append(
        "# HELP loadgate_partition_events_total Events consumed per topic partition.\n# TYPE loadgate_partition_events_total counter\n");
    partitions(p, Topics.MAIN, mainPartitionEvents);
    partitions(p, Topics.OVERFLOW, overflowPartitionEvents);
    partitions(p, Topics.HISTORICAL, historicalPartitionEvents);
    p.append(
            "# HELP loadgate_consumer_lag_records Records produced and not yet consumed, all topics.\n# TYPE loadgate_consumer_lag_records gauge\n")
        .append("loadgate_consumer_lag_records ")
        .append(lagRecords.get())
        .append('\n');
    p.append(
            "# HELP loadgate_consumer_lag_records_max Highest lag seen.\n# TYPE loadgate_consumer_lag_records_max gauge\n")
        .append("loadgate_consumer_lag_records_max ")
        .append(maxLagRecords.get())
        .append('\n');
    return p.toString();
  }

  private static void counter(StringBuilder p, String name, String help, long value) {
    p.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" counter\n")
        .append(name)
        .append(' ')
        .append(value)
        .append('\n');
  }

  private static void partitions(StringBuilder p, String topic, AtomicLongArray counts) {
    for (int i = 0; i < counts.length(); i++) {
      p.append("loadgate_partition_events_total{topic=\"")
          .append(topic)
          .append("\",partition=\"")
          .append(i)
          .append("\"} ")
          .append(counts.get(i))
          .append('\n');
    }
  }

  /** The counters as a JSON-ready map, for {@code GET /stats} and the simulation's summary. */
  public Map<String, Object> stats() {
    Map<String, Object> s = new java.util.LinkedHashMap<>();
    Map<String, Long> requests = new TreeMap<>();
    requestsByStatus.forEach((k, v) -> requests.put(String.valueOf(k), v.sum()));
    s.put("requests_by_status", requests);
    s.put("events_acked", eventsAcked.sum());
    s.put("events_consumed", eventsConsumed.sum());
    s.put("events_unconsumed", unconsumed());
    s.put("events_overflowed", eventsOverflowed.sum());
    s.put("events_historical", eventsHistorical.sum());
    s.put("duplicates", duplicates.sum());
    s.put("ordering_violations", orderingViolations.sum());
    s.put("overflow_reordered", overflowReordered.sum());
    s.put("main_partition_events", toList(mainPartitionEvents));
    s.put("overflow_partition_events", toList(overflowPartitionEvents));
    s.put("historical_partition_events", toList(historicalPartitionEvents));
    s.put("lag_records", lagRecords.get());
    s.put("max_lag_records", maxLagRecords.get());
    s.put("max_ingestion_delay_seconds", ingestionDelayMicros.getMaxValue() / 1e6);
    // Percentiles in reading order (Map.of would shuffle them).
    Map<String, Double> latency = new java.util.LinkedHashMap<>();
    for (double pct : new double[] {50, 95, 99, 99.9}) {
      String name = "p" + (pct == 99.9 ? "999" : String.valueOf((int) pct));
      latency.put(name, captureLatencyMicros.getValueAtPercentile(pct) / 1e3);
    }
    s.put("capture_latency_ms", latency);
    return s;
  }

  private static java.util.List<Long> toList(AtomicLongArray a) {
    java.util.List<Long> l = new java.util.ArrayList<>(a.length());
    for (int i = 0; i < a.length(); i++) {
      l.add(a.get(i));
    }
    return l;
  }
}
