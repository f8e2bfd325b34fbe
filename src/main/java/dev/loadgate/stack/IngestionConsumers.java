package dev.loadgate.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion consumers: one group over the main, overflow and historical topics. Each record is
 * processed in partition order: parsed, person-processed, run through apps when its project has
 * them, and counted: per partition, per-distinct_id ordering by capture sequence (keyed events
 * only: overflow gives ordering up on purpose), duplicates by uuid, delay from capture. Offsets are
 * committed after each processed poll, so a restarted consumer resumes where the group left off.
 */
public final class IngestionConsumers implements AutoCloseable {
  public static final String GROUP = "loadgate-ingestion";
  private static final Logger LOG = LoggerFactory.getLogger(IngestionConsumers.class);

  private final String bootstrap;
  private final StackMetrics metrics;
  private final EventProcessor processor;
  private final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger nextIndex =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
  private final Thread lagMonitor;
  private final Admin admin;

  public IngestionConsumers(
      String bootstrap, int consumers, Set<String> appsTokens, StackMetrics metrics) {
    this.bootstrap = bootstrap;
    this.metrics = metrics;
    this.processor = new EventProcessor(appsTokens, metrics);
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                4000));
    for (int i = 0; i < consumers; i++) {
      startWorker();
    }
    lagMonitor = new Thread(this::monitorLag, "loadgate-lag-monitor");
    lagMonitor.setDaemon(true);
    lagMonitor.start();
  }

  public int consumers() {
    return workers.size();
  }

  /**
   * Waits until the group has every partition of the topics assigned, so "ready" means events are
   * consumed from the first request on, not after a rebalance.
   */
  public boolean awaitAssigned(int partitionsPerTopic, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (workers.isEmpty() || assigned.size() >= partitionsPerTopic * Topics.ALL.size()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Waits until every produced record is consumed (lag 0 twice in a row) or the timeout passes. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int zeros = 0;
    while (System.nanoTime() < deadline) {
      long lag = currentLag();
      zeros = lag == 0 ? zeros + 1 : 0;
      if (zeros >= 2) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  private void startWorker() {
    Worker w = new Worker(nextIndex.getAndIncrement());
    workers.add(w);
    w.thread.start();
  }

  /**
   * A consumer crash, for fault drills: one consumer stops halfway through the records of its
   * current poll and leaves without committing them (they are processed again by whoever gets the
   * partitions: duplicates, counted by uuid). After {@code replaceAfter} a new consumer joins the
   * group and resumes from the committed offsets, as a restarted pod would.
   *
   * @return false when there is no consumer to kill
   */
  public boolean crashOne(Duration replaceAfter) throws InterruptedException {
    Worker victim = workers.isEmpty() ? null : workers.get(0);
    if (victim == null) {
      return false;
    }
    victim.crashBy = System.nanoTime() + 10_000_000_000L;
    victim.crash = true;
    victim.thread.join(30_000);
    workers.remove(victim);
    Thread.sleep(replaceAfter.toMillis());
    if (running.get()) {
      startWorker();
    }
    return true;
  }

  @Override
  public void close() {
    running.set(false);
    workers.forEach(w -> w.consumer.wakeup());
    for (Worker w : workers) {
      try {
        w.thread.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lagMonitor.interrupt();
    admin.close(Duration.ofSeconds(5));
  }

  private final class Worker {
    final KafkaConsumer<byte[], byte[]> consumer;
    final Thread thread;
    volatile boolean crash;
    volatile long crashBy;

    Worker(int index) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, "loadgate-consumer-" + index);
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);

      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      thread = new Thread(this::run, "loadgate-consumer-" + index);
      thread.setDaemon(true);
    }

    void run() {
      try {
        consumer.subscribe(
            Topics.ALL,
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned.removeAll(partitions);
              }

              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.addAll(partitions);
              }
            });
        while (running.get()) {
          ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
          if (records.isEmpty()) {
            // A crash waits for records to be halfway through (up to 10 s), so it leaves some
            // processed and uncommitted: the redelivery a real crash causes.
            if (crash && System.nanoTime() > crashBy) {
              return;
            }
            continue;
          }
          Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
          int processed = 0;
          for (ConsumerRecord<byte[], byte[]> r : records) {
            // Halfway through a poll of two or more (so something is processed and not
            // committed), or at the first record once the 10 s have passed.
            if (crash
                && ((records.count() >= 2 && processed >= records.count() / 2)
                    || System.nanoTime() > crashBy)) {
              LOG.warn(
                  "consumer {} crashes (fault drill): {} records processed, not committed",
                  thread.getName(),
                  processed);
              return; // finally closes without committing
            }
            processed++;
            processor.process(r);
            done.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
          }
          consumer.commitSync(done);
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        LOG.error("consumer {} stopped: {}", thread.getName(), e.toString());
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }
  }

  private void monitorLag() {
    while (running.get()) {
      try {
        long lag = currentLag();
        metrics.lagRecords.set(lag);
        metrics.maxLagRecords.accumulateAndGet(lag, Math::max);
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // broker away: try again
      }
    }
  }

  /** Records produced and not yet committed by the group, over all topics. */
  public long currentLag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(Topics.ALL)
          .allTopicNames()
          .get(5, TimeUnit.SECONDS)
          .forEach(
              (t, d) ->
                  d.partitions()
                      .forEach(
                          p ->
                              latest.put(
                                  new TopicPartition(t, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += e.getValue().offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }
}
