package dev.loadgate.stack;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ingestion consumer does with one record, without Kafka around it: parse, person-process,
 * apps for projects that have them, and the bookkeeping (per-partition counts, ordering by capture
 * number, redeliveries by capture number, delay). Its memory does not grow with the events: the
 * persons are capped ({@link PersonStore#LIMIT}), the ordering tables are fixed ({@link KeyOrder}).
 * {@link IngestionConsumers} feeds it from Kafka; the consumer benchmarks feed it records made in
 * memory, so they measure this very code.
 */
public final class EventProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

  private final Set<String> appsTokens;
  private final StackMetrics metrics;
  private final byte[] runId;
  private final PersonStore persons = new PersonStore();
  private final KeyOrder keyedOrder = new KeyOrder(KeyOrder.DEFAULT_CAPACITY);
  private final KeyOrder overflowOrder = new KeyOrder(KeyOrder.DEFAULT_CAPACITY / 4);

  public EventProcessor(Set<String> appsTokens, StackMetrics metrics) {
    this.appsTokens = Set.copyOf(appsTokens);
    this.metrics = metrics;
    this.runId = metrics.runId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * A record that is not an event (another writer's, a tombstone): counted and logged, the first
   * ten and then every 100,000th, so a topic full of them cannot flood the log (a reference
   * producer writing to the ingestion topic once made three million lines).
   */
  private void unreadable(ConsumerRecord<byte[], byte[]> r) {
    long n = metrics.unreadableRecords.incrementAndGet();
    if (n <= 10 || n % 100_000 == 0) {
      LOG.warn(
          "unreadable event at {}-{}@{} ({} so far{})",
          r.topic(),
          r.partition(),
          r.offset(),
          n,
          n == 10 ? "; from now on every 100,000th is logged" : "");
    }
  }

  /**
   * Records in one partition must be processed in order, by one thread at a time.
   *
   * @return the event's type ({@code event}), or null for a redelivered record (counted, not
   *     processed twice)
   */
  public String process(ConsumerRecord<byte[], byte[]> r) {
    Processed p = processEvent(r);
    return p == null ? null : p.type();
  }

  /** What processing one event found: its type, and whether it skipped the person. */
  public record Processed(String type, boolean personless) {}

  /**
   * {@link #process} that also says whether the event was personless ({@code
   * $process_person_profile: false}, not a merge): its person is neither created nor updated.
   *
   * @return null for a redelivered record (counted, not processed twice)
   */
  public Processed processEvent(ConsumerRecord<byte[], byte[]> r) {
    metrics.taken(r.topic(), r.partition());
    EventHeaders.Read h = EventHeaders.read(r.headers(), runId);
    String distinctId = h.distinctId();
    String token = h.token();
    long seq = h.seq();
    // Reconciled by number only if this stack's capture numbered it (not another run or writer).
    if (!metrics.consumed(h.ours() ? seq : -1)) {
      return null; // a redelivery: counted, not processed twice
    }
    PersonInput event = PersonInput.UNREADABLE;
    if (r.value() == null) {
      unreadable(r);
    } else {
      try {
        event = PersonInput.read(r.value());
      } catch (java.io.IOException e) {
        unreadable(r);
      }
    }
    String type = event.type();
    // Capture switched persons off for what it rerouted (its global limiter, the forced list).
    boolean personless = event.personless(h.forcePersonless());
    if (!personless) {
      persons.process(distinctId == null ? "" : distinctId, type, event.properties());
    }
    if (token != null && appsTokens.contains(token)) {
      runApps(r.value());
    }
    boolean overflowed = r.topic().equals(Topics.OVERFLOW);
    if (seq >= 0
        && (overflowed ? overflowOrder : keyedOrder).outOfOrder(token + ":" + distinctId, seq)) {
      (overflowed ? metrics.overflowReordered : metrics.orderingViolations).increment();
    }
    switch (r.topic()) {
      case Topics.MAIN -> metrics.mainPartitionEvents.incrementAndGet(r.partition());
      case Topics.OVERFLOW -> metrics.overflowPartitionEvents.incrementAndGet(r.partition());
      default -> metrics.historicalPartitionEvents.incrementAndGet(r.partition());
    }
    long capturedAt = h.capturedAt() < 0 ? r.timestamp() : h.capturedAt();
    metrics.delay(
        r.topic(), r.partition(), Math.max(0, (System.currentTimeMillis() - capturedAt) * 1000));
    return new Processed(type, personless);
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
