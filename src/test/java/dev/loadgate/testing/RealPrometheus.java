package dev.loadgate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus for tests: Debian's {@code prometheus} package ({@code .ci/run} installs it, as
 * it installs Chromium; without it the tests that need one are skipped, saying so). History is
 * backfilled with the package's {@code promtool tsdb create-blocks-from openmetrics} before the
 * server starts on that storage; it listens on loopback only.
 */
public final class RealPrometheus implements AutoCloseable {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private final Process process;
  private final URI url;
  private final Path log;

  private RealPrometheus(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
        "no /usr/bin/prometheus and /usr/bin/promtool: apt-get install prometheus (.ci/run does)");
  }

  /**
   * Starts Prometheus in {@code dir}, its storage first filled from {@code openMetrics}
   * (OpenMetrics text ending in {@code # EOF}; null for none), scraping {@code targets} ({@code
   * host:port}) every {@code scrapeInterval}.
   */
  public static RealPrometheus start(
      Path dir, String openMetrics, List<String> targets, Duration scrapeInterval)
      throws IOException, InterruptedException {
    return start(dir, openMetrics, targets, null, scrapeInterval);
  }

  /**
   * Starts Prometheus scraping whatever {@code targetsFile} lists (Prometheus' file service
   * discovery, {@code [{"targets": ["host:port"]}]}): a test writes it once it knows a port, and
   * Prometheus picks it up without a restart.
   */
  public static RealPrometheus scraping(Path dir, Path targetsFile, Duration scrapeInterval)
      throws IOException, InterruptedException {
    if (!Files.exists(targetsFile)) {
      Files.writeString(targetsFile, "[]");
    }
    return start(dir, null, List.of(), targetsFile, scrapeInterval);
  }

  private static RealPrometheus start(
      Path dir, String openMetrics, List<String> targets, Path targetsFile, Duration scrapeInterval)
      throws IOException, InterruptedException {
    assumeInstalled();
    Path data = Files.createDirectories(dir.resolve("data"));
    if (openMetrics != null) {
      Path om = dir.resolve("backfill.om");
      Files.writeString(om, openMetrics);
      Process p =
          new ProcessBuilder(
                  PROMTOOL.toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  "--quiet",
                  om.toString(),
                  data.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("promtool.log").toFile())
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "promtool could not backfill: " + Files.readString(dir.resolve("promtool.log")));
      }
    }
    StringBuilder config =
        new StringBuilder("global:\n  scrape_interval: ")
            .append(scrapeInterval.toMillis())
            .append("ms\n  evaluation_interval: ")
            .append(scrapeInterval.toMillis())
            .append("ms\n");
    if (targetsFile != null) {
      config
          .append("scrape_configs:\n  - job_name: loadgate\n    file_sd_configs:\n")
          .append("      - files: ['")
          .append(targetsFile)
          .append("']\n        refresh_interval: 1s\n");
    } else if (!targets.isEmpty()) {
      config.append("scrape_configs:\n  - job_name: loadgate\n    static_configs:\n");
      config.append("      - targets: [");
      List<String> quoted = new ArrayList<>();
      targets.forEach(t -> quoted.add("'" + t + "'"));
      config.append(String.join(", ", quoted)).append("]\n");
    }
    Path yml = dir.resolve("prometheus.yml");
    Files.writeString(yml, config.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + yml,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=400d",
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RealPrometheus prom = new RealPrometheus(process, URI.create("http://127.0.0.1:" + port), log);
    prom.awaitReady(Duration.ofSeconds(60));
    return prom;
  }

  public URI url() {
    return url;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException(
        "prometheus was not ready in " + timeout.toSeconds() + " s: " + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
