package dev.loadgate.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.wire.Timeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of a loadgate stack's HTTP endpoints, for whoever drives it from outside (the replay,
 * the benches): {@code /stats} (counters), {@code /timeline} (capacity over time) and {@code POST
 * /timeline/arm}, and the one wait for the consumers to drain. A reading that fails is null, never
 * a made-up value.
 */
public final class StackClient {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  /** {@code baseUrl} with or without a trailing slash. */
  public StackClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * {@code /stats} once {@code unconsumed} of it is 0 (every acked event consumed), or the last
   * reading at {@code timeout}; a reading that fails is waited through.
   */
  public JsonNode awaitDrained(
      Duration timeout, java.util.function.ToLongFunction<JsonNode> unconsumed) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode stats = stats();
    while (System.nanoTime() < deadline && (stats == null || unconsumed.applyAsLong(stats) != 0)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      stats = stats();
    }
    return stats;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public HttpClient http() {
    return http;
  }

  /** {@code /stats}, or null when the target does not serve loadgate's counters. */
  public JsonNode stats() {
    JsonNode s = get("/stats");
    return s != null && s.has("events_acked") ? s : null;
  }

  /** {@code /timeline}, or null when the target has none. */
  public Timeline timeline() {
    return Timeline.of(get("/timeline"));
  }

  /** Starts the stack's timeline afresh (and its autoscaler's clock): the load begins. */
  public void arm() throws IOException, InterruptedException {
    post(baseUrl + "/timeline/arm");
  }

  public void post(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode() + ": " + r.body().trim());
    }
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return res.statusCode() == 200 ? JSON.readTree(res.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * {@code /stats} once the stack's own reconciliation says every acked event is consumed ({@code
   * events_unconsumed} 0), or the last reading at {@code timeout}.
   */
  public JsonNode awaitDrained(Duration timeout) {
    return awaitDrained(timeout, s -> s.path("events_unconsumed").asLong(-1));
  }
}
