package dev.loadgate.plan;

/**
 * The load against the headroom other traffic leaves it (SPEC §3, Headroom), one piece of that
 * traffic at a time: within a piece the headroom is constant, so each comparison of the idle model
 * (peak against capacity, rise against capacity, hottest partition against {@code c_mix}) becomes
 * the worst over the pieces of the same comparison with that piece's headroom. On an idle pipeline
 * it is exactly the idle model.
 *
 * @param tightestPiece the piece where the load comes closest to (or furthest over) its headroom
 * @param tightestFromSeconds where that stretch starts, on the load's clock
 * @param tightest the headroom there
 * @param loadAtTightest the load's highest rate there
 * @param rise the steepest rise against the headroom where it completes
 * @param atRise the headroom where that rise completes
 * @param hottestPartitionEventsPerSecond the hottest partition's load at its worst, with its share
 *     of the other traffic
 * @param consumersDemand the most events/s the consumers must take at once (the load and the other
 *     traffic's cost, in this load's mix)
 * @param requestsDemand the most requests/s capture must take at once
 */
public record HeadroomCheck(
    int tightestPiece,
    double tightestFromSeconds,
    CapacityNow tightest,
    double loadAtTightest,
    boolean overCapacity,
    RateCurve.Rise rise,
    CapacityNow atRise,
    boolean dos,
    double hottestPartitionEventsPerSecond,
    double consumersDemand,
    double requestsDemand) {

  /**
   * @param hottestAtPeak the hottest partition's load at the load's peak
   */
  public static HeadroomCheck of(
      RateCurve curve,
      Background bg,
      CapacityNow now,
      double reactionSeconds,
      double hottestAtPeak,
      int partitions) {
    double peak = curve.peak();
    int epr = now.eventsPerRequest();
    if (bg.isIdle()) {
      RateCurve.Rise rise = curve.maxRise(reactionSeconds);
      return new HeadroomCheck(
          0,
          0,
          now,
          peak,
          peak > now.eventsPerSecond(),
          rise,
          now,
          rise.eventsPerSecond() > now.eventsPerSecond(),
          hottestAtPeak,
          peak,
          peak / epr);
    }
    double duration = curve.durationSeconds();
    int tightest = -1;
    double tightestMargin = Double.POSITIVE_INFINITY;
    double tightestLoad = 0;
    CapacityNow tightestRoom = now;
    double riseMargin = Double.POSITIVE_INFINITY;
    RateCurve.Rise worstRise = null;
    CapacityNow riseRoom = now;
    double hottest = 0;
    double consumers = 0;
    double requests = 0;
    for (int i = 0; i < bg.pieces(); i++) {
      double a = Math.max(0, bg.start(i));
      double b = Math.min(duration, bg.end(i));
      if (a > b || (a == duration && i > 0 && duration > 0)) {
        continue;
      }
      CapacityNow room =
          now.minus(bg.eventsPerSecond(i), bg.mixEventsPerSecond(i), bg.requestsPerSecond(i));
      double load = curve.maxRate(a, b);
      double margin = room.eventsPerSecond() - load;
      if (margin < tightestMargin - 1e-9) {
        tightestMargin = margin;
        tightest = i;
        tightestLoad = load;
        tightestRoom = room;
      }
      RateCurve.Rise rise = curve.maxRise(reactionSeconds, a, b);
      double rm = room.eventsPerSecond() - rise.eventsPerSecond();
      if (rm < riseMargin - 1e-9) {
        riseMargin = rm;
        worstRise = rise;
        riseRoom = room;
      }
      double share = peak > 0 ? hottestAtPeak * load / peak : 0;
      hottest = Math.max(hottest, share + bg.uniformMixEventsPerSecond(i) / partitions);
      consumers = Math.max(consumers, load + bg.mixEventsPerSecond(i));
      requests = Math.max(requests, load / epr + bg.requestsPerSecond(i));
    }
    return new HeadroomCheck(
        tightest,
        Math.max(0, bg.start(tightest)),
        tightestRoom,
        tightestLoad,
        tightestMargin < 0,
        worstRise,
        riseRoom,
        riseMargin < 0,
        hottest,
        consumers,
        requests);
  }
}
