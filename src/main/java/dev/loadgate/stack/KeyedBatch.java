package dev.loadgate.stack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer's batch as PostHog's ingestion runs it ({@code joined-ingestion-pipeline.ts}): the
 * batch grouped by {@code token:distinct_id}, the groups side by side, each group's events one
 * after another; the consumer's own work (its {@code c_mix}) is one processor the groups share; the
 * batch is done, and committed, when its slowest group is. An event's costs are known only once it
 * is processed (its type, whether it processes a person), so the batch is stepped event by event:
 * next is the head of the group that can start first (its key free and the processor free), ties in
 * batch order. Times are nanoseconds from the batch's start; the caller waits for them.
 */
final class KeyedBatch {
  /** An event to process now: its index in the batch, and when it may start. */
  record Next(int index, long startNanos) {}

  private final List<ArrayDeque<Integer>> groups = new ArrayList<>();
  private final List<Integer> groupOf;
  private final long[] keyFreeAt;
  private long processorFreeAt;
  private long endsAt;

  /** {@code keys}: each event's key, in batch order. */
  KeyedBatch(List<String> keys) {
    Map<String, Integer> index = new LinkedHashMap<>();
    groupOf = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      int g = index.computeIfAbsent(keys.get(i), k -> groups.size());
      if (g == groups.size()) {
        groups.add(new ArrayDeque<>());
      }
      groups.get(g).add(i);
      groupOf.add(g);
    }
    keyFreeAt = new long[groups.size()];
  }

  int groups() {
    return groups.size();
  }

  /** The next event to process and when it may start; null when the batch is done. */
  Next next() {
    int best = -1;
    long bestStart = Long.MAX_VALUE;
    for (int g = 0; g < groups.size(); g++) {
      Integer head = groups.get(g).peek();
      if (head == null) {
        continue;
      }
      long start = Math.max(processorFreeAt, keyFreeAt[g]);
      if (start < bestStart || (start == bestStart && head < groups.get(best).peek())) {
        best = g;
        bestStart = start;
      }
    }
    return best < 0 ? null : new Next(groups.get(best).peek(), bestStart);
  }

  /**
   * The event {@code n} ran from {@code startNanos} (its planned start, or later when the machine
   * was late): the processor is busy for {@code processorNanos}, its key for {@code keyNanos}.
   */
  void done(Next n, long startNanos, long processorNanos, long keyNanos) {
    int g = groupOf.get(n.index());
    groups.get(g).poll();
    processorFreeAt = startNanos + processorNanos;
    keyFreeAt[g] = startNanos + Math.max(processorNanos, keyNanos);
    endsAt = Math.max(endsAt, Math.max(processorFreeAt, keyFreeAt[g]));
  }

  /** When the batch's last group is done (so far): the commit waits for it. */
  long endsAt() {
    return endsAt;
  }
}
