package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.KafkaPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same checks on a Kafka container, when a Docker engine is there (skipped, never failed, when
 * not): keyed partitioning, and every acked event consumed.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @Test
  void stackOnAKafkaContainer() throws Exception {
    LocalStack.Options options =
        new LocalStack.Options(
            "127.0.0.1",
            0,
            Set.of("phc_it"),
            Set.of(),
            SharedStack.pipeline(),
            KAFKA.getBootstrapServers(),
            2,
            true);
    try (LocalStack stack = LocalStack.start(options)) {
      String events =
          IntStream.range(0, 30)
              .mapToObj(i -> "{\"event\":\"e\",\"distinct_id\":\"c-" + i + "\"}")
              .collect(Collectors.joining(","));
      assertEquals(
          200,
          Http.post(
                  stack.captureUrl() + "/batch/",
                  "{\"api_key\":\"phc_it\",\"batch\":[" + events + "]}")
              .statusCode());
      List<ConsumerRecord<String, String>> records =
          KafkaReader.read(
              KAFKA.getBootstrapServers(),
              Topics.MAIN,
              r -> r.key() != null && r.key().startsWith("phc_it:c-"));
      assertEquals(30, records.size());
      records.forEach(r -> assertEquals(KafkaPartitions.of(r.key(), 8), r.partition()));
      assertTrue(stack.consumers().awaitDrained(Duration.ofSeconds(60)));
      assertEquals(0, stack.metrics().unconsumed());
    }
  }
}
