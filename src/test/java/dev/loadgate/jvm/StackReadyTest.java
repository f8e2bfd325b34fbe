package dev.loadgate.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stack's ready line: written and read through one mapper, anything else is not one. */
class StackReadyTest {
  @Test
  void theLineTheStackPrintsIsReadBackWhole() {
    StackReady r = new StackReady("http://127.0.0.1:41233", null, "127.0.0.1:40123", 4242);
    String line = r.line();
    assertTrue(line.startsWith("ready: {\"capture_url\":\"http://127.0.0.1:41233\""), line);
    assertEquals(r, StackReady.parse(line));
  }

  @Test
  void bannerLinesAndBrokenJsonAreNotReadyLines() {
    assertNull(StackReady.parse("  capture:  http://127.0.0.1:8010/batch/  /e/"));
    assertNull(StackReady.parse("Ctrl-C to stop."));
    assertNull(StackReady.parse("ready: {\"capture_url\":"));
  }
}
