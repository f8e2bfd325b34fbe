package dev.loadgate.report;

import dev.loadgate.plan.Fmt;
import dev.loadgate.simulation.CapacityComparison;
import dev.loadgate.simulation.CapacityModel;
import dev.loadgate.simulation.Prediction;
import dev.loadgate.simulation.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulation run for people: {@code run.html} (predicted next to measured, with charts, linking
 * the plan and Gatling's report) and the summary printed at the end of the run.
 */
public final class RunReport {
  private static final String CSS =
      HtmlReport.BASE_CSS
          + """
          .badge{display:inline-block;padding:.35em .8em;border-radius:4px;font-weight:bold;color:#fff}
          .ok{background:#27ae60}.fail{background:#c0392b}
          """;

  private RunReport() {}

  /** Writes {@code dir/run.html}; returns it. */
  public static Path write(RunSummary run, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("run.html");
    Files.writeString(file, html(run));
    return file;
  }

  public static String html(RunSummary r) {
    StringBuilder h = new StringBuilder();
    HtmlReport.head(h, "Simulation: " + r.profile(), CSS);
    h.append("<h1>Simulation: ")
        .append(esc(r.customer() == null ? r.profile() : r.customer() + " (" + r.profile() + ")"))
        .append("</h1>\n");
    h.append("<p><span class=\"badge ")
        .append(r.passed() ? "ok\">every check held" : "fail\">a check failed")
        .append("</span> &nbsp;plan verdict for the real load: <b>")
        .append(esc(r.plan().verdict()))
        .append("</b>. Started ")
        .append(esc(r.startedAt()))
        .append(" against ")
        .append(esc(target(r)))
        .append(".</p>\n");
    h.append("<p>")
        .append(esc(scaleLine(r)))
        .append(
            " See <a href=\"plan.html\">the capacity review</a>, <a href=\"gatling/index.html\">Gatling's report</a> and <a href=\"summary.json\">summary.json</a>.</p>\n");

    h.append("<h2>Checks</h2>\n");
    HtmlReport.table(
        h,
        List.of("check", "expected", "measured", ""),
        r.checks().stream()
            .map(c -> List.of(c.name(), c.expected(), c.actual(), c.ok() ? "ok" : "FAILED"))
            .toList());

    capacity(h, r);

    h.append("<h2>Predicted vs measured</h2>\n");
    HtmlReport.table(h, List.of("", "predicted", "measured"), comparisons(r));
    if (r.measuredPartitionShares() != null || !r.predictedPartitionShares().isEmpty()) {
      figure(
          h,
          Charts.svg(Charts.predictedVsMeasuredShares(r), "shares"),
          "Each partition's share of the events: the plan's model (same ids, shares, partitioner"
              + " and overflow limits as the local stack) next to what the consumers counted.");
    }

    h.append("<h2>Stages</h2>\n");
    List<List<String>> stageRows = new ArrayList<>();
    for (RunSummary.StageResult s : r.stages()) {
      stageRows.add(
          List.of(
              String.valueOf(s.stage()),
              s.injection(),
              Fmt.seconds(s.seconds()),
              s.targetEventsPerSecond() == null
                  ? Fmt.num(s.targetEvents()) + " events at once"
                  : Fmt.rate(s.targetEventsPerSecond()),
              s.achievedEventsPerSecond() == null
                  ? Fmt.num(s.eventsSent()) + " events"
                  : Fmt.rate(s.achievedEventsPerSecond()),
              Fmt.num(s.eventsSent()),
              Fmt.num(s.eventsAcked()),
              pct(s.ratio())));
    }
    HtmlReport.table(
        h,
        List.of(
            "stage",
            "injection",
            "lasted",
            "target",
            "sent",
            "events sent",
            "acked",
            "sent ÷ target"),
        stageRows);
    figure(
        h, Charts.svg(Charts.stageRates(r), "stages"), "The shape kept: each stage's mean rate.");

    h.append("<h2>Counts</h2>\n");
    RunSummary.Requests q = r.requests();
    RunSummary.Events e = r.events();
    HtmlReport.table(
        h,
        List.of("", "count"),
        List.of(
            List.of("requests sent", Fmt.num(q.sent())),
            List.of("200 ok", Fmt.num(q.ok())),
            List.of("429 rate-limited", Fmt.num(q.rateLimited())),
            List.of("other 4xx", Fmt.num(q.clientErrors())),
            List.of("5xx", Fmt.num(q.serverErrors())),
            List.of("no response", Fmt.num(q.noResponse())),
            List.of("retries after a 503 or no answer", Fmt.num(q.retries())),
            List.of("events sent", Fmt.num(e.sent())),
            List.of("events acked", Fmt.num(e.acked())),
            List.of("events consumed", orDash(e.consumed())),
            List.of("events lost (acked, never consumed)", orDash(e.lost())),
            List.of("duplicates", orDash(e.duplicates())),
            List.of("overflowed (keyless)", orDash(e.overflowed())),
            List.of("historical", orDash(e.historical())),
            List.of("ordering violations (keyed)", orDash(r.orderingViolations())),
            List.of(
                "max consumer lag, records",
                orDash(r.lag().maxRecords()) + missingReadings(r.lag())),
            List.of(
                "max capture-to-consumed delay",
                r.lag().maxSeconds() == null ? "–" : Fmt.seconds(r.lag().maxSeconds())),
            List.of("response time p50 / p95 / p99 / p99.9", latency(r.latencyMs()))));
    h.append("<p><small>Generated by loadgate from summary.json.</small></p>\n</body></html>\n");
    return h.toString();
  }

  /**
   * The run at the pipeline's own capacity: the model's numbers next to the stack's, and the four
   * charts a reviewer looks at (rates against capacity, backlog, delay against the policy, the
   * autoscaler's steps), predicted dashed and measured solid.
   */
  private static void capacity(StringBuilder h, RunSummary r) {
    CapacityModel cm = r.capacityModel();
    if (cm == null && r.timeline().isEmpty()) {
      return;
    }
    h.append("<h2>Capacity: the pipeline in miniature</h2>\n");
    if (cm != null) {
      h.append("<p><b>")
          .append(
              esc(
                  CapacityComparison.verdictLine(
                      r.plan().verdict(),
                      r.plan().classification(),
                      cm,
                      r.scale().time(),
                      r.events().sent())))
          .append("</b>. The local stack ran the scaled pipeline's own capacities (")
          .append(esc(cm.mode()))
          .append(
              " mode); seconds are the run's, production-equivalent ones are ÷ scale.time. A partition lags once an event waited ")
          .append(esc(Fmt.seconds(cm.lagThresholdSeconds())))
          .append(" (the stack's measurement floor).</p>\n");
      CapacityModel.Outcome p = cm.predicted();
      CapacityModel.Outcome m = cm.measured();
      List<List<String>> rows = new java.util.ArrayList<>();
      rows.addAll(
          List.of(
              List.of(
                  "longest ingestion delay",
                  Fmt.seconds(p.maxDelaySeconds())
                      + " ("
                      + Fmt.seconds(cm.productionEquivalent().predictedMaxDelaySeconds())
                      + " in production)",
                  m == null
                      ? "–"
                      : Fmt.seconds(m.maxDelaySeconds())
                          + " ("
                          + Fmt.seconds(cm.productionEquivalent().measuredMaxDelaySeconds())
                          + " in production)"),
              List.of(
                  "policy",
                  Fmt.seconds(cm.delayPolicySeconds())
                      + " ("
                      + Fmt.seconds(cm.productionEquivalent().policySeconds())
                      + ")",
                  ""),
              List.of(
                  "largest backlog on one partition",
                  Fmt.num(p.maxBacklogEvents()),
                  m == null ? "–" : Fmt.num(m.maxBacklogEvents())),
              List.of(
                  "events refused for capacity (given up by the client)",
                  Fmt.num(p.rejectedEvents()),
                  m == null ? "–" : Fmt.num(m.rejectedEvents())),
              List.of(
                  "worst partition",
                  partition(p.worstPartition()),
                  m == null ? "–" : partition(m.worstPartition())),
              List.of("autoscaler steps", steps(p), m == null ? "–" : steps(m))));
      boolean lanes =
          r.timeline().stream().anyMatch(t -> !t.lanes().isEmpty())
              || r.predictedTimeline().stream().anyMatch(t -> !t.lanes().isEmpty());
      if (lanes) {
        rows.addAll(perLane(p, m));
      }
      HtmlReport.table(h, List.of("", "predicted (model)", "measured (stack)"), rows);
    }
    if (!r.timeline().isEmpty() || !r.predictedTimeline().isEmpty()) {
      figure(
          h,
          Charts.svg(CapacityCharts.rates(r), "cap-rates"),
          "Offered (what the clients sent, retries included), admitted into Kafka and consumed,"
              + " against what the pipeline took at the sizes running.");
      figure(h, Charts.svg(CapacityCharts.backlog(r), "cap-backlog"), "Events waiting in Kafka.");
      figure(
          h,
          Charts.svg(CapacityCharts.delay(r), "cap-delay"),
          "The longest wait of an event consumed in each second, against the policy's delay.");
      figure(
          h,
          Charts.svg(CapacityCharts.autoscaler(r), "cap-steps"),
          "Consumers and capture replicas running: the autoscaler's steps (with lanes, each"
              + " deployment's consumers as its own autoscaler ran them).");
    }
  }

  /**
   * With lanes, each lane's worst partition, predicted and measured: the topics either side saw
   * lag, in the pipeline's order (main, overflow, historical).
   */
  static List<List<String>> perLane(CapacityModel.Outcome p, CapacityModel.Outcome m) {
    List<List<String>> rows = new java.util.ArrayList<>();
    for (String topic : dev.loadgate.plan.IngestionTopics.ALL) {
      CapacityModel.TopicPartition pt = p.worstPartitionOf(topic);
      CapacityModel.TopicPartition mt = m == null ? null : m.worstPartitionOf(topic);
      if (pt == null && mt == null) {
        continue;
      }
      rows.add(
          List.of(
              "worst partition of " + topic,
              pt == null ? "none lags" : "partition " + pt.partition(),
              m == null ? "–" : mt == null ? "none lags" : "partition " + mt.partition()));
    }
    return rows;
  }

  private static String partition(CapacityModel.TopicPartition tp) {
    return tp == null ? "none lags" : "partition " + tp.partition() + " of " + tp.topic();
  }

  private static String steps(CapacityModel.Outcome o) {
    if (o.autoscalerSteps().isEmpty()) {
      return "none";
    }
    StringBuilder b = new StringBuilder();
    for (CapacityModel.Step s : o.autoscalerSteps()) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(
          String.format(
              Locale.ROOT,
              "%.1f s: %d consumers%s, %d capture replicas%s",
              s.atSeconds(),
              s.consumers(),
              s.lanes().isEmpty() ? "" : " " + s.lanes(),
              s.captureReplicas(),
              s.rebalanceSeconds() == null
                  ? ""
                  : String.format(Locale.ROOT, " (rebalance %.2f s)", s.rebalanceSeconds())));
    }
    return b.toString();
  }

  private static List<List<String>> comparisons(RunSummary r) {
    List<List<String>> rows = new ArrayList<>();
    int predictedHot = Prediction.hottest(r.predictedPartitionShares());
    rows.add(
        List.of(
            "hottest partition",
            predictedHot + " (" + pct(r.predictedPartitionShares().get(predictedHot)) + ")",
            r.partitions().hottest() == null
                ? "–"
                : r.partitions().hottest()
                    + " ("
                    + pct(r.measuredPartitionShares().get(r.partitions().hottest()))
                    + ")"));
    rows.add(
        List.of(
            "partition skew (hottest ÷ mean)",
            String.format(Locale.ROOT, "%.2f", Prediction.skew(r.predictedPartitionShares())),
            r.partitions().skew() == null
                ? "–"
                : String.format(Locale.ROOT, "%.2f", r.partitions().skew())));
    rows.add(
        List.of(
            "largest share difference on a partition",
            "",
            r.maxShareError() == null
                ? "–"
                : String.format(Locale.ROOT, "%.2f points", 100 * r.maxShareError())));
    rows.add(
        List.of(
            "overflowed (share of events)",
            pct(r.overflow().predicted()),
            r.overflow().measured() == null ? "–" : pct(r.overflow().measured())));
    RunSummary.Lag lag = r.lag();
    if (lag.predictedMaxRecords() != null) {
      rows.add(
          List.of(
              "consumer lag, largest (records)",
              Fmt.num(lag.predictedMaxRecords())
                  + " (local consumers take "
                  + Fmt.rate(r.localConsumers().capacityEventsPerSecond())
                  + (r.localConsumers().calibrated() ? ", calibrated)" : ", NOT calibrated)"),
              lag.maxRecords() == null ? "–" : Fmt.num(lag.maxRecords())));
      rows.add(
          List.of(
              "ingestion delay, longest",
              Fmt.seconds(lag.predictedMaxSeconds()) + " waiting in the backlog",
              lag.maxSeconds() == null
                  ? "–"
                  : Fmt.seconds(lag.maxSeconds()) + " capture to consumed"));
    }
    rows.add(
        List.of(
            "429 rate-limited (share of requests)",
            pct(r.rateLimited().predicted()),
            r.rateLimited().measured() == null ? "–" : pct(r.rateLimited().measured())));
    return rows;
  }

  /** What a person reads at the end of the run: a dozen lines, the checks last. */
  public static String text(RunSummary r, Path dir) {
    StringBuilder t = new StringBuilder();
    RunSummary.Requests q = r.requests();
    RunSummary.Events e = r.events();
    t.append(
        String.format(
            Locale.ROOT,
            "loadgate simulation: %s — %s (plan for the real load: %s)%n",
            r.profile(),
            r.passed() ? "every check held" : "A CHECK FAILED",
            r.plan().verdict()));
    t.append("  target      ").append(target(r)).append('\n');
    t.append("  scale       ").append(scaleLine(r)).append('\n');
    t.append(
        String.format(
            Locale.ROOT,
            "  requests    %s sent: %s ok, %s rate-limited (429), %s other 4xx, %s 5xx, %s no answer; %s retries%n",
            Fmt.num(q.sent()),
            Fmt.num(q.ok()),
            Fmt.num(q.rateLimited()),
            Fmt.num(q.clientErrors()),
            Fmt.num(q.serverErrors()),
            Fmt.num(q.noResponse()),
            Fmt.num(q.retries())));
    for (RunSummary.Fault f : r.faults()) {
      t.append(
          String.format(
              Locale.ROOT,
              "  fault       %s at %.1f s, back at %.1f s; clients saw 503s or no answer for %.1f s%n",
              f.kind(),
              f.killedAtSeconds(),
              f.restartedAtSeconds(),
              f.errorSpanSeconds()));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "  events      %s sent, %s acked, %s consumed, %s lost, %s duplicates%n",
            Fmt.num(e.sent()),
            Fmt.num(e.acked()),
            orDash(e.consumed()),
            orDash(e.lost()),
            orDash(e.duplicates())));
    t.append(
        String.format(
            Locale.ROOT,
            "  overflow    %s events (%s; plan %s); keyed ordering violations %s%n",
            orDash(e.overflowed()),
            r.overflow().measured() == null ? "–" : pct(r.overflow().measured()),
            pct(r.overflow().predicted()),
            orDash(r.orderingViolations())));
    int predictedHot = Prediction.hottest(r.predictedPartitionShares());
    t.append(
        String.format(
            Locale.ROOT,
            "  partitions  %d on %s: hottest predicted %d (%s), measured %s; largest share difference %s%n",
            r.partitions().count(),
            r.partitions().topic(),
            predictedHot,
            pct(r.predictedPartitionShares().get(predictedHot)),
            r.partitions().hottest() == null
                ? "–"
                : r.partitions().hottest()
                    + " ("
                    + pct(r.measuredPartitionShares().get(r.partitions().hottest()))
                    + ")",
            r.maxShareError() == null
                ? "–"
                : String.format(Locale.ROOT, "%.2f points", 100 * r.maxShareError())));
    t.append("  stages     ");
    for (RunSummary.StageResult s : r.stages()) {
      t.append(
          String.format(
              Locale.ROOT,
              " %d %s %s: %s of target;",
              s.stage(),
              s.injection(),
              Fmt.seconds(s.seconds()),
              pct(s.ratio())));
    }
    t.setLength(t.length() - 1);
    t.append('\n');
    t.append("  latency     ").append(latency(r.latencyMs())).append(" (client side)\n");
    t.append(
        String.format(
            Locale.ROOT,
            "  lag         max %s records%s, max capture-to-consumed delay %s; predicted backlog %s%n",
            orDash(r.lag().maxRecords()) + missingReadings(r.lag()),
            r.lag().maxRecords() == null || r.scale().peakEventsPerSecond() <= 0
                ? ""
                : String.format(
                    Locale.ROOT,
                    " (%.2f s of the peak)",
                    r.lag().maxRecords() / r.scale().peakEventsPerSecond()),
            r.lag().maxSeconds() == null ? "–" : Fmt.seconds(r.lag().maxSeconds()),
            r.lag().predictedMaxRecords() == null
                ? "–"
                : Fmt.num(r.lag().predictedMaxRecords())
                    + " records (local consumers take "
                    + Fmt.rate(r.localConsumers().capacityEventsPerSecond())
                    + (r.localConsumers().calibrated() ? ")" : ", NOT calibrated)")));
    if (r.capacityModel() != null) {
      t.append("  capacity    ")
          .append(
              CapacityComparison.verdictLine(
                  r.plan().verdict(),
                  r.plan().classification(),
                  r.capacityModel(),
                  r.scale().time(),
                  r.events().sent()))
          .append('\n');
      for (CapacityModel.SloShare tier : r.capacityModel().slo()) {
        t.append(
            String.format(
                Locale.ROOT,
                "  slo         within %s (%s in production): predicted %s of the load's events,"
                    + " measured %s (objective %s)%n",
                Fmt.seconds(tier.withinSeconds()),
                Fmt.seconds(tier.withinSeconds() / r.scale().time()),
                Fmt.finePercent(tier.predicted()),
                tier.measured() == null ? "–" : Fmt.finePercent(tier.measured()),
                Fmt.finePercent(tier.objective())));
      }
    }
    for (RunSummary.Check c : r.checks()) {
      t.append(
          String.format(
              Locale.ROOT,
              "  %-6s      %s: %s (expected %s)%n",
              c.ok() ? "ok" : "FAILED",
              c.name(),
              c.actual(),
              c.expected()));
    }
    t.append("  reports     ")
        .append(dir.resolve("run.html"))
        .append("  (summary.json, plan.html, gatling/index.html; also ")
        .append(dir.resolveSibling("latest"))
        .append("/)\n");
    return t.toString();
  }

  private static String target(RunSummary r) {
    RunSummary.Target x = r.target();
    if (x.local()) {
      return "the local stack at "
          + x.url()
          + " ("
          + ("embedded".equals(x.kafka()) ? "embedded Kafka" : "Kafka at " + x.kafka())
          + ")";
    }
    return x.url() + (x.stats() ? " (a loadgate stack)" : " (no /stats: client-side counts only)");
  }

  private static String scaleLine(RunSummary r) {
    RunSummary.ScaleUsed s = r.scale();
    return String.format(
        Locale.ROOT,
        "Rates x%s, time x%s: %s at a peak of %s; overflow above %s per distinct_id, rate limit %s per token (%s).",
        Fmt.factor(s.rate()),
        Fmt.factor(s.time()),
        Fmt.seconds(s.durationSeconds()),
        Fmt.rate(s.peakEventsPerSecond()),
        s.overflowPerDistinctIdEventsPerSecond() > 0
            ? Fmt.rate(s.overflowPerDistinctIdEventsPerSecond())
            : "(off)",
        Fmt.rate(s.rateLimitPerTokenEventsPerSecond()),
        s.reason());
  }

  private static String latency(RunSummary.Latency l) {
    return String.format(
        Locale.ROOT,
        "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, p99.9 %.0f ms",
        l.p50(),
        l.p95(),
        l.p99(),
        l.p999());
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  private static String orDash(Long v) {
    return v == null ? "–" : Fmt.num(v);
  }

  private static void figure(StringBuilder h, String svg, String caption) {
    h.append("<figure>")
        .append(svg)
        .append("<figcaption>")
        .append(esc(caption))
        .append("</figcaption></figure>\n");
  }

  private static String esc(String s) {
    return HtmlReport.esc(s);
  }

  /** When some lag readings failed: how many and why, so a reader knows the maximum has gaps. */
  private static String missingReadings(RunSummary.Lag lag) {
    Long n = lag.readingsMissing();
    if (n == null || n == 0) {
      return "";
    }
    return " ("
        + n
        + " reading"
        + (n == 1 ? "" : "s")
        + " missing"
        + (lag.missingReason() == null ? "" : ": " + lag.missingReason())
        + ")";
  }
}
