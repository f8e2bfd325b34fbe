package dev.loadgate.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * How close the load sits to a capacity: the model again with every consumer slower by {@link
 * #SLOWER}, and which of the capacities the verdict rests on the load comes within that margin of.
 * Real consumers never run at their nominal rate: in a held-out replay that kept the consumers
 * exactly at capacity the stack's delivered 97.5-99% of theirs, and a predicted 0.1 s of delay was
 * a measured 2.1 s.
 */
final class MarginCheck {
  /** The margin: consumers 5% slower than the pipeline file says. */
  static final double SLOWER = 0.05;

  private MarginCheck() {}

  /** The same traffic with each key's consumer 5% slower too. */
  static IngestionModel.Traffic slower(IngestionModel.Traffic t) {
    IngestionModel.Keys k = t.keys();
    return t.withKeys(new IngestionModel.Keys(k.eventsPerSecond() * (1 - SLOWER), k.keptBusiest()));
  }

  /**
   * What the load comes within the margin of, in words a review reads: each capacity it uses more
   * than (1 − margin) of without going over it, and what the slower consumers change.
   *
   * @param load the load at its tightest, and what the pipeline leaves it there ({@code bottleneck}
   *     the part that limits it)
   */
  static List<String> nearCapacity(
      double load,
      double capacity,
      String bottleneck,
      double hottestPartition,
      double cMix,
      double policyDelay,
      double delay,
      double slowerDelay,
      List<Plan.Slo> slo,
      List<Plan.Slo> slowerSlo) {
    List<String> near = new ArrayList<>();
    if (within(load, capacity)) {
      near.add(
          "capacity now: "
              + Fmt.rate(load)
              + " at the tightest, "
              + Fmt.percent(load / capacity)
              + " of the "
              + Fmt.rate(capacity)
              + " the pipeline takes (limited by "
              + bottleneck
              + ")");
    }
    if (within(hottestPartition, cMix)) {
      near.add(
          "the hottest partition: "
              + Fmt.rate(hottestPartition)
              + ", "
              + Fmt.percent(hottestPartition / cMix)
              + " of the "
              + Fmt.rate(cMix)
              + " one consumer gives it");
    }
    if (delay <= policyDelay && slowerDelay > policyDelay) {
      near.add(
          "the policy's delay: "
              + Fmt.seconds(delay)
              + " at nominal speed, "
              + Fmt.seconds(slowerDelay)
              + " with consumers "
              + Fmt.percent(SLOWER)
              + " slower");
    }
    for (int i = 0; i < slo.size() && i < slowerSlo.size(); i++) {
      if (slo.get(i).met() && !slowerSlo.get(i).met()) {
        near.add(
            "the SLO's "
                + Fmt.seconds(slo.get(i).withinSeconds())
                + " tier: "
                + Fmt.finePercent(slo.get(i).load())
                + " of the load's events within it at nominal speed, "
                + Fmt.finePercent(slowerSlo.get(i).load())
                + " with consumers "
                + Fmt.percent(SLOWER)
                + " slower (objective "
                + Fmt.finePercent(slo.get(i).objective())
                + ")");
      }
    }
    return near;
  }

  /** Above (1 − margin) of the capacity without going over it. */
  static boolean within(double load, double capacity) {
    return capacity > 0 && load <= capacity && load > capacity * (1 - SLOWER);
  }
}
