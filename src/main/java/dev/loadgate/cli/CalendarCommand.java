package dev.loadgate.cli;

import dev.loadgate.plan.TestCalendar;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.CalendarReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loadgate calendar}: every approved test on the clock, with the live load. */
@Command(
    name = "calendar",
    header =
        "Approved tests on the wall clock together with the live load: overlaps and a verdict per day.",
    mixinStandardHelpOptions = true,
    description = {
      "Places every profile at its schedule.start in the working-hours zone, sums the tests that run",
      "at once with the pipeline's live_load, and judges each overlap against capacity and the",
      "autoscaler: the combined peak against the headroom, the hottest partition of the combined load",
      "(two customers' hot ids can share a partition), and a verdict per day.",
      ""
    },
    footer = {
      "",
      "Formats:",
      "  json      overlaps, days, tests and the timeline on stdout (SPEC section 4)",
      "  markdown  DIR/calendar.md with the timeline chart as calendar-timeline.png",
      "  html      DIR/calendar.html with the timeline chart inline",
      "  text      a summary on stdout",
      "",
      "Examples:",
      "  loadgate calendar --pipeline profiles/pipeline-shared.yaml profiles/approved/",
      "  loadgate calendar --from 2026-12-14 --to 2026-12-18 --format html profiles/approved/ acme",
      "  loadgate plan --calendar profiles/approved/ --pipeline profiles/pipeline-shared.yaml example",
      "",
      "Exit codes: 0 the calendar was computed (gate on the JSON's days[].verdict), 2 invalid input."
    })
public final class CalendarCommand implements Callable<Integer> {

  @Parameters(
      arity = "1..*",
      paramLabel = "PROFILE_OR_DIR",
      description = "Profiles (names in profiles/ or paths) and folders of profiles.")
  List<String> profiles;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      description = "The pipeline file, with its live_load. Default: profiles/pipeline.yaml.")
  Path pipeline;

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description = "First day to report (YYYY-MM-DD). Default: the first test's day.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last day to report (YYYY-MM-DD). Default: the last test's last day.")
  LocalDate to;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "json, markdown, html or text (default: ${DEFAULT-VALUE}).")
  PlanCommand.Format format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "reports/calendar",
      description = "Where markdown and html are written (default: ${DEFAULT-VALUE}).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    if (from != null && to != null && to.isBefore(from)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--to " + to + " is before --from " + from);
    }
    Pipeline pipe =
        PipelineLoader.load(
            pipeline != null ? pipeline : Profiles.DEFAULT_DIR.resolve(Profiles.PIPELINE_FILE));
    ApprovedTests tests = ApprovedTests.read(profiles, pipe, null);
    TestCalendar.Result r = TestCalendar.of(pipe, tests.scheduled, tests.unscheduled, from, to);
    switch (format) {
      case json -> w.print(CalendarReport.json(r));
      case text -> w.print(CalendarReport.text(r));
      case markdown ->
          w.println(r.verdict() + " calendar: wrote " + CalendarReport.markdown(r, out));
      case html -> w.println(r.verdict() + " calendar: wrote " + CalendarReport.html(r, out));
    }
    w.flush();
    return 0;
  }
}
