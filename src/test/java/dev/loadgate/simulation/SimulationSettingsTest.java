package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The replay's -D options: each default as README states it, each value read, each refusal. */
class SimulationSettingsTest {
  private static SimulationSettings of(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return SimulationSettings.from(p);
  }

  @Test
  void theDefaultsAreREADMEs() {
    SimulationSettings s = of("profile", " example ");
    assertEquals("example", s.profile(), "trimmed");
    assertEquals(Path.of("profiles"), s.profilesDir());
    assertEquals(Path.of("profiles/pipeline.yaml"), s.pipeline());
    assertEquals(Path.of("profiles/pipeline-local.yaml"), s.localPipeline());
    assertEquals(Path.of("reports"), s.reportsDir());
    assertNull(s.target());
    assertFalse(s.allowRemoteTarget());
    assertNull(s.kafkaBootstrap());
    assertNull(s.scaleRate());
    assertNull(s.scaleTime());
    assertEquals(Duration.ofSeconds(60), s.drainTimeout());
    assertEquals(2000, s.p99BoundMillis());
    assertEquals(0.02, s.rateLimitedTolerance(), 0);
    assertEquals(2, s.consumers());
    assertNull(s.faultBroker());
    assertNull(s.faultConsumer());
    assertEquals(SimulationSettings.PRODUCTION, s.capacity());
    assertTrue(s.production());
    assertFalse(s.applyScaling());
    assertNull(s.lagThresholdSeconds());
    assertFalse(s.live());
    assertTrue(of("profile", "example", "live", "true").live());
    assertNull(of("profile", "  ").profile(), "blank is absent");
  }

  @Test
  void everyValueIsRead() {
    SimulationSettings s =
        of(
            "profile", "acme-ramp",
            "profiles.dir", "p",
            "pipeline", "x.yaml",
            "local.pipeline", "l.yaml",
            "reports.dir", "r",
            "target", "http://127.0.0.1:8010",
            "target.allow-remote", "true",
            "kafka.bootstrap", "k:9092",
            "scale.rate", "0.5",
            "scale.time", "0.25",
            "drain.timeout", "1.5",
            "assert.p99.ms", "750",
            "assert.rate-limited.tolerance", "0.1",
            "stack.consumers", "3",
            "seed", "42",
            "fault.broker", "10s+12s",
            "fault.consumer", "5s",
            "capacity", "local",
            "pipeline.apply-scaling", "true",
            "capacity.lag-threshold", "2.5");
    assertEquals(Path.of("p"), s.profilesDir());
    assertEquals(Path.of("x.yaml"), s.pipeline());
    assertEquals(Path.of("l.yaml"), s.localPipeline());
    assertEquals(Path.of("r"), s.reportsDir());
    assertEquals("http://127.0.0.1:8010", s.target());
    assertTrue(s.allowRemoteTarget());
    assertEquals("k:9092", s.kafkaBootstrap());
    assertEquals(0.5, s.scaleRate(), 0);
    assertEquals(0.25, s.scaleTime(), 0);
    assertEquals(Duration.ofMillis(1500), s.drainTimeout());
    assertEquals(750, s.p99BoundMillis());
    assertEquals(0.1, s.rateLimitedTolerance(), 0);
    assertEquals(3, s.consumers());
    assertEquals(42, s.seed());
    assertEquals("10s+12s", s.faultBroker());
    assertEquals("5s", s.faultConsumer());
    assertEquals(SimulationSettings.LOCAL, s.capacity());
    assertFalse(s.production());
    assertTrue(s.applyScaling());
    assertEquals(2.5, s.lagThresholdSeconds(), 0);
    // Production capacity is the local stack's: never for a target.
    assertFalse(of("target", "http://127.0.0.1:1").production());
  }

  @Test
  void refusalsSayWhichOptionAndWhy() {
    assertEquals(
        "-Dscale.rate=fast is not a number",
        assertThrows(IllegalArgumentException.class, () -> of("scale.rate", "fast")).getMessage());
    assertEquals(
        "-Ddrain.timeout=0.0 must be > 0",
        assertThrows(IllegalArgumentException.class, () -> of("drain.timeout", "0")).getMessage());
    assertEquals(
        "-Dcapacity.lag-threshold=-1.0 must be > 0 seconds",
        assertThrows(IllegalArgumentException.class, () -> of("capacity.lag-threshold", "-1"))
            .getMessage());
    assertEquals(
        "-Dcapacity.lag-threshold=0.0 must be > 0 seconds",
        assertThrows(IllegalArgumentException.class, () -> of("capacity.lag-threshold", "0"))
            .getMessage(),
        "a threshold of 0 would call every event late");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> of("capacity", "cloud"))
            .getMessage()
            .startsWith("-Dcapacity=cloud: use production"));
  }

  @Test
  void loadGoesToLoopbackUnlessTheUserOptsIn() {
    of().checkTarget(); // no target: the local stack
    of("target", "http://127.0.0.1:8010").checkTarget();
    of("target", "http://localhost:8010").checkTarget();
    IllegalArgumentException remote =
        assertThrows(
            IllegalArgumentException.class,
            () -> of("target", "https://capture.example.com").checkTarget());
    assertTrue(remote.getMessage().contains("-Dtarget.allow-remote=true"), remote.getMessage());
    of("target", "https://capture.example.com", "target.allow-remote", "true").checkTarget();
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> of("target", "ftp://127.0.0.1").checkTarget())
            .getMessage()
            .contains("is not an http(s) URL"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> of("target", "http://[x").checkTarget())
            .getMessage()
            .contains("is not a URL"));
  }
}
