package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy's SLO tiers (SPEC §9.6) against the model's events counted by delay: what share of the
 * load's events, and of all events while it runs, is ingested within each tier's delay, and how
 * much of the window's error budget the late ones spend. A tier is met when the load's own share
 * reaches the objective: an SLO kept over all events can hide a load that is late throughout behind
 * the live traffic's volume, and the review asks what this load does.
 */
final class SloTiers {
  private SloTiers() {}

  /**
   * @param counted the model's events by delay over every topic the load reached (null: none
   *     counted, no tiers)
   * @param liveNotCounted live events during the run on partitions the load did not share (on time
   *     as far as this load goes)
   * @param windowEvents the events of the budget's window: the live traffic's over {@code
   *     slo_window} with this load's, or the load's own without a live load
   */
  static List<Plan.Slo> of(
      Pipeline.Policy policy, DelayTally counted, double liveNotCounted, double windowEvents) {
    List<Plan.Slo> tiers = new ArrayList<>();
    if (counted == null) {
      return tiers;
    }
    double all = counted.allEvents() + liveNotCounted;
    for (int i = 0; i < policy.slo().size(); i++) {
      Pipeline.SloTier t = policy.slo().get(i);
      double late = counted.lateAllEvents(i);
      double load = counted.loadWithin(i);
      double allowed = (1 - t.objective()) * windowEvents;
      tiers.add(
          new Plan.Slo(
              t.within().toNanos() / 1e9,
              t.objective(),
              share(load),
              share(all > 0 ? Math.max(0, 1 - late / all) : 1),
              Math.round(late),
              allowed > 0 ? Fmt.round3(late / allowed) : 0,
              load >= t.objective()));
    }
    return tiers;
  }

  /** The events the error budget's window holds: the live traffic's mean over it, and the load. */
  static double windowEvents(Pipeline pipe, double loadEvents) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    if (live == null) {
      return loadEvents;
    }
    double mean = 0;
    for (double h : live.hourly()) {
      mean += h / live.hourly().length;
    }
    return mean * pipe.policy().sloWindow().toSeconds() + loadEvents;
  }

  /** A share to six places: 0.999 and 0.9994 must stay apart. */
  static double share(double s) {
    return Math.round(s * 1e6) / 1e6;
  }
}
