package dev.loadgate.report;

import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The review document's part on lanes and keys (SPEC §9.1-9.2): each consumer deployment with its
 * consumers and worst partition, the per-key rate and the keys over it.
 */
final class LaneBlocks {
  private LaneBlocks() {}

  static List<ReviewDocument.Block> of(Plan p) {
    List<ReviewDocument.Block> b = new ArrayList<>();
    if (p.lanes() != null) {
      b.add(new ReviewDocument.Heading(2, "Lanes: a consumer deployment per topic"));
      boolean tiers = !p.slo().isEmpty();
      List<List<String>> rows = new ArrayList<>();
      for (Plan.Lane l : p.lanes()) {
        Plan.PartitionBacklog w = l.worstPartition();
        List<String> row =
            new ArrayList<>(
                List.of(
                    l.lane(),
                    l.topic(),
                    String.valueOf(l.consumers()),
                    String.valueOf(l.consumersNeeded()),
                    String.valueOf(l.maxConsumers()),
                    w == null
                        ? "none lags"
                        : "partition " + w.partition() + ": " + Fmt.seconds(w.maxDelaySeconds())));
        if (tiers) {
          row.add(
              l.sloLoad().isEmpty()
                  ? "—"
                  : String.join(" / ", l.sloLoad().stream().map(Fmt::finePercent).toList()));
        }
        rows.add(row);
      }
      List<String> header =
          new ArrayList<>(
              List.of(
                  "lane",
                  "topic",
                  "consumers today",
                  "needed",
                  "autoscaler max",
                  "worst partition"));
      if (tiers) {
        header.add(
            "this load within "
                + String.join(
                    " / ", p.slo().stream().map(t -> Fmt.seconds(t.withinSeconds())).toList()));
      }
      b.add(new ReviewDocument.Table(header, rows));
    }
    Plan.KeyLimit k = p.keyLimit();
    if (k != null) {
      b.add(new ReviewDocument.Heading(2, "Keys one after another"));
      b.add(
          new ReviewDocument.Paragraph(
              "One distinct_id's events are processed one after another, at most "
                  + Fmt.rate(k.perKeyEventsPerSecond())
                  + (k.personlessShare() > 0
                      ? " (" + Fmt.percent(k.personlessShare()) + " of the events personless)"
                      : " (with persons)")
                  + "; a partition whose busiest key holds share f of it is read at most at that"
                  + " rate ÷ f (docs/capacity-model.md)."
                  + (k.slowKeys().isEmpty() ? " No key of this load is over it." : ""),
              false));
      if (!k.slowKeys().isEmpty()) {
        List<List<String>> rows = new ArrayList<>();
        for (Plan.SlowKey s : k.slowKeys()) {
          rows.add(
              List.of(
                  s.distinctId(),
                  s.topic() + " " + s.partition(),
                  Fmt.rate(s.peakEventsPerSecond()),
                  Fmt.rate(s.partitionPeakEventsPerSecond()),
                  Fmt.rate(s.partitionReadAtMostEventsPerSecond())));
        }
        b.add(
            new ReviewDocument.Table(
                List.of("distinct_id", "partition", "sends", "partition takes", "read at most"),
                rows));
      }
    }
    return b;
  }
}
