package dev.loadgate.stack;

import dev.loadgate.profile.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Capture's throughput against what Kafka itself takes, side by side on one broker in one run:
 * events/s acked by capture over loopback (batches of 100, acks=all) and events/s acked to a bare
 * kafka-clients producer sending the same keyed records with the same producer settings. The ratio
 * is what capture's HTTP, parsing and per-key bookkeeping cost.
 */
public final class CaptureBench {
  /** One measurement: events acknowledged in {@code seconds}. */
  public record Measurement(long events, double seconds) {
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  /**
   * @param bareProducer the same records with as many unacknowledged as capture's clients had
   * @param unboundedProducer the same records, up to 50,000 unacknowledged: Kafka's ceiling here
   */
  public record Result(
      Measurement capture,
      Measurement bareProducer,
      Measurement unboundedProducer,
      double startupSeconds,
      long stackPeakRssKb,
      long brokerPeakRssKb,
      long failedRequests) {
    public double ratio() {
      return capture.eventsPerSecond() / bareProducer.eventsPerSecond();
    }
  }

  static final String TOKEN = BenchLoad.TOKEN;

  private CaptureBench() {}

  /**
   * @param pipeline partitions and request limit; overflow and the rate limit are switched off so
   *     both sides send the same keyed records
   */
  public static Result run(Pipeline pipeline, Duration each, int clients, Consumer<String> progress)
      throws Exception {
    Pipeline unlimited =
        new Pipeline(
            pipeline.partitions(),
            pipeline.consumers(),
            pipeline.consumerEventsPerSecond(),
            pipeline.appsCostFactor(),
            pipeline.capture(),
            pipeline.autoscaling(),
            new Pipeline.Overflow(false, 1, 1),
            new Pipeline.RateLimit(1e12),
            pipeline.policy());
    long t0 = System.nanoTime();
    try (LocalStack stack =
        LocalStack.start(
            new LocalStack.Options(
                "127.0.0.1", 0, Set.of(TOKEN), Set.of(), unlimited, null, 2, false))) {
      double startup = (System.nanoTime() - t0) / 1e9;
      progress.accept(
          String.format(
              "stack ready in %.1f s; capture for %d s with %d clients...",
              startup, each.toSeconds(), clients));
      AtomicLong failed = new AtomicLong();
      // Warm-up, as JMH does: the first seconds measure JIT compilation in three JVMs, not capture.
      load(new AtomicLong(), "http", stack.captureUrl() + "/batch/", String.valueOf(clients), "5");

      Measurement capture =
          load(
              failed,
              "http",
              stack.captureUrl() + "/batch/",
              String.valueOf(clients),
              String.valueOf(each.toSeconds()));
      progress.accept(
          String.format(
              "capture: %,.0f events/s; bare producer for %d s...",
              capture.eventsPerSecond(), each.toSeconds()));
      // Like for like: the bare producer may have as many records unacknowledged as capture's
      // clients have in their requests; then, for context, as many as it likes.
      Measurement bare =
          load(
              failed,
              "producer",
              stack.kafka().bootstrapServers(),
              String.valueOf(each.toSeconds()),
              String.valueOf(clients * BenchLoad.BATCH));
      progress.accept(
          String.format(
              "bare producer, %d records in flight: %,.0f events/s; unbounded for %d s...",
              clients * BenchLoad.BATCH, bare.eventsPerSecond(), each.toSeconds()));
      Measurement unbounded =
          load(
              failed,
              "producer",
              stack.kafka().bootstrapServers(),
              String.valueOf(each.toSeconds()),
              "50000");
      long brokerPid = stack.kafka() instanceof EmbeddedKafka k ? k.pid() : -1;
      return new Result(
          capture,
          bare,
          unbounded,
          startup,
          peakRssKb(ProcessHandle.current().pid()),
          brokerPid < 0 ? -1 : peakRssKb(brokerPid),
          failed.get());
    }
  }

  /** Runs one of {@link BenchLoad}'s generators as a child JVM and reads its one-line result. */
  private static Measurement load(AtomicLong failed, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        ChildJvm.command(List.of("-Xmx512m"), BenchLoad.class.getName(), List.of(args));

    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || out.isEmpty()) {
      throw new IllegalStateException(
          "load generator " + args[0] + " failed (exit " + p.exitValue() + ")");
    }
    String[] f = out.lines().reduce((x, y) -> y).orElseThrow().split(" ");
    failed.addAndGet(Long.parseLong(f[2]));
    return new Measurement(Long.parseLong(f[0]), Double.parseDouble(f[1]));
  }

  /** Peak resident set (VmHWM) of a process, from /proc; -1 where there is no /proc. */
  static long peakRssKb(long pid) {
    return procStatusKb(pid, "VmHWM:");
  }

  /**
   * One kB figure of a process's {@code /proc/PID/status} ({@code VmRSS:}, {@code VmHWM:}); -1
   * where there is no /proc.
   */
  static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }
}
