package dev.loadgate.cli;

import dev.loadgate.nightly.Baseline;
import dev.loadgate.nightly.Gate;
import dev.loadgate.nightly.History;
import dev.loadgate.nightly.MutationLedger;
import dev.loadgate.nightly.NightlyReport;
import dev.loadgate.nightly.Spread;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate baseline}: what a night changed against the baseline, and approving nights. */
@Command(
    name = "baseline",
    header = "Shows what the latest night changed, or with --update approves the last nights.",
    mixinStandardHelpOptions = true,
    description = {
      "Without --update, lists what differs between a night (--from) and the baseline.",
      "",
      "With --update, rewrites the baseline from the last --nights nights of the history: each",
      "number becomes the median of those nights, with its spread (MAD and range) beside it, and",
      "a benchmark's bound is drawn from that spread (`noise 4`: a fall of more than 4 sigma fails;",
      "a benchmark whose 4 sigma is wider than 25%% of its median is reported, not gated). A text",
      "(a verdict) takes what most nights said, and the update warns where they disagree. One",
      "night never becomes the baseline: it needs at least " + BaselineCommand.MIN_NIGHTS + ".",
      "Tolerances a person edited are kept. The file has one metric per line, so the change reads",
      "as a plain diff in review. Do it after deciding a change is intended.",
      ""
    },
    footer = {"", "Exit codes: 0 done, 1 nothing (or too little) to update from, 2 invalid input."})
public final class BaselineCommand implements Callable<Integer> {
  /** The fewest nights a baseline is taken from. */
  static final int MIN_NIGHTS = 3;

  @Option(names = "--update", description = "Write the baseline from the last nights.")
  boolean update;

