package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the load lands (SPEC §3, skew and hot distinct_ids): each top id on its partition by
 * Kafka's partitioner, the tail spread evenly in expectation, the load per partition at the peak
 * before any overflow, and the top ids above the overflow limit. A historical import's ids never
 * overflow (capture keeps historical events keyed), so their action says so.
 *
 * @param load per partition of the keyed topic at the peak, events/s
 * @param tailHot ids beyond the top list above the overflow limit, by the fitted tail
 * @param keyRate how fast one of the load's keys runs, its events one after another (SPEC §9.2);
 *     +infinity without a per-key limit
 * @param busiestKey per partition of the keyed topic, the peak events/s of the busiest key that
 *     stays on it (a hot id that overflows keeps only the overflow limit there); 0 for none
 */
public record HotSpots(
    double[] load,
    int hottest,
    double skew,
    List<Plan.TopId> topIds,
    List<Plan.HotDistinctId> hot,
    long tailHot,
    double tailShare,
    double keyRate,
    double[] busiestKey) {

  /** A top id too busy for overflow's limit on a historical import: it stays on its partition. */
  public static final String HISTORICAL_KEYED = "historical_keyed";

  /** A top id on capture's forced-overflow list: rerouted from its first event. */
  public static final String FORCED = "forced_overflow";

  public static HotSpots of(
      String token,
      SkewModel skew,
      double peak,
      int partitions,
      Pipeline.Overflow overflow,
      double cMix,
      boolean historical) {
    return of(token, skew, peak, partitions, overflow, cMix, historical, Double.POSITIVE_INFINITY);
  }

  /** The same, each key of the load running at most {@code keyRate} events/s. */
  public static HotSpots of(
      String token,
      SkewModel skew,
      double peak,
      int partitions,
      Pipeline.Overflow overflow,
      double cMix,
      boolean historical,
      double keyRate) {
    double[] load = new double[partitions];
    Arrays.fill(load, skew.tailShare() * peak / partitions);
    List<Plan.TopId> topIds = new ArrayList<>();
    for (SkewModel.IdShare id : skew.top()) {
      int part = KeyPartitioner.partition(token, id.distinctId(), partitions);
      load[part] += id.share() * peak;
      topIds.add(
          new Plan.TopId(
              id.distinctId(), part, id.events(), id.share(), Fmt.round3(id.share() * peak)));
    }
    int hottest = 0;
    for (int i = 1; i < partitions; i++) {
      if (load[i] > load[hottest]) {
        hottest = i;
      }
    }
    String action =
        historical ? HISTORICAL_KEYED : overflow.enabled() ? "overflow" : "enable_overflow";
    List<Plan.HotDistinctId> hot = new ArrayList<>();
    boolean overflows = !historical && overflow.enabled();
    for (Plan.TopId id : topIds) {
      boolean forced = overflows && overflow.forced(token, id.distinctId());
      if (forced || id.peakEventsPerSecond() > overflow.perDistinctIdEventsPerSecond()) {
        hot.add(
            new Plan.HotDistinctId(
                id.distinctId(),
                id.partition(),
                id.peakEventsPerSecond(),
                id.share(),
                forced ? FORCED : action,
                id.peakEventsPerSecond() > cMix));
      }
    }
    long tailHot = peak > 0 ? skew.tailIdsAbove(overflow.perDistinctIdEventsPerSecond() / peak) : 0;
    double[] busiestKey = new double[partitions];
    for (Plan.TopId id : topIds) {
      double keyed = id.peakEventsPerSecond();
      if (overflows && overflow.forced(token, id.distinctId())) {
        keyed = 0; // all of it rerouted from the start
      } else if (overflows
          && overflow.limiter() == Pipeline.Limiter.GLOBAL_WINDOW
          && keyed > overflow.perDistinctIdEventsPerSecond()) {
        // Rerouted whole once capture's limiter sees it: what it leaves on its partition before
        // that is the model's to follow (RerouteReasons), not a steady rate.
        keyed = 0;
      } else if (overflows && keyed > overflow.perDistinctIdEventsPerSecond()) {
        keyed = overflow.perDistinctIdEventsPerSecond();
      }
      busiestKey[id.partition()] = Math.max(busiestKey[id.partition()], keyed);
    }
    return new HotSpots(
        load,
        hottest,
        peak > 0 ? load[hottest] / (peak / partitions) : 0,
        topIds,
        hot,
        tailHot,
        skew.tailShare(),
        keyRate,
        busiestKey);
  }

  /**
   * A key that stays on its partition and sends more than one key is processed (its events one
   * after another): the partition is read at most at {@code readAtMost} and every id on it waits.
   */
  public record SlowKey(String distinctId, int partition, double peakEventsPerSecond) {}

  /** The keys over the per-key rate, busiest first. */
  public List<SlowKey> slowKeys() {
    List<SlowKey> out = new ArrayList<>();
    for (Plan.TopId id : topIds) {
      double keyed = Math.min(id.peakEventsPerSecond(), busiestKey[id.partition()]);
      if (keyed > keyRate && keyed >= busiestKey[id.partition()]) {
        out.add(new SlowKey(id.distinctId(), id.partition(), keyed));
      }
    }
    out.sort((a, b) -> Double.compare(b.peakEventsPerSecond(), a.peakEventsPerSecond()));
    return out;
  }

  public double hottestLoad() {
    return load[hottest];
  }

  /** Whether capture overflows the hot ids (a load test with overflow on), losing their order. */
  public boolean overflows() {
    return hot.stream().anyMatch(h -> h.action().equals("overflow") || h.action().equals(FORCED));
  }

  /**
   * The load as the ingestion model takes it: the hot ids pass capture's overflow bucket,
   * everything else stays on its partition (the tail evenly).
   */
  public IngestionModel.Traffic traffic(RateCurve curve, int eventsPerRequest, boolean historical) {
    int partitions = load.length;
    double[] keyed = new double[partitions];
    Arrays.fill(keyed, tailShare / partitions);
    List<IngestionModel.HotKey> hotKeys = new ArrayList<>();
    java.util.Set<String> hotIds = new java.util.HashSet<>();
    hot.forEach(h -> hotIds.add(h.distinctId()));
    java.util.Set<String> forced = new java.util.HashSet<>();
    hot.stream().filter(h -> h.action().equals(FORCED)).forEach(h -> forced.add(h.distinctId()));
    for (Plan.TopId id : topIds) {
      if (hotIds.contains(id.distinctId())) {
        hotKeys.add(
            new IngestionModel.HotKey(
                id.distinctId(), id.partition(), id.share(), forced.contains(id.distinctId())));
      } else {
        keyed[id.partition()] += id.share();
      }
    }
    double[] kept = new double[partitions];
    for (Plan.TopId id : topIds) {
      if (!hotIds.contains(id.distinctId())) {
        kept[id.partition()] = Math.max(kept[id.partition()], id.share());
      }
    }
    return new IngestionModel.Traffic(curve, eventsPerRequest, historical, keyed, hotKeys)
        .withKeys(
            keyRate == Double.POSITIVE_INFINITY
                ? IngestionModel.Keys.UNLIMITED
                : new IngestionModel.Keys(keyRate, kept));
  }

  /** The top ids on a partition of the keyed topic, busiest first. */
  public List<String> idsOn(int partition) {
    return topIds.stream()
        .filter(t -> t.partition() == partition)
        .map(Plan.TopId::distinctId)
        .toList();
  }
}
