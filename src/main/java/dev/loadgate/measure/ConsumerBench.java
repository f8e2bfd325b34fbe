package dev.loadgate.measure;

import dev.loadgate.stack.EmbeddedKafka;
import dev.loadgate.stack.EventHeaders;
import dev.loadgate.stack.IngestionConsumers;
import dev.loadgate.stack.StackMetrics;
import dev.loadgate.stack.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Saturation of one partition's consumer through a real broker: events are preloaded into a
 * one-partition topic, then one ingestion consumer (fetch, process, commit) drains them. Unlike the
 * JMH {@code ConsumerBenchmark}, this includes Kafka's fetch and the offset commits: the number to
 * compare with the plan's c_mix for the local stack.
 */
public final class ConsumerBench {
  public record Result(long events, double seconds) {
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  private ConsumerBench() {}

  /**
   * @param mix {@code pageview} or {@code identify_heavy} (half $identify, each with a new
   *     anonymous id)
   */
  public static Result run(int events, String mix, Consumer<String> progress)
      throws InterruptedException {
    if (!Set.of("pageview", "identify_heavy").contains(mix)) {
      throw new IllegalArgumentException("mix is pageview or identify_heavy, not " + mix);
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Topics.create(kafka.bootstrapServers(), 1);
      progress.accept(
          String.format(
              "broker ready; preloading %,d %s events into one partition...", events, mix));
      preload(kafka.bootstrapServers(), events, mix);
      StackMetrics metrics = new StackMetrics(1, false);
      try (IngestionConsumers consumers =
          new IngestionConsumers(kafka.bootstrapServers(), 1, Set.of(), metrics, null)) {
        consumers.awaitAssigned(1, java.time.Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        while (metrics.consumed() < events) {
          Thread.sleep(10);
        }
        return new Result(events, (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  private static void preload(String bootstrap, int events, String mix) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "20");
    p.put("batch.size", String.valueOf(256 * 1024));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < events; i++) {
        String id = "user-" + (i % 10_000);
        byte[] json =
            mix.equals("identify_heavy") && i % 2 == 0
                ? SyntheticEvents.identify(id, i)
                : SyntheticEvents.pageview(id, i);
        producer.send(
            new ProducerRecord<>(
                Topics.MAIN,
                null,
                ("phc_bench:" + id).getBytes(StandardCharsets.UTF_8),
                json,
                EventHeaders.of(UUID.randomUUID(), id, "phc_bench", "bench", i + 1, now)));
      }
      producer.flush();
    }
  }
}
