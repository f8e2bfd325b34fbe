package dev.loadgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.jvm.ChildJvm;
import dev.loadgate.nightly.Baseline;
import dev.loadgate.nightly.Gate;
import dev.loadgate.nightly.Metrics;
import dev.loadgate.nightly.MutationLedger;
import dev.loadgate.nightly.MutationScope;
import dev.loadgate.nightly.NightlyReport;
import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.Verdict;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.PlanJson;
import dev.loadgate.runner.GatlingLauncher;
import dev.loadgate.runner.SimulationRun;
import dev.loadgate.runner.Trees;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate nightly}: the regression gate ({@code mvn verify -Pnightly} runs it). */
@Command(
    name = "nightly",
    header =
        "The nightly regression gate: plan, simulate and benchmark, then compare with the baseline.",
    mixinStandardHelpOptions = true,
    description = {
      "Plans every profile, runs each profile's simulation briefly on the local stack, runs the",
      "benchmarks, and compares the night's metrics with reports/baseline/nightly.json: verdicts",
      "and classifications exactly; lost events, ordering violations, partition shares, the model's",
      "delay and steps against the stack's, and PIT's scores within tight bounds (they are not",
      "noise); the gated benchmarks (the plan at 1,024 partitions, the partitioner, the consumer's",
      "per-event cost) as speed ratios to a reference timed beside them in each fork, held to the",
      "baseline nights' own noise (a benchmark too noisy to show a 25% regression is reported, not",
      "gated); the other benchmarks, in quick mode, as trends only. Writes",
      "reports/nightly/<timestamp>/ (index.html, summary.md, results.json), appends",
      "reports/nightly/history.jsonl, from which `loadgate baseline --update` takes its nights.",
      "",
      "Simulations and benchmarks need the test classpath (Gatling, JMH): run the whole gate with",
      "`mvn verify -Pnightly`. `--results FILE` compares a night already measured.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 no regression, 1 a regression (or a part that did not run), 2 invalid input."
    })
