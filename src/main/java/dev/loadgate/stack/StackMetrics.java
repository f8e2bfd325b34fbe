package dev.loadgate.stack;

import dev.loadgate.jvm.MemoryWatch;
import java.util.Map;
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
 * /metrics} and as JSON at {@code /stats}. With reconciliation on, capture's record numbers acked
 * and consumed are kept as compressed bitmaps ({@link Reconciliation}), so "acked but never
 * consumed" is counted exactly, not estimated, in a few MB for tens of millions of events.
 */
public final class StackMetrics {
  final Map<Integer, LongAdder> requestsByStatus = new ConcurrentHashMap<>();
  final LongAdder eventsAcked = new LongAdder();

  /**
   * Events in requests capture read with a known token, whatever it answered (PostHog counts it).
   */
  final LongAdder eventsReceived = new LongAdder();

  final LongAdder eventsOverflowed = new LongAdder();
  final LongAdder eventsHistorical = new LongAdder();
  final LongAdder eventsConsumed = new LongAdder();
  final LongAdder orderingViolations = new LongAdder();
  final LongAdder overflowReordered = new LongAdder();
  final AtomicLongArray mainPartitionEvents;
  final AtomicLongArray overflowPartitionEvents;
  final AtomicLongArray historicalPartitionEvents;

  /** The group's lag in records at the last reading; -1 when that reading failed. */
  final AtomicLong lagRecords = new AtomicLong(-1);

  /** The highest lag read; -1 until one reading succeeded. */
  final AtomicLong maxLagRecords = new AtomicLong(-1);

  /** Lag readings that failed (the broker away, a rebalance): absent, not a value. */
  final LongAdder lagReadingsMissing = new LongAdder();

  volatile String lagMissingReason;

