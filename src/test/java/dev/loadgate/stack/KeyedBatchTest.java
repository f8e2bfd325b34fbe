package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch grouped by key, worked by hand: the processor shared, each key one event after another,
 * the batch done when its slowest key is.
 */
class KeyedBatchTest {
  /** Runs the batch with the same costs for every event; returns the starts in run order. */
  private static List<long[]> run(KeyedBatch b, long processor, long key) {
    List<long[]> out = new ArrayList<>();
    KeyedBatch.Next n;
    while ((n = b.next()) != null) {
      out.add(new long[] {n.index(), n.startNanos()});
      b.done(n, n.startNanos(), processor, key);
    }
    return out;
  }

  @Test
  void oneKeysEventsRunOneAfterAnotherWhileOthersFillTheProcessor() {
    // a a a b c: each event takes the processor 1, a key 4 (a key runs 4x slower than the
    // processor). a0 at 0; b at 1 (a busy till 4); c at 2; a1 at 4; a2 at 8; done at 12.
    KeyedBatch b = new KeyedBatch(List.of("a", "a", "a", "b", "c"));
    assertEquals(3, b.groups());
    List<long[]> r = run(b, 1, 4);
    assertEquals(
        List.of("0@0", "3@1", "4@2", "1@4", "2@8"),
        r.stream().map(x -> x[0] + "@" + x[1]).toList());
    assertEquals(12, b.endsAt());
    assertNull(b.next());
  }

  @Test
  void withoutAKeyLimitTheProcessorDecidesAndBatchOrderBreaksTies() {
    // Key time no more than the processor's: five events back to back, in batch order.
    KeyedBatch b = new KeyedBatch(List.of("a", "b", "a", "c", "b"));
    assertEquals(
        List.of("0@0", "1@2", "2@4", "3@6", "4@8"),
        run(b, 2, 1).stream().map(x -> x[0] + "@" + x[1]).toList());
    assertEquals(10, b.endsAt());
  }

  @Test
  void aLateStartMovesTheKeyAndTheProcessorOnFromWhenItRan() {
    KeyedBatch b = new KeyedBatch(List.of("a", "a"));
    KeyedBatch.Next first = b.next();
    b.done(first, 7, 1, 3); // planned at 0, ran at 7: a is free at 10
    KeyedBatch.Next second = b.next();
    assertEquals(1, second.index());
    assertEquals(10, second.startNanos());
    b.done(second, 10, 1, 3);
    assertEquals(13, b.endsAt());
  }

  @Test
  void anEmptyBatchIsDoneAtOnce() {
    KeyedBatch b = new KeyedBatch(List.of());
    assertNull(b.next());
    assertEquals(0, b.endsAt());
  }
}
