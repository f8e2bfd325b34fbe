package dev.loadgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.profile.WatchQueries;
import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.runner.GatlingLauncher;
import dev.loadgate.testing.Cli;
import dev.loadgate.testing.RealPrometheus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code watch} beside a replay (SPEC §10): a real Prometheus scrapes the local stack every second
 * while Gatling replays a load against it in production mode at its own scale, and {@code watch}
 * holds what Prometheus measures to a READY plan (even.yaml on pipeline-tiny.yaml). Replaying that
 * load, production stays within the plan, and what watch measured agrees with the replay's own
 * timeline; replaying hotter.yaml instead (a third more events, 90% on one key) makes the delay
 * pass the policy's 3 s, and watch says "stop the test" within seconds of it.
 */
@Isolated
class WatchReplayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STACK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)/metrics");
  private static final String PIPELINE = "src/test/resources/simulation/pipeline-tiny.yaml";

  @TempDir Path dir;

  /** What one replay with watch beside it gave. */
  record Watched(Watcher.Result watch, String lines, JsonNode summary, String replayLog) {}

  Watched replayAndWatch(String profile) throws Exception {
    Cli.Result planned =
        Cli.run(
            "plan",
            "--format",
            "json",
            "--pipeline",
            PIPELINE,
            "--out",
            dir.resolve("plan").toString(),
            "src/test/resources/simulation/even.yaml");
    assertEquals(0, planned.exit(), planned.err());
    Prediction plan = Prediction.read(dir.resolve("plan/plan.json"), 1, 1);
    assertEquals("READY", plan.verdict());

    Path targets = dir.resolve("targets.json");
    try (RealPrometheus prom =
        RealPrometheus.scraping(dir.resolve("prom"), targets, Duration.ofSeconds(1))) {
      Path reports = Path.of("target/it-watch/" + profile);
      Path log = reports.resolve("output.log");
      Files.deleteIfExists(log);
      CompletableFuture<GatlingLauncher.Result> replay =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Files.createDirectories(reports);
                  return GatlingLauncher.run(
                      List.of(
                          "-Dprofile=src/test/resources/simulation/" + profile + ".yaml",
                          "-Dpipeline=" + PIPELINE,
                          "-Dscale.rate=1",
                          "-Dscale.time=1",
                          "-Dreports.dir=" + reports),
                      reports.resolve("gatling"),
                      log,
                      Duration.ofMinutes(5));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      URI stack = URI.create(awaitLine(log, STACK, replay).group(1));
      Path tmp = dir.resolve("targets.tmp");
      Files.writeString(tmp, "[{\"targets\": [\"" + stack.getAuthority() + "\"]}]");
      Files.move(tmp, targets, StandardCopyOption.ATOMIC_MOVE);
      // The load starts after the warm-up has drained and the stack's timeline is armed: its first
      // second with events on the armed timeline (where the replay's own timeline starts too).
      Instant start = loadStart(stack, replay);
      StringWriter lines = new StringWriter();
      Watcher watcher =
          new Watcher(
              new PrometheusClient(prom.url(), null, Duration.ofSeconds(5)),
              WatchQueries.STACK,
              plan,
              new Watcher.Settings(start, start.plusSeconds(35), Duration.ofSeconds(2), 12, 1),
              Watcher.Clock.SYSTEM);
      Watcher.Result r = watcher.run(new PrintWriter(lines), polls -> {});
      System.out.println("watch beside the " + profile + " replay:\n" + lines);
      GatlingLauncher.Result ran = replay.get();
      JsonNode summary = JSON.readTree(reports.resolve(profile + "/latest/summary.json").toFile());
      return new Watched(r, lines.toString(), summary, ran.output());
    }
  }

  /** The stack's timeline, armed anew for the load, at its first second with events produced. */
  static Instant loadStart(URI stack, CompletableFuture<?> running) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    long startedAt = -1;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && !running.isDone()) {
      JsonNode t =
          JSON.readTree(
              http.send(
                      java.net.http.HttpRequest.newBuilder(stack.resolve("/timeline")).build(),
                      java.net.http.HttpResponse.BodyHandlers.ofString())
                  .body());
      long armed = t.get("armed_at_millis").asLong();
      if (startedAt < 0) {
        startedAt = armed; // armed when the stack started: the warm-up comes next
      } else if (armed != startedAt) {
        for (JsonNode p : t.get("points")) {
          if (p.get("produced_events").asLong() > 0) {
            return Instant.ofEpochMilli(p.get("at_millis").asLong());
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the stack's timeline never showed the load");
  }

  static Matcher awaitLine(Path log, Pattern p, CompletableFuture<?> running) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          Matcher m = p.matcher(line);
          if (m.find()) {
            return m;
          }
        }
      }
      if (running.isDone()) {
        throw new AssertionError(
            "the replay ended before '"
                + p
                + "':\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + p + "' in 3 minutes");
  }

  @Test
  void replayingThePlannedLoadStaysWithinThePlanAndWatchMeasuresWhatTheReplayDid()
      throws Exception {
    Watched w = replayAndWatch("even");
    assertEquals(0, w.summary().path("events").path("lost").asLong(), w.replayLog());
    assertEquals(0, w.watch().exitCode(), w.lines());
    assertNull(w.watch().stopAt());
    // Watch's measures against the replay's own timeline (a point a second, from the arming):
    // consumers exactly, the offered rate within 10% over the hold.
    List<Double> offered = new ArrayList<>();
    List<Double> timeline = new ArrayList<>();
    JsonNode points = w.summary().get("timeline");
    int scraped = 0;
    for (Watcher.Poll p : w.watch().polls()) {
      double t = p.measured().seconds();
      if (!p.measured().consumers().isEmpty()) { // until the replay stops its stack
        assertEquals(4, p.measured().allConsumers(), 0.0, w.lines());
        scraped++;
      }
      if (t >= 14 && t <= 19) { // the hold, with a full 10 s window of it behind
        offered.add(p.measured().offeredEventsPerSecond());
        double sum = 0;
        int n = 0;
        for (JsonNode q : points) {
          double s = q.get("t").asDouble();
          if (s > t - 10 && s <= t) {
            sum += q.get("admitted").asDouble();
            n++;
          }
        }
        timeline.add(sum / Math.max(1, n));
      }
    }
    assertTrue(scraped >= 10, "polls while the stack ran: " + scraped + "\n" + w.lines());
    assertTrue(offered.size() >= 2, w.lines());
    for (int i = 0; i < offered.size(); i++) {
      assertEquals(timeline.get(i), offered.get(i), 0.1 * timeline.get(i), w.lines());
    }
  }

  @Test
  void aHotterLoadThanPlannedSaysStopTheTestOnceTheDelayPassesThePolicy() throws Exception {
    Watched w = replayAndWatch("hotter");
    assertEquals(1, w.watch().exitCode(), w.lines());
    assertNotNull(w.watch().stopAt(), w.lines());
    assertTrue(w.lines().contains("STOP THE TEST: the delay, "), w.lines());
    assertTrue(w.lines().contains("the customer sends more than declared"), w.lines());
    // When the replay's own timeline saw the delay pass 3 s, and when watch said so.
    double crossed = Double.NaN;
    for (JsonNode q : w.summary().get("timeline")) {
      if (q.get("delay_max_seconds").asDouble() > 3) {
        crossed = q.get("t").asDouble();
        break;
      }
    }
    Instant start =
        w.watch()
            .polls()
            .get(0)
            .measured()
            .at()
            .minusMillis(Math.round(w.watch().polls().get(0).measured().seconds() * 1000));
    double said = Duration.between(start, w.watch().stopAt()).toMillis() / 1000.0;
    assertTrue(
        said >= crossed - 1 && said <= crossed + 10,
        "the delay passed 3 s at "
            + crossed
            + " s, watch said stop at "
            + said
            + " s\n"
            + w.lines());
  }
}
