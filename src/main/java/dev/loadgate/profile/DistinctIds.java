package dev.loadgate.profile;

import java.util.List;

/**
 * The distinct_id skew the customer declared.
 *
 * @param total distinct ids in the whole load (0 when unanswered)
 * @param totalEvents events the {@code top} counts were counted in, or null for "the events the
 *     stages send"
 * @param top the top ids by event count, most events first
 */
public record DistinctIds(long total, Long totalEvents, List<TopDistinctId> top) {
  public DistinctIds {
    top = List.copyOf(top);
  }

  public long topEvents() {
    long sum = 0;
    for (TopDistinctId t : top) {
      sum += t.events();
    }
    return sum;
  }
}
