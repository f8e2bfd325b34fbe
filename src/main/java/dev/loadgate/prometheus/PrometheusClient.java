package dev.loadgate.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Prometheus' HTTP query API ({@code /api/v1/query} and {@code /api/v1/query_range}), as
 * Prometheus, VictoriaMetrics and Thanos answer it. Queries go as POST forms (a PromQL expression
 * can be long); a bearer token, when given, goes in the {@code Authorization} header. Every failure
 * is a {@link PrometheusException} whose message a person can act on: the server was not reached,
 * it refused the query (its own error text), or it did not answer like Prometheus.
 */
public final class PrometheusClient {
  /**
   * Prometheus refuses a range query of more than 11,000 points per series ("exceeded maximum
   * resolution"); longer ranges are read in windows of this many steps.
   */
  static final int MAX_POINTS_PER_QUERY = 10_000;

  private final int maxPoints;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String bearerToken;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param base the server, like {@code http://prometheus:9090} (a path prefix is kept)
   * @param bearerToken sent as {@code Authorization: Bearer}; null for none
   * @param timeout for connecting and for each answer
   */
  public PrometheusClient(URI base, String bearerToken, Duration timeout) {
    this(base, bearerToken, timeout, MAX_POINTS_PER_QUERY);
  }

  PrometheusClient(URI base, String bearerToken, Duration timeout, int maxPoints) {
    this.maxPoints = maxPoints;
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.bearerToken = bearerToken;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI base() {
    return base;
  }

  /** One series: its labels and its points in time order (seconds since the epoch). */
  public record Series(Map<String, String> labels, long[] times, double[] values) {
    public Series {
      labels = Map.copyOf(labels);
    }

    /** The labels as PromQL writes them: {@code {job="capture", instance="a"}}. */
    public String describe() {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      new TreeMap<>(labels).forEach((k, v) -> j.add(k + "=\"" + v + "\""));
      return j.toString();
    }
  }

  /** One sample of an instant query. */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }

  /**
   * {@code query} evaluated at every {@code step} from {@code start} to {@code end} inclusive, read
   * in windows of at most {@link #MAX_POINTS_PER_QUERY} points and joined per series.
   */
  public List<Series> queryRange(String query, Instant start, Instant end, Duration step) {
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    long stepSeconds = step.toSeconds();
    Map<Map<String, String>, List<double[]>> points = new LinkedHashMap<>();
    long from = start.getEpochSecond();
    long to = end.getEpochSecond();
    while (from <= to) {
      long windowEnd = Math.min(to, from + (maxPoints - 1L) * stepSeconds);
      JsonNode data =
          post(
              "api/v1/query_range",
              Map.of(
                  "query", query,
                  "start", Long.toString(from),
                  "end", Long.toString(windowEnd),
                  "step", Long.toString(stepSeconds)));
      expectType(data, "matrix");
      for (JsonNode r : data.path("result")) {
        List<double[]> into =
            points.computeIfAbsent(labels(r.path("metric")), k -> new ArrayList<>());
        for (JsonNode p : r.path("values")) {
          into.add(new double[] {p.path(0).asDouble(), value(p.path(1))});
        }
      }
      from = windowEnd + stepSeconds;
    }
    List<Series> out = new ArrayList<>();
    points.forEach(
        (labels, ps) -> {
          long[] t = new long[ps.size()];
          double[] v = new double[ps.size()];
          for (int i = 0; i < t.length; i++) {
            t[i] = Math.round(ps.get(i)[0]);
            v[i] = ps.get(i)[1];
          }
          out.add(new Series(labels, t, v));
        });
    return out;
  }

  /** {@code query} evaluated at {@code at}: an instant vector (a scalar comes as one sample). */
  public List<Sample> query(String query, Instant at) {
    JsonNode data =
        post(
            "api/v1/query",
            Map.of("query", query, "time", Double.toString(at.toEpochMilli() / 1000.0)));
    String type = data.path("resultType").asText();
    List<Sample> out = new ArrayList<>();
    if (type.equals("scalar")) {
      out.add(new Sample(Map.of(), value(data.path("result").path(1))));
      return out;
    }
    expectType(data, "vector");
    for (JsonNode r : data.path("result")) {
      out.add(new Sample(labels(r.path("metric")), value(r.path("value").path(1))));
    }
    return out;
  }

  private JsonNode post(String path, Map<String, String> form) {
    URI uri = base.resolve(path);
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.length() > 0 ? "&" : "")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (bearerToken != null) {
      req.header("Authorization", "Bearer " + bearerToken);
    }
    HttpResponse<String> answer;
    try {
      answer = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PrometheusException(
          PrometheusException.Kind.UNREACHABLE,
          "no answer from " + uri + " within " + timeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new PrometheusException(
          PrometheusException.Kind.UNREACHABLE,
          "cannot reach "
              + base
              + ": "
              + (e.getMessage() == null ? "connection refused" : e.getMessage()));
    } catch (IOException e) {
      throw new PrometheusException(
          PrometheusException.Kind.UNREACHABLE,
          "cannot reach "
              + base
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusException(
          PrometheusException.Kind.UNREACHABLE, "interrupted while asking " + uri);
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(answer.body());
    } catch (IOException e) {
      doc = null;
    }
    if (doc == null || !doc.has("status")) {
      throw new PrometheusException(
          PrometheusException.Kind.NOT_THE_API,
          uri
              + " answered HTTP "
              + answer.statusCode()
              + " without Prometheus' JSON"
              + (answer.statusCode() == 401 || answer.statusCode() == 403
                  ? ": the server wants credentials (a bearer token)"
                  : ": is this the Prometheus API's base URL?"));
    }
    if (!"success".equals(doc.path("status").asText())) {
      throw new PrometheusException(
          PrometheusException.Kind.REFUSED,
          "Prometheus refused the query ("
              + doc.path("errorType").asText("error")
              + "): "
              + doc.path("error").asText("no reason given"));
    }
    return doc.path("data");
  }

  private static void expectType(JsonNode data, String type) {
    String got = data.path("resultType").asText();
    if (!got.equals(type)) {
      throw new PrometheusException(
          PrometheusException.Kind.REFUSED,
          "the query gave a " + (got.isEmpty() ? "result of no type" : got) + ", not a " + type);
    }
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new TreeMap<>();
    metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  /** Prometheus writes sample values as strings: "1.5", "NaN", "+Inf". */
  private static double value(JsonNode v) {
    String s = v.asText();
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }
}
