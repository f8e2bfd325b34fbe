package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.jvm.StackProcess;
import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.runner.Trees;
import dev.loadgate.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Three injectors as three processes on this machine ({@code -Dshard=K/3}), one local stack, one
 * shared start, merged by {@code loadgate merge} into one run; and shard sets that are not one run
 * refused, naming the shard.
 */
@Isolated
class ShardsIT {
  static final String PROFILE = "src/test/resources/simulation/sharded.yaml";
  static final String PIPELINE = "src/test/resources/simulation/pipeline-no-overflow.yaml";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void threeShardsAreOneRun() throws Exception {
    Path root = Path.of("target/it-shards");
    Trees.delete(root);
    try (StackProcess stack =
        StackProcess.start(
            List.of("--port", "0", "--token", "phc_skew", "--pipeline", PIPELINE),
            Duration.ofMinutes(2),
            line -> {})) {
      // Far enough ahead for three Gatling JVMs to start on two cores.
      Instant at = Instant.now().plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<SimulationIT.Run>> runs = new ArrayList<>();
      for (int k = 1; k <= 3; k++) {
        List<String> props =
            List.of(
                "-Dprofile=" + PROFILE,
                "-Dpipeline=" + PIPELINE,
                "-Dtarget=" + stack.url(),
                "-Dscale.rate=1",
                "-Dscale.time=1",
                "-Dshard=" + k + "/3",
                "-Dstart.at=" + at,
                "-Dshard.raw-latencies=true");
        Path reports = root.resolve(String.valueOf(k));
        runs.add(pool.submit(() -> SimulationIT.launch(props, reports)));
      }
      for (Future<SimulationIT.Run> f : runs) {
        SimulationIT.Run r = f.get();
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("loadgate shard "), r.output());
      }
      pool.shutdown();

      List<String> dirs = new ArrayList<>(List.of("merge"));
      for (int k = 1; k <= 3; k++) {
        dirs.add(root.resolve(k + "/sharded").toString());
      }
      Cli.Result merged = Cli.run(dirs.toArray(String[]::new));
      assertEquals(0, merged.exit(), merged.out() + merged.err());
      JsonNode s = JSON.readTree(root.resolve("1/sharded/latest/summary.json").toFile());
      assertEquals(3, s.get("shards").asInt());

      // Each stage's events: the three shards together, against one injector's target for it,
      // within 1% (and the whole load).
      int epr = 20;
      LoadShape whole =
          LoadShape.of(CapacityPlanner.rateCurve(ProfileLoader.load(Path.of(PROFILE))), epr);
      long allTarget = 0;
      long allSent = 0;
      for (int i = 0; i < whole.steps().size(); i++) {
        long target = whole.steps().get(i).requests() * epr;
        long sent = s.get("stages").get(i).get("events_sent").asLong();
        assertEquals(target, sent, 0.01 * target, "stage " + (i + 1));
        allTarget += target;
        allSent += sent;
      }
      assertEquals(allTarget, allSent, 0.01 * allTarget);

      // Latency: the merged percentiles are those of every shard's raw response times together.
      List<Long> all = new ArrayList<>();
      for (int k = 1; k <= 3; k++) {
        JsonNode shard =
            JSON.readTree(
                dev.loadgate.runner.ShardMerge.shardFile(root.resolve(k + "/sharded")).toFile());
        shard.get("raw_latencies").forEach(v -> all.add(v.asLong()));
      }
      all.sort(null);
      assertEquals(s.get("requests").get("ok").asLong(), all.size(), "one response time an answer");
      for (String[] p : new String[][] {{"p50", "50"}, {"p95", "95"}, {"p99", "99"}}) {
        double pct = Double.parseDouble(p[1]);
        long exact = all.get((int) Math.ceil(pct / 100 * all.size()) - 1);
        assertEquals(exact, s.get("latency_ms").get(p[0]).asDouble(), 1.0, p[0]);
      }

      // The stack's side: partition shares as predicted, nothing lost.
      JsonNode predicted = s.get("predicted_partition_shares");
      JsonNode measured = s.get("measured_partition_shares");
      for (int p = 0; p < predicted.size(); p++) {
        assertEquals(
            predicted.get(p).asDouble(), measured.get(p).asDouble(), 0.01, "partition " + p);
      }
      assertEquals(0, s.get("events").get("lost").asLong());
      assertEquals(s.get("events").get("sent").asLong(), s.get("events").get("acked").asLong());

      // Not one run: a shard missing, or one whose load started 5 s off the shared instant.
      Cli.Result missing = Cli.run("merge", dirs.get(1), dirs.get(2));
      assertEquals(2, missing.exit(), missing.err());
      assertTrue(missing.err().contains("shard 3/3 is missing"), missing.err());
      Path late = root.resolve("late");
      Trees.copy(
          dev.loadgate.runner.ShardMerge.shardFile(root.resolve("2/sharded")).getParent(), late);
      ObjectNode two = (ObjectNode) JSON.readTree(late.resolve("shard.json").toFile());
      two.put(
          "load_started_at",
          Instant.parse(two.get("load_started_at").asText()).plusSeconds(5).toString());
      JSON.writeValue(late.resolve("shard.json").toFile(), two);
      Cli.Result lateMerge = Cli.run("merge", dirs.get(1), late.toString(), dirs.get(3));
      assertEquals(2, lateMerge.exit(), lateMerge.err());
      assertTrue(
          lateMerge.err().contains("shard 2/3 (" + late + ") started its load"), lateMerge.err());
      assertTrue(Files.isRegularFile(root.resolve("1/sharded/latest/run.html")));
    }
  }
}
