package dev.loadgate.jvm;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Tells the user before the stack's heap becomes the bottleneck, instead of letting it stall in
 * back-to-back full collections: after each collection, the old generation's occupancy (what
 * survived) is compared with its maximum; above {@link #WARN_SHARE} the stack warns on its console
 * (at most once a minute) and in {@code /stats} ({@code memory.warning}). The GC time share over
 * the last interval says the same from the other side: a stack spending a quarter of its time in GC
 * is no longer measuring the pipeline.
 */
public final class MemoryWatch implements AutoCloseable {
  /** Old generation still this full after a collection: the live set is close to the heap. */
  static final double WARN_SHARE = 0.75;

  static final double GC_WARN_SHARE = 0.25;

  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final DoubleSupplier oldGenAfterGc;
  private final LongSupplier gcMillis;
  private final LongSupplier nanoTime;
  private final Consumer<String> console;
  private long lastGcMillis;
  private long lastSampleNanos;
  private volatile double gcShare;
  private volatile String warning;
  private long lastWarnNanos;
  private final GcPauses pauses;

  /** This JVM's old generation and collectors. */
  public MemoryWatch(Consumer<String> console) {
    this(oldGenAfterGc(), MemoryWatch::collectionMillis, System::nanoTime, console, new GcPauses());
  }

  MemoryWatch(
      DoubleSupplier oldGenAfterGc,
      LongSupplier gcMillis,
      LongSupplier nanoTime,
      Consumer<String> console,
      GcPauses pauses) {
    this.pauses = pauses;
    this.oldGenAfterGc = oldGenAfterGc;
    this.gcMillis = gcMillis;
    this.nanoTime = nanoTime;
    this.console = console;
    this.lastGcMillis = gcMillis.getAsLong();
    this.lastSampleNanos = nanoTime.getAsLong();
    this.lastWarnNanos = lastSampleNanos - WARN_EVERY_NANOS;
  }

  /** Samples GC time and the old generation; call every few seconds. */
  public synchronized void sample() {
    long now = nanoTime.getAsLong();
    long gc = gcMillis.getAsLong();
    double elapsedMs = (now - lastSampleNanos) / 1e6;
    if (elapsedMs > 0) {
      gcShare = Math.min(1, (gc - lastGcMillis) / elapsedMs);
    }
    lastGcMillis = gc;
    lastSampleNanos = now;
    double old = oldGenAfterGc.getAsDouble();
    String w = null;
    if (old >= WARN_SHARE) {
      w =
          String.format(
              "heap: the old generation is %.0f%% full after collection; the stack will slow down"
                  + " before it runs out. Give it more heap (JAVA_OPTS=-Xmx2g) or fewer distinct"
                  + " ids, or run with --no-reconcile",
              old * 100);
    } else if (gcShare >= GC_WARN_SHARE) {
      w =
          String.format(
              "GC took %.0f%% of the last interval: the stack's measurements are no longer the"
                  + " pipeline's",
              gcShare * 100);
    }
    warning = w;
    if (w != null && now - lastWarnNanos >= WARN_EVERY_NANOS) {
      lastWarnNanos = now;
      console.accept("loadgate stack: WARNING " + w);
    }
  }

  /** Old generation occupancy after the last collection ÷ its maximum (0 when unknown). */
  private static DoubleSupplier oldGenAfterGc() {
    MemoryPoolMXBean oldGen =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
            .findFirst()
            .orElse(null);
    return () -> {
      if (oldGen == null || oldGen.getCollectionUsage() == null) {
        return 0;
      }
      long max = oldGen.getUsage().getMax();
      if (max <= 0) {
        max = Runtime.getRuntime().maxMemory();
      }
      return (double) oldGen.getCollectionUsage().getUsed() / max;
    };
  }

  private static long collectionMillis() {
    long t = 0;
    for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, c.getCollectionTime());
    }
    return t;
  }

  /** Stops listening to the collectors (a JVM that starts many stacks, as the tests do). */
  @Override
  public void close() {
    if (pauses != null) {
      pauses.close();
    }
  }

  public String warning() {
    return warning;
  }

  /**
   * For {@code /stats}: heap, old generation after GC, GC share, the stop-the-world pauses (count,
   * longest, how many over 100 ms) and the warning (null if none).
   */
  public Map<String, Object> stats() {
    Runtime rt = Runtime.getRuntime();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    m.put("heap_max_mb", rt.maxMemory() / (1024 * 1024));
    m.put("old_gen_after_gc_share", Math.round(oldGenAfterGc.getAsDouble() * 1000) / 1000.0);
    m.put("gc_time_share", Math.round(gcShare * 1000) / 1000.0);
    m.put("gc_time_ms_total", gcMillis.getAsLong());
    if (pauses != null) {
      m.put("gc_pauses", pauses.pauses());
      m.put("gc_max_pause_ms", pauses.maxMillis());
      m.put("gc_pauses_over_100ms", pauses.longPauses());
    }
    m.put("warning", warning);
    return m;
  }
}
