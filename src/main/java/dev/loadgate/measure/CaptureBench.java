package dev.loadgate.measure;

import dev.loadgate.jvm.ChildJvm;
import dev.loadgate.jvm.StackProcess;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineWriter;
import dev.loadgate.stack.EmbeddedKafka;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code loadgate bench capture}: capture's events/s against Kafka's own yardstick on the same
 * broker, measured as an outsider measures them. The stack runs as {@code ./loadgate stack} runs
 * (its own JVM and heap, its broker, its consumers); an external HTTP load generator (wrk where it
 * is installed, else a Java client in its own JVM) posts batches of 100 events of ~240 bytes; then
 * Kafka's {@code ProducerPerformance} sends records of the same size, unbounded, acks=all, to a
 * topic of as many partitions on the same broker. On a small machine both share the CPU with the
 * generator, as they do in the issue that asked for it.
 *
 * <p>A run measures twice, each time on a fresh stack: the stack as it runs (its consumers reading
 * what capture writes, on the same cores) and capture alone ({@code --consumers 0}), which is what
 * ProducerPerformance is: a producer and a broker, nothing reading. Start-up to ready and the peak
 * RSS (stack JVM plus broker, sampled every second under the capture load) are measured each time
 * too.
 */
public final class CaptureBench {
  static final String TOKEN = BenchLoad.TOKEN;
  static final String REFERENCE_TOPIC = "loadgate_bench_reference";
  private static final Pattern PERF_LINE =
      Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec");
  private static final Pattern WRK_LINE =
      Pattern.compile(
          "loadgate-wrk requests=(\\d+) refused=(\\d+) errors=(\\d+) seconds=([0-9.]+)");

  /** Who drives capture. */
  public enum Generator {
    /** wrk where it is on the PATH, else the Java client. */
    AUTO,
    WRK,
    JAVA
  }

  /**
   * @param consumers the stack's consumers in the first measurement of each run (the second has
   *     none)
   */
  public record Options(
      Duration warmUp,
      Duration measure,
      int connections,
      int runs,
      Generator generator,
      int consumers) {}

  /**
   * One measurement on a fresh stack.
   *
   * @param consumers the stack's ingestion consumers (0: capture alone)
   * @param captureEvents events answered 200 while measuring
   * @param failedRequests requests answered other than 200, or not at all
   * @param referenceRecords records ProducerPerformance had acknowledged, in {@code
   *     referenceSeconds}
   * @param stackRssKb the stack JVM's largest RSS sampled under the capture load
   * @param brokerRssKb the broker's, sampled at the same moments
   */
  public record Measured(
      int consumers,
      long captureEvents,
      double captureSeconds,
      long failedRequests,
      long referenceRecords,
      double referenceRecordsPerSecond,
      double startupSeconds,
      long stackRssKb,
      long brokerRssKb) {
    public double captureEventsPerSecond() {
      return captureEvents / captureSeconds;
    }

    /** Capture's events/s over ProducerPerformance's records/s on the same broker. */
    public double ratio() {
      return captureEventsPerSecond() / referenceRecordsPerSecond;
    }

    /** Stack and broker together; -1 where unknown. */
    public long rssKb() {
      return stackRssKb < 0 || brokerRssKb < 0 ? -1 : stackRssKb + brokerRssKb;
    }
  }

  /**
   * One run: the stack with its consumers, then capture alone.
   *
   * @param stack the stack as {@code ./loadgate stack} runs it: its RSS and start-up are the
   *     headline's
   * @param captureAlone no consumers: like for like with ProducerPerformance, which has none
   */
  public record Run(String generator, int recordBytes, Measured stack, Measured captureAlone) {}

  private CaptureBench() {}

  /**
   * @param pipeline partitions and request limit; overflow and the rate limit are switched off so
   *     every event is keyed to the main topic and answered 200
   */
  public static List<Run> run(Pipeline pipeline, Options o, Consumer<String> progress)
      throws Exception {
    Path dir = Files.createTempDirectory("loadgate-bench-capture-");
    try {
      Path pipelineFile = dir.resolve("pipeline.yaml");
      Files.writeString(
          pipelineFile,
          PipelineWriter.write(
              unlimited(pipeline),
              List.of("bench capture: no rate limit, no overflow, so every event is answered")));
      List<byte[]> bodies = BenchLoad.captureBodies();
      Generator generator = resolve(o.generator());
      Path script = dir.resolve("batch.lua");
      Files.writeString(script, wrkScript(bodies));
      int recordBytes = meanEventBytes();
      List<Run> runs = new ArrayList<>();
      for (int i = 1; i <= o.runs(); i++) {
        Measured[] m = new Measured[2];
        int[] consumers = {o.consumers(), 0};
        for (int k = 0; k < 2; k++) {
          progress.accept(
              String.format(
                  "run %d of %d, %s: starting the stack...",
                  i, o.runs(), consumers[k] == 0 ? "capture alone" : consumers[k] + " consumers"));
          m[k] =
              once(
                  pipelineFile,
                  pipeline.partitions(),
                  consumers[k],
                  o,
                  generator,
                  script,
                  bodies.get(0),
                  recordBytes,
                  line -> progress.accept("  " + line));
          progress.accept(
              String.format(
                  "  ProducerPerformance %,.0f rec/s; capture / Kafka = %.2f",
                  m[k].referenceRecordsPerSecond(), m[k].ratio()));
        }
        runs.add(new Run(generator == Generator.WRK ? "wrk" : "java", recordBytes, m[0], m[1]));
      }
      return runs;
    } finally {
      EmbeddedKafka.deleteQuietly(dir);
    }
  }

