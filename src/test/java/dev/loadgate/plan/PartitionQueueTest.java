package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One partition's FIFO queue, stepped by hand: what waits, since when, and for how long. */
class PartitionQueueTest {
  @Test
  void aQueueWaitsFromTheStepItsEventsArrivedUntilTheyAreConsumed() {
    PartitionQueue q = new PartitionQueue();
    assertTrue(q.idle(), "a new queue");
    assertEquals(0, q.oldestWait(5), "nothing waits");
    // t = 1: 10 arrive, 5 are consumed: 5 wait, since t = 1.
    assertEquals(0, q.step(1, 10, 5));
    assertFalse(q.idle());
    assertEquals(5, q.backlog());
    assertEquals(15, q.demand(10));
    assertEquals(2, q.oldestWait(3), "since t = 1, at t = 3");
    // t = 2: 10 more arrive, 5 consumed: departures reach the 10 that had arrived by t = 1, so
    // those waited 1 s; the 10 of t = 2 wait on.
    assertEquals(1, q.step(2, 10, 5), 1e-12);
    assertEquals(10, q.backlog());
    assertEquals(1.5, q.oldestWait(3.5), 1e-12, "since t = 2");
    // t = 4: nothing arrives and all 10 are consumed: they waited 2 s; the queue is idle again.
    assertEquals(2, q.step(4, 0, 10), 1e-12);
    assertTrue(q.idle());
    assertEquals(0, q.backlog());
    assertEquals(0, q.oldestWait(9));
  }

  @Test
  void aCopyGoesOnByItself() {
    PartitionQueue q = new PartitionQueue();
    q.step(1, 10, 5);
    PartitionQueue c = q.copy();
    assertEquals(2, c.step(3, 0, 5), 1e-12, "the copy drains its 5, waiting since t = 1");
    assertTrue(c.idle());
    assertFalse(q.idle(), "the original still has its 5");
    assertEquals(5, q.backlog());
  }
}
