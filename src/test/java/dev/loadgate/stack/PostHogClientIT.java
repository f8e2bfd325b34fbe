package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.posthog.java.PostHog;
import dev.loadgate.testing.KafkaPartitions;
import dev.loadgate.testing.Locks;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * PostHog's own Java SDK, pointed at the local capture server: its events arrive keyed
 * token:distinct_id.
 */
@ResourceLock(Locks.SHARED_STACK)
class PostHogClientIT {
  private static LocalStack stack;

  @RegisterExtension
  static final BeforeAllCallback START = context -> stack = SharedStack.get(context);

  @Test
  void realSdkEventsArriveInKafkaWithTheirKeys() {
    String user = "sdk-" + UUID.randomUUID();
    PostHog posthog = new PostHog.Builder("phc_posthog").host(stack.captureUrl()).build();
    for (int i = 0; i < 10; i++) {
      posthog.capture(user, "sdk_event", Map.of("i", i));
    }
    posthog.identify(user, Map.of("email", "sdk@example.com"));
    posthog.alias(user, user + "-alias");
    posthog.shutdown(); // flushes the queue

    List<ConsumerRecord<String, String>> records =
        KafkaReader.read(
            stack.kafka().bootstrapServers(),
            Topics.MAIN,
            r -> ("phc_posthog:" + user).equals(r.key()));
    assertEquals(12, records.size());
    int partition = KafkaPartitions.of("phc_posthog:" + user, 8);
    records.forEach(r -> assertEquals(partition, r.partition()));
    assertEquals(10, records.stream().filter(r -> r.value().contains("\"sdk_event\"")).count());
  }
}
