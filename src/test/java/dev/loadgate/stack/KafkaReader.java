package dev.loadgate.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics straight from the broker with a consumer group of its own: an independent check of
 * what capture wrote.
 */
final class KafkaReader {
  private KafkaReader() {}

  /**
   * Every record of {@code topic} matching {@code filter}, waiting until {@code expected} arrived
   * (or 30 s).
   */
  static List<ConsumerRecord<String, String>> read(
      String bootstrap,
      String topic,
      Predicate<ConsumerRecord<String, String>> filter,
      int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
          if (filter.test(r)) {
            found.add(r);
          }
        }
      }
      // A little longer, to see records that should not be there.
      long extra = System.nanoTime() + Duration.ofMillis(500).toNanos();
      while (System.nanoTime() < extra) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
          if (filter.test(r)) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }
}
