package dev.loadgate.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.jvm.ChildJvm;
import dev.loadgate.jvm.StackProcess;
import dev.loadgate.stack.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code loadgate bench soak}: the stack as a user starts it ({@code ./loadgate stack}: its own
 * JVM, at most 448 MB of heap, reconciliation on) driven at full speed by a load generator in
 * another JVM (unique events in batches of 100, a million distinct ids), sampled every interval:
 * events/s, the stack JVM's RSS, its GC time share and how long {@code /stats} takes to answer. At
 * the end the consumers drain, a known set of records is written to Kafka again (what a producer
 * re-sends after a broker restart) and the reconciliation must say: nothing lost, exactly those
 * duplicates.
 */
public final class Soak {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Pattern STACK_WARNING = Pattern.compile("WARN|WARNING");

  /**
   * @param events stop after this many acked events (0: no limit)
   * @param seconds stop after this long (0: no limit)
   * @param resend records written again at the end, to count as duplicates
   */
  public record Options(
      long events,
      long seconds,
      int clients,
      int resend,
      Duration interval,
      Duration warmUp,
      List<String> stackArgs) {
    public Options {
      if (events <= 0 && seconds <= 0) {
        throw new IllegalArgumentException("a soak needs --events or --seconds");
      }
    }
  }

  /**
   * One interval: what the stack did and how it felt. Warm-up intervals (JIT compilation in three
   * JVMs, the heap finding its size) are printed and kept, and left out of the verdict, as JMH
   * leaves out its warm-up iterations.
   */
  public record Sample(
      boolean warmUp,
      double atSeconds,
      long acked,
      double eventsPerSecond,
      long rssKb,
      double gcShare,
      double statsMillis,
      double statsBuildMillis,
      long heapUsedMb,
      long gcMaxPauseMs,
      String warning) {}

  /** What the soak measured, and whether each of the stack's promises held. */
  public record Result(
      List<Sample> samples,
      long acked,
      long consumed,
      long unconsumed,
      long duplicates,
      long resent,
      long failedRequests,
      long reconciliationBytes,
      double drainSeconds) {

    /** The intervals the verdict reads: after the warm-up. */
    public List<Sample> measured() {
      return samples.stream().filter(s -> !s.warmUp()).toList();
    }

    /** Events/s over the first minute after the warm-up. */
    public double firstMinuteRate() {
      List<Sample> s = measured();
      return meanRate(s.subList(0, Math.min(minute(s), s.size())));
    }

    /** Events/s over the last minute the generator ran. */
    public double lastMinuteRate() {
      List<Sample> s = measured();
      return meanRate(s.subList(Math.max(0, s.size() - minute(s)), s.size()));
    }

    /** How many samples make a minute. */
    private static int minute(List<Sample> s) {
      if (s.size() < 2) {
        return 1;
      }
      double interval = s.get(1).atSeconds() - s.get(0).atSeconds();
      return Math.max(1, (int) Math.round(60 / interval));
    }

    private static double meanRate(List<Sample> s) {
      return s.stream().mapToDouble(Sample::eventsPerSecond).average().orElse(0);
    }

    /** RSS once the first measured minute is over: heap grown, code compiled. */
    public long rssAfterWarmUpKb() {
      List<Sample> s = measured();
      return s.isEmpty() ? 0 : s.get(Math.min(minute(s), s.size()) - 1).rssKb();
    }

    public long rssMaxKb() {
      return measured().stream().mapToLong(Sample::rssKb).max().orElse(0);
    }

    public double statsMaxMillis() {
      return measured().stream().mapToDouble(Sample::statsMillis).max().orElse(0);
    }

    /** The stack's longest stop-the-world pause, over the whole run (warm-up included). */
    public long gcMaxPauseMs() {
      return samples.stream().mapToLong(Sample::gcMaxPauseMs).max().orElse(0);
    }

    /** The longest the stack itself took to build a /stats answer (the rest was waiting). */
    public double statsBuildMaxMillis() {
      return measured().stream().mapToDouble(Sample::statsBuildMillis).max().orElse(0);
    }

    public double gcMaxShare() {
      return measured().stream().mapToDouble(Sample::gcShare).max().orElse(0);
    }

    public boolean rateHolds() {
      return lastMinuteRate() >= 0.9 * firstMinuteRate();
    }

    public boolean rssFlat() {
      return rssMaxKb() <= 1.10 * rssAfterWarmUpKb();
    }

    public boolean rssUnderOneGb() {
      return rssMaxKb() < 1024 * 1024;
    }

    public boolean statsFast() {
      return statsMaxMillis() < 100;
    }

    public boolean reconciled() {
      return unconsumed == 0 && duplicates == resent;
    }

    public boolean holds() {
      return rateHolds() && rssFlat() && rssUnderOneGb() && statsFast() && reconciled();
    }
  }

  private Soak() {}