  @Option(
      names = "--nights",
      paramLabel = "N",
      defaultValue = "5",
      description = "Nights the update takes from the history (default: ${DEFAULT-VALUE}).")
  int nights;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      defaultValue = "reports/nightly/history.jsonl",
      description = "The nights the gate measured, one a line (default: ${DEFAULT-VALUE}).")
  Path history;

  @Option(
      names = "--from",
      paramLabel = "FILE",
      description =
          "The night to show against the baseline (default: reports/nightly/latest/results.json)."
              + " Not with --update: a baseline is never one night.")
  Path from;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      defaultValue = "reports/baseline/nightly.json",
      description = "The baseline file (default: ${DEFAULT-VALUE}).")
  Path baseline;

  @Option(
      names = "--mutations",
      paramLabel = "CSV",
      description =
          "With --update: PIT's mutations.csv from a full run at these nights' commit, for the"
              + " ledger of verdicts per class the next nights score unchanged classes from"
              + " (default: the latest night's own ledger).")
  Path mutations;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (update && from != null) {
      err.println(
          "loadgate: --from names one night, and a baseline is never one night: --update takes"
              + " the last --nights of --history");
      return Main.EXIT_INVALID;
    }
    if (nights < MIN_NIGHTS) {
      err.printf(
          "loadgate: --nights %d: a baseline needs at least %d nights%n", nights, MIN_NIGHTS);
      return Main.EXIT_INVALID;
    }
    Baseline previous = Files.isRegularFile(baseline) ? Baseline.read(baseline) : null;
    return update ? update(out, err, previous) : show(out, err, previous);
  }

  private int show(PrintWriter out, PrintWriter err, Baseline previous) throws Exception {
    Path night = from != null ? from : Path.of("reports", "nightly", "latest", "results.json");
    if (!Files.isRegularFile(night)) {
      err.println(
          "loadgate: no results at "
              + night
              + ": run the nightly gate first (mvn verify -Pnightly)");
      return 1;
    }
    Map<String, Object> metrics = NightlyReport.readResults(night);
    List<Gate.Comparison> changes =
        Gate.compare(metrics, previous == null ? new Baseline(Map.of()) : previous).stream()
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
    out.printf(
        "%d metric(s) differ from %s (! = beyond tolerance). `--update` approves the last %d"
            + " nights of %s.%n",
        changes.size(), baseline, nights, history);
    return 0;
  }

  private int update(PrintWriter out, PrintWriter err, Baseline previous) throws Exception {
    List<History.Night> all = History.read(history);
    List<History.Night> taken = History.last(all, nights);
    if (taken.size() < MIN_NIGHTS) {
      err.printf(
          "loadgate: %s holds %d night(s); a baseline is taken from at least %d (one night is"
              + " luck, not a baseline): run the gate again (mvn verify -Pnightly)%n",
          history, taken.size(), MIN_NIGHTS);
      return 1;
    }
    Baseline.Update u = Baseline.fromNights(taken, previous);
    // PIT's verdicts per class: the next nights mutate only what changes since these nights'
    // commit, and score the rest from this ledger.
    Path ledgerFrom = history.resolveSibling("latest").resolve(NightlyCommand.MUTATION_LEDGER);
    MutationLedger ledger =
        mutations != null
            ? MutationLedger.ofMutations(Files.readAllLines(mutations))
            : Files.isRegularFile(ledgerFrom) ? MutationLedger.read(ledgerFrom) : null;
    Baseline next = u.baseline();
    if (ledger != null) {
      next = withMutationScores(next, ledger, previous);
      Path to = baseline.resolveSibling(NightlyCommand.MUTATION_LEDGER);
      ledger.write(to);
      out.println(
          "loadgate: wrote "
              + to
              + " (PIT's verdicts per class) from "
              + (mutations != null ? mutations : ledgerFrom));
    }
    next.write(baseline);
    Set<String> commits = new LinkedHashSet<>();
    taken.forEach(n -> commits.add(n.commit().isEmpty() ? "(unknown)" : n.commit()));
    out.printf(
        "loadgate: wrote %s from %d nights (%s to %s; commit%s %s), %d metrics%n",
        baseline,
        taken.size(),
        taken.get(0).startedAt(),
        taken.get(taken.size() - 1).startedAt(),
        commits.size() == 1 ? "" : "s",
        String.join(", ", commits),
        next.metrics().size());
    spreads(out, next);
    for (String w : u.warnings()) {
      out.println("  warning: " + w);
    }
    return 0;
  }

  /** The ledger's scores per package, where the nights did not measure them (PIT skipped). */
  private static Baseline withMutationScores(Baseline b, MutationLedger ledger, Baseline previous) {
    Map<String, Object> scores = new java.util.TreeMap<>();
    ledger.addMetrics(scores);
    Map<String, Baseline.Entry> m = new java.util.TreeMap<>(b.metrics());
    scores.forEach(
        (name, value) ->
            m.putIfAbsent(
                name,
                new Baseline.Entry(
                    value,
                    previous != null && previous.metrics().containsKey(name)
                        ? previous.metrics().get(name).tolerance()
                        : dev.loadgate.nightly.Metrics.defaultTolerance(name))));
    return new Baseline(m, b.nights());
  }

  /** The benchmarks' spreads, and which of them the gate can hold. */
  private static void spreads(PrintWriter out, Baseline b) {
    b.metrics()
        .forEach(
            (name, e) -> {
              Spread s = e.spread();
              if (s == null || !e.tolerance().startsWith("noise")) {
                return;
              }
              // compare() answers for every metric of the baseline: take this one's.
              String why =
                  Gate.compare(Map.of(name, s.median()), b).stream()
                      .filter(c -> c.name().equals(name))
                      .findFirst()
                      .orElseThrow()
                      .notGated();
              out.printf(
                  Locale.ROOT,
                  "  %-70s median %.4g, range %.4g-%.4g (±%.0f%%), sigma %.1f%%: %s%n",
                  name,
                  s.median(),
                  s.min(),
                  s.max(),
                  100 * s.relativeRange(),
                  100 * s.relativeSigma(),
                  why == null ? "gated" : why);
            });
  }
}
