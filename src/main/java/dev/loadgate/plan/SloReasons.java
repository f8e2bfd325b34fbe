package dev.loadgate.plan;

import java.util.List;

/**
 * The plan's reasons about the policy's SLO tiers and how close the load sits to a capacity (SPEC
 * §9.6): a missed tier decides the verdict, the margin informs the review.
 */
final class SloReasons {
  private SloReasons() {}

  /** A reason for each tier the load misses, with its late events and the budget they spend. */
  static void missed(Reasons why, List<Plan.Slo> tiers) {
    for (Plan.Slo t : tiers) {
      if (t.met()) {
        continue;
      }
      why.reasons.add(
          "The SLO's "
              + Fmt.seconds(t.withinSeconds())
              + " tier is missed: "
              + Fmt.finePercent(t.load())
              + " of this load's events are ingested within "
              + Fmt.seconds(t.withinSeconds())
              + ", below the objective of "
              + Fmt.finePercent(t.objective())
              + " ("
              + Fmt.num(t.lateEvents())
              + " events late in all, "
              + Fmt.finePercent(t.all())
              + " of all events on time while it runs; it spends "
              + Fmt.budget(t.budgetUsed())
              + (t.budgetUsed() < 2 ? " of" : "")
              + " the SLO window's error budget).");
    }
  }

  /** One reason naming every capacity the load comes within the margin of. */
  static void nearCapacity(Reasons why, List<String> near) {
    if (near.isEmpty()) {
      return;
    }
    why.reasons.add(
        "Within "
            + Fmt.percent(MarginCheck.SLOWER)
            + " of a capacity (real consumers run a few percent below their nominal rate): "
            + String.join("; ", near)
            + ". Plan for the slower figure, or scale before the test.");
  }
}
