package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.RetrySchedule;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Lanes in the stack's production mode (SPEC §9.1): a consumer group per topic, asked of the real
 * broker, and each lane's own autoscaler stepping when the model steps it: an import on the
 * historical lane scales that lane only.
 */
// Alone, as ProductionModeIT: the autoscaler's step is timed against the model.
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerLanesIT {
  private static final String TOKEN = "phc_lanes";
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

  /** main 2 consumers (max 2), overflow 1 (max 1), historical 1 (max 4); reaction 3 s. */
  private static Pipeline pipeline() {
    return pipeline("");
  }

  /** The same, the historical lane with {@code historicalExtra} in its block (an autoscaler). */
  private static Pipeline pipeline(String historicalExtra) {
    return PipelineLoader.parse(
        Path.of("lanes.yaml"),
        """
        partitions: %d
        consumers: 2
        consumer_events_per_second: { default: %d }
        capture: { replicas: 4, requests_per_second_per_replica: 100, max_request_bytes: 1000000 }
        autoscaling: { reaction_time: 3s, max_consumers: 2, max_capture_replicas: 4 }
        lanes:
          main:       { consumers: 2, max_consumers: 2 }
          overflow:   { consumers: 1, max_consumers: 1 }
          historical: { consumers: 1, max_consumers: 4%s }
        overflow: { enabled: false, per_distinct_id_events_per_second: 1000, burst: 1000 }
        rate_limit: { per_token_events_per_second: 100000 }
        """
            .formatted(PARTITIONS, (int) MIX, historicalExtra));
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
  void eachTopicHasAGroupOfItsOwnWithItsLanesConsumers() throws Exception {
    try (LocalStack stack = stack(pipeline());
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<String, Integer> expected =
          Map.of(
              "loadgate-ingestion-main", 2,
              "loadgate-ingestion-overflow", 1,
              "loadgate-ingestion-historical", 1);
      Map<String, String> topic =
          Map.of(
              "loadgate-ingestion-main", Topics.MAIN,
              "loadgate-ingestion-overflow", Topics.OVERFLOW,
              "loadgate-ingestion-historical", Topics.HISTORICAL);
      Map<String, ConsumerGroupDescription> groups =
          admin.describeConsumerGroups(expected.keySet()).all().get(30, TimeUnit.SECONDS);
      for (var e : expected.entrySet()) {
        ConsumerGroupDescription g = groups.get(e.getKey());
        assertEquals(e.getValue(), g.members().size(), e.getKey() + ": " + g);
        int owned = 0;
        for (MemberDescription m : g.members()) {
          for (TopicPartition tp : m.assignment().topicPartitions()) {
            assertEquals(topic.get(e.getKey()), tp.topic(), e.getKey() + " reads only its topic");
            owned++;
          }
        }
        assertEquals(PARTITIONS, owned, e.getKey() + " owns every partition of its topic");
      }
      assertEquals(4, stack.consumers().consumers());
      assertEquals(Map.of("main", 2, "overflow", 1, "historical", 1), stack.consumers().sizes());
    }
  }

  @Test
  void anImportScalesTheHistoricalLaneOnlyWhenTheModelDoes() throws Exception {
    // 150 ev/s of an import for 10 s against the historical lane's 1 × 50: it lags within a
    // second, and its autoscaler asks for ceil((150 + backlog ÷ 3 s) ÷ 50) = 4, its maximum, which
    // join a reaction time later; main keeps its 2, overflow its 1.
    Pipeline pipe = pipeline();
    double[] even = new double[PARTITIONS];
    Arrays.fill(even, 1.0 / PARTITIONS);
    IngestionModel.Result model =
        IngestionModel.simulate(
            new IngestionModel.Traffic(RateCurve.flat(150, 10), 10, true, even, List.of()),
            IngestionModel.Capacity.of(pipe, MIX),
            new IngestionModel.Settings(RetrySchedule.SDK, 0.5, 3000, 0.02, 1.0, 0.4, 0.5));
    assertEquals(2, model.steps().size(), model.steps().toString());
    dev.loadgate.plan.Autoscaler.Step predicted = model.steps().get(1);
    assertEquals(Map.of("main", 2, "overflow", 1, "historical", 4), predicted.lanes());
    try (LocalStack stack = stack(pipe)) {
      long start = armAndSendHistorical(stack, 150, 10);
      JsonNode t = drainAndRead(stack, 90);
      JsonNode steps = t.path("steps");
      assertEquals(2, steps.size(), steps.toString());
      JsonNode step = steps.get(1);
      double at = (step.path("at_millis").asLong() - start) / 1000.0;
      assertEquals(predicted.seconds(), at, 1.0, "the step, predicted at " + predicted.seconds());
      assertEquals(2, step.path("lanes").path("main").asInt(), step.toString());
      assertEquals(1, step.path("lanes").path("overflow").asInt(), step.toString());
      assertEquals(4, step.path("lanes").path("historical").asInt(), step.toString());
      assertEquals(Map.of("main", 2, "overflow", 1, "historical", 4), stack.consumers().sizes());
      // Every point says what each lane ran.
      for (JsonNode p : t.path("points")) {
        assertTrue(p.path("lanes").has("historical"), p.toString());
      }
    }
  }

  @Test
  void kedaScalesTheHistoricalLaneOnItsLagOnTheModelsPollsAndSizes() throws Exception {
    // KEDA on the historical lane: every 1 s it asks ceil(lag ÷ 100), one pod per 2 s at most,
    // each working 1.5 s after it was asked for. 150 ev/s against 1 × 50: the lag grows by 100
    // a second, so the lane steps 1 → 2 → 3 → 4 as the model steps it, not once at its maximum.
    Pipeline pipe =
        pipeline(
            ", autoscaler: { lag_threshold: 100, polling_interval: 1s, startup: PT1.5S,"
                + " scale_up: { pods: 1, period: 2s } }");
    double[] even = new double[PARTITIONS];
    Arrays.fill(even, 1.0 / PARTITIONS);
    IngestionModel.Result model =
        IngestionModel.simulate(
            new IngestionModel.Traffic(RateCurve.flat(150, 10), 10, true, even, List.of()),
            IngestionModel.Capacity.of(pipe, MIX),
            new IngestionModel.Settings(RetrySchedule.SDK, 0.5, 3000, 0.02, 1.0, 0.4, 0.5));
    List<dev.loadgate.plan.Autoscaler.Step> predicted = model.steps();
    assertTrue(predicted.size() >= 3, "KEDA steps one pod at a time: " + predicted);
    try (LocalStack stack = stack(pipe)) {
      long start = armAndSendHistorical(stack, 150, 10);
      JsonNode steps = drainAndRead(stack, 90).path("steps");
      assertEquals(predicted.size(), steps.size(), steps + " against " + predicted);
      for (int i = 1; i < predicted.size(); i++) {
        JsonNode step = steps.get(i);
        double at = (step.path("at_millis").asLong() - start) / 1000.0;
        assertEquals(predicted.get(i).seconds(), at, 1.0, "step " + i + ": " + step);
        assertEquals(
            predicted.get(i).lanes().get("historical"),
            step.path("lanes").path("historical").asInt(),
            1,
            "step " + i + ": " + step);
        assertEquals(2, step.path("lanes").path("main").asInt(), "main keeps its 2");
      }
    }
  }

  /** Arms the timeline, then sends historical_migration batches of 10; returns the start. */
  private static long armAndSendHistorical(LocalStack stack, double eventsPerSecond, double seconds)
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
      StringBuilder body =
          new StringBuilder(
              "{\"api_key\":\"" + TOKEN + "\",\"historical_migration\":true,\"batch\":[");
      for (int k = 0; k < 10; k++, event++) {
        body.append(k == 0 ? "" : ",")
            .append("{\"event\":\"$pageview\",\"distinct_id\":\"id-")
            .append(event % 997)
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

  private static JsonNode drainAndRead(LocalStack stack, int timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (stack.metrics().consumed() < stack.metrics().acked()) {
      assertTrue(System.nanoTime() < deadline, "not drained within " + timeoutSeconds + " s");
      Thread.sleep(100);
    }
    Thread.sleep(1_200);
    return JSON.readTree(Http.get(stack.captureUrl() + "/timeline").body());
  }
}
