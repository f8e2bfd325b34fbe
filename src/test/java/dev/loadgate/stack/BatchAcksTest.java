package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchAcksTest {
  private static RecordMetadata at(String topic, int partition) {
    return new RecordMetadata(new TopicPartition(topic, partition), 0, 0, 0, 1, 1);
  }

  @Test
  void endsWhenTheLastRecordAnswersAfterSealing() throws InterruptedException {
    List<String> acked = new ArrayList<>();
    BatchAcks acks = new BatchAcks((t, p) -> acked.add(t + "-" + p));
    Callback first = acks.callback();
    Callback second = acks.callback();
    first.onCompletion(at("main", 3), null);
    // One record answered, one still out, and the request's own hold not yet released.
    assertFalse(acks.await(1));
    acks.sealed();
    assertFalse(acks.await(1));
    second.onCompletion(at("main", 7), null);
    assertTrue(acks.await(1));
    assertNull(acks.failure());
    assertEquals(List.of("main-3", "main-7"), acked);
  }

  @Test
  void recordsAnsweringBeforeTheLastSendDoNotEndItEarly() throws InterruptedException {
    BatchAcks acks = new BatchAcks((t, p) -> {});
    acks.callback().onCompletion(at("main", 0), null); // answered at once, as Kafka may
    assertFalse(acks.await(1)); // the request may still send more
    Callback later = acks.callback();
    acks.sealed();
    assertFalse(acks.await(1));
    later.onCompletion(at("main", 1), null);
    assertTrue(acks.await(1));
  }

  @Test
  void keepsTheFirstFailureAndDoesNotCountItAcked() throws InterruptedException {
    List<Integer> acked = new ArrayList<>();
    BatchAcks acks = new BatchAcks((t, p) -> acked.add(p));
    Callback a = acks.callback();
    Callback b = acks.callback();
    Callback c = acks.callback();
    acks.sealed();
    a.onCompletion(null, new org.apache.kafka.common.errors.TimeoutException("first"));
    b.onCompletion(at("main", 2), null);
    c.onCompletion(null, new IllegalStateException("second"));
    assertTrue(acks.await(1));
    assertEquals("first", acks.failure().getMessage());
    assertEquals(List.of(2), acked);
  }

  @Test
  void answersFromAnotherThreadWakeTheWaiter() throws InterruptedException {
    BatchAcks acks = new BatchAcks((t, p) -> {});
    List<Callback> callbacks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      callbacks.add(acks.callback());
    }
    acks.sealed();
    CountDownLatch started = new CountDownLatch(1);
    Thread kafkaIo =
        new Thread(
            () -> {
              started.countDown();
              callbacks.forEach(cb -> cb.onCompletion(at("main", 0), null));
            });
    kafkaIo.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertTrue(acks.await(10_000));
    kafkaIo.join();
  }
}
