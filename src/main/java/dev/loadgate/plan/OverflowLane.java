package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the overflow topic's consumers must read at the load's peak, and what they can (SPEC §9.1,
 * §9.2): capture reroutes what each hot id sends above its limit, keyless, so each overflow
 * consumer's batches hold every hot id's events from all its partitions; the busiest id holding
 * share f of them runs one event after another, so one consumer reads its overflow at most at (the
 * key's rate ÷ f), and at most {@code c_mix}.
 *
 * @param peakEventsPerSecond what overflows at the peak (0 when nothing does)
 * @param capacityEventsPerSecond what the overflow consumers read at most
 * @param consumers the overflow lane's consumers (the one group's without lanes)
 * @param busiest the id with the largest share of the overflow, or null
 */
record OverflowLane(
    double peakEventsPerSecond, double capacityEventsPerSecond, int consumers, String busiest) {

  static final OverflowLane NONE = new OverflowLane(0, 0, 0, null);

  static OverflowLane of(Pipeline pipe, HotSpots spots, double cMix, boolean historical) {
    return of(pipe, spots, cMix, historical, IngestionModel.Reroute.TOKEN_BUCKET);
  }

  /**
   * The same with capture's limiter as {@code reroute} says: the global limiter (and the forced
   * list) moves a key whole, not its excess, and its events cost the overflow consumers what they
   * cost without persons.
   */
  static OverflowLane of(
      Pipeline pipe,
      HotSpots spots,
      double cMix,
      boolean historical,
      IngestionModel.Reroute reroute) {
    if (historical || !pipe.overflow().enabled()) {
      return NONE;
    }
    double limit = pipe.overflow().perDistinctIdEventsPerSecond();
    double total = 0;
    double most = 0;
    String busiest = null;
    for (Plan.HotDistinctId h : spots.hot()) {
      boolean whole = reroute.globalWindow() || h.action().equals(HotSpots.FORCED);
      double over = whole ? h.peakEventsPerSecond() : Math.max(0, h.peakEventsPerSecond() - limit);
      total += over;
      if (over > most) {
        most = over;
        busiest = h.distinctId();
      }
    }
    if (total <= 0) {
      return NONE;
    }
    int consumers =
        Math.min(
            pipe.partitions(),
            pipe.lanes() == null ? pipe.consumers() : pipe.lanes().overflow().consumers());
    double c = cMix / reroute.overflowCost();
    double keyRate =
        Double.isNaN(reroute.overflowKeyRate()) ? spots.keyRate() : reroute.overflowKeyRate();
    double perConsumer = Math.min(c, keyRate * total / most);
    return new OverflowLane(total, consumers * perConsumer, consumers, busiest);
  }

  /**
   * Whether the overflow lane falls behind at the peak. Judged only where the pipeline file
   * describes the overflow lane (lanes or per-key limits): without them the one consumer group is
   * sized on the whole load, as before.
   */
  boolean lags() {
    return peakEventsPerSecond > capacityEventsPerSecond + 1e-9 && consumers > 0;
  }

  /**
   * The consumers each lane runs in the scaling plan: the load's lane {@code loadLane} as planned,
   * the overflow lane enough for what overflows at the peak, the rest as today; null without lanes.
   */
  Map<String, Integer> lanes(Pipeline pipe, boolean historical, int loadLane) {
    Pipeline.Lanes l = pipe.lanes();
    if (l == null) {
      return null;
    }
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("main", historical ? l.main().consumers() : loadLane);
    int overflow = l.overflow().consumers();
    if (peakEventsPerSecond > 0 && capacityEventsPerSecond > 0) {
      double perConsumer = capacityEventsPerSecond / consumers;
      overflow =
          (int)
              Math.min(
                  pipe.partitions(),
                  Math.max(overflow, Math.ceil(peakEventsPerSecond / perConsumer - 1e-9)));
    }
    m.put("overflow", overflow);
    m.put("historical", historical ? loadLane : l.historical().consumers());
    return m;
  }
}
