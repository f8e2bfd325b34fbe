package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Capture's whole decoding path under a coverage-guided fuzzer (Jazzer): content types, form bodies
 * and their escapes, base64, gzip and {@code compression=gzip-js}, JSON batches, single events,
 * arrays, tokens, sizes. Whatever the bytes, capture either takes the events (each one a JSON
 * object with an event name, a distinct_id and the project's token) or refuses with a 4xx that says
 * why; anything else would be a 500 or a hang on the wire.
 *
 * <p>{@code mvn verify} replays the committed corpus ({@code CapturePayloadFuzzTestInputs/}, each
 * finding added there with its fix); {@code mvn test -Pfuzz} fuzzes for a set time.
 */
// Among the slowest unit classes: started first, so the run does not wait on it at the end.
@org.junit.jupiter.api.Order(1)
class CapturePayloadFuzzTest {

  @FuzzTest(maxDuration = "10m")
  void anyBodyIsEventsOrA4xx(byte[] input) throws Exception {
    CaptureFuzzInput in = CaptureFuzzInput.of(input);
    CapturePayload.Batch batch;
    try {
      batch =
          CapturePayload.parse(
              in.body(), in.contentType(), in.contentEncoding(), in.query(), in.maxBytes());
    } catch (CaptureException e) {
      assertTrue(e.status >= 400 && e.status < 500, e.status + " " + e.getMessage());
      assertNotNull(e.getMessage());
      return;
    }
    assertNotNull(batch.token(), "a batch always has its token");
    assertTrue(!batch.events().isEmpty(), "an accepted request carries events");
    for (CapturePayload.Event e : batch.events()) {
      assertNotNull(e.name());
      assertNotNull(e.distinctId());
      // What is forwarded to Kafka is the event's own JSON, an object, as the client sent it.
      JsonNode raw = CapturePayload.JSON.readTree(e.raw());
      assertTrue(raw.isObject(), "forwarded bytes are a JSON object");
      assertEquals(e.name(), raw.path("event").asText(), "the name is the event's own");
    }
  }
}
