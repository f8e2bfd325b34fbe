package dev.loadgate.stack;

import dev.loadgate.plan.Autoscaler;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.wire.DelayHistogramCodec;
import dev.loadgate.wire.Timeline;
import dev.loadgate.wire.Timeline.Point;
import dev.loadgate.wire.Timeline.Stall;
import dev.loadgate.wire.Timeline.Step;
import dev.loadgate.wire.Timeline.TopicWorst;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stack's capacity does over time, read every 100 ms from its own counters: requests
 * offered to capture and refused, events produced and consumed, each partition's backlog (produced
 * less consumed) and how long its consumed events waited. Every second it keeps a point of the
 * timeline ({@code GET /timeline}). In production mode it also runs the pipeline's autoscaler on
 * these signals, with the very rule the model runs ({@link Autoscaler}): when it decides, the
 * consumers and capture replicas it asked for start a reaction time later. With lanes each consumer
 * deployment has its own autoscaler and capture its own ({@link StackAutoscalers}).
 */
public final class CapacityMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityMonitor.class);
  static final long TICK_MILLIS = 100;

  /**
   * The autoscaler's rates are over this many ticks (2 s). Half a second was too short: with
   * nimbus-import's 10 requests of 500 events a second, it saw 4,000 to 6,000 events/s where 5,000
   * arrived, and stepped 6 s before the model on a lucky window.
   */
  static final int WINDOW_TICKS = 20;

  private final StackMetrics metrics;
  private final CaptureGate gate;
  private final ConsumerLanes consumers;
  private final Autoscaler.Limits limits;
  private final Pipeline pipeline;
  private final double lagThresholdSeconds;
  private final int partitions;
  private final Thread thread;
  private volatile boolean running = true;

  /** The timeline keeps its last 6 hours (~150 bytes a second): a stack left up for days. */
  static final int MAX_POINTS = 6 * 3600;

  private final List<Point> points = new ArrayList<>();

  /**
   * The monitor ticks every 100 ms; a tick this late means the stack's JVM (or the whole machine)
   * stood still: a collection, CPU starvation, the VM's host. Events waiting then waited for that,
   * not for the pipeline, and the comparison says so.
   */
  static final long STALL_NANOS = 250_000_000L;

  /** When the stack stood still since armed, and for how long (seconds). */
  private final List<Stall> stalls = new ArrayList<>();

  private final List<Step> steps = new ArrayList<>();
  private StackAutoscalers autoscaler;
  private long armedNanos;
  private long armedMillis;
  private volatile HotKeyRouter router;

  // The last WINDOW_TICKS ticks' cumulative counters, for rates.
  private final long[] offeredAt = new long[WINDOW_TICKS + 1];
  private final long[] producedAt = new long[WINDOW_TICKS + 1];
  private final long[][] producedByTopicAt = new long[Topics.ALL.size()][WINDOW_TICKS + 1];
  private int ticks;

  // Within the current second.
  private long secondStartOffered;
  private long secondStartRefused;
  private long secondStartProduced;
  private long secondStartConsumed;
  private long lastRefused;
  private long worstBacklog;
  private final int[] worstPartitionByTopic = new int[Topics.ALL.size()];
  private final double[] worstDelayByTopic = new double[Topics.ALL.size()];

  /**
   * @param gate capture's capacity, or null (local mode: nothing refused for capacity)
   * @param limits the autoscaler's limits, or null for none (local mode)
   * @param pipeline the pipeline as scaled: its lanes (each lane's maximum) and autoscaler blocks,
   *     or null
   * @param lagThresholdSeconds a partition lags once an event consumed from it waited this long
   * @param autoscaleFromStart false: the autoscaler starts at the first {@link #arm()} (the
   *     simulation arms it once its warm-up has drained, so the warm-up scales nothing)
   */
  public CapacityMonitor(
      StackMetrics metrics,
      CaptureGate gate,
      ConsumerLanes consumers,
      Autoscaler.Limits limits,
      Pipeline pipeline,
      double lagThresholdSeconds,
      int partitions,
      boolean autoscaleFromStart) {
    this.metrics = metrics;
    this.gate = gate;
    this.consumers = consumers;
    this.limits = limits;
    this.pipeline = pipeline;
    this.lagThresholdSeconds = lagThresholdSeconds;
    this.partitions = partitions;
    reset(autoscaleFromStart);
    this.thread = new Thread(this::loop, "loadgate-capacity-monitor");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts afresh: an empty timeline, the autoscaler's clock at 0 and its sizes as they run now.
   * The simulation arms it once its warm-up has drained, so only the load is on the timeline.
   */
  public synchronized void arm() {
    reset(true);
  }

  /** Capture's router: the keys it rerouted go on the timeline, counted from the arming. */
  void router(HotKeyRouter r) {
    this.router = r;
  }

  private void reset(boolean autoscale) {
    HotKeyRouter r = router;
    if (r != null) {
      r.forgetReroutes();
    }
    points.clear();
    steps.clear();
    stalls.clear();
    armedNanos = System.nanoTime();
    armedMillis = System.currentTimeMillis();
    int replicas = gate == null ? 0 : gate.replicas();
    autoscaler =
        limits != null && autoscale
            ? new StackAutoscalers(limits, pipeline, consumers, gate)
            : null;
    steps.add(new Step(armedMillis, consumers.consumers(), replicas, null, consumers.sizes()));
    secondStartOffered = offered();
    secondStartRefused = refused();
    secondStartProduced = metrics.acked();
    secondStartConsumed = metrics.consumed();
    lastRefused = secondStartRefused;
    metrics.intervalDelayMicros.reset();
    // /stats' longest delay counts from here too: the warm-up's events (a cold JIT, 1.8 s on a
    // fresh clone) are not the load's, and the run's two delay figures then measure the same
    // events.
    metrics.ingestionDelayMicros.reset();
    runDelays.reset();
    ticks = 0;
    resetWorst();
  }

  private void loop() {
    long next = System.nanoTime();
    while (running) {
      next += TICK_MILLIS * 1_000_000;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(sleep);
      }
      long late = System.nanoTime() - next;
      if (late > STALL_NANOS && !catchingUp) {
        stalled(late);
      }
      // After a stall the missed ticks run back to back; only the first is the stall.
      catchingUp = late > TICK_MILLIS * 1_000_000L;
      try {
        tick();
      } catch (RuntimeException e) {
        LOG.warn("capacity monitor: {}", e.toString());
      }
    }
  }

  private boolean catchingUp;

  private synchronized void stalled(long lateNanos) {
    stalls.add(new Stall(System.currentTimeMillis() - lateNanos / 1_000_000, lateNanos / 1e9));
    LOG.warn(
        "the stack stood still for {} s (a collection, or this machine's CPU): events waiting then"
            + " waited for that, not for the pipeline",
        String.format(java.util.Locale.ROOT, "%.2f", lateNanos / 1e9));
  }

  private synchronized void tick() {
    long now = System.nanoTime();
    double t = (now - armedNanos) / 1e9;
    long offered = offered();
    long refused = refused();
    long produced = metrics.acked();
    boolean refusing = refused > lastRefused;
    lastRefused = refused;

    // Each partition's backlog, and whether any waited past the threshold.
    int topics = Topics.ALL.size();
    long total = 0;
    boolean lagging = false;
    long[] backlogByTopic = new long[topics];
    boolean[] laggingByTopic = new boolean[topics];
    long thresholdMillis = (long) (lagThresholdSeconds * 1000);
    for (int topic = 0; topic < topics; topic++) {
      for (int p = 0; p < partitions; p++) {
        long backlog = metrics.backlog(topic, p);
        long delayMillis = metrics.recentMaxDelayMillis[topic].getAndSet(p, 0);
        total += backlog;
        backlogByTopic[topic] += backlog;
        if (delayMillis >= thresholdMillis && delayMillis > 0) {
          lagging = true;
          laggingByTopic[topic] = true;
        }
        worstBacklog = Math.max(worstBacklog, backlog);
        if (delayMillis / 1000.0 > worstDelayByTopic[topic]) {
          worstDelayByTopic[topic] = delayMillis / 1000.0;
          worstPartitionByTopic[topic] = p;
        }
      }
    }

    int slot = ticks % (WINDOW_TICKS + 1);
    offeredAt[slot] = offered;
    producedAt[slot] = produced;
    for (int topic = 0; topic < topics; topic++) {
      producedByTopicAt[topic][slot] = metrics.produced(topic);
    }
    ticks++;
    if (autoscaler != null) {
      scale(t, refusing, lagging, total, laggingByTopic, backlogByTopic);
      noteRebalance();
    }
    if (ticks % (1000 / TICK_MILLIS) == 0) {
      second(offered, refused, produced, total);
    }
  }

  private void scale(
      double t,
      boolean refusing,
      boolean lagging,
      long backlog,
      boolean[] laggingByTopic,
      long[] backlogByTopic) {
    if (autoscaler.apply(t)) {
      steps.add(
          new Step(
              System.currentTimeMillis(),
              consumers.consumers(),
              autoscaler.captureReplicas(),
              null,
              consumers.sizes()));
      LOG.info(
          "autoscaler: {} consumers{}, {} capture replicas at {} s",
          consumers.consumers(),
          consumers.separate() ? " " + consumers.sizes() : "",
          autoscaler.captureReplicas(),
          String.format(java.util.Locale.ROOT, "%.1f", t));
    }
    int span = Math.min(ticks - 1, WINDOW_TICKS);
    if (span <= 0) {
      return;
    }
    int last = (ticks - 1) % (WINDOW_TICKS + 1);
    int oldest = (ticks - 1 - span) % (WINDOW_TICKS + 1);
    double seconds = span * TICK_MILLIS / 1000.0;
    double[] producedByTopic = new double[Topics.ALL.size()];
    for (int topic = 0; topic < producedByTopic.length; topic++) {
      producedByTopic[topic] =
          (producedByTopicAt[topic][last] - producedByTopicAt[topic][oldest]) / seconds;
    }
    String asked =
        autoscaler.decide(
            t,
            new StackAutoscalers.Signals(
                refusing,
                (offeredAt[last] - offeredAt[oldest]) / seconds,
                (producedAt[last] - producedAt[oldest]) / seconds,
                lagging,
                backlog,
                producedByTopic,
                laggingByTopic,
                backlogByTopic));
    if (asked != null) {
      LOG.info(
          "autoscaler: asks for {} at {} s",
          asked,
          String.format(java.util.Locale.ROOT, "%.1f", t));
    }
  }

  /** The last scale-out's rebalance, once it is done, on the step that caused it. */
  private void noteRebalance() {
    Step last = steps.get(steps.size() - 1);
    if (steps.size() < 2 || last.rebalanceSeconds() != null) {
      return;
    }
    Step before = steps.get(steps.size() - 2);
    if (last.consumers() <= before.consumers()) {
      return;
    }
    Double rebalance = autoscaler.rebalanceSeconds(before.lanes(), before.consumers());
    if (rebalance != null) {
      steps.set(
          steps.size() - 1,
          new Step(
              last.atMillis(), last.consumers(), last.captureReplicas(), rebalance, last.lanes()));
    }
  }

  /**
   * Every event's capture-to-consumed delay since the monitor was armed, microseconds: the SLO
   * tiers' shares are read from it (served compressed in {@code /timeline}'s {@code
   * delay_histogram}).
   */
  private final Histogram runDelays = new Histogram(3);

  private final PipelineGauges gauges = new PipelineGauges();

  /** HdrHistogram's compressed form, base64 (read back by the runner's SLO comparison). */
  private void second(long offered, long refused, long produced, long backlog) {
    Histogram delays = metrics.intervalDelayMicros.getIntervalHistogram();
    runDelays.add(delays);
    gauges.add(delays);
    long consumed = metrics.consumed();
    if (points.size() >= MAX_POINTS) {
      points.remove(0);
    }
    // The second's worst partition over all topics: the worst of each topic's, the first on a tie.
    Map<String, TopicWorst> byTopic = worstByTopic();
    String worstTopic = null;
    TopicWorst worst = new TopicWorst(-1, 0);
    for (Map.Entry<String, TopicWorst> e : byTopic.entrySet()) {
      if (e.getValue().delaySeconds() > worst.delaySeconds()) {
        worstTopic = e.getKey();
        worst = e.getValue();
      }
    }
    points.add(
        new Point(
            System.currentTimeMillis() - 1000,
            offered - secondStartOffered,
            refused - secondStartRefused,
            produced - secondStartProduced,
            consumed - secondStartConsumed,
            backlog,
            worstTopic,
            worst.partition(),
            worstBacklog,
            worst.delaySeconds(),
            delays.getTotalCount() == 0 ? 0 : delays.getValueAtPercentile(99) / 1e6,
            delays.getTotalCount() == 0 ? 0 : delays.getMaxValue() / 1e6,
            consumers.consumers(),
            gate == null ? 0 : gate.replicas(),
            consumers.sizes(),
            byTopic));
    secondStartOffered = offered;
    secondStartRefused = refused;
    secondStartProduced = produced;
    secondStartConsumed = consumed;
    resetWorst();
  }

  /** Each topic's worst partition this second (topics whose events all went at once left out). */
  private Map<String, TopicWorst> worstByTopic() {
    Map<String, TopicWorst> m = new LinkedHashMap<>();
    for (int topic = 0; topic < worstDelayByTopic.length; topic++) {
      if (worstDelayByTopic[topic] > 0) {
        m.put(
            Topics.ALL.get(topic),
            new TopicWorst(worstPartitionByTopic[topic], worstDelayByTopic[topic]));
      }
    }
    return m;
  }

  private void resetWorst() {
    java.util.Arrays.fill(worstDelayByTopic, 0);
    worstBacklog = 0;
  }

  private long offered() {
    return gate == null ? metrics.requests() : gate.arrived();
  }

  private long refused() {
    return gate == null ? 0 : gate.refused();
  }

  /**
   * Consumers per lane, capture's replicas, each partition's lag and the delay histogram, in
   * Prometheus' text format ({@code /metrics} appends it to the counters).
   */
  public String prometheus() {
    long[][] backlog = new long[Topics.ALL.size()][partitions];
    for (int t = 0; t < backlog.length; t++) {
      for (int p = 0; p < partitions; p++) {
        backlog[t][p] = Math.max(0, metrics.backlog(t, p));
      }
    }
    return gauges.prometheus(
        consumers.sizes(), consumers.consumers(), gate == null ? 0 : gate.replicas(), backlog);
  }

  /** The timeline as {@code GET /timeline} serves it (snake_case, as every loadgate JSON). */
  public String json() {
    return snapshot().json();
  }

  private synchronized Timeline snapshot() {
    return new Timeline(
        limits == null ? "local" : "production",
        armedMillis,
        lagThresholdSeconds,
        steps,
        points,
        stalls,
        DelayHistogramCodec.encode(runDelays),
        reroutedKeys());
  }

  /** Timeline entries shown for rerouted keys, the busiest first. */
  static final int REROUTED_KEYS_SHOWN = 20;

  /** The keys capture rerouted since the arming, the busiest first: when, and how many events. */
  private List<Timeline.ReroutedKey> reroutedKeys() {
    HotKeyRouter r = router;
    if (r == null) {
      return List.of();
    }
    return r.rerouted().entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue().events(), x.getValue().events()))
        .limit(REROUTED_KEYS_SHOWN)
        .map(
            e ->
                new Timeline.ReroutedKey(
                    e.getKey(),
                    armedMillis + (e.getValue().firstNanos() - armedNanos) / 1_000_000,
                    e.getValue().events()))
        .toList();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