public final class NightlyCommand implements Callable<Integer> {
  static final DateTimeFormatter NIGHT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      defaultValue = "reports/baseline/nightly.json",
      description = "The approved values and tolerances (default: ${DEFAULT-VALUE}).")
  Path baseline;

  @Option(
      names = "--results",
      paramLabel = "FILE",
      description = "Compare this night's results.json instead of measuring.")
  Path results;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "reports/nightly",
      description = "Where nights are written, with history.jsonl (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seconds",
      defaultValue = "15",
      description = "Each simulation's length, scaled (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--skip-simulations", description = "Plans and benchmarks only.")
  boolean skipSimulations;

  @Option(names = "--skip-benchmarks", description = "Plans and simulations only.")
  boolean skipBenchmarks;

  @Option(
      names = "--mutation-report",
      paramLabel = "CSV",
      defaultValue = "target/pit-reports/mutations.csv",
      description =
          "PIT's mutations.csv: its score per package is reported, not gated (mvn verify"
              + " -Pnightly runs PIT before the gate) (default: ${DEFAULT-VALUE}).")
  Path mutationReport;

  @Option(
      names = "--mutation-scope",
      paramLabel = "FILE",
      description =
          "Write what PIT must mutate tonight (the classes changed since the baseline's commit) as"
              + " Maven properties to FILE, and exit; mvn verify -Pnightly runs this before PIT.")
  Path mutationScopeOut;

  @Option(
      names = "--mutation-ledger",
      paramLabel = "CSV",
      defaultValue = "reports/baseline/mutation-ledger.csv",
      description =
          "PIT's verdicts per class at the baseline's commit; tonight's run replaces the classes"
              + " it mutated again (default: ${DEFAULT-VALUE}).")
  Path mutationLedger;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      defaultValue = "profiles/pipeline.yaml",
      description = "The pipeline file (default: ${DEFAULT-VALUE}).")
  Path pipeline;

  @Option(
      names = "--commit",
      paramLabel = "SHA",
      description =
          "The commit this night measured, kept in its results and the history (default: git's"
              + " HEAD, when there is one).")
  String commit;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code git rev-parse --short HEAD}, or "" outside a work tree or without git. */
  static String headCommit() {
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? out : "";
    } catch (java.io.IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** A night's view of PIT's verdicts per class, beside its results. */
  static final String MUTATION_LEDGER = "mutation-ledger.csv";

  /** Where the scope step leaves what it decided, for the gate to read after PIT. */
  static final Path SCOPE_FILE = Path.of("target", "nightly", "mutation-scope.properties");

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    if (mutationScopeOut != null) {
      return writeMutationScope(o);
    }
    String startedAt = OffsetDateTime.now().withNano(0).toString();
    String commit = this.commit != null ? this.commit : headCommit();
    Map<String, Object> metrics;
    if (results != null) {
      metrics = NightlyReport.readResults(results);
    } else {
      metrics = measure(o);
    }
    if (!Files.isRegularFile(baseline)) {
      o.println(
          "loadgate: no baseline at "
              + baseline
              + ": every metric is new. Approve this night with `loadgate baseline --update`.");
    }
    Baseline base =
        Files.isRegularFile(baseline) ? Baseline.read(baseline) : new Baseline(Map.of());
    List<Gate.Comparison> comparisons;
    try {
      comparisons = Gate.compare(metrics, base);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("loadgate: " + baseline + ": " + e.getMessage());
      return Main.EXIT_INVALID;
    }
    Path night = out.resolve(LocalDateTime.now().format(NIGHT));
    String md =
        NightlyReport.write(
            metrics,
            comparisons,
            new NightlyReport.Night(startedAt, commit),
            baseline,
            night,
            out.resolve("history.jsonl"));
    if (tonightsLedger != null) {
      // What `baseline --update` takes as the next baseline's ledger.
      tonightsLedger.write(night.resolve(MUTATION_LEDGER));
      tonightsLedger.write(night.resolveSibling("latest").resolve(MUTATION_LEDGER));
    }
    o.println(md);
    o.println("loadgate: " + night.resolve("index.html"));
    List<Gate.Comparison> bad = Gate.regressions(comparisons);
    for (Gate.Comparison c : bad) {
      spec.commandLine()
          .getErr()
          .printf(
              Locale.ROOT,
              "loadgate: regression: %s: baseline %s, tonight %s (tolerance %s)%n",
              c.name(),
              c.baseline(),
              c.current(),
              c.tolerance());
    }
    return bad.isEmpty() && (Files.isRegularFile(baseline)) ? 0 : 1;
  }

  private Map<String, Object> measure(PrintWriter o) throws Exception {
    Map<String, Object> m = new TreeMap<>();
    Pipeline pipe = PipelineLoader.load(pipeline);
    List<IntakeProfile> profiles = new ArrayList<>();
    for (String name : Profiles.names(Profiles.DEFAULT_DIR)) {
      IntakeProfile p = ProfileLoader.load(Profiles.resolve(name, Profiles.DEFAULT_DIR));
      profiles.add(p);
      Metrics.addPlan(m, CapacityPlanner.plan(p, pipe));
    }
    o.printf("loadgate nightly: planned %d profiles%n", profiles.size());
    o.flush();
    if (!skipSimulations) {
      requireOnClasspath("io.gatling.app.Gatling", "simulations");
      Path sims = Path.of("target", "nightly", "simulations");
      for (IntakeProfile p : profiles) {
        RateCurve curve = CapacityPlanner.rateCurve(p);
        if (curve == null) {
          continue; // nothing to replay; the plan's metrics cover it
        }
        // Briefly, but not below the time scale at which the scaled pipeline is measurable.
        double time =
            Math.min(
                1,
                Math.max(
                    seconds / curve.durationSeconds(),
                    SimulationRun.minimumTimeScale(
                        pipe, CapacityPlanner.plan(p, pipe).verdict() == Verdict.READY)));
        o.printf(Locale.ROOT, "loadgate nightly: simulating %s (%.0f s)...%n", p.name(), seconds);
        o.flush();
        long t0 = System.nanoTime();
        Path latest = sims.resolve(p.name()).resolve("latest");
        Trees.delete(latest); // a summary after the run is this night's
        GatlingLauncher.Result r =
            GatlingLauncher.run(
                List.of(
                    "-Dprofile=" + p.name(),
                    "-Dpipeline=" + pipeline,
                    "-Dscale.time=" + time,
                    "-Dreports.dir=" + sims),
                sims.resolve("gatling"),
                sims.resolve(p.name() + ".log"),
                Duration.ofMinutes(10));
        Path summary = latest.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
          JsonNode s = PlanJson.MAPPER.readTree(summary.toFile());
          Metrics.addSimulation(m, p.name(), s);
        }
        o.printf(
            Locale.ROOT,
            "loadgate nightly: %s done in %.0f s (exit %d; log %s)%n",
            p.name(),
            (System.nanoTime() - t0) / 1e9,
            r.exit(),
            r.log());
        o.flush();
      }
    }
    MutationLedger merged = mutationLedger(o);
    if (merged != null) {
      merged.addMetrics(m);
      tonightsLedger = merged;
    } else if (Files.isRegularFile(mutationReport)) {
      Metrics.addMutation(m, Files.readAllLines(mutationReport));
      o.println("loadgate nightly: mutation scores from " + mutationReport);
    } else {
      o.println(
          "loadgate nightly: no mutation report at "
              + mutationReport
              + " (mvn verify -Pnightly runs PIT first): no mutation scores tonight");
    }
    o.flush();
    if (!skipBenchmarks) {
      requireOnClasspath("org.openjdk.jmh.runner.Runner", "benchmarks");
      o.println(
          "loadgate nightly: benchmarks: the gated ones beside their references, the rest in quick"
              + " mode...");
      o.flush();
      long t0 = System.currentTimeMillis();
      List<String> cmd =
          ChildJvm.command(
              List.of("-Djava.awt.headless=true"),
              "dev.loadgate.bench.RunBenchmarks",
              List.of("--nightly"));
      int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
      Path jmh = Path.of("reports", "benchmarks", "latest", "jmh.json");
      if (exit == 0
          && Files.isRegularFile(jmh)
          && Files.getLastModifiedTime(jmh).toMillis() >= t0) {
        Metrics.addBenchmarks(m, PlanJson.MAPPER.readTree(jmh.toFile()));
      } else {
        o.println("loadgate nightly: the benchmarks did not finish (exit " + exit + ")");
      }
    }
    return m;
  }

  /** The night's view of PIT's verdicts per class, written beside its results. */
  private MutationLedger tonightsLedger;

  /**
   * The baseline's ledger with tonight's verdicts for the classes tonight's scope mutated; null
   * without a ledger (the first full run makes one).
   */
  private MutationLedger mutationLedger(PrintWriter o) throws java.io.IOException {
    if (!Files.isRegularFile(mutationLedger)) {
      if (Files.isRegularFile(mutationReport)) {
        tonightsLedger = MutationLedger.ofMutations(Files.readAllLines(mutationReport));
      }
      return null;
    }
    MutationLedger ledger = MutationLedger.read(mutationLedger);
    MutationScope scope = readScope();
    if (scope.nothing()) {
      o.println(
          "loadgate nightly: no class PIT mutates changed since the baseline's commit: mutation"
              + " scores are the baseline run's ("
              + mutationLedger
              + ")");
      return ledger;
    }
    if (!ranAfterScope(mutationReport)) {
      // -Dnightly.pit.skip=true on the command line, or a report left by an earlier night.
      o.println(
          "loadgate nightly: PIT did not run tonight (skipped by -Dnightly.pit.skip=true?): mutation"
              + " scores are the baseline run's ("
              + mutationLedger
              + "), not tonight's");
      return ledger;
    }
    MutationLedger tonight = MutationLedger.ofMutations(Files.readAllLines(mutationReport));
    o.println(
        "loadgate nightly: mutation scores: "
            + (scope.all() ? "every class" : "the classes changed (" + scope.targets() + ")")
            + " from tonight's PIT run, the rest from "
            + mutationLedger);
    return ledger.merge(tonight, scope);
  }

  /** Whether PIT wrote its report after tonight's scope step (not one left from a night before). */
  private static boolean ranAfterScope(Path report) throws java.io.IOException {
    return Files.isRegularFile(report)
        && (!Files.isRegularFile(SCOPE_FILE)
            || Files.getLastModifiedTime(report).compareTo(Files.getLastModifiedTime(SCOPE_FILE))
                >= 0);
  }

  private static MutationScope readScope() throws java.io.IOException {
    if (!Files.isRegularFile(SCOPE_FILE)) {
      return MutationScope.EVERYTHING;
    }
    java.util.Properties p = new java.util.Properties();
    try (var in = Files.newBufferedReader(SCOPE_FILE)) {
      p.load(in);
    }
    if (Boolean.parseBoolean(p.getProperty("nightly.pit.all", "true"))) {
      return MutationScope.EVERYTHING;
    }
    String patterns = p.getProperty("nightly.pit.patterns", "");
    return new MutationScope(false, patterns.isEmpty() ? List.of() : List.of(patterns.split(",")));
  }

  /**
   * The scope step: the classes changed since the baseline's commit (committed or not), as the
   * properties the POM's PIT execution reads.
   */
  private int writeMutationScope(PrintWriter o) throws Exception {
    Baseline base = Files.isRegularFile(baseline) ? Baseline.read(baseline) : null;
    String since =
        base == null || base.nights().isEmpty()
            ? ""
            : base.nights().get(base.nights().size() - 1).commit();
    List<String> changed = since.isEmpty() ? null : changedSince(since);
    MutationScope scope =
        changed == null || !Files.isRegularFile(mutationLedger)
            ? MutationScope.EVERYTHING
            : MutationScope.of(changed);
    java.util.Properties p = new java.util.Properties();
    p.setProperty("nightly.pit.skip", String.valueOf(scope.nothing()));
    p.setProperty("nightly.pit.targets", scope.nothing() ? "none" : scope.targets());
    p.setProperty("nightly.pit.all", String.valueOf(scope.all()));
    p.setProperty("nightly.pit.patterns", String.join(",", scope.patterns()));
    p.setProperty("nightly.pit.since", since);
    Files.createDirectories(mutationScopeOut.toAbsolutePath().getParent());
    try (var w = Files.newBufferedWriter(mutationScopeOut)) {
      p.store(w, "loadgate nightly --mutation-scope");
    }
    if (!mutationScopeOut
        .toAbsolutePath()
        .normalize()
        .equals(SCOPE_FILE.toAbsolutePath().normalize())) {
      Files.createDirectories(SCOPE_FILE.toAbsolutePath().getParent());
      Files.copy(mutationScopeOut, SCOPE_FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    o.println(
        "loadgate nightly: PIT mutates "
            + (scope.all()
                ? "every class"
                    + (since.isEmpty()
                        ? " (the baseline names no commit)"
                        : changed == null
                            ? " (git cannot compare with " + since + ")"
                            : Files.isRegularFile(mutationLedger)
                                ? " (the build changed since " + since + ")"
                                : " (no ledger at " + mutationLedger + ")")
                : scope.nothing()
                    ? "nothing: no class it mutates changed since " + since
                    : scope.targets() + " (changed since " + since + ")"));
    return 0;
  }

  /**
   * Files changed since {@code commit}, committed or not, untracked ones too; null if git can't.
   */
  static List<String> changedSince(String commit) {
    List<String> diff = git("diff", "--name-only", commit);
    List<String> untracked = git("ls-files", "--others", "--exclude-standard");
    if (diff == null || untracked == null) {
      return null;
    }
    List<String> all = new ArrayList<>(diff);
    all.addAll(untracked);
    return all;
  }

  private static List<String> git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 ? out.lines().filter(l -> !l.isBlank()).toList() : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void requireOnClasspath(String className, String what) {
    try {
      Class.forName(className, false, NightlyCommand.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new CommandLine.ParameterException(
          new CommandLine(new NightlyCommand()),
          "the "
              + what
              + " need the test classpath: run `mvn verify -Pnightly`, or pass --skip-"
              + what);
    }
  }
}
