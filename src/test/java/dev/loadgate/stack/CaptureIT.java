package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.testing.KafkaPartitions;
import dev.loadgate.testing.Locks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Capture against the real stack: every endpoint and encoding, every status, and what lands in
 * Kafka.
 */
@ResourceLock(Locks.SHARED_STACK)
class CaptureIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalStack stack;
  private static String url;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  /** The shared stack's counters when this class began: it reconciles only what it sent. */
  private static Reconciliation.Result before;

  private static long violationsBefore;

  @RegisterExtension
  static final BeforeAllCallback START =
      context -> {
        stack = SharedStack.get(context);
        url = stack.captureUrl();
        // What other classes sent before is theirs: settled first, then counted from here.
        stack.consumers().awaitDrained(Duration.ofSeconds(60));
        before = stack.metrics().reconciliation();
        violationsBefore = stack.metrics().orderingViolations.sum();
      };

  private static String id(String name) {
    return RUN + "-" + name;
  }

  private static String event(String distinctId, String name) {
    return "{\"event\":\""
        + name
        + "\",\"distinct_id\":\""
        + distinctId
        + "\",\"properties\":{\"$current_url\":\"https://example.com\"}}";
  }

  private static String batch(String token, String... events) {
    return "{\"api_key\":\"" + token + "\",\"batch\":[" + String.join(",", events) + "]}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/e", "/e/", "/i/v0/e", "/i/v0/e/", "/batch", "/batch/", "/capture", "/capture/"})
  void everyEndpointWithAndWithoutTrailingSlashTakesSingleAndBatchedEvents(String path) {
    String single =
        "{\"api_key\":\"phc_it\",\"event\":\"$pageview\",\"distinct_id\":\""
            + id("ep" + path)
            + "\"}";
    assertEquals(
        200, Http.post(url + path, single, "Content-Type", "application/json").statusCode());
    assertEquals(
        200,
        Http.post(
                url + path,
                batch(
                    "phc_it",
                    event(id("epb" + path), "$pageview"),
                    event(id("epb" + path), "signup")))
            .statusCode());
  }

  @Test
  void everyEncodingPostHogClientsUse() {
    String body = batch("phc_it", event(id("enc"), "$pageview"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(bytes);
    List<HttpResponse<String>> answers =
        List.of(
            Http.post(url + "/batch/", bytes, "Content-Type", "application/json"),
            Http.post(
                url + "/batch/",
                Http.gzip(bytes),
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "gzip"),
            Http.post(
                url + "/batch/?compression=gzip-js",
                Http.gzip(bytes),
                "Content-Type",
                "text/plain"),
            Http.post(url + "/batch/", b64, "Content-Type", "text/plain"),
            Http.post(
                url + "/e/",
                "data=" + URLEncoder.encode(b64, StandardCharsets.UTF_8),
                "Content-Type",
                "application/x-www-form-urlencoded"),
            Http.post(
                url + "/e/",
                "data=" + URLEncoder.encode(body, StandardCharsets.UTF_8) + "&compression=",
                "Content-Type",
                "application/x-www-form-urlencoded"),
            Http.post(
                url + "/e/",
                "["
                    + event(id("enc"), "a")
                        .replace("{\"event\"", "{\"api_key\":\"phc_it\",\"event\"")
                    + "]",
                "Content-Type",
                "application/json"),
            Http.post(
                url + "/e/",
                "{\"token\":\"phc_it\",\"event\":\"x\",\"properties\":{\"distinct_id\":\""
                    + id("enc")
                    + "\"}}"),
            Http.get(url + "/e/?data=" + URLEncoder.encode(b64, StandardCharsets.UTF_8)));
    for (int i = 0; i < answers.size(); i++) {
      assertEquals(
          200, answers.get(i).statusCode(), "encoding " + i + ": " + answers.get(i).body());
      assertEquals("{\"status\":1}", answers.get(i).body());
    }
  }

  @Test
  void malformedRequestsGet400WithAReason() {
    assertStatus(
        400,
        "not valid JSON",
        Http.post(url + "/e/", "{\"api_key\":\"phc_it\",", "Content-Type", "application/json"));
    assertStatus(
        400, "no distinct_id", Http.post(url + "/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\"}"));
    assertStatus(
        400,
        "no event name",
        Http.post(url + "/e/", "{\"api_key\":\"phc_it\",\"distinct_id\":\"a\"}"));
    assertStatus(
        400,
        "not valid gzip",
        Http.post(
            url + "/e/",
            new byte[] {0x1f, (byte) 0x8b, 1, 2, 3},
            "Content-Type",
            "application/json"));
    assertStatus(
        400,
        "one token per request",
        Http.post(
            url + "/batch/",
            "{\"api_key\":\"phc_it\",\"batch\":[{\"api_key\":\"phc_limited\",\"event\":\"x\",\"distinct_id\":\"a\"}]}"));
    assertStatus(
        400,
        "neither JSON nor valid base64",
        Http.post(url + "/e/", "%%%not base64%%%", "Content-Type", "text/plain"));
  }

  @Test
  void unknownOrMissingTokenIs401() {
    assertStatus(
        401,
        "unknown token phc_nobody",
        Http.post(
            url + "/e/", "{\"api_key\":\"phc_nobody\",\"event\":\"x\",\"distinct_id\":\"a\"}"));
    assertStatus(
        401,
        "no api_key or token",
        Http.post(url + "/e/", "{\"event\":\"x\",\"distinct_id\":\"a\"}"));
  }

  @Test
  void oversizeIs413ByContentLengthByStreamingAndByGzipBomb() throws IOException {
    byte[] big = new byte[1_000_001];
    java.util.Arrays.fill(big, (byte) ' ');
    assertStatus(
        413,
        "over the 1000000-byte limit",
        Http.post(url + "/batch/", big, "Content-Type", "application/json"));
    // Chunked: no Content-Length, so the limit is found while reading.
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(url + "/batch/"))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    assertStatus(413, "over the 1000000-byte limit", Http.send(chunked));
    // 50 MB of spaces compress to ~50 KB.
    byte[] bomb = Http.gzip(new byte[50_000_000]);
    assertTrue(bomb.length < 1_000_000);
    assertStatus(
        413,
        "gzip body expands past",
        Http.post(
            url + "/batch/", bomb, "Content-Type", "application/json", "Content-Encoding", "gzip"));
    // The server still serves.
    assertEquals(
        200,
        Http.post(
                url + "/e/",
                "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\""
                    + id("after413")
                    + "\"}")
            .statusCode());
  }

  /**
   * A client that sends its whole oversized body before it reads gets its 413, and the connection
   * serves its next request. (Answered and closed while the client still sent, the client's socket
   * was reset, and the reset could discard the 413 before it was read.)
   */
  @Test
  void anOversizedBodySentInFullGets413AndTheConnectionGoesOn() throws IOException {
    URI u = URI.create(url);
    byte[] body = new byte[3_000_000];
    java.util.Arrays.fill(body, (byte) ' ');
    String valid =
        "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"" + id("keepalive") + "\"}";
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /batch/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body); // all of it, before reading: a reset here would throw
      out.flush();
      java.io.InputStream in = s.getInputStream();
      String first = response(in);
      assertTrue(first.startsWith("HTTP/1.1 413 "), first);
      assertTrue(first.contains("over the 1000000-byte limit"), first);
      out.write(
          ("POST /e/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + valid.length()
                  + "\r\n\r\n"
                  + valid)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String second = response(in);
      assertTrue(second.startsWith("HTTP/1.1 200 "), "same connection, next request: " + second);
    }
  }

  /** One HTTP/1.1 response with a Content-Length body, read off a socket. */
  private static String response(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void overTheTokenRateLimitIs429WithRetryAfter() {
    String events =
        IntStream.range(0, 5001)
            .mapToObj(i -> "{\"event\":\"e\",\"distinct_id\":\"" + id("rl") + i + "\"}")
            .collect(Collectors.joining(","));
    HttpResponse<String> r =
        Http.post(url + "/batch/", "{\"api_key\":\"phc_limited\",\"batch\":[" + events + "]}");
    assertStatus(429, "rate limit", r);
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
  }

  @Test
  void unknownPathsAndMethods() {
    assertEquals(404, Http.post(url + "/track/", "{}").statusCode());
    HttpResponse<String> put =
        Http.send(
            HttpRequest.newBuilder(URI.create(url + "/e/"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertEquals(405, put.statusCode());
    assertEquals("POST, GET", put.headers().firstValue("Allow").orElse(""));
    // The counters are read, never written: a POST to them is refused, not counted as capture.
    for (String path : List.of("/metrics", "/stats", "/_health")) {
      assertStatus(405, "use GET", Http.post(url + path, "{}"));
    }
    // A GET is capture only with data=: without it, 400 naming what is missing.
    assertStatus(400, "needs a data= query parameter", Http.get(url + "/e/?ip=1"));
  }

  @Test
  void keyedRecordsLandOnKafkasOwnPartitionForTokenColonDistinctId() throws Exception {
    List<String> ids = IntStream.range(0, 40).mapToObj(i -> id("part-" + i)).toList();
    String events =
        ids.stream()
            .flatMap(d -> IntStream.range(0, 3).mapToObj(i -> event(d, "$pageview")))
            .collect(Collectors.joining(","));
    assertEquals(200, Http.post(url + "/batch/", batch("phc_it", events)).statusCode());
    List<ConsumerRecord<String, String>> records =
        KafkaReader.read(
            stack.kafka().bootstrapServers(),
            Topics.MAIN,
            r -> r.key() != null && r.key().startsWith("phc_it:" + RUN + "-part-"));
    assertEquals(120, records.size());
    for (ConsumerRecord<String, String> r : records) {
      // The event is forwarded as sent; capture's metadata rides in headers.
      JsonNode value = JSON.readTree(r.value());
      assertEquals("$pageview", value.get("event").asText());
      assertEquals("phc_it:" + value.get("distinct_id").asText(), r.key());
      assertEquals(
          value.get("distinct_id").asText(),
          EventHeaders.text(r.headers(), EventHeaders.DISTINCT_ID));
      assertEquals("phc_it", EventHeaders.text(r.headers(), EventHeaders.TOKEN));
      UUID.fromString(EventHeaders.text(r.headers(), EventHeaders.UUID));
      int expected = KafkaPartitions.of(r.key(), 8);
      assertEquals(expected, r.partition(), r.key());
    }
    // Capture numbers every record once; per key, the numbers count up in partition order.
    Map<String, List<Long>> seqs = new java.util.HashMap<>();
    records.forEach(
        r ->
            seqs.computeIfAbsent(r.key(), k -> new java.util.ArrayList<>())
                .add(EventHeaders.number(r.headers(), EventHeaders.CAPTURE_SEQ, -1)));
    assertEquals(
        120, seqs.values().stream().flatMap(List::stream).distinct().count(), "one number each");
    for (List<Long> s : seqs.values()) {
      assertEquals(3, s.size());
      assertTrue(0 < s.get(0) && s.get(0) < s.get(1) && s.get(1) < s.get(2), s.toString());
    }
  }

  @Test
  void aDistinctIdAboveItsBucketOverflowsKeyless() throws Exception {
    // 100 events of one id at once: the burst (20, plus what refills at 50/s while the request is
    // handled) goes keyed to its partition, the rest keyless to the overflow topic.
    String hot = id("hot");
    String events =
        IntStream.range(0, 100)
            .mapToObj(i -> event(hot, "$pageview"))
            .collect(Collectors.joining(","));
    long before = stack.metrics().eventsOverflowed.sum();
    long t0 = System.nanoTime();
    assertEquals(200, Http.post(url + "/batch/", batch("phc_it", events)).statusCode());
    double seconds = (System.nanoTime() - t0) / 1e9;
    int overflowedByCapture = (int) (stack.metrics().eventsOverflowed.sum() - before);
    List<ConsumerRecord<String, String>> overflowed =
        KafkaReader.read(
            stack.kafka().bootstrapServers(), Topics.OVERFLOW, r -> r.value().contains(hot));
    List<ConsumerRecord<String, String>> keyed =
        KafkaReader.read(stack.kafka().bootstrapServers(), Topics.MAIN, r -> hot.equals(keyId(r)));
    assertEquals(overflowedByCapture, overflowed.size());
    assertEquals(100, overflowed.size() + keyed.size());
    assertTrue(
        keyed.size() >= 20 && keyed.size() <= 20 + 50 * seconds + 1,
        "keyed " + keyed.size() + " in " + seconds + " s");
    overflowed.forEach(r -> assertNull(r.key()));
    for (ConsumerRecord<String, String> r : overflowed) {
      assertEquals(hot, EventHeaders.text(r.headers(), EventHeaders.DISTINCT_ID));
    }
  }

  @Test
  void historicalMigrationGoesToTheHistoricalTopic() {
    String old = id("historical");
    String body =
        "{\"api_key\":\"phc_it\",\"historical_migration\":true,\"batch\":["
            + event(old, "order_placed")
            + ","
            + event(old, "order_placed")
            + "]}";
    assertEquals(200, Http.post(url + "/batch/", body).statusCode());
    List<ConsumerRecord<String, String>> records =
        KafkaReader.read(
            stack.kafka().bootstrapServers(), Topics.HISTORICAL, r -> r.value().contains(old));
    assertEquals(2, records.size());
    records.forEach(r -> assertEquals("phc_it:" + old, r.key()));
  }

  @Test
  void metricsAreServedInPrometheusTextFormat() {
    HttpResponse<String> m = Http.get(url + "/metrics");
    assertEquals(200, m.statusCode());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    for (String series :
        List.of(
            "loadgate_events_acked_total ",
            "loadgate_events_consumed_total ",
            "loadgate_events_overflowed_total ",
            "loadgate_requests_total{status=\"200\"} ",
            "loadgate_partition_events_total{topic=\"events_plugin_ingestion\",partition=\"7\"} ",
            "loadgate_consumer_lag_records ")) {
      assertTrue(m.body().contains(series), series);
    }
  }

  @Test
  void metricsAndStatsExposeNoEventContent() {
    String secretId = "person-" + UUID.randomUUID();
    String secretValue = "card-" + UUID.randomUUID();
    HttpResponse<String> sent =
        Http.post(
            url + "/e/",
            "{\"api_key\":\"phc_it\",\"event\":\"$pageview\",\"distinct_id\":\""
                + secretId
                + "\",\"properties\":{\"note\":\""
                + secretValue
                + "\"}}");
    assertEquals(200, sent.statusCode());
    for (String path : List.of("/metrics", "/stats")) {
      String body = Http.get(url + path).body();
      assertFalse(body.contains(secretId), path + " shows a distinct_id");
      assertFalse(body.contains(secretValue), path + " shows a property");
      assertFalse(body.contains("phc_it"), path + " shows a project token");
    }
  }

  @Test
  void slowClientThatNeverFinishesItsBodyIsCutOffAndOthersAreServed() throws Exception {
    URI u = URI.create(url);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /e/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"api_key\"")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals(
          200,
          Http.post(
                  url + "/e/",
                  "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\""
                      + id("meanwhile")
                      + "\"}")
              .statusCode());
      // Capture's read timeout is 10 s: by then it has answered the unread body 4xx or closed
      // the connection without an answer. Read to the end (a socket timeout fails the test).
      s.setSoTimeout(20_000);
      long t0 = System.nanoTime();
      String answer =
          new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).trim();
      double waited = (System.nanoTime() - t0) / 1e9;
      assertTrue(
          answer.isEmpty() || answer.matches("(?s)HTTP/1\\.1 4\\d\\d .*"),
          "closed, or a 4xx for the body it never got: " + answer);
      assertFalse(answer.contains("\"status\":1"), "the cut-off body was not captured");
      // Not cut off before the timeout: a slow but live client gets its 10 s.
      assertTrue(waited > 5, "cut off after " + waited + " s");
    }
  }

  /**
   * What this class sent, reconciled on the shared stack's counters since it began (the classes of
   * a run do not overlap in time): nothing it got acked is lost, nothing consumed twice, keyed
   * order holds.
   */
  @AfterAll
  static void nothingAckedIsLostAndKeyedOrderHolds() throws Exception {
    assertTrue(stack.consumers().awaitDrained(Duration.ofSeconds(60)), "consumers drained");
    Reconciliation.Result r = stack.metrics().reconciliation();
    long acked = r.acked() - before.acked();
    assertTrue(acked > 0, "this class's acked events are counted: " + acked);
    // (consumed may count more: a record capture answered 503 for that reached Kafka after all)
    assertTrue(r.consumed() - before.consumed() >= acked, "consumed since it began: " + r);
    assertEquals(0, r.unconsumed(), "acked but not consumed");
    assertEquals(0, r.duplicates() - before.duplicates(), "consumed twice since it began");
    assertEquals(
        0,
        stack.metrics().orderingViolations.sum() - violationsBefore,
        "ordering violations among keyed events");
    assertEquals(stack.metrics().acked(), r.acked(), "every acked event has its record number");
  }

  private static String keyId(ConsumerRecord<String, String> r) {
    return r.key() == null ? null : r.key().substring(r.key().indexOf(':') + 1);
  }

  private static void assertStatus(int status, String reason, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains(reason), "'" + reason + "' not in " + r.body());
  }
}
