package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Capture's error bodies are JSON whatever the message holds. */
class CaptureErrorTest {
  @Test
  void aMessageWithTabsQuotesControlCharactersAndNewlinesStaysValidJson() throws Exception {
    String message = "bad\tfield \"x\"\nline 2 \\ \u0001 é";
    assertEquals(
        message, CapturePayload.JSON.readTree(CaptureServer.error(message)).path("error").asText());
    assertEquals(
        "null", CapturePayload.JSON.readTree(CaptureServer.error(null)).path("error").asText());
  }
}
