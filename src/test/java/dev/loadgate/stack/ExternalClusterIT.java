package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The {@code --kafka-bootstrap} path: the stack on a cluster it did not start (here a broker
 * started separately), and the consumers' ordering check on records written straight to Kafka out
 * of order.
 */
class ExternalClusterIT {
  @Test
  void stackRunsOnAnExistingClusterAndCountsReorderedKeyedEvents() throws Exception {
    try (EmbeddedKafka cluster = EmbeddedKafka.start()) {
      LocalStack.Options options =
          new LocalStack.Options(
              "127.0.0.1",
              0,
              Set.of("phc_it"),
              Set.of(),
              SharedStack.pipeline(),
              cluster.bootstrapServers(),
              1,
              true);
      try (LocalStack stack = LocalStack.start(options)) {
        assertEquals(cluster.bootstrapServers(), stack.kafka().bootstrapServers());
        assertEquals(
            200,
            Http.post(
                    stack.captureUrl() + "/e/",
                    "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"ext\"}")
                .statusCode());

        // Capture sequence 2 before 1 for one key: a consumer must see the violation.
        try (KafkaProducer<byte[], byte[]> p =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          for (int seq : new int[] {2, 1}) {
            byte[] value =
                "{\"event\":\"x\",\"distinct_id\":\"reordered\"}".getBytes(StandardCharsets.UTF_8);
            p.send(
                    new ProducerRecord<>(
                        Topics.MAIN,
                        null,
                        "phc_it:reordered".getBytes(StandardCharsets.UTF_8),
                        value,
                        EventHeaders.of(
                            UUID.randomUUID(),
                            "reordered",
                            "phc_it",
                            "another-writer",
                            seq,
                            System.currentTimeMillis())))
                .get();
          }
        }
        assertTrue(stack.consumers().awaitDrained(Duration.ofSeconds(60)));
        assertEquals(1, stack.metrics().orderingViolations.sum());
        assertEquals(3, stack.metrics().consumed());
      }
      assertTrue(
          cluster.isRunning(), "closing the stack leaves a cluster it did not start running");
    }
  }
}
