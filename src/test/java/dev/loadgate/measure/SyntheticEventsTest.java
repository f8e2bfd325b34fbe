package dev.loadgate.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Every measurement's $pageview comes from one template, read back as JSON. */
class SyntheticEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theTemplateCarriesTheIdTheUniqueUrlAndTheExtraProperties() throws Exception {
    JsonNode e = JSON.readTree(SyntheticEvents.pageviewJson("u-1", 42, ",\"$lib\":\"web\""));
    assertEquals("$pageview", e.path("event").asText());
    assertEquals("u-1", e.path("distinct_id").asText());
    assertEquals("https://example.com/p/42", e.path("properties").path("$current_url").asText());
    assertEquals("web", e.path("properties").path("$lib").asText());
    JsonNode personless = JSON.readTree(SyntheticEvents.personlessPageview("u-1", 7));
    assertFalse(personless.path("properties").path("$process_person_profile").asBoolean(true));
    assertTrue(JSON.readTree(SyntheticEvents.pageview("u-1", 7)).path("properties").size() == 2);
  }

  @Test
  void theBenchesSendTheTemplatesEvents() throws Exception {
    JsonNode capture = JSON.readTree(BenchLoad.captureEvent(1_001));
    assertEquals("user-" + (1_001 % BenchLoad.DISTINCT_IDS), capture.path("distinct_id").asText());
    assertEquals("Desktop", capture.path("properties").path("$device_type").asText());
    JsonNode soak = JSON.readTree(BenchLoad.event(12, 5));
    assertEquals("user-2", soak.path("distinct_id").asText());
    assertEquals("https://example.com/p/12", soak.path("properties").path("$current_url").asText());
  }
}
