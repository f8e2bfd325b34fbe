package dev.loadgate.testing;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Path;

/**
 * Small hand-made pipelines and profiles, written as YAML so the tests read like the files users
 * write.
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A small pipeline whose numbers are easy to work by hand: 8 partitions, 4 consumers at 1,000
   * ev/s (250 for $identify), apps ×2, capture 2 replicas × 100 req/s, reaction 5 min, overflow at
   * 50 ev/s, rate limit 10,000 ev/s.
   */
  public static final String SMALL_PIPELINE =
      """
      partitions: 8
      consumers: 4
      consumer_events_per_second: { default: 1000, $identify: 250 }
      apps_cost_factor: 2
      capture: { replicas: 2, requests_per_second_per_replica: 100, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 16, max_capture_replicas: 8 }
      overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 500 }
      rate_limit: { per_token_events_per_second: 10000 }
      policy:
        max_ingestion_delay: 90s
        working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: true }
      """;

  /**
   * A {@code weekly} live load's seven rows, indented under {@code live_load:}: {@code rate} gives
   * the events/s of each day (0 is Monday) and hour.
   */
  public static String weekly(java.util.function.IntBinaryOperator rate) {
    String[] days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    StringBuilder s = new StringBuilder();
    for (int d = 0; d < 7; d++) {
      s.append("    ").append(days[d]).append(": [");
      for (int h = 0; h < 24; h++) {
        s.append(h == 0 ? "" : ", ").append(rate.applyAsInt(d, h));
      }
      s.append("]\n");
    }
    return s.toString();
  }

  public static Pipeline smallPipeline() {
    return PipelineLoader.parse(Path.of("small-pipeline.yaml"), SMALL_PIPELINE);
  }

  public static Pipeline pipeline(String yaml) {
    return PipelineLoader.parse(Path.of("pipeline.yaml"), yaml);
  }

  public static IntakeProfile profile(String name, String yaml) {
    return ProfileLoader.parse(Path.of(name + ".yaml"), yaml);
  }

  /** The examples shipped in profiles/, read from the project root (Maven runs tests there). */
  public static Path profilesDir() {
    return Path.of("profiles");
  }
}
