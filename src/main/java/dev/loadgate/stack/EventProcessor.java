package dev.loadgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ingestion consumer does with one record, without Kafka around it: parse, person-process,
 * apps for projects that have them, and the bookkeeping (per-partition counts, ordering by capture
 * sequence, duplicates by uuid, delay). {@link IngestionConsumers} feeds it from Kafka; the
 * consumer benchmarks feed it records made in memory, so they measure this very code.
 */
public final class EventProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

  private final Set<String> appsTokens;
  private final StackMetrics metrics;
  private final PersonStore persons = new PersonStore();
  private final Map<String, Long> lastKeyedSeq = new ConcurrentHashMap<>();
  private final Map<String, Long> lastOverflowSeq = new ConcurrentHashMap<>();

  public EventProcessor(Set<String> appsTokens, StackMetrics metrics) {
    this.appsTokens = Set.copyOf(appsTokens);
    this.metrics = metrics;
  }

  /**
   * Records in one partition must be processed in order, by one thread at a time.
   *
   * @return the event's type ({@code event}), or null for a duplicate (counted, not processed)
   */
  public String process(ConsumerRecord<byte[], byte[]> r) {
    metrics.taken(r.topic(), r.partition());
    String distinctId = EventHeaders.text(r.headers(), EventHeaders.DISTINCT_ID);
    String token = EventHeaders.text(r.headers(), EventHeaders.TOKEN);
    UUID uuid;
    try {
      uuid = UUID.fromString(EventHeaders.text(r.headers(), EventHeaders.UUID));
    } catch (RuntimeException e) {
      LOG.warn("record without a capture uuid at {}-{}@{}", r.topic(), r.partition(), r.offset());
      uuid = new UUID(r.partition(), r.offset());
    }
    if (!metrics.consumed(uuid)) {
      return null; // a duplicate: counted, not processed twice
    }
    JsonNode event;
    try {
      event = CapturePayload.JSON.readTree(r.value());
    } catch (java.io.IOException e) {
      LOG.warn("unreadable event at {}-{}@{}", r.topic(), r.partition(), r.offset());
      event = CapturePayload.JSON.createObjectNode();
    }
    String type = event.path("event").asText();
    persons.process(distinctId == null ? "" : distinctId, type, event.path("properties"));
    if (token != null && appsTokens.contains(token)) {
      runApps(r.value());
    }
    String key = token + ":" + distinctId;
    long seq = EventHeaders.number(r.headers(), EventHeaders.CAPTURE_SEQ, -1);
    boolean overflowed = r.topic().equals(Topics.OVERFLOW);
    Map<String, Long> last = overflowed ? lastOverflowSeq : lastKeyedSeq;
    Long previous = last.put(key, Math.max(seq, last.getOrDefault(key, -1L)));
    if (previous != null && seq < previous) {
      (overflowed ? metrics.overflowReordered : metrics.orderingViolations).increment();
    }
    switch (r.topic()) {
      case Topics.MAIN -> metrics.mainPartitionEvents.incrementAndGet(r.partition());
      case Topics.OVERFLOW -> metrics.overflowPartitionEvents.incrementAndGet(r.partition());
      default -> metrics.historicalPartitionEvents.incrementAndGet(r.partition());
    }
    long capturedAt = EventHeaders.number(r.headers(), EventHeaders.CAPTURED_AT, r.timestamp());
    metrics.delay(
        r.topic(), r.partition(), Math.max(0, (System.currentTimeMillis() - capturedAt) * 1000));
    return type;
  }

  /**
   * A transformation step standing in for apps: hash the whole event, as a destination would
   * serialise it.
   */
  private static void runApps(byte[] value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < 4; i++) {
        sha.update(value);
      }
      sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
