package dev.loadgate.testing;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's default partitioner gives a keyed record, computed with kafka-clients' own
 * functions: the independent answer the tests hold loadgate's {@code KeyPartitioner} and the
 * stack's records to.
 */
public final class KafkaPartitions {
  private KafkaPartitions() {}

  /** {@code toPositive(murmur2(key)) % partitions}, the key as UTF-8. */
  public static int of(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
