package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstThenTheRate() {
    TokenBucket b = new TokenBucket(100, 10, 0);
    for (int i = 0; i < 10; i++) {
      assertTrue(b.tryTake(1, 0));
    }
    assertFalse(b.tryTake(1, 0));
    assertTrue(b.tryTake(1, SECOND / 100)); // 10 ms refills one token
    assertFalse(b.tryTake(1, SECOND / 100));
    // A long pause refills only up to the burst.
    assertTrue(b.tryTake(10, 100 * SECOND));
    assertFalse(b.tryTake(1, 100 * SECOND));
  }

  @Test
  void takesAllOrNothing() {
    TokenBucket b = new TokenBucket(10, 10, 0);
    assertFalse(b.tryTake(11, 0));
    assertTrue(b.tryTake(10, 0));
    assertEquals(0.5, b.secondsUntil(5, 0), 1e-9);
  }
}
