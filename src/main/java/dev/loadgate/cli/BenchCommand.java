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
    subcommands = {
      BenchCommand.Capture.class,
      BenchCommand.ConsumerPartition.class,
      BenchCommand.SoakRun.class
    })
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
      name = "soak",
      header =
          "The stack under full load for a long run: rate, memory, GC, /stats, reconciliation.",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the stack as ./loadgate stack does (its own JVM, 640 MB heap, reconciliation on) and",
        "drives it at full speed from a load generator in another JVM: unique events in batches of",
        "100 over a million distinct ids. Every interval it prints events/s, the stack's RSS and",
        "heap, its GC time share and how long /stats took to answer. At the end the consumers",
        "drain, --resend records are written to Kafka again (a producer's re-send after a broker",
        "restart), and the reconciliation must count nothing lost and exactly those duplicates.",
        "",
        "It holds when, after --warm-up: the last minute's events/s are at least 90% of the first",
        "minute's; RSS grows no more than 10% after the first minute and stays under 1 GB; /stats",
        "answers in under 100 ms throughout; the reconciliation is exact.",
        "",
        "Example: loadgate bench soak --events 100000000   (about 40 min on 2 cores)",
        "",
        "Exit codes: 0 it held, 1 a promise broke (named in the output), 2 invalid input."
      })
  static final class SoakRun implements Callable<Integer> {
    @Option(
        names = "--events",
        paramLabel = "N",
        defaultValue = "0",
        description = "Stop after N acked events (default: no limit; one of --events, --seconds).")
    long events;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        defaultValue = "0",
        description = "Stop after S seconds (default: no limit).")
    long seconds;

    @Option(
        names = "--clients",
        defaultValue = "32",
        description = "Capture requests in flight (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(
        names = "--resend",
        defaultValue = "10000",
        description =
            "Records written again at the end, expected as duplicates (default: ${DEFAULT-VALUE}).")
    int resend;

    @Option(
        names = "--interval",
        defaultValue = "10",
        description = "Seconds between samples (default: ${DEFAULT-VALUE}).")
    int interval;

    @Option(
        names = "--warm-up",
        paramLabel = "S",
        defaultValue = "20",
        description =
            "Seconds of load printed but left out of the verdict (JIT, heap sizing; default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        defaultValue = "target/soak/soak.json",
        description = "The samples and the verdict as JSON (default: ${DEFAULT-VALUE}).")
    Path outFile;

    @Option(
        names = "--no-reconcile",
        description =
            "Pass --no-reconcile to the stack (to compare; the reconciliation is then unknown).")
    boolean noReconcile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (events <= 0 && seconds <= 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "give --events N or --seconds S (or both)");
      }
      dev.loadgate.stack.Soak.Result r =
          dev.loadgate.stack.Soak.run(
              new dev.loadgate.stack.Soak.Options(
                  events,
                  seconds,
                  clients,
                  noReconcile ? 0 : resend,
                  Duration.ofSeconds(interval),
                  Duration.ofSeconds(warmUp),
                  noReconcile ? java.util.List.of("--no-reconcile") : java.util.List.of()),
              line -> {
                out.println("  " + line);
                out.flush();
              });
      java.nio.file.Files.createDirectories(outFile.toAbsolutePath().getParent());
      dev.loadgate.report.PlanJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(outFile.toFile(), dev.loadgate.stack.Soak.json(r));
      out.printf(
          "events:         %,d acked, %,d consumed, %,d failed requests%n",
          r.acked(), r.consumed(), r.failedRequests());
      out.printf(
          "rate:           %,.0f ev/s first minute, %,.0f ev/s last minute (%.0f%%)  %s%n",
          r.firstMinuteRate(),
          r.lastMinuteRate(),
          100 * r.lastMinuteRate() / Math.max(1, r.firstMinuteRate()),
          r.rateHolds() ? "held" : "BROKE: under 90%");
      out.printf(
          "stack RSS:      %,d MB after the first minute, %,d MB at most  %s%n",
          r.rssAfterWarmUpKb() / 1024,
          r.rssMaxKb() / 1024,
          !r.rssUnderOneGb()
              ? "BROKE: over 1 GB"
              : r.rssFlat() ? "held" : "BROKE: grew more than 10%");
      out.printf(
          "/stats:         %.1f ms at most (building it %.1f ms at most, the rest waiting)  %s;"
              + " GC at most %.1f%% of an interval, longest pause %,d ms%n",
          r.statsMaxMillis(),
          r.statsBuildMaxMillis(),
          r.statsFast() ? "held" : "BROKE: 100 ms or more",
          100 * r.gcMaxShare(),
          r.gcMaxPauseMs());
      if (noReconcile) {
        out.println("reconciliation: off (--no-reconcile)");
      } else {
        out.printf(
            "reconciliation: %,d lost, %,d duplicates (%,d re-sent), bitmaps %,d KB, drained in %.1f s  %s%n",
            r.unconsumed(),
            r.duplicates(),
            r.resent(),
            r.reconciliationBytes() / 1024,
            r.drainSeconds(),
            r.reconciled() ? "exact" : "BROKE");
      }
      out.println("samples and verdict: " + outFile);
      boolean holds =
          r.rateHolds()
              && r.rssFlat()
              && r.rssUnderOneGb()
              && r.statsFast()
              && (noReconcile || r.reconciled());
      out.println(holds ? "soak: held" : "soak: BROKE (see above)");
      return holds ? 0 : 1;
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