  /**
   * Capture to consumed, the longest since the timeline was armed (else since the start),
   * microseconds. Only the maximum is reported, so a striped accumulator, not a histogram whose
   * shared counters every consumer thread would contend on for each event (8.9% of a consumer's CPU
   * in a profile at 100,000 ev/s).
   */
  final java.util.concurrent.atomic.LongAccumulator ingestionDelayMicros =
      new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);

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

  /**
   * This stack run's mark on its records ({@link EventHeaders#CAPTURE_RUN}), so records another run
   * left in a shared cluster's topics are not taken for this run's numbers.
   */
  final String runId =
      Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());

  /** Capture's record numbers, from 1 in the order it sends; dense, so the bitmaps stay small. */
  final AtomicLong recordSeq = new AtomicLong();

  /** Null when reconciliation is off. */
  private final Reconciliation reconciliation;

  /**
   * Records consumed that this stack's capture did not number (another run's, another writer's).
   */
  final LongAdder foreignRecords = new LongAdder();

  /** Records that are not an event's JSON (they are counted as consumed, and skipped). */
  final java.util.concurrent.atomic.AtomicLong unreadableRecords =
      new java.util.concurrent.atomic.AtomicLong();

  /** Set by the stack: heap and GC, for {@code /stats}. */
  private volatile MemoryWatch memory;

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
    this.reconciliation = reconcile ? new Reconciliation() : null;
  }

  void memory(MemoryWatch memory) {
    this.memory = memory;
  }

  void request(int status) {
    requestsByStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  /** Capture answered 200 for a request whose events it wrote as records {@code seqs}. */
  void acked(long[] seqs, java.util.List<CapturePayload.Event> events) {
    eventsAcked.add(seqs.length);
    if (reconciliation != null) {
      reconciliation.acked(seqs, i -> events.get(i).uuid());
    }
  }

  /** Capture wrote record {@code seq} but answered an error: the client will send it again. */
  void unconfirmed(long seq, UUID uuid) {
    if (reconciliation != null) {
      reconciliation.unconfirmed(seq, uuid);
    }
  }

  /**
   * A consumer took record {@code seq} (-1: not numbered by this stack's capture).
   *
   * @return false for a record consumed before (a redelivery: counted, not processed again)
   */
  boolean consumed(long seq) {
    eventsConsumed.increment();
    if (seq < 0) {
      foreignRecords.increment();
      return true;
    }
    return reconciliation == null || reconciliation.consumed(seq);
  }

  /** The reconciliation now, or null when it is off. */
  public Reconciliation.Result reconciliation() {
    return reconciliation == null ? null : reconciliation.result();
  }

  /** Events acked by capture and not (yet) consumed; -1 when reconciliation is off. */
  public long unconsumed() {
    return reconciliation == null ? -1 : reconciliation.result().unconsumed();
  }

  /**
   * Events consumed more than once: redelivered records, and re-sent copies of unconfirmed ones.
   */
  public long duplicates() {
    Reconciliation.Result r = reconciliation();
    return r == null ? 0 : r.duplicates();
  }

  void compact() {
    if (reconciliation != null) {
      reconciliation.compact();
    }
  }

  void produced(String topic, int partition) {
    produced[Topics.ALL.indexOf(topic)].incrementAndGet(partition);
  }

  void taken(String topic, int partition) {
    taken[Topics.ALL.indexOf(topic)].incrementAndGet(partition);
  }

  /** Records capture wrote to {@code topic} (its index in {@link Topics#ALL}), every partition. */
  long produced(int topic) {
    long n = 0;
    for (int p = 0; p < produced[topic].length(); p++) {
      n += produced[topic].get(p);
    }
    return n;
  }

  /** Records produced to a partition and not yet taken by a consumer (0 if a count is ahead). */
  long backlog(int topic, int partition) {
    return Math.max(0, produced[topic].get(partition) - taken[topic].get(partition));
  }

  /** An event consumed from {@code topic}-{@code partition} waited {@code micros} since capture. */
  void delay(String topic, int partition, long micros) {
    ingestionDelayMicros.accumulate(micros);
    intervalDelayMicros.recordValue(micros);
    AtomicLongArray recent = recentMaxDelayMillis[Topics.ALL.indexOf(topic)];
    long millis = micros / 1000;
    // Read first: most events are not a new maximum, and a plain read costs no cache-line transfer.
    if (recent.get(partition) < millis) {
      recent.accumulateAndGet(partition, millis, Math::max);
    }
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
        "loadgate_capture_events_received_total",
        "Events in requests capture read with a known token, whatever it answered"
            + " (PostHog's capture_events_received_total).",
        eventsReceived.sum());
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
        "Events consumed more than once (a record redelivered, or a re-sent copy of one capture could not confirm).",
        duplicates());
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
    // An unknown lag is absent from the exposition (Prometheus' way), never a sentinel value.
    if (lagRecords.get() >= 0) {
      metric(
          p,
          "gauge",
          "loadgate_consumer_lag_records",
          "Records produced and not yet consumed, all topics.",
          lagRecords.get());
    }
    if (maxLagRecords.get() >= 0) {
      metric(
          p,
          "gauge",
          "loadgate_consumer_lag_records_max",
          "Highest lag seen.",
          maxLagRecords.get());
    }
    counter(
        p,
        "loadgate_consumer_lag_readings_missing_total",
        "Lag readings that failed (the broker away, a rebalance): no value was recorded.",
        lagReadingsMissing.sum());
    return p.toString();
  }

  private static void counter(StringBuilder p, String name, String help, long value) {
    metric(p, "counter", name, help, value);
  }

  /** One metric in Prometheus' text exposition: its help, its type and its value. */
  private static void metric(StringBuilder p, String type, String name, String help, long value) {
    p.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(' ')
        .append(type)
        .append('\n')
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
    Reconciliation.Result r = reconciliation();
    s.put("events_unconsumed", r == null ? -1 : r.unconsumed());
    s.put("events_overflowed", eventsOverflowed.sum());
    s.put("events_historical", eventsHistorical.sum());
    s.put("duplicates", r == null ? 0 : r.duplicates());
    s.put("reconciliation", reconciliationStats(r));
    s.put("ordering_violations", orderingViolations.sum());
    s.put("overflow_reordered", overflowReordered.sum());
    s.put("main_partition_events", toList(mainPartitionEvents));
    s.put("overflow_partition_events", toList(overflowPartitionEvents));
    s.put("historical_partition_events", toList(historicalPartitionEvents));
    s.put("lag_records", lagRecords.get() < 0 ? null : lagRecords.get());
    s.put("max_lag_records", maxLagRecords.get() < 0 ? null : maxLagRecords.get());
    s.put("lag_readings_missing", lagReadingsMissing.sum());
    s.put("lag_missing_reason", lagReadingsMissing.sum() == 0 ? null : lagMissingReason);
    s.put("max_ingestion_delay_seconds", ingestionDelayMicros.get() / 1e6);
    // Percentiles in reading order (Map.of would shuffle them).
    Map<String, Double> latency = new java.util.LinkedHashMap<>();
    for (double pct : new double[] {50, 95, 99, 99.9}) {
      String name = "p" + (pct == 99.9 ? "999" : String.valueOf((int) pct));
      latency.put(name, captureLatencyMicros.getValueAtPercentile(pct) / 1e3);
    }
    s.put("capture_latency_ms", latency);
    s.put("unreadable_records", unreadableRecords.get());
    MemoryWatch m = memory;
    if (m != null) {
      s.put("memory", m.stats());
    }
    return s;
  }

  private Map<String, Object> reconciliationStats(Reconciliation.Result r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("on", r != null);
    if (r != null) {
      m.put("acked_records", r.acked());
      m.put("consumed_records", r.consumed());
      m.put("redeliveries", r.redeliveries());
      m.put("resent_duplicates", r.resentDuplicates());
      m.put("unconfirmed_writes", r.unconfirmedWrites());
      m.put("unconfirmed_consumed", r.unconfirmedConsumed());
      m.put("unconfirmed_untracked", r.untracked());
      m.put("bytes", r.bytes());
    }
    m.put("foreign_records", foreignRecords.sum());
    return m;
  }

  private static java.util.List<Long> toList(AtomicLongArray a) {
    java.util.List<Long> l = new java.util.ArrayList<>(a.length());
    for (int i = 0; i < a.length(); i++) {
      l.add(a.get(i));
    }
    return l;
  }
}
