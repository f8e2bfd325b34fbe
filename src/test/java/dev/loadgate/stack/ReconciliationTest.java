package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bitmaps against a plain in-memory reference (every record and its uuid in hash maps): what a
 * set of uuids would have said, on crafted sequences and on random histories.
 */
class ReconciliationTest {

  @Test
  void aGapInTheNumbersIsNeitherAckedNorLost() {
    // Record 3 was numbered but its send threw: never written, never acked.
    Reconciliation r = new Reconciliation();
    for (long s : new long[] {1, 2, 4, 5}) {
      r.acked(s, UUID.randomUUID());
      assertTrue(r.consumed(s));
    }
    Reconciliation.Result res = r.result();
    assertEquals(4, res.acked());
    assertEquals(0, res.unconsumed());
    assertEquals(0, res.duplicates());
  }

  @Test
  void anAckedRecordNeverConsumedIsUnconsumed() {
    Reconciliation r = new Reconciliation();
    r.acked(1, UUID.randomUUID());
    r.acked(2, UUID.randomUUID());
    r.consumed(2);
    assertEquals(1, r.result().unconsumed());
  }

  @Test
  void consumedBeforeItsAckIsNotLost() {
    // The consumer can read a record before the producer's acknowledgement reaches capture.
    Reconciliation r = new Reconciliation();
    assertTrue(r.consumed(7));
    assertEquals(1, r.result().unconfirmedConsumed(), "not acked yet");
    r.acked(7, UUID.randomUUID());
    Reconciliation.Result res = r.result();
    assertEquals(0, res.unconsumed());
    assertEquals(0, res.unconfirmedConsumed());
  }

  @Test
  void aRedeliveredRecordIsOneDuplicateAndNotProcessedAgain() {
    // A consumer crashed before committing: its records come again, with their numbers.
    Reconciliation r = new Reconciliation();
    for (long s = 1; s <= 10; s++) {
      r.acked(s, UUID.randomUUID());
      r.consumed(s);
    }
    for (long s = 6; s <= 10; s++) {
      assertFalse(r.consumed(s), "record " + s + " again");
    }
    Reconciliation.Result res = r.result();
    assertEquals(5, res.redeliveries());
    assertEquals(5, res.duplicates());
    assertEquals(0, res.unconsumed());
  }

  @Test
  void aRestartedBrokersReSendIsARedelivery() {
    // The producer re-sends a batch whose acknowledgement was lost when the broker went down:
    // Kafka holds the same record (same header, same number) twice.
    Reconciliation r = new Reconciliation();
    UUID u = UUID.randomUUID();
    r.acked(1, u);
    assertTrue(r.consumed(1));
    assertFalse(r.consumed(1));
    assertEquals(1, r.result().duplicates());
  }

  @Test
  void aClientReSendAfterA503IsADuplicateOnlyIfBothCopiesAreConsumed() {
    Reconciliation r = new Reconciliation();
    UUID u = UUID.randomUUID();
    r.unconfirmed(1, u); // capture answered 503; the write landed anyway
    r.acked(2, u); // the client's retry
    r.consumed(2);
    assertEquals(0, r.result().duplicates(), "one copy consumed so far");
    r.consumed(1);
    Reconciliation.Result res = r.result();
    assertEquals(1, res.resentDuplicates());
    assertEquals(1, res.duplicates());
    assertEquals(0, res.unconsumed());
    assertEquals(1, res.unconfirmedWrites());
    assertEquals(1, res.unconfirmedConsumed());
  }

  @Test
  void aReSendWhoseFirstWriteNeverLandedIsNoDuplicate() {
    Reconciliation r = new Reconciliation();
    UUID u = UUID.randomUUID();
    r.unconfirmed(1, u); // the broker was down: record 1 never reached Kafka
    r.acked(2, u);
    r.consumed(2);
    assertEquals(0, r.result().duplicates());
  }

  @Test
  void outOfOrderAcksAndConsumesGiveTheSameResult() {
    // The unconfirmed copy is consumed before capture even knows the write failed.
    Reconciliation r = new Reconciliation();
    UUID u = UUID.randomUUID();
    r.consumed(1);
    r.consumed(2);
    r.unconfirmed(1, u);
    r.acked(2, u);
    assertEquals(1, r.result().duplicates());
  }

