package dev.loadgate.cli;

import dev.loadgate.calibrate.Calibration;
import dev.loadgate.calibrate.JmhResults;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.PipelineWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgate calibrate}: consumer benchmark scores → consumer_events_per_second for a pipeline
 * file.
 */
@Command(
    name = "calibrate",
    header = "Consumer benchmark scores -> consumer_events_per_second for a pipeline file.",
    mixinStandardHelpOptions = true,
    description = {
      "Turns the consumer benchmarks (ConsumerBenchmark, JMH JSON) into the pipeline numbers the plan",
      "uses for this machine's local stack: consumer_events_per_second (default, $identify and the other",
      "merge events) and apps_cost_factor, each with its error bar. The rest of the pipeline file is kept.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  mvn test-compile exec:exec@jmh -Djmh.args=\"ConsumerBenchmark\"",
      "  loadgate calibrate --out profiles/pipeline-local.yaml"
    })
public final class CalibrateCommand implements Callable<Integer> {
  @Option(
      names = "--from",
      paramLabel = "DIR|FILE",
      defaultValue = "reports/benchmarks/latest",
      description = "JMH results (default: ${DEFAULT-VALUE}).")
  Path from;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      defaultValue = "profiles/pipeline.yaml",
      description = "The pipeline file to start from (default: ${DEFAULT-VALUE}).")
  Path pipeline;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the calibrated pipeline file (default: stdout).")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Pipeline base = PipelineLoader.load(pipeline);
    Calibration.Result c = JmhResults.read(from).calibrate();
    Pipeline calibrated =
        PipelineWriter.withConsumerCosts(
            base, c.consumerEventsPerSecond(), c.appsCostFactor().mean());
    String persons = "persons not measured (ConsumerBenchmark without mix=pageview_personless)";
    if (c.personlessCostFactor() != null) {
      int batch = base.consumer() == null ? 500 : base.consumer().batchSize();
      calibrated =
          calibrated.withIngestion(
              calibrated.lanes(),
              new Pipeline.Consumer(
                  batch,
                  Math.round(c.personKey().mean() * 10) / 10.0,
                  Math.round(c.personlessKey().mean() * 10) / 10.0),
              Math.round(c.personlessCostFactor().mean() * 100) / 100.0);
      persons =
          String.format(
              Locale.ROOT,
              "personless cost factor: %.2f ± %.2f; one key, one event after another: %.0f ± %.0f"
                  + " ev/s with persons, %.0f ± %.0f without.",
              c.personlessCostFactor().mean(),
              c.personlessCostFactor().error(),
              c.personKey().mean(),
              c.personKey().error(),
              c.personlessKey().mean(),
              c.personlessKey().error());
    }
    List<String> comment =
        List.of(
            "Calibrated by `loadgate calibrate` from "
                + from
                + " (ConsumerBenchmark, one partition's consumer on this machine).",
            String.format(
                Locale.ROOT,
                "default: %.0f ± %.0f ev/s; $identify (and other merges): %.0f ± %.0f ev/s; apps cost factor: %.2f ± %.2f.",
                c.defaultRate().mean(),
                c.defaultRate().error(),
                c.identifyRate().mean(),
                c.identifyRate().error(),
                c.appsCostFactor().mean(),
                c.appsCostFactor().error()),
            persons,
            "Everything else is copied from " + pipeline + ".");
    String yaml = PipelineWriter.write(calibrated, comment);
    PrintWriter w = spec.commandLine().getOut();
    if (out == null) {
      w.print(yaml);
    } else {
      Files.writeString(out, yaml);
      w.println("loadgate: wrote " + out + " (" + comment.get(1) + ")");
    }
    w.flush();
    return 0;
  }
}
