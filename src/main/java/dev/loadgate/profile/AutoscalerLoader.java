package dev.loadgate.profile;

import java.time.Duration;
import java.util.Set;

/**
 * A deployment's {@code autoscaler} block (SPEC §9.5): KEDA's Kafka lag scaler for a lane, the HPA
 * on CPU for capture. Defaults are Kubernetes' and KEDA's own: KEDA polls every 30 s and cools down
 * for 300 s; the HPA adds at most 4 pods per 15 s.
 */
final class AutoscalerLoader {
  static final Set<String> LANE_KEYS =
      Set.of("lag_threshold", "polling_interval", "startup", "scale_up", "cooldown");
  static final Set<String> CAPTURE_KEYS =
      Set.of("cpu_target", "polling_interval", "startup", "scale_up", "cooldown");
  private static final Set<String> SCALE_UP_KEYS = Set.of("pods", "period");

  static final Duration POLLING = Duration.ofSeconds(30);
  static final Duration STARTUP = Duration.ofSeconds(60);
  static final Duration PERIOD = Duration.ofSeconds(15);
  static final int PODS = 4;
  static final Duration COOLDOWN = Duration.ofSeconds(300);

  private AutoscalerLoader() {}

  static Pipeline.KubeAutoscaler lane(Section a) {
    double threshold =
        a.positive("lag_threshold")
            .orElseThrow(
                () ->
                    a.error(
                        "lag_threshold",
                        a.line(),
                        "is missing",
                        "KEDA's target lag per consumer, like 1000: desired = ceil(lag ÷ lag_threshold)"));
    return common(a, threshold, Double.NaN);
  }

  static Pipeline.KubeAutoscaler capture(Section a) {
    double target =
        a.positive("cpu_target")
            .orElseThrow(
                () ->
                    a.error(
                        "cpu_target",
                        a.line(),
                        "is missing",
                        "the HPA's target CPU utilisation, like 0.7"));
    if (target > 1) {
      throw a.error(
          "cpu_target",
          a.line("cpu_target"),
          "is " + Section.fmt(target) + ", above 1",
          "a utilisation from 0 to 1: 0.7 means 70%");
    }
    return common(a, Double.NaN, target);
  }

  private static Pipeline.KubeAutoscaler common(Section a, double lag, double cpu) {
    Duration polling = a.duration("polling_interval").orElse(POLLING);
    if (polling.isZero()) {
      throw a.error(
          "polling_interval", a.line("polling_interval"), "is 0", "how often it looks, like 30s");
    }
    Section up = a.section("scale_up", SCALE_UP_KEYS).orElse(null);
    int pods = up == null ? PODS : (int) Math.min(up.whole("pods", 1).orElse((long) PODS), 10_000);
    Duration period = up == null ? PERIOD : up.duration("period").orElse(PERIOD);
    if (period.isZero()) {
      throw up.error(
          "period", up.line("period"), "is 0", "the HPA's scale-up policy period, like 60s");
    }
    return new Pipeline.KubeAutoscaler(
        lag,
        cpu,
        polling,
        a.duration("startup").orElse(STARTUP),
        pods,
        period,
        a.duration("cooldown").orElse(COOLDOWN));
  }
}
