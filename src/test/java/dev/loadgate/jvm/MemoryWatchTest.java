package dev.loadgate.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warning comes before the heap stalls the stack, once a minute on the console. */
class MemoryWatchTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(0);
  private final AtomicLong gcMillis = new AtomicLong(0);
  private double oldGen;
  private final List<String> console = new ArrayList<>();
  private final MemoryWatch watch =
      new MemoryWatch(() -> oldGen, gcMillis::get, now::get, console::add, null);

  @Test
  void anOldGenerationThreeQuartersFullAfterCollectionWarnsOnceAMinute() {
    oldGen = 0.5;
    tick(5, 50);
    assertNull(watch.warning());
    assertNull(watch.stats().get("warning"));
    oldGen = 0.8;
    tick(5, 50);
    assertTrue(watch.warning().contains("80% full"), watch.warning());
    assertEquals(watch.warning(), watch.stats().get("warning"));
    assertEquals(1, console.size());
    assertTrue(console.get(0).startsWith("loadgate stack: WARNING heap"), console.get(0));
    tick(5, 50); // still full, 5 s later: in /stats, not printed again
    assertEquals(1, console.size());
    tick(60, 600);
    assertEquals(2, console.size(), "a minute later, again");
    oldGen = 0.3;
    tick(5, 50);
    assertNull(watch.warning(), "cleared once collections free the heap");
  }

  @Test
  void aQuarterOfTheTimeInCollectionsWarnsToo() {
    oldGen = 0.2;
    tick(5, 1_000); // 20%
    assertNull(watch.warning());
    tick(5, 1_500); // 30%
    assertTrue(watch.warning().contains("GC took 30%"), watch.warning());
    assertEquals(0.3, (double) watch.stats().get("gc_time_share"), 1e-9);
  }

  private void tick(long seconds, long gcMs) {
    now.addAndGet(seconds * SECOND);
    gcMillis.addAndGet(gcMs);
    watch.sample();
  }
}
