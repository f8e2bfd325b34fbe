package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapturePayloadTest {
  private static CapturePayload.Batch parse(String body) {
    return CapturePayload.parse(
        body.getBytes(StandardCharsets.UTF_8), "application/json", null, Map.of(), 1_000_000);
  }

  private static int status(Runnable r) {
    return assertThrows(CaptureException.class, r::run).status;
  }

  @Test
  void batchSingleAndBareArray() {
    assertEquals(
        2,
        parse(
                "{\"api_key\":\"t\",\"batch\":[{\"event\":\"a\",\"distinct_id\":\"1\"},{\"event\":\"b\",\"distinct_id\":2}]}")
            .events()
            .size());
    CapturePayload.Batch single =
        parse("{\"token\":\"t\",\"event\":\"a\",\"properties\":{\"distinct_id\":\"p\"}}");
    assertEquals("t", single.token());
    assertEquals("p", single.events().get(0).distinctId());
    assertEquals("t", parse("[{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":\"1\"}]").token());
    assertTrue(
        parse(
                "{\"api_key\":\"t\",\"historical_migration\":true,\"batch\":[{\"event\":\"a\",\"distinct_id\":\"1\"}]}")
            .historical());
  }

  @Test
  void integerDistinctIdsBecomeText() {
    assertEquals(
        "42",
        parse("{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":42}")
            .events()
            .get(0)
            .distinctId());
  }

  @Test
  void refusals() {
    assertEquals(
        400, status(() -> parse("{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":{\"x\":1}}")));
    assertEquals(
        400, status(() -> parse("{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":true}")));
    assertEquals(400, status(() -> parse("{\"api_key\":\"t\",\"batch\":[]}")));
    assertEquals(400, status(() -> parse("{\"api_key\":\"t\",\"batch\":{}}")));
    assertEquals(400, status(() -> parse("\"just a string\"")));
    assertEquals(401, status(() -> parse("{\"event\":\"a\",\"distinct_id\":\"1\"}")));
    assertEquals(
        400,
        status(
            () ->
                parse(
                    "{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":\"1\",\"properties\":"
                        + "{\"a\":".repeat(100)
                        + "1"
                        + "}".repeat(100)
                        + "}")));
    byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertEquals(
        400, status(() -> CapturePayload.parse(badUtf8, "application/json", null, Map.of(), 1000)));
  }

  @Test
  void base64AndFormBodies() {
    String json = "{\"api_key\":\"t\",\"event\":\"a\",\"distinct_id\":\"1\"}";
    String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        1,
        CapturePayload.parse(
                b64.getBytes(StandardCharsets.US_ASCII), "text/plain", null, Map.of(), 1000)
            .events()
            .size());
    byte[] form =
        ("data=" + b64.replace("+", " "))
            .getBytes(StandardCharsets.US_ASCII); // a form decoder turns + into space
    assertEquals(
        1,
        CapturePayload.parse(form, "application/x-www-form-urlencoded", null, Map.of(), 1000)
            .events()
            .size());
  }

  @Test
  void gzipBombIs413() {
    byte[] bomb = Http.gzip(new byte[2_000_000]);
    assertEquals(
        413,
        status(() -> CapturePayload.parse(bomb, "application/json", "gzip", Map.of(), 1_000_000)));
  }

  @Test
  void aDeclaredBodyIsReadWholeAndAShortOneAsFarAsItGoes() throws java.io.IOException {
    byte[] body = new byte[70_000];
    new java.util.Random(7).nextBytes(body);
    // Delivered in small reads, as a socket delivers it.
    java.io.InputStream trickle =
        new java.io.ByteArrayInputStream(body) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1000));
          }
        };
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        body, CapturePayload.readBody(trickle, body.length, 1_000_000, "too large"));
    // The client closed after 500 of its declared 1,000 bytes: what came, for the parser to refuse.
    byte[] half = java.util.Arrays.copyOf(body, 500);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        half,
        CapturePayload.readBody(
            new java.io.ByteArrayInputStream(half), 1_000, 1_000_000, "too large"));
    // Undeclared (chunked) and over the limit: 413 while reading.
    assertEquals(
        413,
        status(
            () -> {
              try {
                CapturePayload.readBody(
                    new java.io.ByteArrayInputStream(body), -1, 60_000, "too large");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }));
  }

  @Test
  void aStreamThatFailsUnderTheReaderIsABodyThatCouldNotBeRead() {
    // As Undertow's stream fails when its connection is closed under a reading worker.
    java.io.InputStream closedUnder =
        new java.io.InputStream() {
          @Override
          public int read() {
            throw new NullPointerException("Cannot invoke \"PooledByteBuffer.getBuffer()\"");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return read();
          }
        };
    assertThrows(
        java.io.IOException.class,
        () -> CapturePayload.readBody(closedUnder, 100, 1_000_000, "too large"));
    assertThrows(
        java.io.IOException.class,
        () -> CapturePayload.readBody(closedUnder, -1, 1_000_000, "too large"));
  }
}
