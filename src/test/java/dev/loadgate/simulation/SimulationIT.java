package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.runner.GatlingLauncher;
import dev.loadgate.runner.Trees;
import dev.loadgate.testing.KafkaPartitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The simulation end to end, as {@code mvn gatling:test} runs it: Gatling's own launcher in a JVM
 * of its own, our simulation class, a real local stack (broker, capture, consumers) that the
 * simulation starts, a tiny skewed profile, and the reports it writes. The checks are against the
 * profile's declared shares and Kafka's partitioner, not against the simulation's own numbers.
 */
// Its runs side by side (each its own stack and report folder), never beside the capture bench.
@Execution(ExecutionMode.CONCURRENT)
@Order(2)
class SimulationIT {
  private static final Path PROFILE = Path.of("src/test/resources/simulation/skewed.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The hot ids of skewed.yaml and their declared shares of all events. */
  private static final String TOKEN = "phc_skew";

  private static final String[] HOT = {"skew-hot-1", "skew-hot-2", "skew-hot-3", "skew-hot-4"};
  private static final double[] HOT_SHARE = {0.15, 0.08, 0.05, 0.03};

  record Run(int exit, String output, JsonNode summary, Path dir) {}

  @Test
  void skewedLoadWithoutOverflowLandsWherePredictedAndLosesNothing() throws Exception {
    Run run = simulate("no-overflow", "src/test/resources/simulation/pipeline-no-overflow.yaml");
    assertEquals(0, run.exit(), "every Gatling assertion should hold:\n" + run.output());
    JsonNode s = run.summary();

    JsonNode events = s.get("events");
    assertTrue(events.get("sent").asLong() > 15_000, "the load was sent: " + events);
    assertEquals(0, events.get("lost").asLong(), "no acked event may be lost");
    assertEquals(events.get("acked").asLong(), events.get("consumed").asLong());
    assertEquals(0, events.get("duplicates").asLong());
    assertEquals(0, events.get("overflowed").asLong(), "overflow is off in this pipeline");
    assertEquals(0, s.get("ordering_violations").asLong());
    assertEquals(s.get("requests").get("sent").asLong(), s.get("requests").get("ok").asLong());

    // Measured shares against the prediction, partition by partition: with ~20k events a share's
    // standard error is under 0.4 points; 1.5 points is a real miss.
    List<Double> predicted = doubles(s.get("predicted_partition_shares"));
    List<Double> measured = doubles(s.get("measured_partition_shares"));
    assertEquals(8, predicted.size());
    assertEquals(8, measured.size());
    for (int p = 0; p < 8; p++) {
      assertTrue(
          Math.abs(predicted.get(p) - measured.get(p)) < 0.015,
          "partition " + p + ": predicted " + predicted.get(p) + ", measured " + measured.get(p));
    }
    // Independently: each hot id's partition (kafka-clients' own murmur2) holds at least that id's
    // declared share, and the partition of skew-hot-1 is the hottest.
    double[] floor = new double[8];
    for (int i = 0; i < HOT.length; i++) {
      floor[partition(HOT[i])] += HOT_SHARE[i];
    }
    for (int p = 0; p < 8; p++) {
      assertTrue(
          measured.get(p) > floor[p] - 0.015,
          "partition " + p + " holds hot ids worth " + floor[p] + ", measured " + measured.get(p));
    }
    assertEquals(partition(HOT[0]), s.get("partitions").get("hottest").asInt());

    // The shape: the hold stage sent its scaled target within 5%.
    JsonNode hold = s.get("stages").get(1);
    assertEquals("constant", hold.get("injection").asText());
    assertTrue(
        Math.abs(hold.get("ratio").asDouble() - 1) < 0.05, "hold stage sent/target: " + hold);

    // The local consumers' prediction came from this machine's calibrated rates and says they keep
    // up with 2,000 ev/s (no backlog); the consumers then drained everything (nothing lost above).
    JsonNode local = s.get("local_consumers");
    assertTrue(local.get("calibrated").asBoolean(), "profiles/pipeline-local.yaml used: " + local);
    assertTrue(local.get("capacity_events_per_second").asDouble() > 2_000, local.toString());
    assertEquals(0, s.get("lag").get("predicted_max_records").asDouble(), 1e-9);

    // The reports a reviewer opens.
    for (String f :
        List.of("summary.json", "run.html", "plan.html", "plan.json", "gatling/index.html")) {
      assertTrue(Files.isRegularFile(run.dir().resolve(f)), f + " in " + run.dir());
      assertTrue(
          Files.isRegularFile(run.dir().resolveSibling("latest").resolve(f)), f + " in latest/");
    }
    assertTrue(run.output().contains("every check held"), run.output());
  }

  @Test
  void hotIdOverflowsWhenEnabledAndAFailedAssertionFailsTheRun() throws Exception {
    // -Dassert.p99.ms=1: no capture answers in under 1 ms at the 99th percentile, so Gatling's
    // assertion must fail the run (non-zero exit) while everything else is still measured.
    Run run =
        simulate(
            "overflow",
            "src/test/resources/simulation/pipeline-overflow.yaml",
            "-Dassert.p99.ms=1");
    assertNotEquals(0, run.exit(), "a failed assertion must fail the run:\n" + run.output());
    assertTrue(run.output().contains("FAILED"), run.output());
    JsonNode s = run.summary();
    JsonNode p99 = null;
    for (JsonNode c : s.get("checks")) {
      if (c.get("name").asText().contains("p99")) {
        p99 = c;
      }
    }
    assertTrue(
        p99 != null && !p99.get("ok").asBoolean(), "the p99 check failed: " + s.get("checks"));

    JsonNode events = s.get("events");
    long overflowed = events.get("overflowed").asLong();
    // skew-hot-1 sends 15% of 2,000 ev/s = 300 ev/s against a 100 ev/s limit: about two thirds of
    // its events overflow (skew-hot-2, 160 ev/s, a little too).
    assertTrue(overflowed > 0.05 * events.get("consumed").asLong(), "overflowed: " + events);
    double predicted = s.get("overflow").get("predicted").asDouble();
    double measured = s.get("overflow").get("measured").asDouble();
    assertTrue(
        Math.abs(predicted - measured) < 0.02,
        "overflow share predicted " + predicted + ", measured " + measured);
    assertEquals(0, events.get("lost").asLong());
    assertEquals(0, s.get("ordering_violations").asLong(), "keyed events stay in order");
    // By hand: over the 8 s hold alone skew-hot-1 sends 300 ev/s against a 100 ev/s limit, so at
    // least (300 - 100) x 8 - 50 (burst) = 1,550 of its events must overflow.
    assertTrue(overflowed >= 1_550, "overflowed " + overflowed + " < 1,550");
    List<Double> predictedShares = doubles(s.get("predicted_partition_shares"));
    List<Double> measuredShares = doubles(s.get("measured_partition_shares"));
    for (int p = 0; p < 8; p++) {
      assertTrue(
          Math.abs(predictedShares.get(p) - measuredShares.get(p)) < 0.015,
          "with overflow, partition "
              + p
              + ": predicted "
              + predictedShares.get(p)
              + ", measured "
              + measuredShares.get(p));
    }
  }

  @Test
  void noProfileListsTheProfiles() throws Exception {
    Run run = launch(List.of(), Path.of("target/it-sim/none"));
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("no profile given"), run.output());
    assertTrue(run.output().contains("example"), "lists the profiles: " + run.output());
  }

