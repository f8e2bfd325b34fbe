package dev.loadgate.stack;

import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stack's consumer deployments. Without lanes: one consumer group over every topic, as the
 * model's pipeline without {@code lanes}. With lanes (SPEC §9.1): one group per topic, as PostHog
 * runs {@code events_plugin_ingestion}, its overflow and the historical topic, each with its own
 * consumers (and, in production mode, its own autoscaler: {@link CapacityMonitor}). The groups
 * share one event processor (one person store, as PostHog's database) and the stack's metrics.
 */
public final class ConsumerLanes implements AutoCloseable {
  /** A deployment: its name, the indices of its topics in {@link Topics#ALL}, its group. */
  public record Lane(String name, List<Integer> topics, IngestionConsumers consumers) {}

  private final List<Lane> lanes;
  private final boolean separate;
  private final StackMetrics metrics;
  private final Thread lagMonitor;
  private volatile boolean running = true;

  private ConsumerLanes(List<Lane> lanes, boolean separate, StackMetrics metrics) {
    this.lanes = List.copyOf(lanes);
    this.separate = separate;
    this.metrics = metrics;
    if (separate) {
      lagMonitor = new Thread(this::monitorLag, "loadgate-lag-monitor");
      lagMonitor.setDaemon(true);
      lagMonitor.start();
    } else {
      lagMonitor = null;
    }
  }

  /** One group over every topic, {@code consumers} members (a pipeline without lanes). */
  public static ConsumerLanes one(IngestionConsumers all) {
    return new ConsumerLanes(List.of(new Lane("all", List.of(0, 1, 2), all)), false, null);
  }

  /**
   * One group per topic, each with its lane's consumers today ({@code loadgate-ingestion-main},
   * {@code -overflow}, {@code -historical}).
   */
  public static ConsumerLanes perTopic(
      String bootstrap,
      Pipeline.Lanes lanes,
      Set<String> appsTokens,
      StackMetrics metrics,
      Pacer.Factory pacer) {
    EventProcessor processor = new EventProcessor(appsTokens, metrics);
    List<Lane> started = new ArrayList<>();
    try {
      for (int t = 0; t < Topics.ALL.size(); t++) {
        String name = Pipeline.Lanes.NAMES.get(t);
        started.add(
            new Lane(
                name,
                List.of(t),
                new IngestionConsumers(
                    bootstrap,
                    IngestionConsumers.GROUP + "-" + name,
                    List.of(Topics.ALL.get(t)),
                    lanes.get(t).consumers(),
                    processor,
                    metrics,
                    pacer,
                    false)));
      }
    } catch (RuntimeException e) {
      started.forEach(l -> l.consumers().close());
      throw e;
    }
    return new ConsumerLanes(started, true, metrics);
  }

  /** Whether each topic has a group of its own. */
  public boolean separate() {
    return separate;
  }

  public List<Lane> lanes() {
    return lanes;
  }

  /** The lane consuming topic {@code topic} (its index in {@link Topics#ALL}). */
  public Lane laneOf(int topic) {
    for (Lane l : lanes) {
      if (l.topics().contains(topic)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no lane consumes topic " + topic);
  }

  /** The one group without lanes; with lanes, the main topic's. */
  public IngestionConsumers main() {
    return lanes.get(0).consumers();
  }

  /** Members over every group. */
  public int consumers() {
    int n = 0;
    for (Lane l : lanes) {
      n += l.consumers().consumers();
    }
    return n;
  }

  /** Members per lane, in topic order; empty with one group. */
  public Map<String, Integer> sizes() {
    if (!separate) {
      return Map.of();
    }
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Lane l : lanes) {
      m.put(l.name(), l.consumers().consumers());
    }
    return m;
  }

  /** Waits until every group has every partition of its topics. */
  public boolean awaitAssigned(int partitionsPerTopic, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Lane l : lanes) {
      long left = deadline - System.nanoTime();
      if (!l.consumers().awaitAssigned(partitionsPerTopic, Duration.ofNanos(Math.max(0, left)))) {
        return false;
      }
    }
    return true;
  }

  /** Records produced and not yet committed, over every group; -1 when one cannot be read. */
  public long currentLag() {
    long lag = 0;
    for (Lane l : lanes) {
      long one = l.consumers().currentLag();
      if (one < 0) {
        return -1;
      }
      lag += one;
    }
    return lag;
  }

  /** Waits until every produced record is consumed (lag 0 twice in a row) or the timeout passes. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    if (!separate) {
      return main().awaitDrained(timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int zeros = 0;
    while (System.nanoTime() < deadline) {
      zeros = currentLag() == 0 ? zeros + 1 : 0;
      if (zeros >= 2) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** With lanes the lag gauge is the sum of the groups' (each group's own monitor is off). */
  private void monitorLag() {
    while (running) {
      long lag = currentLag();
      if (lag >= 0) {
        metrics.lagRecords.set(lag);
        metrics.maxLagRecords.accumulateAndGet(lag, Math::max);
      } else {
        metrics.lagRecords.set(-1);
        metrics.lagReadingsMissing.increment();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (lagMonitor != null) {
      lagMonitor.interrupt();
    }
    RuntimeException first = null;
    for (Lane l : lanes) {
      try {
        l.consumers().close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
