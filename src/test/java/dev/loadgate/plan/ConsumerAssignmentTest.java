package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model's assignment against kafka-clients' own RangeAssignor, as the stack's group runs it.
 */
class ConsumerAssignmentTest {

  @ParameterizedTest
  @CsvSource({"64,16", "64,17", "64,64", "8,3", "8,5", "8,12", "1,1", "7,7", "1024,60"})
  void matchesKafkasRangeAssignorOverTheThreeTopics(int partitions, int consumers) {
    // Member ids as the coordinator makes them: client id, '-', a random uuid. The stack's client
    // ids are zero-padded, so id order is start order.
    Map<String, Subscription> members = new HashMap<>();
    Map<String, Integer> memberIndex = new HashMap<>();
    for (int i = 0; i < consumers; i++) {
      String id = String.format("loadgate-consumer-%03d-%s", i, UUID.randomUUID());
      members.put(id, new Subscription(IngestionTopics.ALL));
      memberIndex.put(id, i);
    }
    Map<String, Integer> topics = new HashMap<>();
    IngestionTopics.ALL.forEach(t -> topics.put(t, partitions));

    Map<String, List<TopicPartition>> kafka = new RangeAssignor().assign(topics, members);

    kafka.forEach(
        (member, owned) -> {
          int c = memberIndex.get(member);
          for (TopicPartition tp : owned) {
            assertEquals(
                c,
                ConsumerAssignment.consumerOf(tp.partition(), partitions, consumers),
                tp.toString());
          }
          int count =
              c < partitions ? ConsumerAssignment.partitionCount(c, partitions, consumers) : 0;
          assertEquals(3 * count, owned.size(), member);
          if (count > 0) {
            int first = ConsumerAssignment.firstPartition(c, partitions, consumers);
            assertEquals(
                first,
                owned.stream().mapToInt(TopicPartition::partition).min().orElseThrow(),
                member);
          }
        });
  }
}
