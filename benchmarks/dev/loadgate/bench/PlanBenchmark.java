package dev.loadgate.bench;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How long does {@code loadgate plan} take on a big intake profile, JVM start excluded?
 *
 * <p>Hypothesis: the plan is closed form over the top ids and the stages (the Zipf tail by
 * Euler–Maclaurin sums), so 10,000,000 distinct ids cost no more than 100,000. The backlog is a
 * step simulation of every partition of every topic the load reaches (at most 3,000 steps over the
 * load), but partitions with the same load and state are stepped as one group, so 1,024 partitions
 * cost little more than 64, and 8 hours little more than 1. Nothing scales with the number of
 * events or ids.
 *
 * <p>{@code loadAndPlan} includes reading the YAML and the 100-row {@code top_csv}; {@code
 * planOnly} is the model alone on a profile already read.
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="PlanBenchmark"}. What you should see:
 * milliseconds per plan, flat across {@code distinctIds}; {@code planOnly} with 1,024 partitions
 * over 8 hours under the 50 ms budget.
 *
 * <p>{@code planOnlyPaired} is what the nightly gate holds (at 1,024 partitions, 8 hours, 10 M
 * ids): the plan and {@link PlanReference}, work of its size and kind, timed side by side in each
 * fork ({@link PairedClock}), so a slower plan shows as a smaller ratio whatever the machine's
 * mood.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {
  @Param({"100000", "10000000"})
  long distinctIds;

  @Param({"1", "8"})
  int hours;

  @Param({"64", "1024"})
  int partitions;

  private Path profileFile;
  private IntakeProfile profile;
  private Pipeline pipeline;
  private Pipeline keyedPipeline;
  private PlanReference reference;

  @Setup
  public void writeProfile() throws IOException {
    Path dir = Files.createTempDirectory("plan-bench");
    StringBuilder csv = new StringBuilder("count,distinct_id\n");
    for (int k = 1; k <= 100; k++) {
      csv.append(Math.round(5_000_000 * Math.pow(k, -1.1))).append(",user-").append(k).append('\n');
    }
    Files.writeString(dir.resolve("top.csv"), csv);
    // Ramp over 30 min, hold, with a mid-load step, and a ramp down: `hours` in all.
    long holdMinutes = hours * 60L - 30 - 10 - 10;
    String yaml =
        """
        customer: Bench
        kind: historical_import
        product_questions_answered: true
        schedule: { start: 2026-12-15T08:00:00+00:00 }
        stages:
          - { duration: 30m, target: 20000 }
          - { duration: %dm, target: 20000 }
          - { duration: 10m, target: 30000 }
          - { duration: 10m, target: 0 }
        batching: { events_per_request: 100 }
        distinct_ids: { total: %d, top_csv: top.csv }
        event_types: { $pageview: 0.8, $identify: 0.1, $set: 0.1 }
        apps_enabled: true
        """
            .formatted(holdMinutes, distinctIds);
    profileFile = dir.resolve("bench.yaml");
    Files.writeString(profileFile, yaml);
    profile = ProfileLoader.load(profileFile);
    String pipe =
        Files.readString(Path.of("profiles", "pipeline.yaml"))
            .replaceFirst("(?m)^partitions: \\d+", "partitions: " + partitions);
    Path pipeFile = dir.resolve("pipeline.yaml");
    Files.writeString(pipeFile, pipe);
    pipeline = PipelineLoader.load(pipeFile);
    // The same pipeline as PostHog runs it: lanes and one key's events one after another.
    Path keyed = dir.resolve("pipeline-keys.yaml");
    Files.writeString(
        keyed,
        pipe
            + """
            personless_cost_factor: 0.4
            lanes:
              main: { consumers: 16, max_consumers: 64 }
              overflow: { consumers: 4, max_consumers: 16 }
              historical: { consumers: 8, max_consumers: 32 }
            consumer:
              batch_size: 500
              per_key_events_per_second: { person: 250, personless: 2000 }
            """);
    keyedPipeline = PipelineLoader.load(keyed);
    reference = new PlanReference(partitions, REFERENCE_STEPS);
  }

  /**
   * Steps of {@link PlanReference}: about the 1,024-partition 8-hour plan's time at 1,024 queues.
   */
  static final int REFERENCE_STEPS = 9000;

  @Benchmark
  public Plan planOnly() {
    return CapacityPlanner.plan(profile, pipeline);
  }

  /** The plan beside its reference, timed apart (see {@link PairedClock}). */
  @Benchmark
  public void planOnlyPaired(PairedClock clock, Blackhole bh) {
    boolean referenceFirst = clock.referenceFirst();
    long t0 = System.nanoTime();
    bh.consume(referenceFirst ? reference.run() : CapacityPlanner.plan(profile, pipeline));
    long t1 = System.nanoTime();
    bh.consume(referenceFirst ? CapacityPlanner.plan(profile, pipeline) : reference.run());
    long t2 = System.nanoTime();
    clock.add(referenceFirst ? t2 - t1 : t1 - t0, referenceFirst ? t1 - t0 : t2 - t1);
  }

  /**
   * The plan on the pipeline as PostHog runs it (SPEC §9.1-9.2): lanes, and the top ids' partitions
   * read no faster than one key's events allow. Budget: 50 ms at 1,024 partitions over 8 hours.
   */
  @Benchmark
  public Plan planWithPerKeyLimits() {
    return CapacityPlanner.plan(profile, keyedPipeline);
  }

  @Benchmark
  public Plan loadAndPlan() {
    return CapacityPlanner.plan(ProfileLoader.load(profileFile), pipeline);
  }
}
