package dev.loadgate.plan;

import java.util.List;

/**
 * The ingestion topics, named as the pipeline team knows them: the model plans per partition of
 * each, and the stack creates them under these names.
 */
public final class IngestionTopics {
  /** Live events, keyed {@code token:distinct_id}. */
  public static final String MAIN = "events_plugin_ingestion";

  /** Events of distinct_ids above the overflow limit, without a key. */
  public static final String OVERFLOW = "events_plugin_ingestion_overflow";

  /** Historical imports, keyed and never overflowed. */
  public static final String HISTORICAL = "events_plugin_ingestion_historical";

  /** In this order everywhere: the model indexes topics by position. */
  public static final List<String> ALL = List.of(MAIN, OVERFLOW, HISTORICAL);

  private IngestionTopics() {}
}
