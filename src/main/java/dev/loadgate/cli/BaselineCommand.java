package dev.loadgate.cli;

import dev.loadgate.nightly.Baseline;
import dev.loadgate.nightly.Gate;
import dev.loadgate.nightly.NightlyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate baseline}: what a night changed against the baseline, and approving it. */
@Command(
    name = "baseline",
    header = "Shows, or with --update approves, a night's results as the nightly baseline.",
    mixinStandardHelpOptions = true,
    description = {
      "Without --update, lists what differs between the latest night and the baseline. With --update,",
      "rewrites the baseline from it (values only: tolerances a person edited are kept), one metric",
      "per line, so the change reads as a plain diff in review. Do it after deciding a change is intended.",
      ""
    },
    footer = {"", "Exit codes: 0 done, 1 nothing to update from, 2 invalid input."})
public final class BaselineCommand implements Callable<Integer> {
  @Option(names = "--update", description = "Write the baseline from the night's results.")
  boolean update;

  @Option(
      names = "--from",
      paramLabel = "FILE",
      defaultValue = "reports/nightly/latest/results.json",
      description = "The night to approve (default: ${DEFAULT-VALUE}).")
  Path from;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      defaultValue = "reports/baseline/nightly.json",
      description = "The baseline file (default: ${DEFAULT-VALUE}).")
  Path baseline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(from)) {
      spec.commandLine()
          .getErr()
          .println(
              "loadgate: no results at "
                  + from
                  + ": run the nightly gate first (mvn verify -Pnightly)");
      return 1;
    }
    Map<String, Object> night = NightlyReport.readResults(from);
    Baseline previous = Files.isRegularFile(baseline) ? Baseline.read(baseline) : null;
    List<Gate.Comparison> changes =
        Gate.compare(night, previous == null ? new Baseline(Map.of()) : previous).stream()
            .filter(c -> c.moved() != null && !c.moved().isEmpty())
            .toList();
    for (Gate.Comparison c : changes) {
      out.printf(
          "  %s %s: %s -> %s%n",
          c.ok() ? " " : "!",
          c.name(),
          c.baseline() == null ? "(new)" : c.baseline(),
          c.current() == null ? "(gone)" : c.current());
    }
    if (!update) {
      out.printf(
          "%d metric(s) differ from %s (! = beyond tolerance). Pass --update to approve %s.%n",
          changes.size(), baseline, from);
      return 0;
    }
    Baseline.of(night, previous).write(baseline);
    out.printf("loadgate: wrote %s from %s (%d metrics)%n", baseline, from, night.size());
    return 0;
  }
}