  public static Result run(Options o, Consumer<String> progress) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--token", BenchLoad.TOKEN));
    args.addAll(o.stackArgs());
    try (StackProcess stack =
        StackProcess.start(
            stackJvm(System.getenv("JAVA_OPTS")),
            args,
            Duration.ofMinutes(3),
            line -> {
              if (STACK_WARNING.matcher(line).find()) {
                progress.accept("stack: " + line.trim());
              }
            })) {
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      String url = stack.url();
      progress.accept(
          String.format(
              "stack ready at %s (pid %d, Kafka at %s); %d clients, %s",
              url,
              stack.pid(),
              stack.kafkaBootstrap(),
              o.clients(),
              (o.events() > 0 ? String.format("%,d events", o.events()) : "")
                  + (o.events() > 0 && o.seconds() > 0 ? " or " : "")
                  + (o.seconds() > 0 ? o.seconds() + " s" : "")));
      Process generator =
          new ProcessBuilder(
                  niced(
                      ChildJvm.command(
                          List.of("-Xmx512m"),
                          BenchLoad.class.getName(),
                          List.of(
                              "soak",
                              url + "/batch/",
                              String.valueOf(o.clients()),
                              String.valueOf(o.events() > 0 ? o.events() : Long.MAX_VALUE),
                              String.valueOf(
                                  o.seconds() > 0
                                      ? o.seconds()
                                      : Long.MAX_VALUE / 2_000_000_000L)))))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      List<Sample> samples = new ArrayList<>();
      long t0 = System.nanoTime();
      long lastAcked = 0;
      long lastGcMs = gcMillis(stats(http, url).body());
      double lastAt = 0;
      while (!generator.waitFor(o.interval().toMillis(), TimeUnit.MILLISECONDS)) {
        Timed t = stats(http, url);
        double at = (System.nanoTime() - t0) / 1e9;
        long acked = t.body().path("events_acked").asLong();
        long gcMs = gcMillis(t.body());
        JsonNode mem = t.body().path("memory");
        Sample s =
            new Sample(
                at <= o.warmUp().toSeconds(),
                at,
                acked,
                (acked - lastAcked) / (at - lastAt),
                rssKb(stack.pid()),
                Math.min(1, (gcMs - lastGcMs) / ((at - lastAt) * 1000)),
                t.millis(),
                t.buildMillis(),
                mem.path("heap_used_mb").asLong(),
                mem.path("gc_max_pause_ms").asLong(),
                mem.path("warning").isTextual() ? mem.path("warning").asText() : null);
        samples.add(s);
        progress.accept(line(s, t.body()));
        lastAcked = acked;
        lastGcMs = gcMs;
        lastAt = at;
      }
      String out =
          new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      long failed = out.isEmpty() ? -1 : Long.parseLong(out.split(" ")[2]);

      progress.accept("load stopped; waiting for the consumers to drain...");
      long drainStart = System.nanoTime();
      JsonNode end = new StackClient(url).awaitDrained(Duration.ofMinutes(5));
      if (end == null) {
        end = stats(http, url).body(); // its failure says why
      }
      double drain = (System.nanoTime() - drainStart) / 1e9;
      long before = end.path("duplicates").asLong();
      int resent = o.resend() > 0 ? resend(stack.kafkaBootstrap(), o.resend()) : 0;
      if (resent > 0) {
        progress.accept(
            String.format("wrote %,d records to Kafka again (a producer's re-send)...", resent));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (end.path("duplicates").asLong() - before < resent && System.nanoTime() < deadline) {
          Thread.sleep(200);
          end = stats(http, url).body();
        }
        Thread.sleep(1000); // and nothing more arrives
        end = stats(http, url).body();
      }
      JsonNode rec = end.path("reconciliation");
      return new Result(
          samples,
          end.path("events_acked").asLong(),
          end.path("events_consumed").asLong(),
          end.path("events_unconsumed").asLong(),
          end.path("duplicates").asLong(),
          resent,
          failed,
          rec.path("bytes").asLong(),
          drain);
    }
  }

  /**
   * The stack's JVM as {@code ./loadgate stack} starts it: 64 to 448 MB of heap, the JVM's default
   * collector aiming at 50 ms pauses, then {@code JAVA_OPTS} (which overrides or adds, as in the
   * script).
   */
  static List<String> stackJvm(String javaOpts) {
    List<String> jvm =
        new ArrayList<>(
            List.of("-Djava.awt.headless=true", "-Xms64m", "-Xmx448m", "-XX:MaxGCPauseMillis=50"));
    if (javaOpts != null && !javaOpts.isBlank()) {
      jvm.addAll(List.of(javaOpts.trim().split("\\s+")));
    }
    return jvm;
  }

  /** An answer of /stats: the round trip, and what the stack said building it took (-1: unsaid). */
  /**
   * The generator stands in for clients on other machines: on this one it yields the CPU to the
   * stack when both want it (nice 10, where there is a {@code nice}), so what the soak measures is
   * the stack and not the scheduler's choice between the two.
   */
  static List<String> niced(List<String> command) {
    if (!new java.io.File("/usr/bin/nice").canExecute()) {
      return command;
    }
    List<String> c = new ArrayList<>(List.of("/usr/bin/nice", "-n", "10"));
    c.addAll(command);
    return c;
  }

  record Timed(JsonNode body, double millis, double buildMillis) {}

  private static final Pattern BUILD_DUR = Pattern.compile("build;dur=([0-9.]+)");

  static Timed stats(HttpClient http, String url) throws IOException, InterruptedException {
    long t = System.nanoTime();
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/stats"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    double ms = (System.nanoTime() - t) / 1e6;
    Matcher m = BUILD_DUR.matcher(r.headers().firstValue("Server-Timing").orElse(""));
    return new Timed(JSON.readTree(r.body()), ms, m.find() ? Double.parseDouble(m.group(1)) : -1);
  }

  private static long gcMillis(JsonNode stats) {
    return stats.path("memory").path("gc_time_ms_total").asLong();
  }

  private static String line(Sample s, JsonNode stats) {
    return String.format(
        (s.warmUp() ? "warm-up " : "        ")
            + "%6.0f s  %,14d events  %,9.0f ev/s  rss %,5d MB  heap %,5d MB  gc %4.1f%% (longest pause %,d ms)  /stats %5.1f ms  lag %,d%s",
        s.atSeconds(),
        s.acked(),
        s.eventsPerSecond(),
        s.rssKb() / 1024,
        s.heapUsedMb(),
        s.gcShare() * 100,
        s.gcMaxPauseMs(),
        s.statsMillis(),
        stats.hasNonNull("lag_records") ? stats.get("lag_records").asLong() : -1,
        s.warning() == null ? "" : "  WARNING " + s.warning());
  }

  /**
   * Reads {@code n} records of the main topic from its start and writes them again, byte for byte
   * with their headers, to their partitions: the records a producer re-sends when a broker restarts
   * before acknowledging them.
   */
  static int resend(String bootstrap, int n) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(n, 5000));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.MAIN).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (records.size() < n && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (records.size() < n) {
            records.add(r);
          }
        }
      }
      for (ConsumerRecord<byte[], byte[]> r : records) {
        producer.send(
            new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers()));
      }
      producer.flush();
    }
    return records.size();
  }

  /** A process's resident set (VmRSS) in kB, from /proc; -1 where there is no /proc. */
  static long rssKb(long pid) {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(
              java.nio.file.Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return -1;
  }

  /** The result as JSON-ready maps (snake_case), for {@code --out}. */
  public static Map<String, Object> json(Result r) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("acked", r.acked());
    m.put("consumed", r.consumed());
    m.put("unconsumed", r.unconsumed());
    m.put("duplicates", r.duplicates());
    m.put("duplicates_expected", r.resent());
    m.put("failed_requests", r.failedRequests());
    m.put("reconciliation_bytes", r.reconciliationBytes());
    m.put("drain_seconds", r.drainSeconds());
    m.put("first_minute_events_per_second", r.firstMinuteRate());
    m.put("last_minute_events_per_second", r.lastMinuteRate());
    m.put("rss_after_warm_up_mb", r.rssAfterWarmUpKb() / 1024);
    m.put("rss_max_mb", r.rssMaxKb() / 1024);
    m.put("stats_max_ms", r.statsMaxMillis());
    m.put("gc_max_share", r.gcMaxShare());
    m.put("gc_max_pause_ms", r.gcMaxPauseMs());
    m.put("stats_build_max_ms", r.statsBuildMaxMillis());
    m.put(
        "holds",
        Map.of(
            "rate", r.rateHolds(),
            "rss_flat", r.rssFlat(),
            "rss_under_1gb", r.rssUnderOneGb(),
            "stats_under_100ms", r.statsFast(),
            "reconciled", r.reconciled()));
    List<Map<String, Object>> samples = new ArrayList<>();
    for (Sample s : r.samples()) {
      Map<String, Object> x = new java.util.LinkedHashMap<>();
      x.put("warm_up", s.warmUp());
      x.put("at_seconds", s.atSeconds());
      x.put("acked", s.acked());
      x.put("events_per_second", s.eventsPerSecond());
      x.put("rss_mb", s.rssKb() / 1024);
      x.put("heap_used_mb", s.heapUsedMb());
      x.put("gc_share", s.gcShare());
      x.put("stats_ms", s.statsMillis());
      x.put("stats_build_ms", s.statsBuildMillis());
      x.put("gc_max_pause_ms", s.gcMaxPauseMs());
      x.put("warning", s.warning());
      samples.add(x);
    }
    m.put("samples", samples);
    return m;
  }
}
