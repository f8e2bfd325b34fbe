package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.Map;

/**
 * Mixed consumer throughput {@code c_mix} = 1 / Σ_t (share_t / rate_t), divided by the apps cost
 * factor when apps are on. A partition is consumed in order by one consumer, so this is also the
 * most one partition can take.
 */
public final class ConsumerMix {
  private ConsumerMix() {}

  public static double eventsPerSecond(
      Map<String, Double> shares, Pipeline pipeline, boolean appsEnabled) {
    double secondsPerEvent = 0;
    double total = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      secondsPerEvent += e.getValue() / pipeline.consumerRate(e.getKey());
      total += e.getValue();
    }
    if (total <= 0) {
      secondsPerEvent = 1 / pipeline.consumerRate(Pipeline.DEFAULT_TYPE);
    } else {
      secondsPerEvent /= total;
    }
    double cMix = 1 / secondsPerEvent;
    return appsEnabled ? cMix / pipeline.appsCostFactor() : cMix;
  }
}
