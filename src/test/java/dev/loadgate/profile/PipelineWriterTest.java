package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A calibrated pipeline file, written to the line, and read back to the same pipeline. */
class PipelineWriterTest {
  private static final Pipeline CALIBRATED =
      new Pipeline(
          8,
          4,
          Map.of("default", 769.2308, "$identify", 250.0, "$autocapture", 900.5),
          2,
          new Pipeline.Capture(2, 100, 1_000_000, 0.5),
          new Pipeline.Autoscaling(Duration.ofMillis(2970), 16, 8),
          new Pipeline.Overflow(false, 50, 500),
          new Pipeline.RateLimit(10_000),
          new Pipeline.Policy(
              Duration.ofSeconds(90),
              new Pipeline.WorkingHours(
                  ZoneId.of("Europe/London"), LocalTime.of(8, 0), LocalTime.of(17, 0), false)));

  @Test
  void everyFieldOnItsLineTheDefaultRateFirst() {
    assertEquals(
        """
        # calibrated on this machine
        # from bench.json
        partitions: 8
        consumers: 4
        consumer_events_per_second:
          default: 769.2308
          $autocapture: 900.5
          $identify: 250
        apps_cost_factor: 2
        capture:
          replicas: 2
          requests_per_second_per_replica: 100
          max_request_bytes: 1000000
          burst_seconds: 0.5
        autoscaling:
          reaction_time: PT2.97S
          max_consumers: 16
          max_capture_replicas: 8
        overflow:
          enabled: false
          per_distinct_id_events_per_second: 50
          burst: 500
        rate_limit:
          per_token_events_per_second: 10000
        policy:
          max_ingestion_delay: 90s
          working_hours: { zone: Europe/London, from: "08:00", to: "17:00", weekdays_only: false }
        """,
        PipelineWriter.write(CALIBRATED, List.of("calibrated on this machine", "from bench.json")));
  }

  @Test
  void whatItWritesReadsBackAsTheSamePipeline() {
    assertEquals(
        CALIBRATED,
        PipelineLoader.parse(
            Path.of("calibrated.yaml"), PipelineWriter.write(CALIBRATED, List.of())));
  }

  /** Everything SPEC §9.4-9.6 adds comes back: the limiter, the forced list, autoscalers, tiers. */
  @Test
  void thePipelineAsPostHogRunsItReadsBackAsTheSamePipeline() {
    String yaml =
        dev.loadgate.testing.Fixtures.SMALL_PIPELINE
                .replace(
                    "overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 500 }",
                    "overflow: { enabled: true, limiter: global_window, threshold: 6000, window: 60s,"
                        + " detection: 15s, forced_keys: [\"phc_a:bot\"] }")
                .replace(
                    "max_request_bytes: 1000000 }",
                    "max_request_bytes: 1000000, autoscaler: { cpu_target: 0.7, startup: 30s } }")
            + """
              slo:
                - { within: 5s, objective: 0.999 }
              slo_window: 7d
            lanes:
              main:
                consumers: 4
                max_consumers: 16
                autoscaler: { lag_threshold: 1000, scale_up: { pods: 2, period: 60s } }
              overflow: { consumers: 2, max_consumers: 8 }
              historical: { consumers: 2, max_consumers: 8 }
            """;
    Pipeline p = PipelineLoader.parse(Path.of("posthog.yaml"), yaml);
    assertEquals(
        p, PipelineLoader.parse(Path.of("written.yaml"), PipelineWriter.write(p, List.of())));
  }

  @Test
  void theDefaultBurstIsLeftOut() {
    Pipeline.Capture c = CALIBRATED.capture();
    Pipeline plain =
        new Pipeline(
            8,
            4,
            Map.of("default", 1000.0),
            2,
            new Pipeline.Capture(
                c.replicas(),
                c.requestsPerSecondPerReplica(),
                c.maxRequestBytes(),
                Pipeline.Capture.DEFAULT_BURST_SECONDS),
            CALIBRATED.autoscaling(),
            CALIBRATED.overflow(),
            CALIBRATED.rateLimit(),
            CALIBRATED.policy());
    assertEquals(false, PipelineWriter.write(plain, List.of()).contains("burst_seconds"));
  }

  @Test
  void eventTypesAreWrittenDefaultFirstThenInAlphabeticalOrderWhateverTheMapsOrder() {
    java.util.LinkedHashMap<String, Double> rates = new java.util.LinkedHashMap<>();
    for (String t : List.of("$z", "$y", "$x", "default", "$b", "$a")) {
      rates.put(t, 100.0);
    }
    String y =
        PipelineWriter.write(PipelineWriter.withConsumerCosts(CALIBRATED, rates, 2), List.of());
    String block =
        y.substring(y.indexOf("consumer_events_per_second:"), y.indexOf("apps_cost_factor"));
    assertEquals(
        """
        consumer_events_per_second:
          default: 100
          $a: 100
          $b: 100
          $x: 100
          $y: 100
          $z: 100
        """,
        block);
  }
}
