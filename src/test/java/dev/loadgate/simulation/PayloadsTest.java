package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.SkewModel;
import dev.loadgate.profile.TopDistinctId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Request bodies and the ids in them, read back with a JSON parser and counted. */
class PayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<TopDistinctId> TOP =
      List.of(
          new TopDistinctId("big \"quoted\" id", 200_000),
          new TopDistinctId("second", 100_000),
          new TopDistinctId("third", 50_000));

  @Test
  void idsAreDrawnWithTheDeclaredShares() {
    // 1M events: top ids 20% / 10% / 5%, the other 65% over 10,000 tail ids.
    DistinctIdSampler ids = new DistinctIdSampler(SkewModel.of(TOP, 10_003, 1_000_000));
    SplittableRandom random = new SplittableRandom(7);
    Map<String, Integer> counts = new HashMap<>();
    int n = 400_000;
    for (int i = 0; i < n; i++) {
      counts.merge(ids.next(random), 1, Integer::sum);
    }
    // Standard error of a 20% share over 400k draws: 0.06 points; allow 0.5.
    assertEquals(0.20, counts.get("big \"quoted\" id") / (double) n, 0.005);
    assertEquals(0.10, counts.get("second") / (double) n, 0.005);
    assertEquals(0.05, counts.get("third") / (double) n, 0.005);
    long tailIds = counts.keySet().stream().filter(k -> k.startsWith("loadgate-tail-")).count();
    assertTrue(tailIds > 5_000, "the tail is spread over its 10,000 ids: " + tailIds);
    int tailMax =
        counts.entrySet().stream()
            .filter(e -> e.getKey().startsWith("loadgate-tail-"))
            .mapToInt(Map.Entry::getValue)
            .max()
            .orElseThrow();
    assertTrue(tailMax < counts.get("third"), "no tail id outranks a top id");
  }

  @Test
  void aBatchIsARealPostHogBatchOfTheProfilesEvents() throws Exception {
    Map<String, Double> mix = new LinkedHashMap<>();
    mix.put("$pageview", 0.6);
    mix.put("$identify", 0.2);
    mix.put("$set", 0.2);
    DistinctIdSampler ids = new DistinctIdSampler(SkewModel.of(TOP, 1000, 1_000_000));
    Payloads payloads = new Payloads("phc_x", true, 50, 700, ids, mix);
    SplittableRandom random = new SplittableRandom(1);
    Set<String> uuids = new HashSet<>();
    Map<String, Integer> names = new HashMap<>();
    long bytes = 0;
    int events = 0;
    for (int r = 0; r < 200; r++) {
      byte[] body = payloads.next(random);
      JsonNode b = JSON.readTree(body);
      assertEquals("phc_x", b.get("api_key").asText());
      assertTrue(b.get("historical_migration").asBoolean());
      assertEquals(50, b.get("batch").size());
      for (JsonNode e : b.get("batch")) {
        events++;
        bytes += JSON.writeValueAsBytes(e).length;
        names.merge(e.get("event").asText(), 1, Integer::sum);
        assertTrue(uuids.add(e.get("uuid").asText()), "uuids are unique");
        assertFalse(e.get("distinct_id").asText().isEmpty());
        assertTrue(e.get("properties").isObject());
        if (e.get("event").asText().equals("$identify")) {
          assertTrue(
              e.get("properties").has("$anon_distinct_id"), "identify merges an anonymous id");
        }
      }
    }
    assertEquals(700, bytes / (double) events, 35, "payload_bytes honoured per event (mean)");
    assertEquals(0.6, names.get("$pageview") / (double) events, 0.03);
    assertEquals(0.2, names.get("$identify") / (double) events, 0.03);
    assertEquals(Set.of("$pageview", "$identify", "$set"), names.keySet());
  }

  @Test
  void oneEventPerRequestIsASingleEventWithItsToken() throws Exception {
    DistinctIdSampler ids = new DistinctIdSampler(SkewModel.of(TOP, 1000, 1_000_000));
    Payloads payloads = new Payloads("phc_x", false, 1, null, ids, Map.of());
    JsonNode e = JSON.readTree(payloads.next(new SplittableRandom(3)));
    assertEquals("phc_x", e.get("api_key").asText());
    assertEquals("$pageview", e.get("event").asText(), "no mix given: pageviews");
    assertFalse(e.has("batch"));
    assertFalse(e.has("historical_migration"));
    assertTrue(e.has("uuid") && e.has("distinct_id") && e.has("timestamp"));
  }
}
