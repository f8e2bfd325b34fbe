package dev.loadgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /timeline} as both sides see it: what the stack writes, the replay reads back whole. */
class TimelineTest {
  private static final Timeline T =
      new Timeline(
          "production",
          10_000,
          0.5,
          List.of(new Timeline.Step(10_000, 2, 1, null, Map.of("main", 2))),
          List.of(
              new Timeline.Point(
                  11_000,
                  40,
                  3,
                  100,
                  80,
                  20,
                  "events_plugin_ingestion",
                  3,
                  15,
                  0.4,
                  0.3,
                  0.4,
                  2,
                  1,
                  Map.of("main", 2),
                  Map.of("events_plugin_ingestion", new Timeline.TopicWorst(3, 0.4)))),
          List.of(new Timeline.Stall(12_500, 0.9)),
          null,
          List.of(new Timeline.ReroutedKey("phc_x:bot", 11_200, 400)));

  @Test
  void whatTheStackWritesTheReplayReadsBackWholeInSnakeCase() {
    String json = T.json();
    assertTrue(json.contains("\"worst_partition_delay_seconds\":0.4"), json);
    assertTrue(json.contains("\"rerouted_keys\":[{\"key\":\"phc_x:bot\""), json);
    assertEquals(T, Timeline.read(json));
  }

  @Test
  void anOlderStacksBodyReadsWithDefaultsAndANonTimelineIsNull() {
    Timeline old =
        Timeline.read(
            "{\"lag_threshold_seconds\":1,\"points\":[{\"at_millis\":5,\"consumers\":2}],"
                + "\"some_later_field\":7}");
    assertEquals(List.of(), old.reroutedKeys());
    assertEquals(Map.of(), old.points().get(0).lanes());
    assertEquals(2, old.points().get(0).consumers());
    assertNull(Timeline.read("{\"status\":1}"), "no points: not a loadgate stack's timeline");
    assertNull(Timeline.read("not json"));
  }
}
