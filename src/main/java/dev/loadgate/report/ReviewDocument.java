package dev.loadgate.report;

import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;

/**
 * The capacity-review document as a list of blocks, in reading order: verdict first, reasons, the
 * questions still to ask, the scaling plan, what to tell the customer, the numbers, charts.
 * Markdown, HTML and the terminal summary render the same blocks, so they cannot say different
 * things.
 */
final class ReviewDocument {
  sealed interface Block permits Heading, Paragraph, Bullets, Table, Chart {}

  record Heading(int level, String text) implements Block {}

  /**
   * {@code strong} marks a verdict line; {@code verdict} is the verdict it speaks of, when it is
   * not the document's own (a better start's READY).
   */
  record Paragraph(String text, boolean strong, Verdict verdict) implements Block {
    Paragraph(String text, boolean strong) {
      this(text, strong, null);
    }
  }

  record Bullets(List<String> items) implements Block {}

  record Table(List<String> header, List<List<String>> rows) implements Block {}

  /** A chart; {@code name} is its file name stem for the markdown form. */
  record Chart(String name, String alt, Function<Plan, JFreeChart> draw) implements Block {}

  private ReviewDocument() {}

  static List<Block> of(Plan p, boolean withCharts) {
    List<Block> b = new ArrayList<>();
    b.add(new Heading(1, "Capacity review: " + orDash(p.customer()) + " (" + p.profile() + ")"));
    b.add(
        new Paragraph(
            "Verdict: "
                + p.verdict()
                + (p.classification() == null ? "" : " — classified as " + p.classification()),
            true));
    Plan.SuggestedStart better = betterStart(p);
    if (better != null) {
      // A READY slot later beats scaling for this one: say so before anything else.
      b.add(
          new Paragraph(
              "Better start: "
                  + better.local()
                  + " is "
                  + better.verdict()
                  + " ("
                  + Fmt.rate(better.minHeadroomEventsPerSecond())
                  + " of headroom left at the load's tightest moment): move the test rather than"
                  + " scale for it.",
              true,
              better.verdict()));
    }
    b.add(new Paragraph(summary(p), false));

    b.add(new Heading(2, "Reasons"));
    b.add(new Bullets(p.reasons()));
    b.addAll(ActionBlocks.of(p));

    if (p.headroom() != null) {
      b.add(new Heading(2, "Shared pipeline: live traffic and when to run"));
      Plan.Headroom h = p.headroom();
      b.add(
          new Paragraph(
              "Tightest moment "
                  + h.tightestLocal()
                  + ": live traffic "
                  + Fmt.rate(h.liveEventsPerSecond())
                  + (h.approvedEventsPerSecond() > 0
                      ? ", approved tests " + Fmt.rate(h.approvedEventsPerSecond())
                      : "")
                  + ", headroom "
                  + Fmt.rate(h.headroomEventsPerSecond())
                  + " (limited by "
                  + h.bottleneck().replace('_', ' ')
                  + "), the load "
                  + Fmt.rate(h.loadEventsPerSecond())
                  + ". Live load from "
                  + (h.liveSource() == null
                      ? "none (approved tests only)"
                      : h.liveSource()
                          + (h.liveWeeks() > 0
                              ? String.format(Locale.ROOT, " (%.1f weeks averaged)", h.liveWeeks())
                              : ""))
                  + ".",
              false));
      if (p.suggestedStarts() != null && !p.suggestedStarts().isEmpty()) {
        List<List<String>> rows = new ArrayList<>();
        for (Plan.SuggestedStart st : p.suggestedStarts()) {
          rows.add(
              List.of(
                  st.local(),
                  st.start(),
                  st.verdict().name(),
                  Fmt.rate(st.minHeadroomEventsPerSecond())));
        }
        b.add(
            new Table(
                List.of("suggested start", "UTC", "verdict", "headroom left at its tightest"),
                rows));
      }
    }

    b.add(new Heading(2, "Questions still to ask"));
    if (p.missingAnswers().isEmpty()) {
      b.add(new Paragraph("None: every required answer is given.", false));
    } else {
      b.add(new Bullets(p.missingAnswers().stream().map(ReviewDocument::question).toList()));
    }

    b.add(new Heading(2, "Scaling plan"));
    b.add(scalingTable(p));

    b.add(new Heading(2, "What to tell the customer"));
    if (p.tellCustomer().isEmpty()) {
      b.add(new Paragraph("Nothing beyond the approval: the load fits as described.", false));
    } else {
      b.add(new Bullets(p.tellCustomer()));
    }

    b.add(new Heading(2, "Key numbers"));
    b.add(numbers(p));

    if (!p.hotDistinctIds().isEmpty()) {
      b.add(new Heading(2, "Hot distinct_ids"));
      List<List<String>> rows = new ArrayList<>();
      for (Plan.HotDistinctId h : p.hotDistinctIds()) {
        rows.add(
            List.of(
                h.distinctId(),
                String.valueOf(h.partition()),
                Fmt.rate(h.peakEventsPerSecond()),
                Fmt.percent(h.share()),
                h.action(),
                h.aboveConsumerCapacity() ? "yes" : "no"));
      }
      b.add(
          new Table(
              List.of("distinct_id", "partition", "peak", "share", "action", "above c_mix"), rows));
    }

    b.addAll(LaneBlocks.of(p));
    b.addAll(SloBlocks.of(p));

    if (!p.partitionBacklog().isEmpty()) {
      b.add(new Heading(2, "Partitions that fall behind"));
      b.add(
          new Paragraph(
              "Per partition of every topic the load reaches, each consumed in order by the consumer"
                  + " that owns it, with the autoscaler (docs/capacity-model.md); worst first.",
              false));
      List<List<String>> rows = new ArrayList<>();
      for (Plan.PartitionBacklog l :
          p.partitionBacklog().subList(0, Math.min(10, p.partitionBacklog().size()))) {
        rows.add(
            List.of(
                l.topic(),
                String.valueOf(l.partition()),
                Fmt.num(l.maxBacklogEvents()),
                Fmt.seconds(l.maxDelaySeconds()),
                Fmt.seconds(l.laggingSeconds()),
                l.distinctIds().isEmpty()
                    ? "–"
                    : String.join(
                        ", ", l.distinctIds().subList(0, Math.min(3, l.distinctIds().size())))));
      }
      if (p.partitionBacklog().size() > 10) {
        rows.add(
            List.of("… and " + (p.partitionBacklog().size() - 10) + " more", "", "", "", "", ""));
      }
      b.add(
          new Table(
              List.of(
                  "topic",
                  "partition",
                  "most waiting",
                  "longest wait",
                  "behind for",
                  "top ids on it"),
              rows));
    }

    if (withCharts && !p.rateOverTime().isEmpty()) {
      b.add(new Heading(2, "Charts"));
      b.add(
          new Chart(
              "rate",
              "Offered rate over time against capacity now, the autoscaler, and after scaling",
              Charts::rateOverTime));
      b.add(
          new Chart(
              "partitions",
              "Peak load per partition, hot partitions marked, against c_mix",
              Charts::partitionLoad));
      if (p.lanes() != null) {
        b.add(
            new Chart(
                "lanes",
                "Consumers per lane over time, as each lane's autoscaler brings them up",
                LaneCharts::consumersPerLane));
      }
      if (!p.topDistinctIds().isEmpty()) {
        b.add(
            new Chart(
                "top-ids",
                "Top distinct_ids at the peak against the overflow limit",
                Charts::topDistinctIds));
      }
    }

    if (!p.assumptions().isEmpty()) {
      b.add(new Heading(2, "Assumptions"));
      b.add(new Bullets(p.assumptions()));
    }
    return b;
  }

