package dev.loadgate.cli;

import dev.loadgate.runner.ShardMerge;
import dev.loadgate.runner.SimulationRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code loadgate merge}: N shards' report folders into one run with one verdict. */
@Command(
    name = "merge",
    header = "Merge the report folders of N shards (-Dshard=K/N) into one run, with one verdict.",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the shards are one run (each of 1..N once, one profile, one loadgate build, loads",
      "started within 1 s of the shared -Dstart.at), sums their counters, adds their latency",
      "histograms (HdrHistogram: percentiles of the union, never averages), reads the target's",
      "/stats once for acked, consumed, lost, partition shares and lag, and evaluates every check on",
      "the merged result. Writes summary.json (with \"shards\": N) and run.html into",
      "reports/<profile>/<timestamp>-merged/ and reports/<profile>/latest/.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  for k in 1 2 3; do mvn gatling:test -Dprofile=acme -Dtarget=http://capture:8010 \\",
      "      -Dtarget.allow-remote=true -Dshard=$k/3 -Dstart.at=2026-12-15T10:00:00Z \\",
      "      -Dreports.dir=shards/$k & done; wait",
      "  loadgate merge shards/1/acme shards/2/acme shards/3/acme",
      "",
      "Exit codes: 0 every check holds, 1 a check failed, 2 the shards are not one run (missing,",
      "twice, late, or of another profile or build): the message names the shard."
    })
public final class MergeCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "DIR",
      description = "Each shard's report folder (holding shard.json, or latest/shard.json).")
  List<Path> dirs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      ShardMerge.Outcome o = ShardMerge.merge(dirs, ps);
      ps.flush();
      out.print(text.toString(StandardCharsets.UTF_8));
      out.flush();
      return o.exit();
    } catch (ShardMerge.InvalidShards | SimulationRun.SetupException e) {
      out.print(text.toString(StandardCharsets.UTF_8));
      out.flush();
      err.println("loadgate: " + e.getMessage());
      err.flush();
      return ShardMerge.INVALID;
    }
  }
}
