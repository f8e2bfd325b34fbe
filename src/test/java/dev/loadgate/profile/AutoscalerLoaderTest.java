package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lane's KEDA block and capture's HPA block, read with Kubernetes' defaults where unsaid. */
class AutoscalerLoaderTest {
  private static Pipeline parse(String capture, String main) {
    return PipelineLoader.parse(
        Path.of("k.yaml"),
        """
        partitions: 8
        consumers: 2
        consumer_events_per_second: { default: 1000 }
        capture: { replicas: 1, requests_per_second_per_replica: 100, max_request_bytes: 1000000%s }
        autoscaling: { reaction_time: 5m, max_consumers: 8, max_capture_replicas: 4 }
        lanes:
          main: { consumers: 2, max_consumers: 8%s }
          overflow: { consumers: 1, max_consumers: 2 }
          historical: { consumers: 1, max_consumers: 2 }
        overflow: { enabled: true, per_distinct_id_events_per_second: 100, burst: 100 }
        rate_limit: { per_token_events_per_second: 100000 }
        """
            .formatted(capture, main));
  }

  @Test
  void eachBlockIsReadAndWhatItLeavesOutIsKubernetesDefault() {
    Pipeline p =
        parse(
            ", autoscaler: { cpu_target: 1, scale_up: { pods: 2 } }",
            ", autoscaler: { lag_threshold: 5000, polling_interval: 15s, startup: 45s,"
                + " scale_up: { pods: 3, period: 30s }, cooldown: 10m }");
    Pipeline.KubeAutoscaler keda = p.lanes().main().autoscaler();
    assertEquals(
        new Pipeline.KubeAutoscaler(
            5000,
            Double.NaN,
            Duration.ofSeconds(15),
            Duration.ofSeconds(45),
            3,
            Duration.ofSeconds(30),
            Duration.ofMinutes(10)),
        keda);
    Pipeline.KubeAutoscaler hpa = p.capture().autoscaler();
    assertEquals(1.0, hpa.cpuTarget(), 1e-9, "a utilisation of 100% is one");
    assertTrue(Double.isNaN(hpa.lagThreshold()));
    assertEquals(Duration.ofSeconds(30), hpa.pollingInterval(), "KEDA's and the HPA's default");
    assertEquals(Duration.ofSeconds(60), hpa.startup());
    assertEquals(2, hpa.scaleUpPods());
    assertEquals(Duration.ofSeconds(15), hpa.scaleUpPeriod(), "the HPA's default period");
    assertEquals(Duration.ofSeconds(300), hpa.cooldown());
    assertEquals(null, p.lanes().overflow().autoscaler(), "no block: the simple rule");
  }

  @Test
  void aTargetAboveOneOrAMissingThresholdIsRefusedWithTheLineAndAHint() {
    ProfileException above =
        assertThrows(ProfileException.class, () -> parse(", autoscaler: { cpu_target: 1.01 }", ""));
    assertTrue(above.getMessage().contains("is 1.01, above 1"), above.getMessage());
    assertTrue(above.getMessage().contains("0.7 means 70%"), above.getMessage());
    ProfileException missing =
        assertThrows(ProfileException.class, () -> parse(", autoscaler: { startup: 30s }", ""));
    assertTrue(missing.getMessage().contains("cpu_target"), missing.getMessage());
    ProfileException lag =
        assertThrows(ProfileException.class, () -> parse("", ", autoscaler: { startup: 30s }"));
    assertTrue(lag.getMessage().contains("lag_threshold"), lag.getMessage());
    assertTrue(lag.getMessage().contains("ceil(lag ÷ lag_threshold)"), lag.getMessage());
  }
}
