package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.KafkaPartitions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The simulation in production mode ({@code SimulationIT}'s launcher): the local stack runs the
 * pipeline file's own capacities, and the delay it measures is held to the model's. Alone: a delay
 * of a few seconds measured within 25% is the machine's timing, which another JVM starting beside
 * it on two cores disturbs.
 */
@Isolated
class SimulationProductionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void atThePipelinesOwnCapacityAHotKeyLagsItsPartitionAsTheModelSays() throws Exception {
    // pipeline-tiny.yaml: 4 partitions, one consumer of 400 ev/s each, overflow off. hot-key.yaml
    // puts 70% of 600 ev/s on hot-one, plus a quarter of the rest: 0.775 × 600 = 465 ev/s on its
    // partition, 65/s more than its consumer takes, for the 15 s hold (and a little of the ramps):
    // about 1,000 events behind at the end, so the last waits about 1,000 / 400 = 2.5 s. The other
    // partitions take 45 ev/s. Capture (8,000 ev/s) never refuses; 4 consumers are the maximum.
    Path reports = Path.of("target/it-sim/production");
    SimulationIT.Run launched =
        SimulationIT.launch(
            List.of(
                "-Dprofile=src/test/resources/simulation/hot-key.yaml",
                "-Dpipeline=src/test/resources/simulation/pipeline-tiny.yaml",
                "-Dscale.rate=1",
                "-Dscale.time=1"),
            reports);
    JsonNode s = JSON.readTree(reports.resolve("hot-key/latest/summary.json").toFile());
    assertEquals(0, launched.exit(), "every check holds:\n" + launched.output());
    JsonNode cm = s.get("capacity_model");
    assertEquals("production", cm.get("mode").asText());
    JsonNode predicted = cm.get("predicted");
    JsonNode measured = cm.get("measured");
    int hot = KafkaPartitions.of("phc_hotkey:hot-one", 4);
    for (JsonNode o : List.of(predicted, measured)) {
      assertEquals(
          "events_plugin_ingestion", o.get("worst_partition").get("topic").asText(), o.toString());
      assertEquals(hot, o.get("worst_partition").get("partition").asInt(), o.toString());
      assertEquals(0, o.get("autoscaler_steps").size(), o.toString());
      assertEquals(0, o.get("rejected_events").asLong(), o.toString());
    }
    double p = predicted.get("max_delay_seconds").asDouble();
    double m = measured.get("max_delay_seconds").asDouble();
    assertEquals(2.5, p, 0.5, "the model's delay, worked by hand above");
    assertEquals(p, m, Math.max(0.25 * Math.max(p, m), 1.0), "measured next to predicted");
    assertTrue(s.get("timeline").size() >= 20, "a point a second: " + s.get("timeline").size());
    assertEquals(0, s.get("events").get("lost").asLong());
  }

  @Test
  void besideLiveTrafficTheHotPartitionLagsLongerAsTheModelSays() throws Exception {
    // The same load on pipeline-tiny-live.yaml with -Dlive=true: 200 ev/s of live traffic beside
    // it, 50 on each partition. The hot partition takes 465 + 50 = 515 ev/s at the hold, 115 more
    // than its consumer: about 1,725 events behind over the hold, 1,800 with the ramps' tails,
    // drained at 400 ev/s once the load (and the live traffic replayed beside it) stops: the last
    // waits about 4.5 s, against 2.5 s alone.
    Path reports = Path.of("target/it-sim/production-live");
    SimulationIT.Run launched =
        SimulationIT.launch(
            List.of(
                "-Dprofile=src/test/resources/simulation/hot-key.yaml",
                "-Dpipeline=src/test/resources/simulation/pipeline-tiny-live.yaml",
                "-Dlive=true",
                "-Dscale.rate=1",
                "-Dscale.time=1"),
            reports);
    JsonNode s = JSON.readTree(reports.resolve("hot-key/latest/summary.json").toFile());
    assertEquals(0, launched.exit(), "every check holds:\n" + launched.output());
    assertTrue(
        launched.output().contains("live traffic: up to 200 ev/s beside the load"),
        launched.output());
    JsonNode cm = s.get("capacity_model");
    double p = cm.get("predicted").get("max_delay_seconds").asDouble();
    double m = cm.get("measured").get("max_delay_seconds").asDouble();
    assertEquals(4.5, p, 0.8, "the model's delay, worked by hand above");
    assertEquals(p, m, Math.max(0.25 * Math.max(p, m), 1.0), "measured next to predicted");
    // The live traffic went through the stack too: 200 ev/s for the load's 22 s, acked and
    // consumed.
    JsonNode events = s.get("events");
    long live = events.get("acked").asLong() - events.get("sent").asLong();
    assertEquals(200 * 22, live, 0.1 * 200 * 22, events.toString());
    assertEquals(0, events.get("lost").asLong());
  }
}
