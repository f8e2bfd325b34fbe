package dev.loadgate.bench;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.SharedPipeline;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does a plan take when the pipeline file's live load is a year of one-minute CSV rows
 * (525,600 of them, 15 MB)?
 *
 * <p>Hypothesis: reading the CSV dominates, linear in rows (a hand-read timestamp, one offset
 * lookup per DST transition, not per row); the plan itself only adds a piece of live load per hour
 * of the load and 20 suggested starts × 9 working hours of {@code HeadroomCheck}, so it stays
 * within a few times the idle plan. Budget (issue 12): {@code loadAndPlan} under 200 ms.
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="LiveLoadBenchmark"}. What you should
 * see: {@code loadAndPlan} well under 200 ms; {@code planShared} a small multiple of {@code
 * planIdle}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveLoadBenchmark {
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private Path pipelineFile;
  private IntakeProfile profile;
  private Pipeline shared;
  private Pipeline idle;

  @Setup
  public void writeYear() throws IOException {
    Path dir = Files.createTempDirectory("live-bench");
    Path csv = dir.resolve("live-load.csv");
    DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    Instant start = Instant.parse("2025-11-03T00:00:00Z");
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("timestamp,events_per_second\n");
      for (int m = 0; m < 365 * 24 * 60; m++) {
        Instant t = start.plusSeconds(60L * m);
        int hour = t.atOffset(ZoneOffset.UTC).getHour();
        double rate = 3000 + 10000 * Math.max(0, Math.sin((hour - 6) / 24.0 * 2 * Math.PI));
        w.write(iso.format(t.atOffset(ZoneOffset.UTC)));
        w.write(String.format(Locale.ROOT, ",%.1f\n", rate));
      }
    }
    String base = Files.readString(Path.of("profiles", "pipeline.yaml"));
    pipelineFile = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipelineFile,
        base + "live_load:\n  events_per_request: 40\n  peak_factor: 1.2\n  csv: live-load.csv\n");
    profile = ProfileLoader.load(Path.of("profiles", "example.yaml"));
    shared = PipelineLoader.load(pipelineFile);
    idle = PipelineLoader.load(Path.of("profiles", "pipeline.yaml"));
  }

  @Benchmark
  public Plan loadAndPlan() {
    return CapacityPlanner.plan(
        profile, PipelineLoader.load(pipelineFile), new SharedPipeline.Context(NOW, List.of()));
  }

  @Benchmark
  public Plan planShared() {
    return CapacityPlanner.plan(profile, shared, new SharedPipeline.Context(NOW, List.of()));
  }

  @Benchmark
  public Plan planIdle() {
    return CapacityPlanner.plan(profile, idle);
  }
}
