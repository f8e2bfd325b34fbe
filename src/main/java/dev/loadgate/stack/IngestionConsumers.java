package dev.loadgate.stack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion consumers: one group over the main, overflow and historical topics, or one group
 * per topic when the pipeline has lanes ({@link ConsumerLanes}: PostHog's deployment per topic).
 * Each record is processed in partition order: parsed, person-processed, run through apps when its
 * project has them, and counted: per partition, per-distinct_id ordering by capture sequence (keyed
 * events only: overflow gives ordering up on purpose), duplicates by uuid, delay from capture.
 * Offsets are committed after each processed poll, so a restarted consumer resumes where the group
 * left off.
 */
public final class IngestionConsumers implements AutoCloseable {
  public static final String GROUP = "loadgate-ingestion";
  private static final Logger LOG = LoggerFactory.getLogger(IngestionConsumers.class);

  private final String bootstrap;
  private final String group;
  private final List<String> topics;
  private final StackMetrics metrics;
  private final EventProcessor processor;
  private final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger nextIndex =
      new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
  private final Thread lagMonitor;
  private volatile long scaleStartedNanos;
  private volatile double rebalanceSeconds = Double.NaN;
  private volatile boolean revokedSinceScale;
  private final Pacer.Factory pacers;
  private final Admin admin;

  /**
   * @param pacer holds each consumer to the pipeline's throughput (production mode), or null for
   *     full speed
   */
  public IngestionConsumers(
      String bootstrap,
      int consumers,
      Set<String> appsTokens,
      StackMetrics metrics,
      Pacer.Factory pacer) {
    this(
        bootstrap,
        GROUP,
        Topics.ALL,
        consumers,
        new EventProcessor(appsTokens, metrics),
        metrics,
        pacer,
        true);
  }

  /**
   * One consumer group over {@code topics}.
   *
   * @param processor shared by every group of a stack (one person store, as PostHog's database)
   * @param monitorsLag false when {@link ConsumerLanes} sums the lag over its groups
   */
  IngestionConsumers(
      String bootstrap,
      String group,
      List<String> topics,
      int consumers,
      EventProcessor processor,
      StackMetrics metrics,
      Pacer.Factory pacer,
      boolean monitorsLag) {
    this.bootstrap = bootstrap;
    this.group = group;
    this.topics = List.copyOf(topics);
    this.metrics = metrics;
    this.pacers = pacer;
    this.processor = processor;
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
    lagMonitor = monitorsLag ? new Thread(this::monitorLag, "loadgate-lag-monitor") : null;
    if (lagMonitor != null) {
      lagMonitor.setDaemon(true);
      lagMonitor.start();
    }
  }

  /** The consumer group's id. */
  public String group() {
    return group;
  }

  /** The topics the group consumes. */
  public List<String> topics() {
    return topics;
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
      if (workers.isEmpty() || assigned.size() >= partitionsPerTopic * topics.size()) {
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
    Worker w = new Worker(nextIndex.getAndIncrement(), pacers == null ? null : pacers.create());
    workers.add(w);
    w.thread.start();
  }

  /**
   * Adds members to the group until {@code n} run (the autoscaler's step): each joins, and the
   * group rebalances, as a new consumer pod does.
   */
  public synchronized void scaleTo(int n) {
    if (workers.size() < n) {
      scaleStartedNanos = System.nanoTime();
      revokedSinceScale = false;
      rebalanceSeconds = -1;
    }
    while (running.get() && workers.size() < n) {
      startWorker();
    }
  }

  /**
   * How long the last scale-out took to take effect: from the new members' start until the last of
   * them got its partitions (the group's rebalance); -1 while it runs, NaN before any.
   */
  public double lastRebalanceSeconds() {
    return rebalanceSeconds;
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
    if (lagMonitor != null) {
      lagMonitor.interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }

  /**
   * One member of the group. It buffers what it fetched per partition and serves its partitions
   * round-robin, one event each in turn, so a partition with a backlog does not hold up the others
   * it owns (the model's fair share, docs/capacity-model.md step 5); a partition with enough
   * buffered is paused, so fetching keeps up with the rest. With a {@link Pacer} it takes no more
   * than its events' cost allows. Offsets of what was processed are committed after each round and
   * before partitions are taken away in a rebalance, so nothing processed is processed again.
   */
  private final class Worker {
    /** Buffered events per partition above which its fetching pauses. */
    private static final int PAUSE_ABOVE = 500;

    /** At most this long between polls, so the member rejoins a rebalance promptly. */
    private static final long ROUND_NANOS = 100_000_000;

    final KafkaConsumer<byte[], byte[]> consumer;
    final Thread thread;
    final Pacer pacer;
    final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> buffered =
        new LinkedHashMap<>();
    final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    volatile boolean crash;
    volatile long crashBy;

    Worker(int index, Pacer pacer) {
      this.pacer = pacer;
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      // Zero-padded: the range assignor orders members by id, which starts with the client id, so
      // members take their ranges in start order, as the model assigns them.
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId(index, group));
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // With per-key rates a poll is the batch PostHog's consumer takes (consumer.batch_size).
      p.put(
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
          pacer != null && pacer.batchSize() > 0 ? pacer.batchSize() : 2000);
      // A fetch response is read into one heap array, through a direct buffer of the same size
      // that the JVM keeps per thread: at Kafka's default 50 MB, two consumers behind a backlog
      // kept 120 MB of native memory. 8 MB is still 20,000 events of 400 bytes a fetch.
      p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
      // Members learn of a rebalance at their next heartbeat: 3 s by default, a long pause when
      // the autoscaler adds a consumer on a scaled clock.
      p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 250);
      p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());

      consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      thread = new Thread(this::run, clientId(index, group));
      thread.setDaemon(true);
    }

    void run() {
      try {
        consumer.subscribe(
            topics,
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit();
                partitions.forEach(buffered::remove);
                assigned.removeAll(partitions);
                revokedSinceScale = true;
              }

              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.addAll(partitions);
                if (rebalanceSeconds < 0
                    && revokedSinceScale
                    && assigned.size() >= metrics.partitions() * topics.size()) {
                  rebalanceSeconds = (System.nanoTime() - scaleStartedNanos) / 1e9;
                }
              }
            });
        if (pacer != null && pacer.batchSize() > 0) {
          runBatches();
          return;
        }
        while (running.get()) {
          ConsumerRecords<byte[], byte[]> records =
              consumer.poll(buffered.isEmpty() ? Duration.ofMillis(200) : Duration.ZERO);
          for (TopicPartition tp : records.partitions()) {
            buffered.computeIfAbsent(tp, k -> new ArrayDeque<>()).addAll(records.records(tp));
          }
          flowControl();
          if (buffered.isEmpty()) {
            // A crash waits for records to be halfway through (up to 10 s), so it leaves some
            // processed and uncommitted: the redelivery a real crash causes.
            if (crash && System.nanoTime() > crashBy) {
              return;
            }
            continue;
          }
          if (!serveRound()) {
            return; // crashed: finally closes without committing
          }
          commit();
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        LOG.error("consumer {} stopped: {}", thread.getName(), e.toString());
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    /**
     * Serves the partitions with buffered events in turn, one event each, for up to one round.
     *
     * @return false when the consumer crashed (fault drill) partway
     */
    private boolean serveRound() {
      long end = System.nanoTime() + ROUND_NANOS;
      int total = 0;
      for (ArrayDeque<ConsumerRecord<byte[], byte[]>> q : buffered.values()) {
        total += q.size();
      }
      int processed = 0;
      while (!buffered.isEmpty() && System.nanoTime() < end) {
        var it = buffered.entrySet().iterator();
        while (it.hasNext()) {
          var e = it.next();
          ConsumerRecord<byte[], byte[]> r = e.getValue().poll();
          if (r == null) {
            it.remove();
            continue;
          }
          // Halfway through what was buffered (so something is processed and not committed), or
          // at the next record once the 10 s have passed.
          if (crash && ((total >= 2 && processed >= total / 2) || System.nanoTime() > crashBy)) {
            LOG.warn(
                "consumer {} crashes (fault drill): {} records processed, not committed",
                thread.getName(),
                processed);
            done.clear(); // a crash commits nothing: not even when close() revokes the partitions
            return false;
          }
          processed++;
          String type = processor.process(r);
          done.put(e.getKey(), new OffsetAndMetadata(r.offset() + 1));
          if (pacer != null && type != null) {
            pacer.pay(type, EventHeaders.text(r.headers(), EventHeaders.TOKEN));
          }
          if (e.getValue().isEmpty()) {
            it.remove();
          }
        }
      }
      return true;
    }

    /**
     * Production mode with per-key rates (SPEC §9.2): each poll is a batch, grouped by {@code
     * token:distinct_id} (from the event's headers: the overflow topic has no Kafka key), the
     * groups side by side on this consumer's one processor, each group's events one after another
     * ({@link KeyedBatch}); the batch is committed when its slowest group is done.
     */
    private void runBatches() {
      while (running.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          if (crash && System.nanoTime() > crashBy) {
            return;
          }
          continue;
        }
        if (!serveBatch(records)) {
          return; // crashed: finally closes without committing
        }
        // Asynchronously, as a real consumer stores its offsets: a synchronous commit's round trip
        // after every batch of a few scaled events was a fifth of a paced consumer's time. What
        // was processed stays in `done` until a rebalance or the end commits it for sure.
        consumer.commitAsync(new HashMap<>(done), null);
      }
      commit();
    }

    /**
     * @return false when the consumer crashed (fault drill) partway through the batch
     */
    private boolean serveBatch(ConsumerRecords<byte[], byte[]> records) {
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
      records.forEach(batch::add);
      List<String> keys = new ArrayList<>(batch.size());
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        keys.add(
            EventHeaders.text(r.headers(), EventHeaders.TOKEN)
                + ":"
                + EventHeaders.text(r.headers(), EventHeaders.DISTINCT_ID));
      }
      KeyedBatch plan = new KeyedBatch(keys);
      long t0 = System.nanoTime();
      int processed = 0;
      KeyedBatch.Next n;
      while ((n = plan.next()) != null) {
        Pacer.waitUntil(t0 + n.startNanos());
        // Late by a park or a collection: start from now, but catch up a little (as Pacer does).
        long started = Math.max(n.startNanos(), System.nanoTime() - t0 - Pacer.SLACK_NANOS);
        if (crash
            && ((batch.size() >= 2 && processed >= batch.size() / 2)
                || System.nanoTime() > crashBy)) {
          LOG.warn(
              "consumer {} crashes (fault drill): {} records processed, not committed",
              thread.getName(),
              processed);
          done.clear();
          return false;
        }
        ConsumerRecord<byte[], byte[]> r = batch.get(n.index());
        EventProcessor.Processed p = processor.processEvent(r);
        processed++;
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        OffsetAndMetadata before = done.get(tp);
        if (before == null || before.offset() < r.offset() + 1) {
          done.put(tp, new OffsetAndMetadata(r.offset() + 1));
        }
        String token = EventHeaders.text(r.headers(), EventHeaders.TOKEN);
        plan.done(
            n,
            started,
            p == null ? 0 : pacer.costNanos(p.type(), token, p.personless()),
            p == null ? 0 : pacer.keyNanos(p.personless()));
      }
      Pacer.waitUntil(t0 + plan.endsAt());
      return true;
    }

    /** Pauses partitions with plenty buffered, resumes the others. */
    private void flowControl() {
      List<TopicPartition> pause = new ArrayList<>();
      List<TopicPartition> resume = new ArrayList<>();
      Set<TopicPartition> paused = consumer.paused();
      for (TopicPartition tp : consumer.assignment()) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> q = buffered.get(tp);
        boolean full = q != null && q.size() >= PAUSE_ABOVE;
        if (full && !paused.contains(tp)) {
          pause.add(tp);
        } else if (!full && paused.contains(tp)) {
          resume.add(tp);
        }
      }
      if (!pause.isEmpty()) {
        consumer.pause(pause);
      }
      if (!resume.isEmpty()) {
        consumer.resume(resume);
      }
    }

    /**
     * Commits what was processed. During a rebalance the commit waits for the revocation (which
     * commits again); if the partitions were lost to another member, what was processed and not
     * committed is delivered again, and counted as duplicates.
     */
    private void commit() {
      if (done.isEmpty()) {
        return;
      }
      try {
        consumer.commitSync(done);
        done.clear();
      } catch (org.apache.kafka.common.errors.RebalanceInProgressException e) {
        // kept: committed when the partitions are revoked
      } catch (org.apache.kafka.clients.consumer.CommitFailedException e) {
        LOG.warn(
            "consumer {}: commit failed ({}); redelivered events count as duplicates",
            thread.getName(),
            e.getMessage());
        done.clear();
      }
    }
  }

  /** The group member's client id: zero-padded, so id order is start order. */
  static String clientId(int index) {
    return String.format(java.util.Locale.ROOT, "loadgate-consumer-%03d", index);
  }

  /** A lane's member: its group's suffix in the name, so the threads say which lane they serve. */
  static String clientId(int index, String group) {
    return GROUP.equals(group)
        ? clientId(index)
        : clientId(index) + group.substring(GROUP.length());
  }

  private void monitorLag() {
    while (running.get()) {
      try {
        long lag = currentLag();
        if (lag >= 0) {
          metrics.lagRecords.set(lag);
          metrics.maxLagRecords.accumulateAndGet(lag, Math::max);
        } else {
          // Not a value: the gauge says unknown and the reading is counted as missing.
          metrics.lagRecords.set(-1);
          metrics.lagReadingsMissing.increment();
        }
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        metrics.lagRecords.set(-1);
        metrics.lagReadingsMissing.increment();
        metrics.lagMissingReason = e.toString();
      }
    }
  }

  /**
   * Records produced and not yet committed by the group, over its topics; -1 when it cannot be read
   * (the broker away, offsets not answered within 5 s): never a made-up number.
   */
  public long currentLag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(topics)
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
        if (e.getValue().offset() < 0) {
          metrics.lagMissingReason = "no end offset for " + e.getKey();
          return -1;
        }
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      metrics.lagMissingReason =
          (e instanceof java.util.concurrent.TimeoutException
                  ? "offsets not answered within 5 s"
                  : e.getClass().getSimpleName())
              + " (the broker away, or the group rebalancing)";
      return -1;
    }
  }
}
