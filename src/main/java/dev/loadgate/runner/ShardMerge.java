package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.measure.StackClient;
import dev.loadgate.report.PlanJson;
import dev.loadgate.report.RunReport;
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.RunPlan;
import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.RunTally;
import dev.loadgate.simulation.SimulationSettings;
import dev.loadgate.simulation.SummaryBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * N shards' report folders into one run ({@code loadgate merge}, SPEC §5): the shard set checked
 * (each of 1..N once, one profile, one build, started together), their counters summed and latency
 * histograms added, the target's counters read once, and every check evaluated on the merged
 * result. Writes {@code summary.json} (with {@code "shards": N}) and {@code run.html} into {@code
 * reports/<profile>/<timestamp>-merged/} and {@code latest/}.
 */
public final class ShardMerge {
  /** Exit codes: every check holds; one failed; the shard set is not one run. */
  public static final int OK = 0;

  public static final int CHECK_FAILED = 1;
  public static final int INVALID = 2;

  /** How far a shard's start may be from the shared instant (or from the others'). */
  static final Duration LATE = Duration.ofSeconds(1);

  /** A shard set that is not one run: missing, duplicated, late, or mixed. */
  public static final class InvalidShards extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidShards(String message) {
      super(message);
    }
  }

  /**
   * @param summary the merged run's summary; null when the set was invalid
   */
  public record Outcome(int exit, Path dir, RunSummary summary) {}

  private ShardMerge() {}

  /** Reads the shards, or says why they are not one run. */
  public static List<ShardResult> read(List<Path> dirs) {
    List<ShardResult> shards = new ArrayList<>();
    for (Path d : dirs) {
      Path file = shardFile(d);
      if (file == null) {
        throw new InvalidShards(d + ": no " + ShardResult.FILE + " (not a shard's report folder)");
      }
      try {
        shards.add(PlanJson.MAPPER.readValue(file.toFile(), ShardResult.class));
      } catch (IOException e) {
        throw new InvalidShards(file + ": not a shard result: " + e.getMessage());
      }
    }
    check(shards, dirs);
    return shards;
  }

  /**
   * A shard's result in {@code dir}: its own {@code shard.json}, else {@code latest/}'s, else the
   * newest run folder's under it (a merge may since have made {@code latest/} the merged run).
   */
  public static Path shardFile(Path dir) {
    for (Path p : List.of(dir, dir.resolve("latest"))) {
      if (Files.isRegularFile(p.resolve(ShardResult.FILE))) {
        return p.resolve(ShardResult.FILE);
      }
    }
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (var runs = Files.list(dir)) {
      return runs.filter(r -> Files.isRegularFile(r.resolve(ShardResult.FILE)))
          .max(Path::compareTo)
          .map(r -> r.resolve(ShardResult.FILE))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** One run: one format, build, profile and N; each shard 1..N once; started together. */
  static void check(List<ShardResult> shards, List<Path> dirs) {
    if (shards.isEmpty()) {
      throw new InvalidShards("no shards given");
    }
    ShardResult first = shards.get(0);
    Map<Integer, Path> seen = new TreeMap<>();
    for (int i = 0; i < shards.size(); i++) {
      ShardResult s = shards.get(i);
      String who = "shard " + s.shard() + "/" + s.shards() + " (" + dirs.get(i) + ")";
      if (s.format() != ShardResult.FORMAT) {
        throw new InvalidShards(
            who
                + " is written in format "
                + s.format()
                + ", this merge reads "
                + ShardResult.FORMAT);
      }
      if (!s.version().equals(first.version())) {
        throw new InvalidShards(
            who
                + " ran loadgate "
                + s.version()
                + ", shard "
                + first.shard()
                + " ran "
                + first.version());
      }
      if (!s.profile().equals(first.profile()) || s.shards() != first.shards()) {
        throw new InvalidShards(
            who
                + " is of "
                + s.profile()
                + " in "
                + s.shards()
                + " shards, shard "
                + first.shard()
                + " of "
                + first.profile()
                + " in "
                + first.shards());
      }
      if (!java.util.Objects.equals(s.startAt(), first.startAt())
          || !java.util.Objects.equals(s.target(), first.target())) {
        throw new InvalidShards(
            who + " has another start.at or target than shard " + first.shard());
      }
      Path twice = seen.put(s.shard(), dirs.get(i));
      if (twice != null) {
        throw new InvalidShards(
            "shard "
                + s.shard()
                + "/"
                + s.shards()
                + " is given twice: "
                + twice
                + " and "
                + dirs.get(i));
      }
    }
    for (int k = 1; k <= first.shards(); k++) {
      if (!seen.containsKey(k)) {
        throw new InvalidShards(
            "shard "
                + k
                + "/"
                + first.shards()
                + " is missing: "
                + seen.size()
                + " of "
                + first.shards()
                + " shards given ("
                + seen.keySet()
                + ")");
      }
    }
    // Started together: at the shared instant (after the client's warm-up), or with each other.
    Instant expected =
        first.startAt() != null
            ? Instant.parse(first.startAt()).plus(SimulationRun.CLIENT_WARM_UP)
            : shards.stream()
                .map(s -> Instant.parse(s.loadStartedAt()))
                .min(Instant::compareTo)
                .orElseThrow();
    for (int i = 0; i < shards.size(); i++) {
      ShardResult s = shards.get(i);
      Duration off = Duration.between(expected, Instant.parse(s.loadStartedAt()));
      if (off.abs().compareTo(LATE) > 0) {
        throw new InvalidShards(
            String.format(
                Locale.ROOT,
                "shard %d/%d (%s) started its load %.1f s %s %s (more than %d s): its stages do not line up with the others'",
                s.shard(),
                s.shards(),
                dirs.get(i),
                Math.abs(off.toMillis()) / 1000.0,
                off.isNegative() ? "before" : "after",
                first.startAt() != null ? "the shared instant" : "the first shard",
                LATE.toSeconds()));
      }
    }
  }

  /**
   * Merges and writes the run's reports; {@link Outcome#exit()} is {@link #OK} when every check
   * holds on the merged result.
   */
  public static Outcome merge(List<Path> dirs, PrintStream out) {
    List<ShardResult> shards = read(dirs);
    ShardResult first = shards.get(0);
    Properties props = new Properties();
    props.putAll(first.settings());
    props.remove("shard");
    props.remove("start.at");
    props.remove("shard.raw-latencies");
    SimulationSettings settings = SimulationSettings.from(props);
    SimulationRun whole = SimulationRun.prepare(settings, out);
    RunPlan run = whole.plan();
    LoadShape shape = run.shape();
    RunTally tally = new RunTally(shape);
    shards.forEach(s -> tally.add(s.counts()));

    // The target's counters, once, after its consumers caught up with all shards.
    StackClient client = new StackClient(first.target());
    JsonNode baseline = earliestBaseline(shards);
    SummaryBuilder summaries = new SummaryBuilder(run, tally, baseline);
    // A target without loadgate's /stats has no consumer side to wait for.
    JsonNode stats =
        client.stats() == null
            ? null
            : client.awaitDrained(
                settings.drainTimeout(),
                s -> {
                  Long lost = summaries.lostEvents(s);
                  return lost == null ? -1 : lost;
                });

    List<RunSummary.Check> extra = new ArrayList<>();
    for (int i = 0; i < shape.steps().size(); i++) {
      LoadShape.Step step = shape.steps().get(i);
      long target = step.requests() * shape.eventsPerRequest();
      long sent = tally.eventsSent(i);
      // Requests count for the stage they left in: at each stage's edge a shard's request may land
      // on the other side of it, so the bound is 1% or a request a shard, whichever is more.
      long slack =
          Math.max(Math.round(0.01 * target), (long) shards.size() * shape.eventsPerRequest());
      boolean ok = Math.abs(sent - target) <= slack;
      extra.add(
          new RunSummary.Check(
              "stage "
                  + step.stage()
                  + " ("
                  + step.kind().name().toLowerCase(Locale.ROOT)
                  + "): the "
                  + shards.size()
                  + " shards together sent its events",
              target + " ± " + slack,
              String.valueOf(sent),
              ok));
    }
    RunSummary summary =
        summaries.build(
            stats,
            null,
            new RunSummary.Target(client.baseUrl(), false, stats != null, null),
            shards.stream().map(ShardResult::loadStartedAt).min(String::compareTo).orElseThrow(),
            List.of(),
            extra);
    Path dir =
        settings
            .reportsDir()
            .resolve(first.profile())
            .resolve(LocalDateTime.now().format(SimulationRun.RUN_ID) + "-merged");
    try {
      Files.createDirectories(dir);
      ObjectNode json = PlanJson.MAPPER.valueToTree(summary);
      json.put("shards", first.shards());
      PlanJson.MAPPER.writeValue(dir.resolve("summary.json").toFile(), json);
      PlanJson.write(run.plan(), dir.resolve("plan.json"));
      RunReport.write(summary, dir);
      Path latest = dir.getParent().resolve("latest");
      Trees.delete(latest);
      Trees.copy(dir, latest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(
        "loadgate merge: " + first.shards() + " shards of " + first.profile() + " as one run");
    out.print(RunReport.text(summary, dir));
    out.flush();
    return new Outcome(summary.passed() ? OK : CHECK_FAILED, dir, summary);
  }

  /** The counters before any shard's load: the smallest acked count among the shards' readings. */
  private static JsonNode earliestBaseline(List<ShardResult> shards) {
    JsonNode best = null;
    for (ShardResult s : shards) {
      JsonNode b = s.statsBaseline();
      if (b != null
          && (best == null
              || b.path("events_acked").asLong() < best.path("events_acked").asLong())) {
        best = b;
      }
    }
    return best;
  }
}
