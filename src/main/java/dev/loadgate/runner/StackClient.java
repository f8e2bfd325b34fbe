package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.report.PlanJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The simulation's side of a loadgate stack's HTTP endpoints: {@code /stats} (counters), {@code
 * /timeline} (capacity over time) and {@code POST /timeline/arm}. A reading that fails is null,
 * never a made-up value.
 */
final class StackClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  /** {@code baseUrl} with or without a trailing slash. */
  StackClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * {@code /stats} once {@code unconsumed} of it is 0 (every acked event consumed), or the last
   * reading at {@code timeout}; a reading that fails is waited through.
   */
  JsonNode awaitDrained(Duration timeout, java.util.function.ToLongFunction<JsonNode> unconsumed) {
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

  String baseUrl() {
    return baseUrl;
  }

  HttpClient http() {
    return http;
  }

  /** {@code /stats}, or null when the target does not serve loadgate's counters. */
  JsonNode stats() {
    JsonNode s = get("/stats");
    return s != null && s.has("events_acked") ? s : null;
  }

  /** {@code /timeline}, or null when the target has none. */
  JsonNode timeline() {
    JsonNode t = get("/timeline");
    return t != null && t.has("points") ? t : null;
  }

  /** Starts the stack's timeline afresh (and its autoscaler's clock): the load begins. */
  void arm() throws IOException, InterruptedException {
    post(baseUrl + "/timeline/arm");
  }

  void post(String url) throws IOException, InterruptedException {
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
      return res.statusCode() == 200 ? PlanJson.MAPPER.readTree(res.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
