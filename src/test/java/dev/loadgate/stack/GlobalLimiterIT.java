package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Capture's global limiter and forced-overflow list on a real broker (SPEC §9.4): a key keyed until
 * its count over the window passes the threshold, then, after the detection delay, every event of
 * it keyless on the overflow topic and stamped personless; a forced key there from its first event.
 * Read back from Kafka, not from capture's own counters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GlobalLimiterIT {
  private static final String TOKEN = "phc_grl";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private EmbeddedKafka kafka;
  private LocalStack stack;

  @BeforeAll
  void start() {
    kafka = EmbeddedKafka.start();
    // 100 events in a window of 2 s, acted on 500 ms after the count passes them.
    Pipeline pipe =
        PipelineLoader.parse(
            Path.of("grl.yaml"),
            """
            partitions: 4
            consumers: 1
            consumer_events_per_second: { default: 100000 }
            capture: { replicas: 1, requests_per_second_per_replica: 10000, max_request_bytes: 1000000 }
            autoscaling: { reaction_time: 3s, max_consumers: 1, max_capture_replicas: 1 }
            overflow:
              enabled: true
              per_distinct_id_events_per_second: 1000
              burst: 1000
              limiter: global_window
              threshold: 100
              window: 2s
              detection: PT0.5S
              forced_keys: ["%s:bot-%s"]
            rate_limit: { per_token_events_per_second: 100000 }
            """
                .formatted(TOKEN, run));
    stack =
        LocalStack.start(
            new LocalStack.Options(
                "127.0.0.1",
                0,
                Set.of(TOKEN),
                Set.of(),
                pipe,
                kafka.bootstrapServers(),
                1,
                true,
                null));
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aSteepKeyIsKeyedUntilDetectionAfterItsCountPassesTheThresholdThenReroutedWhole()
      throws Exception {
    // 200 ev/s in requests of 10 for 3 s: the count passes 100 at 0.5 s, the limiter acts at 1.0 s,
    // so about 200 events stay keyed and the other 400 go to overflow.
    String hot = "hot-" + run;
    Http.send(
        HttpRequest.newBuilder(URI.create(stack.captureUrl() + "/timeline/arm"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    long start = System.currentTimeMillis();
    send(hot, 200, 3);
    List<ConsumerRecord<String, String>> keyed =
        KafkaReader.read(
            kafka.bootstrapServers(), Topics.MAIN, r -> (TOKEN + ":" + hot).equals(r.key()));
    List<ConsumerRecord<String, String>> overflowed =
        KafkaReader.read(
            kafka.bootstrapServers(), Topics.OVERFLOW, r -> r.value().contains("\"" + hot + "\""));
    assertEquals(600, keyed.size() + overflowed.size());
    assertTrue(keyed.size() >= 170 && keyed.size() <= 240, "keyed before reroute: " + keyed.size());
    long lastKeyed =
        keyed.stream()
            .mapToLong(r -> EventHeaders.number(r.headers(), EventHeaders.CAPTURE_SEQ, -1))
            .max()
            .orElseThrow();
    for (ConsumerRecord<String, String> r : overflowed) {
      assertNull(r.key(), "keyless");
      assertEquals("true", EventHeaders.text(r.headers(), "force_disable_person_processing"));
      assertTrue(
          EventHeaders.number(r.headers(), EventHeaders.CAPTURE_SEQ, -1) > lastKeyed,
          "from detection on, every event rerouted: none keyed after the first rerouted");
    }
    for (ConsumerRecord<String, String> r : keyed) {
      assertNull(EventHeaders.text(r.headers(), "force_disable_person_processing"));
    }
    JsonNode timeline = JSON.readTree(Http.get(stack.captureUrl() + "/timeline").body());
    JsonNode k = find(timeline.path("rerouted_keys"), TOKEN + ":" + hot);
    assertEquals(400, k.path("events").asLong(), 40);
    double from = (k.path("first_at_millis").asLong() - start) / 1000.0;
    assertEquals(1.0, from, 0.3, "rerouted from 0.5 s + 0.5 s of detection: " + k);
  }

  @Test
  void aForcedKeyGoesToOverflowFromItsFirstEvent() {
    String bot = "bot-" + run;
    send(bot, 100, 0.3);
    assertEquals(
        0,
        KafkaReader.read(
                kafka.bootstrapServers(), Topics.MAIN, r -> (TOKEN + ":" + bot).equals(r.key()))
            .size());
    List<ConsumerRecord<String, String>> overflowed =
        KafkaReader.read(
            kafka.bootstrapServers(), Topics.OVERFLOW, r -> r.value().contains("\"" + bot + "\""));
    assertEquals(30, overflowed.size());
    overflowed.forEach(
        r ->
            assertEquals(
                "true", EventHeaders.text(r.headers(), "force_disable_person_processing")));
  }

  private static JsonNode find(JsonNode keys, String key) {
    for (JsonNode k : keys) {
      if (key.equals(k.path("key").asText())) {
        return k;
      }
    }
    throw new AssertionError(key + " not in " + keys);
  }

  /** {@code eventsPerSecond} of one id in requests of 10, paced, each answered 200. */
  private void send(String distinctId, double eventsPerSecond, double seconds) {
    int requests = (int) Math.round(eventsPerSecond / 10 * seconds);
    long t0 = System.nanoTime();
    for (int r = 0; r < requests; r++) {
      long wait = t0 + (long) (r * 10 / eventsPerSecond * 1e9) - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      StringBuilder body = new StringBuilder("{\"api_key\":\"" + TOKEN + "\",\"batch\":[");
      for (int e = 0; e < 10; e++) {
        body.append(e == 0 ? "" : ",")
            .append("{\"event\":\"$pageview\",\"distinct_id\":\"")
            .append(distinctId)
            .append("\",\"uuid\":\"")
            .append(UUID.randomUUID())
            .append("\",\"properties\":{}}");
      }
      body.append("]}");
      assertEquals(200, Http.post(stack.captureUrl() + "/batch/", body.toString()).statusCode());
    }
  }
}
