package dev.loadgate.plan;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where Kafka's default partitioner puts a keyed record: murmur2 of the key's UTF-8 bytes, made
 * positive, modulo the partition count. Capture keys records {@code token:distinct_id}. Uses
 * kafka-clients' own functions so the model cannot drift from the broker's behaviour.
 */
public final class KeyPartitioner {
  private KeyPartitioner() {}

  public static String key(String token, String distinctId) {
    return token + ":" + distinctId;
  }

  public static int partition(String token, String distinctId, int partitions) {
    return partitionOfKey(key(token, distinctId).getBytes(StandardCharsets.UTF_8), partitions);
  }

  public static int partitionOfKey(byte[] key, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
