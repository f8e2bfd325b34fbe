package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.plan.SkewModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A profile's personless share on the wire: the flag on that share of the events that may skip
 * persons.
 */
class PersonlessPayloadsTest {
  @Test
  void theShareOfNonMergeEventsCarriesTheFlagAndMergesNever() throws Exception {
    Map<String, Double> mix = new LinkedHashMap<>();
    mix.put("$pageview", 0.8);
    mix.put("$identify", 0.2);
    // personless_share 0.4 of all events: 0.4 / 0.8 = half of the pageviews.
    Payloads p =
        new Payloads(
            "phc_p",
            false,
            100,
            null,
            new DistinctIdSampler(SkewModel.of(List.of(), 1000, 1)),
            mix,
            0.5);
    ObjectMapper json = new ObjectMapper();
    SplittableRandom random = new SplittableRandom(11);
    int pageviews = 0;
    int flagged = 0;
    for (int i = 0; i < 400; i++) {
      for (JsonNode e : json.readTree(p.next(random)).path("batch")) {
        JsonNode flag = e.path("properties").path("$process_person_profile");
        if (e.path("event").asText().equals("$identify")) {
          assertFalse(flag.isBoolean(), "a merge always processes its person");
        } else {
          pageviews++;
          if (flag.isBoolean() && !flag.asBoolean()) {
            flagged++;
          }
        }
      }
    }
    // 40,000 events, ~32,000 pageviews: half flagged, within 1 point (the standard error is 0.3).
    assertEquals(0.5, (double) flagged / pageviews, 0.01);
    assertEquals(0.8, pageviews / 40_000.0, 0.01);
  }
}
