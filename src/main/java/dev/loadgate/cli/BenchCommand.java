package dev.loadgate.cli;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.stack.CaptureBench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgate bench capture}: capture's throughput against a bare Kafka producer, in one run.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks of the local stack (figures, not pass/fail).",
    subcommands = {BenchCommand.Capture.class, BenchCommand.ConsumerPartition.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "capture",
      header = "Capture's events/s against a bare Kafka producer, side by side.",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the local stack on an embedded broker, then measures side by side on that broker:",
        "  1. events/s acked by capture over loopback (batches of 100, acks=all, idempotent producer);",
        "  2. events/s acked to a bare kafka-clients producer sending the same keyed records with",
        "     as many records in flight as capture's clients had (the headline ratio), then unbounded.",
        "Prints both, their ratio, start-up time and peak memory (RSS) of the stack and the broker."
      })
  static final class Capture implements Callable<Integer> {
    @Option(
        names = "--seconds",
        defaultValue = "20",
        description = "Length of each measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--clients",
        defaultValue = "64",
        description = "Capture requests in flight (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        defaultValue = "profiles/pipeline.yaml",
        description = "Partitions and request limits (default: ${DEFAULT-VALUE}).")
    Path pipeline;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Pipeline pipe = PipelineLoader.load(pipeline);

      CaptureBench.Result r =
          CaptureBench.run(
              pipe,
              Duration.ofSeconds(seconds),
              clients,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.printf(
          "capture (HTTP, batches of %d):  %,12.0f events/s  (%,d events in %.1f s, %d failed requests)%n",
          100,
          r.capture().eventsPerSecond(),
          r.capture().events(),
          r.capture().seconds(),
          r.failedRequests());
      out.printf(
          "bare producer, same in flight:  %,12.0f events/s  (%,d events in %.1f s)%n",
          r.bareProducer().eventsPerSecond(),
          r.bareProducer().events(),
          r.bareProducer().seconds());
      out.printf("ratio capture / bare producer:  %12.2f%n", r.ratio());
      out.printf(
          "bare producer, unbounded:       %,12.0f events/s  (up to 50,000 records in flight: Kafka's ceiling here)%n",
          r.unboundedProducer().eventsPerSecond());

      out.printf("stack start-up to ready:        %12.1f s%n", r.startupSeconds());
      out.printf(
          "peak RSS: stack %,d MB, broker %,d MB%n",
          r.stackPeakRssKb() / 1024, r.brokerPeakRssKb() / 1024);
      return 0;
    }
  }

  @Command(
      name = "consumer",
      header = "One partition's consumer at saturation through a real broker.",
      mixinStandardHelpOptions = true,
      description = {
        "One partition's consumer at saturation through a real broker: preloads events into a",
        "one-partition topic, then times one ingestion consumer (fetch, process, commit) draining them.",
        "With JMH results in reports/benchmarks/latest, also prints the calibrated prediction and the ratio."
      })
  static final class ConsumerPartition implements Callable<Integer> {
    @Option(
        names = "--events",
        defaultValue = "300000",
        description = "Events to drain (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
        names = "--mix",
        defaultValue = "pageview",
        description = "pageview or identify_heavy (default: ${DEFAULT-VALUE}).")
    String mix;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      dev.loadgate.stack.ConsumerBench.Result r =
          dev.loadgate.stack.ConsumerBench.run(
              events,
              mix,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.printf(
          "one partition, one consumer (%s): %,.0f events/s  (%,d events in %.2f s)%n",
          mix, r.eventsPerSecond(), r.events(), r.seconds());
      Path latest = Path.of("reports", "benchmarks", "latest");
      if (java.nio.file.Files.isRegularFile(latest.resolve("jmh.json"))) {
        double predicted;
        try {
          predicted = dev.loadgate.calibrate.JmhResults.read(latest).consumer(mix).mean();
        } catch (dev.loadgate.profile.ProfileException e) {
          out.println("no calibrated prediction to compare with: " + e.getMessage());
          return 0;
        }

        out.printf(
            "calibrated prediction (ConsumerBenchmark %s): %,.0f events/s; measured / predicted = %.2f%n",
            mix, predicted, r.eventsPerSecond() / predicted);
      }
      return 0;
    }
  }
}