  @Test
  void beyondItsLimitAnUnconfirmedWriteIsCountedAsUntracked() {
    Reconciliation r = new Reconciliation(2);
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    r.unconfirmed(1, a);
    r.unconfirmed(2, b);
    r.unconfirmed(3, c);
    Reconciliation.Result res = r.result();
    assertEquals(3, res.unconfirmedWrites());
    assertEquals(1, res.untracked());
  }

  @Test
  void tenMillionDenseNumbersTakeUnderTwoBytesAnEvent() {
    Reconciliation r = new Reconciliation();
    int n = 10_000_000;
    for (long s = 1; s <= n; s++) {
      r.acked(s, null);
    }
    // Consumed in an order spread over partitions, not the order acked.
    for (int p = 0; p < 64; p++) {
      for (long s = 1 + p; s <= n; s += 64) {
        r.consumed(s);
      }
    }
    r.compact();
    Reconciliation.Result res = r.result();
    assertEquals(n, res.acked());
    assertEquals(0, res.unconsumed());
    assertTrue(res.bytes() < 2L * n, res.bytes() + " bytes for " + n + " events");
  }

  /**
   * A random history of events, each sent 1-3 times, each write landing or not, consumed 0-3 times.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void randomHistoriesAgreeWithAPlainReference(long seed) {
    Random rnd = new Random(seed);
    Reconciliation r = new Reconciliation();

    // The reference: every record's uuid, what was acked, and every consumption.
    Map<Long, UUID> uuidOf = new HashMap<>();
    Set<Long> ackedRef = new HashSet<>();
    Map<Long, Integer> consumptions = new HashMap<>();

    List<Runnable> consumes = new ArrayList<>();
    long seq = 0;
    for (int e = 0; e < 5_000; e++) {
      UUID u = UUID.randomUUID();
      int failed = rnd.nextInt(10) < 8 ? 0 : 1 + rnd.nextInt(2); // 503s before the last attempt
      boolean finallyAcked = rnd.nextInt(20) > 0; // or the client gave up
      for (int attempt = 0; attempt <= failed; attempt++) {
        long s = ++seq;
        if (rnd.nextInt(50) == 0) {
          s = ++seq; // a gap: a number whose send threw
        }
        boolean isAck = attempt == failed && finallyAcked;
        boolean landed = isAck || rnd.nextBoolean();
        if (attempt == failed && !finallyAcked) {
          break;
        }
        uuidOf.put(s, u);
        if (isAck) {
          ackedRef.add(s);
          r.acked(s, u);
        } else {
          r.unconfirmed(s, u);
        }
        if (landed) {
          // Lost acked records: 1 in 500 never consumed; redeliveries: 1 in 20 twice or more.
          int times =
              isAck && rnd.nextInt(500) == 0 ? 0 : rnd.nextInt(20) == 0 ? 2 + rnd.nextInt(2) : 1;
          for (int t = 0; t < times; t++) {
            final long rec = s;
            consumes.add(
                () -> {
                  consumptions.merge(rec, 1, Integer::sum);
                  r.consumed(rec);
                });
          }
        }
      }
      // Consumption interleaves with acks: flush a shuffled part now and then.
      if (rnd.nextInt(100) == 0) {
        Collections.shuffle(consumes, rnd);
        consumes.subList(0, consumes.size() / 2).forEach(Runnable::run);
        consumes.subList(0, consumes.size() / 2).clear();
      }
    }
    Collections.shuffle(consumes, rnd);
    consumes.forEach(Runnable::run);

    long unconsumed = ackedRef.stream().filter(s -> !consumptions.containsKey(s)).count();
    long redeliveries = consumptions.values().stream().mapToLong(n -> n - 1).sum();
    Map<UUID, Integer> recordsConsumedPerUuid = new HashMap<>();
    consumptions
        .keySet()
        .forEach(s -> recordsConsumedPerUuid.merge(uuidOf.get(s), 1, Integer::sum));
    long resent = recordsConsumedPerUuid.values().stream().mapToLong(n -> n - 1).sum();

    Reconciliation.Result res = r.result();
    assertEquals(ackedRef.size(), res.acked());
    assertEquals(consumptions.size(), res.consumed());
    assertEquals(unconsumed, res.unconsumed());
    assertTrue(unconsumed > 0, "the history loses some");
    assertEquals(redeliveries, res.redeliveries());
    assertEquals(resent, res.resentDuplicates());
    assertTrue(resent > 0, "the history re-sends some");
    assertEquals(redeliveries + resent, res.duplicates());
  }
}
