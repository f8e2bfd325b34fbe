package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.RetrySchedule;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.testing.KafkaPartitions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The stack at a tiny pipeline's own capacity (production mode): 4 partitions, consumers at 50
 * events/s, loads of a few hundred events/s, measured from the stack's own timeline and counters
 * and held to the model's numbers for the same load. One real broker for the class; a stack per
 * test, since each runs other capacities.
 */
// Alone: its assertions are the pipeline's timing (a delay under 0.5 s, a backlog's slope), which
// another JVM starting beside it on two cores disturbs by more than that.
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionModeIT {
  private static final String TOKEN = "phc_mini";
  private static final int PARTITIONS = 4;
  private static final double MIX = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmbeddedKafka kafka;

  @BeforeAll
  void broker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Pipeline pipeline(int consumers, int maxConsumers, String reaction) {
    return PipelineLoader.parse(
        Path.of("mini.yaml"),
        """
        partitions: %d
        consumers: %d
        consumer_events_per_second: { default: %s }
        capture: { replicas: 4, requests_per_second_per_replica: 100, max_request_bytes: 1000000 }
        autoscaling: { reaction_time: %s, max_consumers: %d, max_capture_replicas: 4 }
        overflow: { enabled: false, per_distinct_id_events_per_second: 1000, burst: 1000 }
        rate_limit: { per_token_events_per_second: 100000 }
        """
            .formatted(PARTITIONS, consumers, (int) MIX, reaction, maxConsumers));
  }

  private LocalStack stack(Pipeline pipeline) {
    return LocalStack.start(
        new LocalStack.Options(
            "127.0.0.1",
            0,
            Set.of(TOKEN),
            Set.of(),
            pipeline,
            kafka.bootstrapServers(),
            pipeline.consumers(),
            true,
            new LocalStack.Production(0.5, MIX, false)));
  }

  @Test
  void underCapacityNothingLags() throws Exception {
    // 2 consumers at 50 ev/s over 4 partitions, 60 ev/s spread evenly: 60% of capacity.
    try (LocalStack stack = stack(pipeline(2, 2, "3s"))) {
      long start = armAndSend(stack, 60, 10, spread());
      JsonNode t = drainAndRead(stack, 30);
      for (JsonNode p : points(t, start)) {
        assertTrue(p.path("delay_max_seconds").asDouble() < 0.5, p.toString());
        assertTrue(p.path("worst_partition_backlog_events").asLong() <= 10, p.toString());
      }
      assertEquals(1, t.path("steps").size(), "nothing to scale: " + t.path("steps"));
    }
  }

  @Test
  void twiceTheCapacityBuildsTheBacklogAtThePredictedSlopeAndDrains() throws Exception {
    // 200 ev/s for 8 s against 2 × 50: the model says the backlog grows 100/s and drains at
    // 100/s after; the stack's backlog, second by second, must follow that slope within 25%.
    Pipeline pipe = pipeline(2, 2, "3s");
    IngestionModel.Result model = model(pipe, 200, 8);
    double predictedSlope =
        (model.timeline().get(6).backlogEvents() - model.timeline().get(2).backlogEvents()) / 4;
    assertEquals(100, predictedSlope, 1, "the model's own slope, worked by hand: 200 - 100");
    try (LocalStack stack = stack(pipe)) {
      long start = armAndSend(stack, 200, 8, spread());
      long loadEnd = System.currentTimeMillis();
      JsonNode t = drainAndRead(stack, 60);
      long drained = System.currentTimeMillis();
      SimpleRegression fit = new SimpleRegression();
      for (JsonNode p : points(t, start)) {
        double s = (p.path("at_millis").asLong() - start) / 1000.0;
        if (s >= 1 && s <= 7) {
          fit.addData(s, p.path("backlog_events").asDouble());
        }
      }
      assertTrue(fit.getN() >= 4, "seconds of load on the timeline: " + fit.getN());
      assertEquals(
          predictedSlope, fit.getSlope(), 0.25 * predictedSlope, "backlog slope, events/s");
      // About 800 waiting at the end, drained at 100/s: 8 s, give or take.
      double drainSeconds = (drained - loadEnd) / 1000.0;
      assertTrue(drainSeconds < 8 * 1.5 + 3, "drained in " + drainSeconds + " s");
    }
  }

  @Test
  void aHotIdAboveItsConsumerLagsItsPartitionOnly() throws Exception {
    // 4 consumers, one partition each, 50 ev/s. 120 ev/s, half of it one distinct_id: its
    // partition takes 60 + 15 = 75 ev/s (25/s too many), the others 15 each.
    String whale = "whale";
    int hot = kafkaPartition(TOKEN + ":" + whale);
    try (LocalStack stack = stack(pipeline(4, 4, "1h"))) {
      IntFunction<String> ids = i -> i % 2 == 0 ? whale : spread().apply(i);
      long start = armAndSend(stack, 120, 8, ids);
      long[] backlog = new long[PARTITIONS];
      for (int p = 0; p < PARTITIONS; p++) {
        backlog[p] = stack.metrics().backlog(0, p);
      }
      assertTrue(
          backlog[hot] >= 100, "the whale's partition is behind: " + Arrays.toString(backlog));
      for (int p = 0; p < PARTITIONS; p++) {
        if (p != hot) {
          assertTrue(backlog[p] <= 10, "partition " + p + ": " + Arrays.toString(backlog));
        }
      }
      JsonNode t = drainAndRead(stack, 60);
      JsonNode worst = null;
      for (JsonNode p : points(t, start)) {
        if (worst == null
            || p.path("worst_partition_delay_seconds").asDouble()
                > worst.path("worst_partition_delay_seconds").asDouble()) {
          worst = p;
        }
      }
      assertNotNull(worst);
      assertEquals(hot, worst.path("worst_partition").asInt(), worst.toString());
      assertEquals(1, t.path("steps").size(), "one partition per consumer: nothing to add");
    }
  }

  @Test
  void theAutoscalerAddsConsumersAReactionTimeLaterAndTheRebalanceIsTimed() throws Exception {
    // 1 consumer (max 4), reaction 3 s, 150 ev/s against 50: the lag is seen within a second;
    // 150/s plus the backlog ÷ 3 s needs 4 consumers, which join 3 s later in a real rebalance.
    Pipeline pipe = pipeline(1, 4, "3s");
    IngestionModel.Result model = model(pipe, 150, 10);
    assertEquals(2, model.steps().size(), model.steps().toString());
    double predicted = model.steps().get(1).seconds();
    try (LocalStack stack = stack(pipe)) {
      long start = armAndSend(stack, 150, 10, spread());
      JsonNode t = drainAndRead(stack, 60);
      JsonNode steps = t.path("steps");
      assertEquals(2, steps.size(), steps.toString());
      JsonNode step = steps.get(1);
      double at = (step.path("at_millis").asLong() - start) / 1000.0;
      assertEquals(
          model.steps().get(1).consumers(), step.path("consumers").asInt(), steps.toString());
      assertEquals(predicted, at, 1.0, "the step, predicted at " + predicted + " s");
      assertTrue(step.hasNonNull("rebalance_seconds"), "the rebalance was timed: " + step);
      double rebalance = step.path("rebalance_seconds").asDouble();
      assertTrue(rebalance > 0 && rebalance < 3, "rebalance took " + rebalance + " s");
      assertEquals(4, stack.consumers().consumers());
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The model for a flat load spread evenly, as the stack is measured: 0.5 s lag threshold. */
  private static IngestionModel.Result model(
      Pipeline pipe, double eventsPerSecond, double seconds) {
    double[] even = new double[PARTITIONS];
    Arrays.fill(even, 1.0 / PARTITIONS);
    return IngestionModel.simulate(
        new IngestionModel.Traffic(
            RateCurve.flat(eventsPerSecond, seconds), 10, false, even, List.of()),
        IngestionModel.Capacity.of(pipe, MIX),
        new IngestionModel.Settings(RetrySchedule.SDK, 0.5, 3000, 0.02, 1.0, 0.4, 0.5));
  }

  /** Ids taking the partitions in turn: event i goes to partition i mod 4. */
  private static IntFunction<String> spread() {
    String[] byPartition = new String[PARTITIONS];
    for (int n = 0; Arrays.stream(byPartition).anyMatch(s -> s == null); n++) {
      String id = "id-" + n;
      int p = kafkaPartition(TOKEN + ":" + id);
      if (byPartition[p] == null) {
        byPartition[p] = id;
      }
    }
    return i -> byPartition[i % PARTITIONS];
  }

  private static int kafkaPartition(String key) {
    return KafkaPartitions.of(key, PARTITIONS);
  }

  /**
   * Arms the timeline, then sends {@code eventsPerSecond} in batches of 10, evenly spaced, for
   * {@code seconds}; returns when the load started (epoch ms).
   */
  private static long armAndSend(
      LocalStack stack, double eventsPerSecond, double seconds, IntFunction<String> ids)
      throws Exception {
    Http.send(
        HttpRequest.newBuilder(URI.create(stack.captureUrl() + "/timeline/arm"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
    double requestsPerSecond = eventsPerSecond / 10;
    long requests = Math.round(requestsPerSecond * seconds);
    long start = System.currentTimeMillis();
    long t0 = System.nanoTime();
    List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
    int event = 0;
    for (long r = 0; r < requests; r++) {
      long wait = t0 + (long) (r / requestsPerSecond * 1e9) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      StringBuilder body = new StringBuilder("{\"api_key\":\"" + TOKEN + "\",\"batch\":[");
      for (int k = 0; k < 10; k++, event++) {
        body.append(k == 0 ? "" : ",")
            .append("{\"event\":\"$pageview\",\"distinct_id\":\"")
            .append(ids.apply(event))
            .append("\",\"uuid\":\"")
            .append(UUID.randomUUID())
            .append("\",\"properties\":{}}");
      }
      body.append("]}");
      sent.add(
          Http.CLIENT.sendAsync(
              HttpRequest.newBuilder(URI.create(stack.captureUrl() + "/batch/"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.discarding()));
    }
    for (var f : sent) {
      assertEquals(200, f.join().statusCode(), "capture refused within its capacity");
    }
    return start;
  }

  /** Waits until every acked event is consumed, then reads the timeline (a second after). */
  private static JsonNode drainAndRead(LocalStack stack, int timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (stack.metrics().consumed() < stack.metrics().acked()) {
      assertTrue(System.nanoTime() < deadline, "not drained within " + timeoutSeconds + " s");
      Thread.sleep(100);
    }
    Thread.sleep(1_200);
    return JSON.readTree(Http.get(stack.captureUrl() + "/timeline").body());
  }

  /** The timeline's seconds from the start of the load on. */
  private static List<JsonNode> points(JsonNode timeline, long start) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : timeline.path("points")) {
      if (p.path("at_millis").asLong() >= start - 500) {
        out.add(p);
      }
    }
    return out;
  }
}
