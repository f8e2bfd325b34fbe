package dev.loadgate.jvm;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM, as the collectors report them when each ends: the
 * longest, and how many stopped the stack for longer than {@link #LONG_MILLIS}. A slow answer from
 * {@code /stats} or a stall on the capacity monitor's clock is either such a pause or this
 * machine's CPU; the soak tells which. Concurrent cycles (G1's marking, ZGC's and Shenandoah's
 * "Cycles" collectors, which report a whole cycle and not its pauses) do not stop the stack and are
 * not counted.
 */
public final class GcPauses implements AutoCloseable {
  /** A pause this long is one a user sees: the soak's bound on {@code /stats}. */
  static final long LONG_MILLIS = 100;

  private final LongAccumulator maxMillis = new LongAccumulator(Math::max, 0);
  private final AtomicLong pauses = new AtomicLong();
  private final AtomicLong longPauses = new AtomicLong();
  private final AtomicLong totalMillis = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::handle;

  /** Listens to every collector of this JVM that reports its collections. */
  public GcPauses() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  private void handle(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    if (info.getGcAction().contains("concurrent")
        || info.getGcName().contains("Concurrent")
        || info.getGcName().contains("Cycles")) {
      return;
    }
    paused(info.getGcInfo().getDuration());
  }

  /** One pause of {@code millis} ended. */
  void paused(long millis) {
    pauses.incrementAndGet();
    totalMillis.addAndGet(millis);
    maxMillis.accumulate(millis);
    if (millis > LONG_MILLIS) {
      longPauses.incrementAndGet();
    }
  }

  public long maxMillis() {
    return maxMillis.get();
  }

  public long pauses() {
    return pauses.get();
  }

  /** Pauses longer than {@link #LONG_MILLIS}. */
  public long longPauses() {
    return longPauses.get();
  }

  public long totalMillis() {
    return totalMillis.get();
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // never added
      }
    }
  }
}
