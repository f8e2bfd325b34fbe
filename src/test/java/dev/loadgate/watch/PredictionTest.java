package dev.loadgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan's timeline as watch reads it from plan.json, at production's scale and a replay's. */
class PredictionTest {
  @TempDir Path dir;

  JsonNode plan() throws Exception {
    Cli.Result r = Cli.run("plan", "--format", "json", "--out", dir.toString(), "acme-ramp");
    assertEquals(0, r.exit(), r.err());
    return new ObjectMapper().readTree(dir.resolve("plan.json").toFile());
  }

  @Test
  void theTimelineIsThePlansAndAReplaysScaleShrinksIt() throws Exception {
    JsonNode json = plan();
    JsonNode timeline = json.get("timeline");
    assertTrue(timeline.size() > 100, "the model's moments: " + timeline.size());
    Prediction full = Prediction.read(dir.resolve("plan.json"), 1, 1);
    Prediction tenth = Prediction.read(dir.resolve("plan.json"), 0.1, 0.2);
    assertEquals(timeline.size(), full.moments().size());
    assertEquals(json.get("max_ingestion_delay_policy_seconds").asDouble(), full.policySeconds());
    assertEquals(full.policySeconds() * 0.2, tenth.policySeconds(), 1e-9);
    if (json.hasNonNull("schedule")) {
      assertEquals(
          java.time.OffsetDateTime.parse(json.get("schedule").get("start").asText()).toInstant(),
          full.start());
    }
    // The busiest moment: rates x0.1, its time x0.2, backlog x0.02, delay x0.2.
    int busiest = 0;
    for (int i = 0; i < full.moments().size(); i++) {
      if (full.moments().get(i).backlogEvents() > full.moments().get(busiest).backlogEvents()) {
        busiest = i;
      }
    }
    Prediction.Moment a = full.moments().get(busiest);
    Prediction.Moment b = tenth.moments().get(busiest);
    JsonNode m = timeline.get(busiest);
    assertEquals(m.get("seconds").asDouble(), a.seconds(), 1e-9);
    assertEquals(a.seconds() * 0.2, b.seconds(), 1e-9);
    assertEquals(a.consumedEventsPerSecond() * 0.1, b.consumedEventsPerSecond(), 1e-6);
    assertEquals(a.backlogEvents() * 0.02, b.backlogEvents(), 1e-6);
    assertEquals(a.maxDelaySeconds() * 0.2, b.maxDelaySeconds(), 1e-9);
    assertEquals(a.consumers(), b.consumers(), "consumers are not scaled");
    assertEquals(m.get("consumers").asInt(), a.allConsumers());
    // at(): the moment a time falls in.
    assertEquals(a, full.at(a.seconds() + full.spanSeconds() / 2));
  }

  @Test
  void aFileThatIsNotAPlanWithATimelineIsOneLine() throws Exception {
    Path old = dir.resolve("old.json");
    Files.writeString(old, "{\"profile\":\"x\",\"verdict\":\"READY\"}");
    Prediction.BadPlan e = assertThrows(Prediction.BadPlan.class, () -> Prediction.read(old, 1, 1));
    assertTrue(e.getMessage().contains("has no timeline"), e.getMessage());
    Path junk = dir.resolve("junk.json");
    Files.writeString(junk, "not json");
    assertTrue(
        assertThrows(Prediction.BadPlan.class, () -> Prediction.read(junk, 1, 1))
            .getMessage()
            .contains("cannot be read as JSON"));
  }
}
