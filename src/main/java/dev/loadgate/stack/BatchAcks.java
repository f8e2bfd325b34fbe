package dev.loadgate.stack;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Kafka's acknowledgements of one capture request's records, awaited once: every record sent with
 * {@link #callback()} counts down, and {@link #await} returns when all have answered. One wait per
 * request instead of one {@code Future.get} per event (a hundred parks and wake-ups for a batch of
 * 100), with the first failure kept to answer the request with.
 *
 * <p>The sender holds one count of its own until {@link #sealed()}, so records that answer while
 * later ones are still being sent never make the count reach zero early, and a send that throws
 * part-way through leaves a count that still ends.
 */
final class BatchAcks {
  private final AtomicInteger outstanding = new AtomicInteger(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final BiConsumer<String, Integer> onAck;
  private volatile Exception failure;

  /**
   * @param onAck called with each acknowledged record's topic and partition (on Kafka's I/O thread:
   *     it must be quick)
   */
  BatchAcks(BiConsumer<String, Integer> onAck) {
    this.onAck = onAck;
  }

  /** The callback for one more record; call it before {@code send}, once per record. */
  Callback callback() {
    outstanding.incrementAndGet();
    return this::answered;
  }

  private void answered(RecordMetadata m, Exception e) {
    if (e != null) {
      if (failure == null) {
        failure = e;
      }
    } else {
      onAck.accept(m.topic(), m.partition());
    }
    release();
  }

  /** Every record of the request has been handed to the producer (or sending stopped). */
  BatchAcks sealed() {
    release();
    return this;
  }

  private void release() {
    if (outstanding.decrementAndGet() == 0) {
      done.countDown();
    }
  }

  /**
   * Waits for every record's answer.
   *
   * @return false if some record had not answered within the timeout
   */
  boolean await(long timeoutMillis) throws InterruptedException {
    return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** The first record's failure, or null when every record was acknowledged. */
  Exception failure() {
    return failure;
  }
}
