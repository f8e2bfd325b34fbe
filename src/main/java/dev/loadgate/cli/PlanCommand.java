package dev.loadgate.cli;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.SharedPipeline;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileException;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.HtmlReport;
import dev.loadgate.report.MarkdownReport;
import dev.loadgate.report.PlanJson;
import dev.loadgate.report.TextSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loadgate plan}: the capacity plan for one intake profile. */
@Command(
    name = "plan",
    header = "The capacity plan for one intake profile: verdict, reasons, scaling, report.",
    mixinStandardHelpOptions = true,
    description = {
      "Plans capacity for a customer's load test or historical import: is it a genuine load test or a",
      "denial of service, which partitions and distinct_ids run hot, what must be scaled, and what to",
      "tell the customer. Verdicts: READY, NEEDS_SCALING, REJECT (a DOS), NEEDS_ANSWERS.",
      ""
    },
    footer = {
      "",
      "Formats:",
      "  json      the plan as JSON on stdout (SPEC section 4); with --out also written to DIR/plan.json",
      "  markdown  the capacity-review document, written to DIR/plan.md with PNG charts beside it",
      "  html      the capacity-review document, written to DIR/plan.html with charts inline",
      "  text      a summary to read at a glance, on stdout",
      "",
      "Examples:",
      "  loadgate plan example",
      "  loadgate plan --format html profiles/nimbus-import.yaml",
      "  loadgate plan --pipeline prod-pipeline.yaml --format markdown --out review/ acme",
      "  loadgate plan --pipeline profiles/pipeline-shared.yaml --calendar profiles/approved/ example",
      "",
      "With live_load in the pipeline file the plan uses the headroom the live traffic leaves at the",
      "schedule's wall-clock hours, and suggests the best starts in the next four weeks (from --now).",
      "With live_load.prometheus the week is read from Prometheus (the weeks before --now) and saved",
      "as DIR/live-load.csv, so the plan can be re-run and reviewed without the server.",
      "",
      "Exit codes: 0 a plan was computed (whatever its verdict), 2 invalid input, 1 unexpected failure."
    })
public final class PlanCommand implements Callable<Integer> {
  enum Format {
    json,
    markdown,
    html,
    text
  }

  @Parameters(
      index = "0",
      paramLabel = "PROFILE",
      description = "A profile name in profiles/ (e.g. example) or a path to a profile file.")
  String profile;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description =
          "The pipeline's capacity file. Default: profiles/pipeline.yaml, else pipeline.yaml beside the profile.")
  Path pipeline;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "json, markdown, html or text (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where markdown and html reports are written. Default: reports/<profile>/.")
  Path out;

  @Option(
      names = "--calendar",
      paramLabel = "DIR",
      description =
          "Plan against the tests already approved in DIR (e.g. profiles/approved/) as well as the live load.")
  Path calendar;

  @Option(
      names = "--now",
      paramLabel = "INSTANT",
      description =
          "Suggest starts from this instant (e.g. 2026-12-14T00:00:00Z) instead of now, and read live_load.prometheus over the weeks before it: a review anyone can reproduce.")
  java.time.Instant now;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path profileFile = Profiles.resolve(profile, Profiles.DEFAULT_DIR);
    IntakeProfile intake = ProfileLoader.load(profileFile);
    Pipeline pipe =
        PipelineLoader.load(pipelineFile(profileFile), now != null ? now : java.time.Instant.now());
    List<SharedPipeline.Approved> approved =
        calendar == null
            ? List.of()
            : ApprovedTests.read(List.of(calendar.toString()), pipe, profileFile).scheduled;
    Plan plan =
        CapacityPlanner.plan(
            intake,
            pipe,
            new SharedPipeline.Context(now != null ? now : java.time.Instant.now(), approved));

    Path dir = this.out != null ? this.out : Path.of("reports", plan.profile());
    saveFetchedLiveLoad(pipe, dir);
    switch (format) {
      case json -> {
        out.print(PlanJson.write(plan));
        if (this.out != null) {
          PlanJson.write(plan, dir.resolve("plan.json"));
        }
      }
      case text -> out.print(TextSummary.render(plan));
      case markdown -> report(out, plan, MarkdownReport.write(plan, dir));
      case html -> report(out, plan, HtmlReport.write(plan, dir));
    }
    out.flush();
    return 0;
  }

  /**
   * The live load read from Prometheus, saved beside the report so the plan can be re-run and
   * reviewed without the server (SPEC §10). Said on stderr: stdout may be the plan's JSON.
   */
  private void saveFetchedLiveLoad(Pipeline pipe, Path dir) throws IOException {
    if (pipe.liveLoad() == null || pipe.liveLoad().fetched() == null) {
      return;
    }
    Files.createDirectories(dir);
    Path csv = dir.resolve("live-load.csv");
    Path tmp = dir.resolve("live-load.csv.tmp");
    Files.writeString(tmp, pipe.liveLoad().fetched());
    Files.move(tmp, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "live load read from "
            + pipe.liveLoad().source()
            + "; saved as "
            + csv
            + " (plan from it without the server: live_load.csv: "
            + csv.toAbsolutePath()
            + ")");
    err.flush();
  }

  private static void report(PrintWriter out, Plan plan, Path written) {
    out.println(plan.verdict() + " " + plan.profile() + ": wrote " + written);
  }

  private Path pipelineFile(Path profileFile) {
    if (pipeline != null) {
      return pipeline;
    }
    Path standard = Profiles.DEFAULT_DIR.resolve(Profiles.PIPELINE_FILE);
    if (Files.isRegularFile(standard)) {
      return standard;
    }
    Path beside = profileFile.toAbsolutePath().getParent().resolve(Profiles.PIPELINE_FILE);
    if (Files.isRegularFile(beside)) {
      return beside;
    }
    throw new ProfileException(
        standard, 0, "", "no pipeline file", "give one with --pipeline FILE");
  }
}
