package dev.loadgate.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a pipeline file in the format {@link PipelineLoader} reads, so a calibrated file can be
 * planned with.
 */
public final class PipelineWriter {
  private PipelineWriter() {}

  /** The pipeline as YAML; {@code comment} lines go on top, each prefixed with "# ". */
  public static String write(Pipeline p, List<String> comment) {
    StringBuilder y = new StringBuilder();
    comment.forEach(c -> y.append("# ").append(c).append('\n'));
    y.append("partitions: ").append(p.partitions()).append('\n');
    y.append("consumers: ").append(p.consumers()).append('\n');
    y.append("consumer_events_per_second:\n");
    List<String> types = new ArrayList<>(p.consumerEventsPerSecond().keySet());
    types.sort(
        (a, b) ->
            a.equals(Pipeline.DEFAULT_TYPE)
                ? -1
                : b.equals(Pipeline.DEFAULT_TYPE) ? 1 : a.compareTo(b));
    for (String t : types) {
      y.append("  ")
          .append(t)
          .append(": ")
          .append(num(p.consumerEventsPerSecond().get(t)))
          .append('\n');
    }
    y.append("apps_cost_factor: ").append(num(p.appsCostFactor())).append('\n');
    if (p.personlessCostFactor() != null) {
      y.append("personless_cost_factor: ").append(num(p.personlessCostFactor())).append('\n');
    }
    if (p.lanes() != null) {
      y.append("lanes:\n");
      for (int i = 0; i < Pipeline.Lanes.NAMES.size(); i++) {
        Pipeline.Lane lane = p.lanes().get(i);
        y.append("  ")
            .append(Pipeline.Lanes.NAMES.get(i))
            .append(": { consumers: ")
            .append(lane.consumers())
            .append(", max_consumers: ")
            .append(lane.maxConsumers())
            .append(
                lane.autoscaler() == null
                    ? ""
                    : ", autoscaler: " + autoscaler(lane.autoscaler(), "lag_threshold"))
            .append(" }\n");
      }
    }
    if (p.consumer() != null) {
      y.append("consumer:\n");
      y.append("  batch_size: ").append(p.consumer().batchSize()).append('\n');
      y.append("  per_key_events_per_second: { person: ")
          .append(num(p.consumer().personPerKey()))
          .append(", personless: ")
          .append(num(p.consumer().personlessPerKey()))
          .append(" }\n");
    }
    y.append("capture:\n");
    y.append("  replicas: ").append(p.capture().replicas()).append('\n');
    y.append("  requests_per_second_per_replica: ")
        .append(num(p.capture().requestsPerSecondPerReplica()))
        .append('\n');
    y.append("  max_request_bytes: ").append(p.capture().maxRequestBytes()).append('\n');
    if (p.capture().burstSeconds() != Pipeline.Capture.DEFAULT_BURST_SECONDS) {
      y.append("  burst_seconds: ").append(num(p.capture().burstSeconds())).append('\n');
    }
    if (p.capture().autoscaler() != null) {
      y.append("  autoscaler: ")
          .append(autoscaler(p.capture().autoscaler(), "cpu_target"))
          .append('\n');
    }
    y.append("autoscaling:\n");
    y.append("  reaction_time: ").append(duration(p.autoscaling().reactionTime())).append('\n');
    y.append("  max_consumers: ").append(p.autoscaling().maxConsumers()).append('\n');
    y.append("  max_capture_replicas: ").append(p.autoscaling().maxCaptureReplicas()).append('\n');
    y.append("overflow:\n");
    y.append("  enabled: ").append(p.overflow().enabled()).append('\n');
    y.append("  per_distinct_id_events_per_second: ")
        .append(num(p.overflow().perDistinctIdEventsPerSecond()))
        .append('\n');
    y.append("  burst: ").append(num(p.overflow().burst())).append('\n');
    Pipeline.Overflow o = p.overflow();
    if (o.limiter() == Pipeline.Limiter.GLOBAL_WINDOW) {
      y.append("  limiter: global_window\n");
      y.append("  threshold: ").append(num(o.threshold())).append('\n');
      y.append("  window: ").append(duration(o.window())).append('\n');
      y.append("  detection: ").append(duration(o.detection())).append('\n');
    }
    if (!o.forcedKeys().isEmpty()) {
      y.append("  forced_keys: [")
          .append(String.join(", ", o.forcedKeys().stream().map(k -> "\"" + k + "\"").toList()))
          .append("]\n");
    }
    y.append("rate_limit:\n");
    y.append("  per_token_events_per_second: ")
        .append(num(p.rateLimit().perTokenEventsPerSecond()))
        .append('\n');
    Pipeline.WorkingHours h = p.policy().workingHours();
    y.append("policy:\n");
    y.append("  max_ingestion_delay: ")
        .append(duration(p.policy().maxIngestionDelay()))
        .append('\n');
    y.append("  working_hours: { zone: ")
        .append(h.zone().getId())
        .append(", from: \"")
        .append(h.from())
        .append("\", to: \"")
        .append(h.to())
        .append("\", weekdays_only: ")
        .append(h.weekdaysOnly())
        .append(" }\n");
    if (!p.policy().slo().isEmpty()) {
      y.append("  slo:\n");
      for (Pipeline.SloTier t : p.policy().slo()) {
        y.append("    - { within: ")
            .append(duration(t.within()))
            .append(", objective: ")
            .append(num(t.objective()))
            .append(" }\n");
      }
      y.append("  slo_window: ").append(duration(p.policy().sloWindow())).append('\n');
    }
    return y.toString();
  }

  /** The same pipeline with other consumer rates and apps cost (lanes and per-key limits kept). */
  public static Pipeline withConsumerCosts(
      Pipeline p, Map<String, Double> rates, double appsCostFactor) {
    return new Pipeline(
        p.partitions(),
        p.consumers(),
        rates,
        appsCostFactor,
        p.capture(),
        p.autoscaling(),
        p.overflow(),
        p.rateLimit(),
        p.policy(),
        null,
        p.lanes(),
        p.consumer(),
        p.personlessCostFactor());
  }

  /** A Kubernetes autoscaler block on one line, its metric's target first. */
  private static String autoscaler(Pipeline.KubeAutoscaler k, String target) {
    return "{ "
        + target
        + ": "
        + num(target.equals("cpu_target") ? k.cpuTarget() : k.lagThreshold())
        + ", polling_interval: "
        + duration(k.pollingInterval())
        + ", startup: "
        + duration(k.startup())
        + ", scale_up: { pods: "
        + k.scaleUpPods()
        + ", period: "
        + duration(k.scaleUpPeriod())
        + " }, cooldown: "
        + duration(k.cooldown())
        + " }";
  }

  /** Whole seconds as "90s"; a scaled fraction of a second as ISO-8601 ("PT2.97S"). */
  private static String duration(java.time.Duration d) {
    return d.getNano() == 0 ? d.getSeconds() + "s" : d.toString();
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
  }
}