  private static String summary(Plan p) {
    if (p.rateOverTime().isEmpty()) {
      return "No rate was given, so no capacity could be computed.";
    }
    return String.format(
        Locale.ROOT,
        "%s of %s: peak %s (%s req/s) for %s, %s events. Capacity now %s (bottleneck: %s).",
        p.kind() == null ? "A load" : capitalise(p.kind().replace('_', ' ')),
        orDash(p.customer()),
        Fmt.rate(p.peakEventsPerSecond()),
        Fmt.num(p.peakRequestsPerSecond()),
        Fmt.seconds(p.durationSeconds()),
        Fmt.num(p.totalEvents()),
        Fmt.rate(p.capacityNowEventsPerSecond()),
        p.capacityNow().bottleneck().replace('_', ' '));
  }

  private static Table scalingTable(Plan p) {
    Plan.Scaling s = p.scaling();
    Plan.Today t = s.today();
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "consumers",
            String.valueOf(t.consumers()),
            String.valueOf(s.consumers()),
            String.valueOf(t.maxConsumers()),
            action(s.consumers(), t.consumers(), s.consumersPreProvision())));
    rows.add(
        List.of(
            "partitions",
            String.valueOf(t.partitions()),
            String.valueOf(s.partitions()),
            "—",
            s.partitions() > t.partitions()
                ? "add partitions before the test (keys move: do it before, not during)"
                : "none"));
    rows.add(
        List.of(
            "capture replicas",
            String.valueOf(t.captureReplicas()),
            String.valueOf(s.captureReplicas()),
            String.valueOf(t.maxCaptureReplicas()),
            action(s.captureReplicas(), t.captureReplicas(), s.captureReplicasPreProvision())));
    rows.add(
        List.of(
            "per-token rate limit",
            Fmt.rate(p.capacityNow().rateLimitEventsPerSecond()),
            Fmt.rate(s.perTokenRateLimitEventsPerSecond()),
            "—",
            s.perTokenRateLimitEventsPerSecond() > p.capacityNow().rateLimitEventsPerSecond()
                ? "raise for " + p.token() + " during the test"
                : "none"));
    rows.add(
        p.headroom() == null
            ? List.of(
                "capacity",
                Fmt.rate(p.capacityNowEventsPerSecond()),
                Fmt.rate(s.capacityAfterEventsPerSecond()),
                "",
                "")
            : List.of(
                "headroom beside live traffic (tightest moment)",
                Fmt.rate(p.headroom().headroomEventsPerSecond()),
                Fmt.rate(s.capacityAfterEventsPerSecond()),
                "",
                "the load needs " + Fmt.rate(p.headroom().loadEventsPerSecond())));
    double cMix = p.perPartitionCapacityEventsPerSecond();
    if (p.hottestPartition().peakEventsPerSecond() > cMix) {
      // No count above fixes a partition hotter than one consumer: say what does.
      rows.add(
          List.of(
              "hot partition " + p.hottestPartition().partition(),
              Fmt.rate(p.hottestPartition().peakEventsPerSecond()),
              "at most " + Fmt.rate(cMix),
              "—",
              "historical_import".equals(p.kind())
                  ? "none in the pipeline: historical events never overflow; the import must send"
                      + " this partition's ids slower, or accept the delay"
                  : p.overflow().enabled()
                      ? "keep overflow on: it takes the hot distinct_ids off this partition"
                      : "enable overflow: no number of consumers serves this partition"));
    }
    return new Table(List.of("", "today", "needed", "autoscaler max", "action"), rows);
  }

  /** The best suggested start when it needs less than the start asked for, else null. */
  static Plan.SuggestedStart betterStart(Plan p) {
    if (p.suggestedStarts() == null || p.suggestedStarts().isEmpty()) {
      return null;
    }
    Plan.SuggestedStart best = p.suggestedStarts().get(0);
    return best.verdict().ordinal() > p.verdict().ordinal() ? best : null;
  }

  private static String action(int needed, int today, boolean preProvision) {
    if (preProvision) {
      return "pre-provision before the test (above the autoscaler's maximum)";
    }
    return needed > today ? "the autoscaler reaches it" : "none";
  }

  private static Table numbers(Plan p) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "peak rate",
            Fmt.rate(p.peakEventsPerSecond())
                + " ("
                + Fmt.num(p.peakRequestsPerSecond())
                + " requests/s)"));
    rows.add(
        List.of(
            "events in the load",
            Fmt.num(p.totalEvents()) + " over " + Fmt.seconds(p.durationSeconds())));
    rows.add(
        List.of(
            "largest rise within one reaction time (" + Fmt.seconds(p.reactionTimeSeconds()) + ")",
            Fmt.rate(p.maxRisePerReactionTime())));
    rows.add(
        List.of(
            "capacity now",
            Fmt.rate(p.capacityNowEventsPerSecond())
                + " (capture "
                + Fmt.rate(p.capacityNow().captureEventsPerSecond())
                + ", consumers "
                + Fmt.rate(p.capacityNow().consumersEventsPerSecond())
                + ", rate limit "
                + Fmt.rate(p.capacityNow().rateLimitEventsPerSecond())
                + ")"));
    rows.add(
        List.of(
            "c_mix (one partition, in order)", Fmt.rate(p.perPartitionCapacityEventsPerSecond())));
    rows.add(
        List.of(
            "hottest partition",
            p.hottestPartition().partition()
                + " at "
                + Fmt.rate(p.hottestPartition().peakEventsPerSecond())));
    rows.add(
        List.of(
            "partition skew (hottest / mean)",
            String.format(Locale.ROOT, "%.2f", p.partitionSkew())));
    rows.add(
        List.of(
            "distinct_id tail",
            Fmt.num(p.tail().distinctIds())
                + " ids, "
                + Fmt.percent(p.tail().share())
                + " of events, "
                + (p.tail().zipfExponent() == 0
                    ? "uniform"
                    : "Zipf exponent "
                        + String.format(Locale.ROOT, "%.2f", p.tail().zipfExponent()))));
    rows.add(List.of("ordering risk", p.orderingRisk() ? "yes: tell the customer" : "no"));
    rows.add(
        List.of(
            "max ingestion delay (autoscaler)",
            Fmt.seconds(p.maxIngestionDelaySeconds())
                + " (policy "
                + Fmt.seconds(p.maxIngestionDelayPolicySeconds())
                + "), backlog up to "
                + Fmt.num(p.maxBacklogEvents())
                + " events on one partition"
                + (p.partitionBacklog().isEmpty()
                    ? ""
                    : ", worst: partition "
                        + p.partitionBacklog().get(0).partition()
                        + " of "
                        + p.partitionBacklog().get(0).topic())));
    if (p.rejectedEvents() > 0) {
      rows.add(
          List.of(
              "events refused by capture (503, given up after the SDKs' retries)",
              Fmt.num(p.rejectedEvents())));
    }
    if (p.schedule() != null) {
      rows.add(
          List.of(
              "schedule",
              p.schedule().start()
                  + " → "
                  + p.schedule().end()
                  + "; weekday: "
                  + (p.schedule().weekday() ? "yes" : "no")
                  + "; "
                  + String.format(
                      Locale.ROOT,
                      "%.1f of %.1f h",
                      p.schedule().euOverlapHours(),
                      p.schedule().windowHours())
                  + " in working hours ("
                  + p.schedule().zone()
                  + ")"));
    }
    return new Table(List.of("what", "value"), rows);
  }

  private static String question(String field) {
    return switch (field) {
      case "customer" -> "customer: who is sending this load?";
      case "kind" -> "kind: is it a load test or a historical import?";
      case "product_questions_answered" ->
          "product_questions_answered: has the customer settled their product questions (not validating the product with this load)?";
      case "schedule.start" ->
          "schedule.start: when exactly does it start (date, time and UTC offset)?";
      case "stages" ->
          "stages: how does the rate ramp up to the peak, and for how long does it hold?";
      case "peak_events_per_second" ->
          "peak_events_per_second: what is the peak rate in events/second?";
      case "total_duration" -> "total_duration: how long does the load run?";
      case "batching.events_per_request" ->
          "batching.events_per_request: how many events per capture request?";
      case "distinct_ids.total" -> "distinct_ids.total: how many distinct_ids are in the load?";
      case "distinct_ids.top" ->
          "distinct_ids.top: the output of: select count(*), distinct_id from events group by distinct_id order by count(*) desc limit 100";
      case "event_types" -> "event_types: which event types, in what shares?";
      case "apps_enabled" -> "apps_enabled: will apps (transformations, destinations) be enabled?";
      default -> field;
    };
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String orDash(String s) {
    return s == null ? "—" : s;
  }
}
