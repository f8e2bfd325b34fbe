package dev.loadgate.simulation;

import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.KeyPartitioner;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay's load as the ingestion model takes it: the very ids the simulation draws, each on its
 * Kafka partition (the top ids and the exactly drawn tail ranks one by one), and as hot keys those
 * that go above the scaled overflow limit at the scaled peak or are on the forced-overflow list,
 * which capture reroutes.
 */
public final class ReplayTraffic {
  private ReplayTraffic() {}

  public static IngestionModel.Traffic of(
      String token,
      boolean historical,
      DistinctIdSampler ids,
      RateCurve scaled,
      int eventsPerRequest,
      Pipeline scaledPipeline) {
    int partitions = scaledPipeline.partitions();
    double[] keyed = ids.keyedPartitionShares(token, partitions);
    List<IngestionModel.HotKey> hot = new ArrayList<>();
    Pipeline.Overflow overflow = scaledPipeline.overflow();
    if (!historical && overflow.enabled() && scaled.peak() > 0) {
      hot.addAll(
          hotKeys(
              token,
              ids,
              partitions,
              overflow.perDistinctIdEventsPerSecond() / scaled.peak(),
              overflow));
      for (IngestionModel.HotKey h : hot) {
        keyed[h.partition()] -= h.share();
      }
    }
    for (int p = 0; p < partitions; p++) {
      keyed[p] = Math.max(0, keyed[p]);
    }
    return new IngestionModel.Traffic(scaled, eventsPerRequest, historical, keyed, hot);
  }

  /**
   * The same, each key running at most {@code keyRate} events/s (SPEC §9.2): the busiest top id
   * that stays on each partition is what holds it back.
   */
  public static IngestionModel.Traffic of(
      String token,
      boolean historical,
      DistinctIdSampler ids,
      RateCurve scaled,
      int eventsPerRequest,
      Pipeline scaledPipeline,
      double keyRate) {
    IngestionModel.Traffic t = of(token, historical, ids, scaled, eventsPerRequest, scaledPipeline);
    if (keyRate == Double.POSITIVE_INFINITY) {
      return t;
    }
    int partitions = scaledPipeline.partitions();
    java.util.Set<String> hot = new java.util.HashSet<>();
    t.hotKeys().forEach(h -> hot.add(h.distinctId()));
    double[] kept = new double[partitions];
    for (int i = 0; i < ids.skew().top().size(); i++) {
      String id = ids.skew().top().get(i).distinctId();
      if (!hot.contains(id)) {
        int p = KeyPartitioner.partition(token, id, partitions);
        kept[p] = Math.max(kept[p], ids.topShare(i));
      }
    }
    return t.withKeys(new IngestionModel.Keys(keyRate, kept));
  }

  /**
   * The ids whose share of the events is above {@code threshold}: the top ids, and the exactly
   * drawn tail ranks (whose shares only fall with rank), each on its Kafka partition.
   */
  static List<IngestionModel.HotKey> hotKeys(
      String token,
      DistinctIdSampler ids,
      int partitions,
      double threshold,
      Pipeline.Overflow overflow) {
    List<IngestionModel.HotKey> hot = new ArrayList<>();
    for (int i = 0; i < ids.skew().top().size(); i++) {
      String id = ids.skew().top().get(i).distinctId();
      // A key on capture's forced-overflow list is rerouted whatever it sends (HotSpots does too).
      boolean forced = overflow.forced(token, id);
      if (forced || ids.topShare(i) > threshold) {
        hot.add(
            new IngestionModel.HotKey(
                id, KeyPartitioner.partition(token, id, partitions), ids.topShare(i), forced));
      }
    }
    int top = ids.skew().top().size();
    for (int j = 0; j < ids.exactTailRanks(); j++) {
      long rank = top + 1L + j;
      double share = ids.tailShare(rank);
      if (share <= threshold) {
        break;
      }
      hot.add(hotKey(token, DistinctIdSampler.tailId(rank), share, partitions));
    }
    return hot;
  }

  private static IngestionModel.HotKey hotKey(
      String token, String id, double share, int partitions) {
    return new IngestionModel.HotKey(id, KeyPartitioner.partition(token, id, partitions), share);
  }
}