  static Pipeline unlimited(Pipeline p) {
    return new Pipeline(
        p.partitions(),
        p.consumers(),
        p.consumerEventsPerSecond(),
        p.appsCostFactor(),
        p.capture(),
        p.autoscaling(),
        new Pipeline.Overflow(false, 1, 1),
        new Pipeline.RateLimit(1e12),
        p.policy());
  }

  private static Measured once(
      Path pipelineFile,
      int partitions,
      int consumers,
      Options o,
      Generator generator,
      Path script,
      byte[] firstBatch,
      int recordBytes,
      Consumer<String> progress)
      throws Exception {
    long t0 = System.nanoTime();
    try (StackProcess stack =
        StackProcess.start(
            Soak.stackJvm(System.getenv("JAVA_OPTS")),
            List.of(
                "--pipeline",
                pipelineFile.toString(),
                "--token",
                TOKEN,
                "--port",
                "0",
                "--consumers",
                String.valueOf(consumers)),
            Duration.ofMinutes(2),
            line -> {})) {
      double startup = (System.nanoTime() - t0) / 1e9;
      String bootstrap = stack.kafkaBootstrap();
      String url = stack.url() + "/batch/";
      progress.accept(
          String.format(
              "stack ready in %.1f s; %s, %d connections: %d s warm-up, then %d s measured",
              startup,
              generator == Generator.WRK ? "wrk" : "Java client",
              o.connections(),
              o.warmUp().toSeconds(),
              o.measure().toSeconds()));
      // A cold stack's first answers can take longer than a short run lasts, and wrk counts only
      // what is answered before it stops (a 3-s run once counted none): one batch answered first.
      firstAnswer(url, firstBatch);
      // Warm-up, as JMH does: JIT compilation in three JVMs and the heap finding its size. On two
      // cores capture's rate was still rising after 30 s and settled after about a minute.
      if (o.warmUp().toSeconds() > 0) {
        drive(generator, script, url, o.connections(), o.warmUp(), null, null);
      }
      long[] peak = new long[2];
      Load capture =
          drive(
              generator,
              script,
              url,
              o.connections(),
              o.measure(),
              peak,
              new long[] {stack.pid(), stack.brokerPid()});
      progress.accept(
          String.format(
              "capture: %,.0f events/s (%,d failed requests)%s",
              capture.events() / capture.seconds(),
              capture.failed(),
              consumers > 0 ? "; waiting for the consumers to drain..." : ""));
      if (consumers > 0) {
        // The reference runs alone on the broker, as capture alone does: nothing left to read.
        new StackClient(stack.url()).awaitDrained(Duration.ofMinutes(1));
      }
      createReferenceTopic(bootstrap, partitions);
      // ProducerPerformance has no duration: a short run warms it up and says how many records
      // fill the measured time. Its rate while warming up was 40% of its rate after: twice that
      // many records.
      double warm = producerPerformance(bootstrap, 500_000, recordBytes)[1];
      long records = Math.max(500_000, (long) (2 * warm * o.measure().toSeconds()));
      double[] ref = producerPerformance(bootstrap, records, recordBytes);
      return new Measured(
          consumers,
          capture.events(),
          capture.seconds(),
          capture.failed(),
          (long) ref[0],
          ref[1],
          startup,
          peak[0] == 0 ? -1 : peak[0],
          peak[1] == 0 ? -1 : peak[1]);
    }
  }

  private record Load(long events, double seconds, long failed) {}

