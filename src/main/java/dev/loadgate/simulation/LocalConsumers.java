package dev.loadgate.simulation;

import dev.loadgate.plan.ConsumerMix;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.RetrySchedule;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this machine's consumer threads take: the calibrated rates ({@code loadgate calibrate},
 * {@code profiles/pipeline-local.yaml}) on the profile's mix. In local mode the stack's consumers
 * run at full speed and the lag they build is predicted from these; in production mode they bound
 * what one scaled consumer can be asked to take.
 */
public final class LocalConsumers {
  /**
   * End to end through the broker one consumer thread took 0.26× (pageview) to 0.56×
   * (identify-heavy) of its in-process calibrated rate here ({@code loadgate bench consumer}): the
   * lower end, to be safe.
   */
  public static final double END_TO_END = 0.26;

  private LocalConsumers() {}

  static RunSummary.LocalConsumers of(
      SimulationSettings s, IntakeProfile profile, boolean apps, int partitions) {
    Pipeline rates;
    boolean calibrated = Files.isRegularFile(s.localPipeline());
    Path file = calibrated ? s.localPipeline() : s.pipeline();
    rates = PipelineLoader.load(file);
    double cMix = ConsumerMix.eventsPerSecond(profile.eventTypes(), rates, apps);
    int consumers = s.target() != null ? 0 : s.consumers();
    return new RunSummary.LocalConsumers(
        file.toString(), calibrated, consumers, cMix, Math.min(consumers, partitions) * cMix);
  }

  /** The backlog the local consumers build at full speed: fixed consumers, no capture limit. */
  static IngestionModel.Result lag(
      RunSummary.LocalConsumers local, IngestionModel.Traffic traffic, Pipeline scaled) {
    return IngestionModel.simulate(
        traffic,
        new IngestionModel.Capacity(
            scaled.partitions(),
            local.consumers(),
            local.consumers(),
            local.cMixEventsPerSecond(),
            1,
            1,
            Double.MAX_VALUE,
            1,
            scaled.rateLimit().perTokenEventsPerSecond(),
            scaled.overflow().enabled(),
            scaled.overflow().perDistinctIdEventsPerSecond(),
            scaled.overflow().burst(),
            Double.MAX_VALUE),
        new IngestionModel.Settings(
            RetrySchedule.SDK, 0, 3000, ReplayCapacity.MIN_STEP_SECONDS, 1.0, 0, 0));
  }
}
