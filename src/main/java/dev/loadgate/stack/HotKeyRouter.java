package dev.loadgate.stack;

import dev.loadgate.profile.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where capture sends each live event of a {@code token:distinct_id} (SPEC §9.4): keyed on its
 * partition, or keyless to the overflow topic. Keys on the pipeline's {@code forced_keys} always go
 * to overflow; the others as {@code overflow.limiter} says: the token bucket (persons kept) or the
 * global window (persons switched off, as PostHog's capture stamps what it reroutes). It also keeps
 * when each key was first rerouted, which the replay compares with the model's {@code
 * rerouted_keys}.
 */
final class HotKeyRouter {
  /** Keys whose first reroute is kept: the hot ones are few; a flood of them is not a hot key. */
  static final int KEPT_KEYS = 1_000;

  /** Where one event goes. */
  enum Route {
    KEYED,
    /** To overflow, persons kept (the token bucket). */
    OVERFLOW,
    /** To overflow, person processing switched off (the global limiter, the forced list). */
    OVERFLOW_PERSONLESS;

    boolean overflow() {
      return this != KEYED;
    }
  }

  /** When a key was first rerouted (the clock's nanos) and how many of its events were since. */
  record Rerouted(long firstNanos, long events) {}

  private final Set<String> forced;
  private final OverflowLimiter bucket;
  private final GlobalWindowLimiter window;
  private final Map<String, Started> rerouted = new ConcurrentHashMap<>();

  private static final class Started {
    final long firstNanos;
    final LongAdder events = new LongAdder();

    Started(long firstNanos) {
      this.firstNanos = firstNanos;
    }
  }

  HotKeyRouter(Pipeline.Overflow o, long nowNanos) {
    this.forced = Set.copyOf(o.forcedKeys());
    boolean global = o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW;
    this.window =
        global
            ? new GlobalWindowLimiter(
                o.threshold(), o.window().toNanos(), o.detection().toNanos(), nowNanos)
            : null;
    this.bucket = global ? null : new OverflowLimiter(o.perDistinctIdEventsPerSecond(), o.burst());
  }

  /** The route of one event of {@code key} ({@code token:distinct_id}) now. */
  Route route(String key) {
    return route(key, System.nanoTime());
  }

  Route route(String key, long nowNanos) {
    Route r;
    if (forced.contains(key)) {
      r = Route.OVERFLOW_PERSONLESS;
    } else if (window != null) {
      r = window.allow(key, nowNanos) ? Route.KEYED : Route.OVERFLOW_PERSONLESS;
    } else {
      r = bucket.allow(key, nowNanos) ? Route.KEYED : Route.OVERFLOW;
    }
    if (r.overflow()) {
      Started s = rerouted.get(key);
      if (s == null && rerouted.size() < KEPT_KEYS) {
        s = rerouted.computeIfAbsent(key, k -> new Started(nowNanos));
      }
      if (s != null) {
        s.events.increment();
      }
    }
    return r;
  }

  /** The keys rerouted so far, each with its first reroute; at most {@link #KEPT_KEYS}. */
  Map<String, Rerouted> rerouted() {
    Map<String, Rerouted> out = new LinkedHashMap<>();
    rerouted.forEach((k, s) -> out.put(k, new Rerouted(s.firstNanos, s.events.sum())));
    return out;
  }

  /** Forgets the reroutes so far (the replay's warm-up is not its load). */
  void forgetReroutes() {
    rerouted.clear();
  }
}
