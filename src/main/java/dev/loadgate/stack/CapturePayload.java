package dev.loadgate.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Decodes what PostHog clients send to capture: JSON, gzip (by header or {@code
 * compression=gzip-js}), base64, and form-encoded {@code data=}; a single event, a {@code batch}
 * object or a bare array. Pure: bytes in, events out, or a {@link CaptureException} with the status
 * to answer.
 */
final class CapturePayload {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Deeply nested properties are refused by the parser instead of exhausting the stack.
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /** One request's events, all for one project token. */
  record Batch(String token, boolean historical, List<ObjectNode> events) {}

  private CapturePayload() {}

  /**
   * @param query the request's query parameters (first value each)
   * @param maxBytes the largest body accepted, also after decompression
   */
  static Batch parse(
      byte[] body,
      String contentType,
      String contentEncoding,
      Map<String, String> query,
      long maxBytes) {
    Map<String, String> params = new HashMap<>(query);
    byte[] data = body;
    if ("gzip".equalsIgnoreCase(contentEncoding) || isGzip(data)) {
      data = gunzip(data, maxBytes);
    }
    if (contentType != null
        && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")
        && !looksJson(data)) {
      Map<String, String> form = form(utf8(data));
      params.putAll(form);
      String d = form.get("data");
      if (d == null) {
        throw new CaptureException(400, "form body has no data= field");
      }
      data = d.getBytes(StandardCharsets.UTF_8);
    }
    String compression = params.getOrDefault("compression", "");
    if (isGzip(data)) { // compression=gzip-js, or gzip inside a form field
      data = gunzip(data, maxBytes);
    } else if ("base64".equalsIgnoreCase(compression) || looksBase64(data)) {
      data = base64(data);
    }
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new CaptureException(400, "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CaptureException(400, "body cannot be read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new CaptureException(400, "empty body");
    }
    return events(root);
  }

  private static Batch events(JsonNode root) {
    List<JsonNode> raw = new ArrayList<>();
    String token = null;
    boolean historical = false;
    if (root.isArray()) {
      root.forEach(raw::add);
    } else if (root.isObject()) {
      token = text(root, "api_key", "token");
      historical = root.path("historical_migration").asBoolean(false);
      JsonNode batch = root.get("batch");
      if (batch != null) {
        if (!batch.isArray()) {
          throw new CaptureException(400, "batch must be an array of events");
        }
        batch.forEach(raw::add);
      } else {
        raw.add(root);
      }
    } else {
      throw new CaptureException(400, "body must be a JSON object or array of events");
    }
    if (raw.isEmpty()) {
      throw new CaptureException(400, "no events in the request");
    }
    List<ObjectNode> events = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      JsonNode e = raw.get(i);
      if (!e.isObject()) {
        throw new CaptureException(400, "event " + i + " is not a JSON object");
      }
      ObjectNode event = (ObjectNode) e;
      String eventToken = text(event, "api_key", "token");
      if (eventToken == null) {
        eventToken = text(event.path("properties"), "token", "api_key");
      }
      if (token == null) {
        token = eventToken;
      } else if (eventToken != null && !eventToken.equals(token)) {
        throw new CaptureException(
            400,
            "event "
                + i
                + " has token "
                + eventToken
                + ", the request "
                + token
                + ": one token per request");
      }
      JsonNode name = event.get("event");
      if (name == null || !name.isTextual() || name.asText().isEmpty()) {
        throw new CaptureException(400, "event " + i + " has no event name");
      }
      JsonNode id = event.get("distinct_id");
      if (id == null || id.isNull()) {
        id = event.path("properties").get("distinct_id");
      }
      if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
        throw new CaptureException(400, "event " + i + " has no distinct_id (a string or integer)");
      }
      if (id.asText().length() > 200) {
        throw new CaptureException(
            400, "event " + i + " has a distinct_id longer than 200 characters");
      }
      event.put("distinct_id", id.asText());
      events.add(event);
    }
    if (token == null || token.isEmpty()) {
      throw new CaptureException(401, "no api_key or token in the request");
    }
    return new Batch(token, historical, events);
  }

  private static String text(JsonNode node, String... names) {
    for (String n : names) {
      JsonNode v = node.get(n);
      if (v != null && v.isTextual() && !v.asText().isEmpty()) {
        return v.asText();
      }
    }
    return null;
  }

  private static boolean isGzip(byte[] data) {
    return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
  }

  /** Curl and some SDKs send raw JSON under a form content type: take it as JSON. */
  private static boolean looksJson(byte[] data) {
    int i = 0;
    while (i < data.length && Character.isWhitespace(data[i])) {
      i++;
    }
    return i < data.length && (data[i] == '{' || data[i] == '[');
  }

  private static boolean looksBase64(byte[] data) {
    return data.length > 0 && !looksJson(data) && !isGzip(data);
  }

  private static byte[] gunzip(byte[] data, long maxBytes) {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(data.length * 4, 1 << 20));
      byte[] buf = new byte[16384];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new CaptureException(413, "gzip body expands past " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new CaptureException(400, "body is not valid gzip: " + e.getMessage());
    }
  }

  private static byte[] base64(byte[] data) {
    // Form decoding may have turned '+' into ' '; line breaks are allowed; anything else is not
    // base64.
    String s =
        new String(data, StandardCharsets.US_ASCII)
            .trim()
            .replace(' ', '+')
            .replaceAll("[\\r\\n]", "");
    try {
      return s.indexOf('-') >= 0 || s.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(s)
          : Base64.getDecoder().decode(s);

    } catch (IllegalArgumentException e) {
      throw new CaptureException(400, "body is neither JSON nor valid base64");
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CaptureException(400, "body is not valid UTF-8");
    }
  }
}
