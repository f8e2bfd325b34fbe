package dev.loadgate.report;

import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The review document's part on the policy's SLO tiers (SPEC §9.6): per tier, the share of the
 * load's events and of all events ingested within it, the late events and the error budget they
 * spend, beside the same share with the consumers a few percent slower; and what the load sits
 * close to.
 */
final class SloBlocks {
  private SloBlocks() {}

  static List<ReviewDocument.Block> of(Plan p) {
    List<ReviewDocument.Block> b = new ArrayList<>();
    Plan.Margin m = p.margin();
    if (p.slo().isEmpty() && (m == null || m.nearCapacity().isEmpty())) {
      return b;
    }
    b.add(new ReviewDocument.Heading(2, "SLO and margin"));
    if (!p.slo().isEmpty()) {
      String slower = m == null ? null : Fmt.percent(m.consumersSlower()) + " slower consumers";
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < p.slo().size(); i++) {
        Plan.Slo t = p.slo().get(i);
        List<String> row = new ArrayList<>();
        row.add("within " + Fmt.seconds(t.withinSeconds()));
        row.add(Fmt.finePercent(t.objective()));
        row.add(Fmt.finePercent(t.load()));
        row.add(Fmt.finePercent(t.all()));
        row.add(Fmt.num(t.lateEvents()));
        row.add(Fmt.budget(t.budgetUsed()));
        row.add(t.met() ? "met" : "MISSED");
        if (m != null && i < m.slo().size()) {
          row.add(Fmt.finePercent(m.slo().get(i).load()));
        }
        rows.add(row);
      }
      List<String> header =
          new ArrayList<>(
              List.of(
                  "tier",
                  "objective",
                  "this load",
                  "all events",
                  "late events",
                  "error budget used",
                  "met"));
      if (slower != null) {
        header.add("this load, " + slower);
      }
      b.add(new ReviewDocument.Table(header, rows));
    }
    if (m != null) {
      b.add(
          new ReviewDocument.Paragraph(
              "With every consumer "
                  + Fmt.percent(m.consumersSlower())
                  + " slower the longest delay is "
                  + Fmt.seconds(m.maxIngestionDelaySeconds())
                  + " (at nominal speed "
                  + Fmt.seconds(p.maxIngestionDelaySeconds())
                  + ")."
                  + (m.nearCapacity().isEmpty()
                      ? ""
                      : " The load sits within that margin of "
                          + String.join("; ", m.nearCapacity())
                          + "."),
              false));
    }
    return b;
  }
}
