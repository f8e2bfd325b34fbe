package dev.loadgate.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics straight from the broker: an independent check of what capture wrote.
 *
 * <p>Capture answers 200 only once Kafka has acknowledged every event (acks=all), so by the time a
 * test reads, what it sent is below each partition's end offset. The reader takes the end offsets
 * when it is called and reads every partition from the beginning up to them: exactly what was
 * written before the call, no deadline to guess and no extra window to wait out.
 */
final class KafkaReader {
  private static final Duration BOUND = Duration.ofSeconds(60);

  private KafkaReader() {}

  /** Every record of {@code topic} written before the call that matches {@code filter}. */
  static List<ConsumerRecord<String, String>> read(
      String bootstrap, String topic, Predicate<ConsumerRecord<String, String>> filter) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic, BOUND).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, BOUND);
      long deadline = System.nanoTime() + BOUND.toNanos();
      while (!end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "could not read " + topic + " to its end offsets " + end + " within " + BOUND);
        }
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))
              && filter.test(r)) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }
}
