package dev.loadgate.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The pauses are the collectors' own reports, checked against the collectors' own counts. */
class GcPausesTest {

  @Test
  void aFullCollectionIsReportedAsAPauseAndCountedByTheCollectorsToo() throws Exception {
    try (GcPauses pauses = new GcPauses()) {
      long before = collections();
      System.gc(); // a stop-the-world full collection (no -XX:+ExplicitGCInvokesConcurrent here)
      // The collector notifies when the collection has ended, on its own thread.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (pauses.pauses() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(pauses.pauses() >= 1, "the full collection was reported");
      assertTrue(
          pauses.pauses() <= collections() - before,
          "no more pauses than the collectors counted collections: "
              + pauses.pauses()
              + " vs "
              + (collections() - before));
      assertTrue(pauses.maxMillis() >= 0 && pauses.totalMillis() >= pauses.maxMillis());
    }
  }

  @Test
  void longPausesAreThoseAboveTheBound() {
    try (GcPauses pauses = new GcPauses()) {
      long reported = pauses.pauses(); // a real collection may land meanwhile; count from here
      pauses.paused(GcPauses.LONG_MILLIS);
      pauses.paused(GcPauses.LONG_MILLIS + 1);
      pauses.paused(3);
      assertTrue(pauses.pauses() >= reported + 3);
      assertTrue(pauses.maxMillis() >= GcPauses.LONG_MILLIS + 1);
      assertEquals(1, pauses.longPauses(), "100 ms is not over the bound, 101 ms is");
    }
  }

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }
}