  /**
   * Drives capture for {@code d}; while it runs, samples the RSS of {@code pids} every second into
   * {@code peak} (when given).
   */
  private static Load drive(
      Generator generator,
      Path script,
      String url,
      int connections,
      Duration d,
      long[] peak,
      long[] pids)
      throws IOException, InterruptedException {
    List<String> cmd =
        generator == Generator.WRK
            ? List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + d.toSeconds() + "s",
                // capture may wait up to 15 s for Kafka: slow answers are counted, not dropped
                "--timeout",
                "20s",
                "-s",
                script.toString(),
                url)
            : ChildJvm.command(
                List.of("-Xmx512m"),
                BenchLoad.class.getName(),
                List.of("http", url, String.valueOf(connections), String.valueOf(d.toSeconds())));
    Process p =
        new ProcessBuilder(Soak.niced(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    // Read its output as it comes, so a full pipe never stops it.
    java.util.concurrent.CompletableFuture<String> out =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                return "";
              }
            });
    while (!p.waitFor(1, TimeUnit.SECONDS)) {
      if (peak != null) {
        for (int i = 0; i < pids.length; i++) {
          peak[i] = Math.max(peak[i], pids[i] < 0 ? 0 : Soak.rssKb(pids[i]));
        }
      }
    }
    String text = out.join();
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "the load generator failed (exit " + p.exitValue() + "): " + text.trim());
    }
    if (generator == Generator.WRK) {
      Matcher m = WRK_LINE.matcher(text);
      if (!m.find()) {
        throw new IllegalStateException("wrk said nothing loadgate can read: " + text.trim());
      }
      long requests = Long.parseLong(m.group(1));
      long refused = Long.parseLong(m.group(2));
      long errors = Long.parseLong(m.group(3));
      return new Load(
          (requests - refused) * BenchLoad.BATCH, Double.parseDouble(m.group(4)), refused + errors);
    }
    String[] f = text.trim().lines().reduce((x, y) -> y).orElse("0 1 0").split(" ");
    return new Load(Long.parseLong(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]));
  }

  /**
   * Posts one batch until it is answered 200 (up to a minute): a broker that has just created the
   * topics may not take events yet, and capture answers 503 then, which a client retries.
   */
  private static void firstAnswer(String url, byte[] body)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int status;
    do {
      status =
          http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                      .timeout(Duration.ofMinutes(1))
                      .header("Content-Type", "application/json")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode();
    } while (status != 200 && System.nanoTime() < deadline);
    if (status != 200) {
      throw new IllegalStateException("capture answered " + status + " to a first batch for 1 min");
    }
  }

  private static void createReferenceTopic(String bootstrap, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(REFERENCE_TOPIC)) {
        admin
            .createTopics(List.of(new NewTopic(REFERENCE_TOPIC, partitions, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Kafka's {@code ProducerPerformance} in its own JVM: {@code records} of {@code bytes}, no
   * throttle, acks=all, its defaults otherwise.
   *
   * @return records sent and records/s, from its summary line
   */
  static double[] producerPerformance(String bootstrap, long records, int bytes)
      throws IOException, InterruptedException {
    List<String> cmd =
        ChildJvm.command(
            List.of("-Xmx512m"),
            "org.apache.kafka.tools.ProducerPerformance",
            List.of(
                "--topic",
                REFERENCE_TOPIC,
                "--num-records",
                String.valueOf(records),
                "--record-size",
                String.valueOf(bytes),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrap,
                "acks=all"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("ProducerPerformance failed: " + tail(text));
    }
    return parsePerformance(text);
  }

  /** ProducerPerformance's last line: "N records sent, R records/sec (...)". */
  static double[] parsePerformance(String text) {
    double[] last = null;
    for (String line : text.split("\n")) {
      Matcher m = PERF_LINE.matcher(line.trim());
      if (m.find()) {
        last = new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
      }
    }
    if (last == null) {
      throw new IllegalStateException("ProducerPerformance printed no summary: " + tail(text));
    }
    return last;
  }

  private static String tail(String text) {
    String t = text.trim();
    return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
  }

  /** The mean size of the events capture is sent: ProducerPerformance's record size. */
  static int meanEventBytes() {
    long total = 0;
    int n = 64 * BenchLoad.BATCH;
    for (int i = 0; i < n; i++) {
      total += BenchLoad.captureEvent(i).getBytes(StandardCharsets.UTF_8).length;
    }
    return (int) Math.round((double) total / n);
  }

  static Generator resolve(Generator g) {
    if (g != Generator.AUTO) {
      return g;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
        return Generator.WRK;
      }
    }
    return Generator.JAVA;
  }

  /**
   * A wrk script posting the given bodies round robin; its summary line counts requests answered
   * 4xx/5xx ("refused") apart from those with no answer.
   */
  static String wrkScript(List<byte[]> bodies) {
    StringBuilder s = new StringBuilder("-- written by loadgate bench capture\nlocal bodies = {\n");
    for (byte[] b : bodies) {
      s.append("  [==[").append(new String(b, StandardCharsets.UTF_8)).append("]==],\n");
    }
    s.append("}\n")
        .append("local n = 0\n")
        .append("wrk.method = \"POST\"\n")
        .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
        .append("request = function()\n")
        .append("  n = n + 1\n")
        .append("  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\n")
        .append("end\n")
        .append("done = function(summary, latency, requests)\n")
        .append("  local e = summary.errors\n")
        .append(
            "  io.write(string.format(\"loadgate-wrk requests=%d refused=%d errors=%d seconds=%.3f\\n\",\n")
        .append(
            "    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration / 1e6))\n")
        .append("end\n");
    return s.toString();
  }
}
