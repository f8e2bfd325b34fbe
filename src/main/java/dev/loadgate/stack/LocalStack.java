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

  private LocalStack(
      KafkaCluster kafka,
      StackMetrics metrics,
      CaptureServer capture,
      IngestionConsumers consumers,
      Duration startup) {
    this.kafka = kafka;
    this.metrics = metrics;
    this.capture = capture;
    this.consumers = consumers;
    this.startup = startup;
  }

  public static LocalStack start(Options o) {
    long t0 = System.nanoTime();
    KafkaCluster kafka =
        o.kafkaBootstrap() == null
            ? EmbeddedKafka.start()
            : KafkaCluster.external(o.kafkaBootstrap());
    try {
      Topics.create(kafka.bootstrapServers(), o.pipeline().partitions());
      StackMetrics metrics = new StackMetrics(o.pipeline().partitions(), o.reconcile());
      IngestionConsumers consumers =
          new IngestionConsumers(kafka.bootstrapServers(), o.consumers(), o.appsTokens(), metrics);
      CaptureServer capture =
          new CaptureServer(
              new CaptureServer.Config(o.host(), o.port(), o.tokens(), o.pipeline()),
              kafka.bootstrapServers(),
              metrics);
      return new LocalStack(
          kafka, metrics, capture, consumers, Duration.ofNanos(System.nanoTime() - t0));
    } catch (RuntimeException e) {
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