  @Test
  void aTargetOffThisMachineIsRefused() throws Exception {
    Run run =
        launch(
            List.of("-Dprofile=example", "-Dtarget=http://192.0.2.10:8010"),
            Path.of("target/it-sim/remote"));
    assertNotEquals(0, run.exit());
    assertTrue(run.output().contains("-Dtarget.allow-remote=true"), run.output());
  }

  private static int partition(String distinctId) {
    return KafkaPartitions.of(TOKEN + ":" + distinctId, 8);
  }

  static Run simulate(String name, String pipeline, String... extra) throws Exception {
    Path reports = Path.of("target/it-sim/" + name);
    List<String> props = new ArrayList<>();
    props.add("-Dprofile=" + PROFILE);
    props.add("-Dpipeline=" + pipeline);
    props.add("-Dscale.rate=1");
    props.add("-Dscale.time=1");
    props.add("-Ddrain.timeout=30");
    // The traffic's shape and the fault drills at full local speed; production mode has its own
    // test below.
    props.add("-Dcapacity=local");
    props.addAll(List.of(extra));
    Run run = launch(props, reports);
    Path latest = reports.resolve("skewed").resolve("latest");
    assertTrue(Files.isRegularFile(latest.resolve("summary.json")), "no summary:\n" + run.output());
    Path dir;
    try (var dirs = Files.list(reports.resolve("skewed"))) {
      dir =
          dirs.filter(d -> !d.getFileName().toString().equals("latest"))
              .max(Path::compareTo)
              .orElseThrow();
    }
    return new Run(
        run.exit(), run.output(), JSON.readTree(latest.resolve("summary.json").toFile()), dir);
  }

  /** {@code io.gatling.app.Gatling} in a JVM of its own, as the Maven plugin forks it. */
  static Run launch(List<String> props, Path reports) throws IOException, InterruptedException {
    Trees.delete(reports);
    Files.createDirectories(reports);
    List<String> all = new ArrayList<>(props);
    all.add("-Dreports.dir=" + reports);
    GatlingLauncher.Result r =
        GatlingLauncher.run(
            all, reports.resolve("gatling"), reports.resolve("output.log"), Duration.ofMinutes(5));
    if (r.exit() == -1) {
      throw new AssertionError("the simulation did not finish in 5 minutes:\n" + r.output());
    }
    return new Run(r.exit(), r.output(), null, reports);
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asDouble()));
    return out;
  }
}
