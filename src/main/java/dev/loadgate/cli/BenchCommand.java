package dev.loadgate.cli;

import dev.loadgate.measure.CaptureBench;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate bench}: capture against Kafka's yardstick, one consumer, the long soak. */
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
      header = "Capture's events/s against Kafka's own ProducerPerformance on the same broker.",
      mixinStandardHelpOptions = true,
      description = {
        "Measures capture as an outsider would, --runs times. A run measures twice, each time on",
        "a fresh stack started as ./loadgate stack starts it (its own JVM, its embedded broker):",
        "first with its --consumers reading what capture writes, then capture alone (no",
        "consumers). Each time:",
        "  1. an external HTTP load generator (wrk where it is installed, else a Java client in",
        "     its own JVM) posts batches of 100 events of ~240 bytes: events/s answered 200, which",
        "     capture sends only once Kafka has acknowledged every event (acks=all);",
        "  2. Kafka's own ProducerPerformance sends records of the same size to a topic of as many",
        "     partitions on the same broker, unbounded (--throughput -1, acks=all): records/s.",
        "Prints both, their ratio, start-up to ready, and the largest RSS of the stack JVM plus",
        "the broker under the capture load (the target is under 1 GB). The ratio's target (0.5 or",
        "more) is capture alone's: ProducerPerformance is a producer and a broker with nothing",
        "reading, and in production capture does not share its cores with the consumers. With the",
        "consumers on the same cores the ratio says what this one machine can carry end to end.",
        "On a small machine everything shares the CPU, the generator too; that is the point.",
        "",
        "Exit codes: 0 measured (the figures are not a verdict), 2 invalid input."
      })
  static final class Capture implements Callable<Integer> {
    @Option(
        names = "--seconds",
        paramLabel = "S",
        defaultValue = "20",
        description = "Length of each measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
        names = "--warm-up",
        paramLabel = "S",
        defaultValue = "60",
        description =
            "Load before measuring, per run: JIT and heap sizing (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(
        names = "--connections",
        defaultValue = "64",
        description = "HTTP connections (requests in flight) (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
        names = "--runs",
        defaultValue = "3",
        description = "Runs, each on a fresh stack (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
        names = "--consumers",
        defaultValue = "2",
        description =
            "The stack's consumers in each run's first measurement, as ./loadgate stack's"
                + " --consumers (default: ${DEFAULT-VALUE}).")
    int consumers;

    @Option(
        names = "--generator",
        defaultValue = "auto",
        description = "auto (wrk if installed), wrk or java (default: ${DEFAULT-VALUE}).")
    String generator;

    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        defaultValue = "profiles/pipeline.yaml",
        description = "Partitions and request limits (default: ${DEFAULT-VALUE}).")
    Path pipeline;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        defaultValue = "target/bench/capture.json",
        description = "Every run's figures as JSON (default: ${DEFAULT-VALUE}).")
    Path outFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      CaptureBench.Generator g;
      try {
        g = CaptureBench.Generator.valueOf(generator.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--generator is auto, wrk or java, not " + generator);
      }
      if (seconds < 1 || runs < 1 || connections < 1 || warmUp < 0 || consumers < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--seconds, --runs, --connections and --consumers must be at least 1, --warm-up at"
                + " least 0");
      }
      Pipeline pipe = PipelineLoader.load(pipeline);
      java.util.List<CaptureBench.Run> rs =
          CaptureBench.run(
              pipe,
              new CaptureBench.Options(
                  Duration.ofSeconds(warmUp),
                  Duration.ofSeconds(seconds),
                  connections,
                  runs,
                  g,
                  consumers),
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.println();
      out.printf(
          "%-4s %-13s %14s %16s %7s %10s %22s%n",
          "run", "stack", "capture ev/s", "Kafka rec/s", "ratio", "start-up", "RSS stack+broker");
      for (int i = 0; i < rs.size(); i++) {
        for (CaptureBench.Measured m :
            java.util.List.of(rs.get(i).stack(), rs.get(i).captureAlone())) {
          out.printf(
              "%-4d %-13s %,14.0f %,16.0f %7.2f %8.1f s %,9d + %,4d = %,5d MB%s%n",
              i + 1,
              m.consumers() == 0 ? "capture alone" : m.consumers() + " consumers",
              m.captureEventsPerSecond(),
              m.referenceRecordsPerSecond(),
              m.ratio(),
              m.startupSeconds(),
              m.stackRssKb() / 1024,
              m.brokerRssKb() / 1024,
              m.rssKb() / 1024,
              m.failedRequests() > 0 ? "  (" + m.failedRequests() + " failed requests)" : "");
        }
      }
      double ratio = median(rs.stream().mapToDouble(r -> r.captureAlone().ratio()).toArray());
      double stackRatio = median(rs.stream().mapToDouble(r -> r.stack().ratio()).toArray());
      double rss = median(rs.stream().mapToDouble(r -> r.stack().rssKb() / 1024.0).toArray());
      double startup = median(rs.stream().mapToDouble(r -> r.stack().startupSeconds()).toArray());
      out.printf(
          "median: capture alone / Kafka %.2f (target 0.50 or more: %s); with %d consumers on the"
              + " same cores %.2f%n",
          ratio, ratio >= 0.5 ? "met" : "MISSED", consumers, stackRatio);
      out.printf(
          "median with consumers: RSS %,.0f MB (target under 1,024: %s); start-up %.1f s (target"
              + " under 8: %s)%n",
          rss, rss < 1024 ? "met" : "MISSED", startup, startup < 8 ? "met" : "MISSED");
      out.printf(
          "generator %s, %d connections, batches of 100 events of %d bytes; ProducerPerformance"
              + " --record-size %d --throughput -1 acks=all%n",
          rs.get(0).generator(), connections, rs.get(0).recordBytes(), rs.get(0).recordBytes());
      java.nio.file.Files.createDirectories(outFile.toAbsolutePath().getParent());
      dev.loadgate.report.PlanJson.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(
              outFile.toFile(),
              java.util.Map.of(
                  "runs",
                  rs,
                  "median_ratio_capture_alone",
                  ratio,
                  "median_ratio_with_consumers",
                  stackRatio,
                  "median_rss_mb",
                  rss,
                  "median_startup_s",
                  startup));
      out.println("figures: " + outFile);
      return 0;
    }

    private static double median(double[] v) {
      double[] s = v.clone();
      java.util.Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
  }

  @Command(
      name = "soak",
      header =
          "The stack under full load for a long run: rate, memory, GC, /stats, reconciliation.",
      mixinStandardHelpOptions = true,
      description = {
        "Starts the stack as ./loadgate stack does (its own JVM, 448 MB heap, reconciliation on) and",
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
      dev.loadgate.measure.Soak.Result r =
          dev.loadgate.measure.Soak.run(
              new dev.loadgate.measure.Soak.Options(
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
          .writeValue(outFile.toFile(), dev.loadgate.measure.Soak.json(r));
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
      dev.loadgate.measure.ConsumerBench.Result r =
          dev.loadgate.measure.ConsumerBench.run(
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
