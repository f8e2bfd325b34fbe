package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stack's per-id state stays bounded, and stays right while it does. */
class BoundedStateTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void keyOrderSeesAnEarlierEventConsumedLate() {
    KeyOrder order = new KeyOrder(16);
    assertFalse(order.outOfOrder("t:a", 5));
    assertFalse(order.outOfOrder("t:b", 1));
    assertFalse(order.outOfOrder("t:a", 9));
    assertTrue(order.outOfOrder("t:a", 7), "7 after 9");
    assertFalse(order.outOfOrder("t:a", 10), "the highest seen (9) still counts");
    assertTrue(order.outOfOrder("t:a", 8));
  }

  @Test
  void keyOrderAgreesWithAMapUntilItIsHalfFull() {
    int capacity = 1 << 12;
    KeyOrder order = new KeyOrder(capacity);
    Map<String, Long> reference = new HashMap<>();
    Random rnd = new Random(7);
    int violations = 0;
    for (int i = 0; i < 200_000; i++) {
      String key = "t:" + rnd.nextInt(capacity / 2);
      long seq = rnd.nextInt(1_000_000);
      Long last = reference.merge(key, seq, Math::max);
      boolean expected = last != seq && seq < last;
      assertEquals(expected, order.outOfOrder(key, seq), key + " " + seq);
      violations += expected ? 1 : 0;
    }
    assertTrue(violations > 1000);
    assertEquals(0, order.resets());
    assertEquals(capacity / 2, order.size());
  }

  @Test
  void keyOrderStartsAgainWhenHalfFullAndNeverInventsAViolation() {
    KeyOrder order = new KeyOrder(8);
    for (int i = 0; i < 100; i++) {
      assertFalse(order.outOfOrder("t:" + i, 1000 - i), "new ids, each once");
    }
    assertTrue(order.resets() > 0);
    assertTrue(order.size() <= 4);
    assertEquals(128, order.bytes());
    assertThrows(IllegalArgumentException.class, () -> new KeyOrder(100));
  }

  @Test
  void overflowBucketsOfIdleIdsAreDroppedAndANewOneIsTheSame() {
    OverflowLimiter limiter = new OverflowLimiter(10, 5);
    long t = 0;
    for (int i = 0; i < 10_000; i++) {
      limiter.allow("t:once-" + i, t);
    }
    assertEquals(10_000, limiter.keys());
    // The hot id takes its burst of 5 and is then over its rate.
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.allow("t:hot", t));
    }
    assertFalse(limiter.allow("t:hot", t));
    // Half a second later the idle ids have refilled (1 token at 10/s in 0.1 s); the hot one has
    // 5 tokens back only after 0.5 s: at 0.3 s it still holds a partial bucket.
    limiter.sweep(t + SECOND * 3 / 10);
    assertEquals(1, limiter.keys(), "only the hot id's bucket is not full");
    // Taken at 0.3 s: 3 tokens refilled, so 3 allowed and the 4th overflows, as without a sweep.
    long at = t + SECOND * 3 / 10;
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.allow("t:hot", at));
    }
    assertFalse(limiter.allow("t:hot", at));
    // A swept id starts with its whole burst, as it would have held anyway.
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.allow("t:once-1", at));
    }
    assertFalse(limiter.allow("t:once-1", at));
  }

  @Test
  void theLimiterSweepsOnItsOwnEveryTenSeconds() throws InterruptedException {
    OverflowLimiter limiter = new OverflowLimiter(10, 5);
    long t = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      limiter.allow("t:" + i, t);
    }
    assertEquals(1_000, limiter.keys());
    limiter.allow("t:later", t + OverflowLimiter.SWEEP_EVERY_NANOS + SECOND);
    // The sweep runs off the caller's thread; wait for it (a failure here waits 10 s, no more).
    for (int i = 0; i < 1_000 && limiter.keys() > 1; i++) {
      Thread.sleep(10);
    }
    assertEquals(1, limiter.keys(), "the refilled ids dropped, the new one kept");
  }

  @Test
  void thePersonStoreStartsAgainAtItsLimit() {
    PersonStore persons = new PersonStore(1_000);
    var none = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < 2_500; i++) {
      persons.process("user-" + i, "$pageview", none);
    }
    assertEquals(2, persons.resets());
    assertEquals(500, persons.size());
    // Merges still work after a reset.
    var props = JsonNodeFactory.instance.objectNode().put("$anon_distinct_id", "anon-1");
    PersonStore.Person p = persons.process("user-1", "$identify", props);
    assertTrue(p.distinctIds.contains("anon-1") && p.distinctIds.contains("user-1"));
  }
}
