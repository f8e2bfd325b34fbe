package dev.loadgate.profile;

/** One row of the customer's "top 100 distinct_ids by event count" query. */
public record TopDistinctId(String distinctId, long events) {
  public TopDistinctId {
    if (distinctId == null || distinctId.isEmpty()) {
      throw new IllegalArgumentException("distinct_id must not be empty");
    }
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0");
    }
  }
}
