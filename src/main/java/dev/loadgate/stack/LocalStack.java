package dev.loadgate.stack;

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
   * @param consumers ingestion consumer threads
   * @param reconcile keep every event uuid, so unconsumed (lost) events are counted exactly
   */
  public record Options(
      String host,
      int port,
      Set<String> tokens,
      Set<String> appsTokens,
      Pipeline pipeline,
      String kafkaBootstrap,
      int consumers,
      boolean reconcile) {}

  private final KafkaCluster kafka;
  private final StackMetrics metrics;
  private final CaptureServer capture;
  private final IngestionConsumers consumers;
  private final Duration startup;
  private final String startupPhases;

  private LocalStack(
      KafkaCluster kafka,
      StackMetrics metrics,
      CaptureServer capture,
      IngestionConsumers consumers,
      Duration startup,
      String startupPhases) {
    this.kafka = kafka;
    this.metrics = metrics;
    this.capture = capture;
    this.consumers = consumers;
    this.startup = startup;
    this.startupPhases = startupPhases;
  }

  public static LocalStack start(Options o) {
    long t0 = System.nanoTime();
    KafkaCluster kafka =
        o.kafkaBootstrap() == null
            ? EmbeddedKafka.start()
            : KafkaCluster.external(o.kafkaBootstrap());
    long tKafka = System.nanoTime();
    IngestionConsumers consumers = null;
    try {
      Topics.create(kafka.bootstrapServers(), o.pipeline().partitions());
      long tTopics = System.nanoTime();
      StackMetrics metrics = new StackMetrics(o.pipeline().partitions(), o.reconcile());
      consumers =
          new IngestionConsumers(kafka.bootstrapServers(), o.consumers(), o.appsTokens(), metrics);
      // Capture starts while the consumers join their group.
      CaptureServer capture =
          new CaptureServer(
              new CaptureServer.Config(o.host(), o.port(), o.tokens(), o.pipeline()),
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
      long tReady = System.nanoTime();
      String phases =
          String.format(
              java.util.Locale.ROOT,
              "kafka %.1f s, topics %.1f s, capture and consumers %.1f s",
              (tKafka - t0) / 1e9,
              (tTopics - tKafka) / 1e9,
              (tReady - tTopics) / 1e9);
      return new LocalStack(
          kafka, metrics, capture, consumers, Duration.ofNanos(tReady - t0), phases);
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

  public IngestionConsumers consumers() {
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
