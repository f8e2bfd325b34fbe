package dev.loadgate.stack;

import dev.loadgate.jvm.MemoryWatch;
import dev.loadgate.plan.Autoscaler;
import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.Set;

/**
 * The local ingestion stack: Kafka (embedded, or an existing cluster), the topics from the pipeline
 * file, the capture server and the ingestion consumers, started in that order and stopped in
 * reverse.
 */
public final class LocalStack implements AutoCloseable {
  /**
   * @param kafkaBootstrap an existing cluster, or null to start an embedded broker
   * @param consumers ingestion consumer threads (in production mode: the pipeline's consumers)
   * @param reconcile keep capture's record numbers acked and consumed (a few MB per ten million
   *     events), so unconsumed (lost) events and redeliveries are counted exactly
   * @param production run the pipeline file's capacities, or null for full local speed
   */
  public record Options(
      String host,
      int port,
      Set<String> tokens,
      Set<String> appsTokens,
      Pipeline pipeline,
      String kafkaBootstrap,
      int consumers,
      boolean reconcile,
      Production production) {

    /** Full local speed: no capacity but this machine's. */
    public Options(
        String host,
        int port,
        Set<String> tokens,
        Set<String> appsTokens,
        Pipeline pipeline,
        String kafkaBootstrap,
        int consumers,
        boolean reconcile) {
      this(host, port, tokens, appsTokens, pipeline, kafkaBootstrap, consumers, reconcile, null);
    }
  }

  /**
   * Production mode (docs/capacity-model.md, last section): the pipeline file's consumers, each
   * paced to its rates; capture admitting its replicas' rate; the autoscaler on the stack's own
   * signals.
   *
   * @param lagThresholdSeconds a partition lags once an event consumed from it waited this long
   * @param mixEventsPerSecond one consumer's events/s on the load's mix, which the autoscaler sizes
   *     consumers with (the simulation knows it from the profile)
   * @param autoscaleFromStart false: the autoscaler waits for the first {@code POST /timeline/arm}
   */
  public record Production(
      double lagThresholdSeconds, double mixEventsPerSecond, boolean autoscaleFromStart) {}

  private final KafkaCluster kafka;
  private final StackMetrics metrics;
  private final CaptureServer capture;
  private final ConsumerLanes consumers;
  private final CapacityMonitor monitor;
  private final Duration startup;
  private final String startupPhases;

  private final MemoryWatch memory;

  /** Every 5 s: heap and GC (warns before they stall the stack); every minute: the bitmaps. */
  private final java.util.concurrent.ScheduledExecutorService housekeeping =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "loadgate-housekeeping");
            t.setDaemon(true);
            return t;
          });

  private LocalStack(
      KafkaCluster kafka,
      StackMetrics metrics,
      CaptureServer capture,
      ConsumerLanes consumers,
      CapacityMonitor monitor,
      Duration startup,
      String startupPhases) {
    this.kafka = kafka;
    this.metrics = metrics;
    this.capture = capture;
    this.consumers = consumers;
    this.monitor = monitor;
    this.startup = startup;
    this.startupPhases = startupPhases;
    this.memory = new MemoryWatch(org.slf4j.LoggerFactory.getLogger(LocalStack.class)::warn);
    metrics.memory(memory);
    housekeeping.scheduleWithFixedDelay(
        memory::sample, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    housekeeping.scheduleWithFixedDelay(
        metrics::compact, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  public static LocalStack start(Options o) {
    long t0 = System.nanoTime();
    KafkaCluster kafka =
        o.kafkaBootstrap() == null
            ? EmbeddedKafka.start()
            : KafkaCluster.external(o.kafkaBootstrap());
    long tKafka = System.nanoTime();
    ConsumerLanes consumers = null;
    try {
      Topics.create(kafka.bootstrapServers(), o.pipeline().partitions());
      long tTopics = System.nanoTime();
      StackMetrics metrics = new StackMetrics(o.pipeline().partitions(), o.reconcile());
      Pipeline pipe = o.pipeline();
      Production production = o.production();
      Pacer.Factory pacer = production == null ? null : () -> new Pacer(pipe, o.appsTokens());
      // In production mode a pipeline with lanes runs a consumer group per topic (SPEC §9.1).
      consumers =
          production != null && pipe.lanes() != null
              ? ConsumerLanes.perTopic(
                  kafka.bootstrapServers(), pipe.lanes(), o.appsTokens(), metrics, pacer)
              : ConsumerLanes.one(
                  new IngestionConsumers(
                      kafka.bootstrapServers(),
                      production == null ? o.consumers() : pipe.consumers(),
                      o.appsTokens(),
                      metrics,
                      pacer));
      CaptureGate gate =
          production == null
              ? null
              : new CaptureGate(
                  pipe.capture().replicas(),
                  pipe.capture().requestsPerSecondPerReplica(),
                  pipe.capture().burstSeconds(),
                  System.nanoTime());
      // Capture starts while the consumers join their group.
      CaptureServer capture =
          new CaptureServer(
              new CaptureServer.Config(o.host(), o.port(), o.tokens(), pipe, gate),
              kafka.bootstrapServers(),
              metrics);
      try {
        if (!consumers.awaitAssigned(o.pipeline().partitions(), Duration.ofSeconds(60))) {
          capture.close();
          throw new IllegalStateException("the ingestion consumers got no partitions within 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        capture.close();
        throw new IllegalStateException("interrupted while the consumers joined their group", e);
      }
      CapacityMonitor monitor =
          new CapacityMonitor(
              metrics,
              gate,
              consumers,
              production == null
                  ? null
                  : new Autoscaler.Limits(
                      pipe.autoscaling().maxConsumers(),
                      pipe.partitions(),
                      production.mixEventsPerSecond(),
                      pipe.autoscaling().maxCaptureReplicas(),
                      pipe.capture().requestsPerSecondPerReplica(),
                      pipe.autoscaling().reactionTime().toNanos() / 1e9),
              production == null ? null : pipe,
              production == null ? 0 : production.lagThresholdSeconds(),
              pipe.partitions(),
              production == null || production.autoscaleFromStart());
      capture.monitor(monitor);
      long tReady = System.nanoTime();
      String phases =
          String.format(
              java.util.Locale.ROOT,
              "kafka %.1f s, topics %.1f s, capture and consumers %.1f s",
              (tKafka - t0) / 1e9,
              (tTopics - tKafka) / 1e9,
              (tReady - tTopics) / 1e9);
      return new LocalStack(
          kafka, metrics, capture, consumers, monitor, Duration.ofNanos(tReady - t0), phases);
    } catch (RuntimeException e) {
      if (consumers != null) {
        consumers.close();
      }
      kafka.close();
      throw e;
    }
  }

  public String captureUrl() {
    return capture.url();
  }

  public KafkaCluster kafka() {
    return kafka;
  }

  public StackMetrics metrics() {
    return metrics;
  }

  /** The consumer groups: one over every topic, or one per lane. */
  public ConsumerLanes consumers() {
    return consumers;
  }

  public Duration startup() {
    return startup;
  }

  /** Where start-up time went, for the banner: "kafka 5.1 s, topics 0.4 s, ...". */
  public String startupPhases() {
    return startupPhases;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    memory.close();
    monitor.close();
    try {
      capture.close();
    } finally {
      try {
        consumers.close();
      } finally {
        kafka.close();
      }
    }
  }
}
