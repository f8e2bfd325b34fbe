package dev.loadgate.stack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;

/**
 * Decodes what PostHog clients send to capture: JSON, gzip (by header or {@code
 * compression=gzip-js}), base64, and form-encoded {@code data=}; a single event, a {@code batch}
 * object or a bare array. Pure: bytes in, events out, or a {@link CaptureException} with the status
 * to answer.
 */
public final class CapturePayload {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Deeply nested properties are refused by the parser instead of exhausting the stack.
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /**
   * One event as capture forwards it: the fields capture needs, and the event's own JSON bytes
   * exactly as the client sent them (capture adds its metadata as Kafka headers instead of
   * re-serialising).
   */
  public record Event(String name, String distinctId, UUID uuid, byte[] raw) {}

  /** One request's events, all for one project token. */
  public record Batch(String token, boolean historical, List<Event> events) {}

  private CapturePayload() {}

  /**
   * @param query the request's query parameters (first value each)
   * @param maxBytes the largest body accepted, also after decompression
   */
  public static Batch parse(
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
    try (JsonParser p = JSON.getFactory().createParser(data)) {
      return scan(p, data);
    } catch (StreamConstraintsException e) {
      throw new CaptureException(400, "body is nested too deeply: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new CaptureException(400, "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CaptureException(400, "body cannot be read: " + e.getMessage());
    }
  }

  /**
   * One streaming pass over the body: a bare array of events, a {@code batch} object, or one event.
   * Each event's fields are read shallowly and its bytes sliced from the body, so a batch costs one
   * parse, not a tree per event and a serialisation per event.
   */
  private static Batch scan(JsonParser p, byte[] data) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new CaptureException(400, "empty body");
    }
    List<Scanned> raw = new ArrayList<>();
    String token = null;
    boolean historical = false;
    if (first == JsonToken.START_ARRAY) {
      while (p.nextToken() == JsonToken.START_OBJECT) {
        raw.add(scanEvent(p));
      }
      expectEnd(p, raw.size());
    } else if (first == JsonToken.START_OBJECT) {
      // Either {api_key, batch: [...]} or one event: read it as an event, noting the batch fields.
      Scanned root = new Scanned((int) p.currentTokenLocation().getByteOffset());
      boolean batch = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "batch" -> {
            if (v != JsonToken.START_ARRAY) {
              throw new CaptureException(400, "batch must be an array of events");
            }
            batch = true;
            while (p.nextToken() == JsonToken.START_OBJECT) {
              raw.add(scanEvent(p));
            }
            expectEnd(p, raw.size());
          }
          case "historical_migration" -> historical = v == JsonToken.VALUE_TRUE;
          default -> root.field(field, p);
        }
      }
      token = root.token;
      if (!batch) {
        root.end = (int) p.currentTokenLocation().getByteOffset() + 1;
        raw.add(root);
      }
    } else {
      throw new CaptureException(400, "body must be a JSON object or array of events");
    }
    if (p.nextToken() != null) {
      throw new CaptureException(400, "body has content after the JSON value");
    }
    if (raw.isEmpty()) {
      throw new CaptureException(400, "no events in the request");
    }
    List<Event> events = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Scanned e = raw.get(i);
      e.resolveFallbacks();
      if (token == null) {
        token = e.token;
      } else if (e.token != null && !e.token.equals(token)) {
        throw new CaptureException(
            400,
            "event "
                + i
                + " has token "
                + e.token
                + ", the request "
                + token
                + ": one token per request");
      }
      if (e.name == null || e.name.isEmpty()) {
        throw new CaptureException(400, "event " + i + " has no event name");
      }
      if (e.distinctId == null || e.distinctId.isEmpty()) {
        throw new CaptureException(400, "event " + i + " has no distinct_id (a string or integer)");
      }
      if (e.distinctId.length() > 200) {
        throw new CaptureException(
            400, "event " + i + " has a distinct_id longer than 200 characters");
      }
      events.add(
          new Event(e.name, e.distinctId, e.uuid(), Arrays.copyOfRange(data, e.start, e.end)));
    }
    if (token == null || token.isEmpty()) {
      throw new CaptureException(401, "no api_key or token in the request");
    }
    return new Batch(token, historical, events);
  }

  private static void expectEnd(JsonParser p, int events) {
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw new CaptureException(400, "event " + events + " is not a JSON object");
    }
  }

  private static Scanned scanEvent(JsonParser p) throws IOException {
    Scanned e = new Scanned((int) p.currentTokenLocation().getByteOffset());
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      e.field(field, p);
    }
    e.end = (int) p.currentTokenLocation().getByteOffset() + 1;
    return e;
  }

  /** The fields of one event capture reads; everything else is skipped and forwarded as bytes. */
  private static final class Scanned {
    final int start;
    int end;
    String name;
    String distinctId;
    String propertiesDistinctId;
    String uuid;
    String token;
    String propertiesToken;

    Scanned(int start) {
      this.start = start;
    }

    void field(String field, JsonParser p) throws IOException {
      JsonToken v = p.currentToken();
      switch (field) {
        case "event" -> name = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
        case "distinct_id" -> distinctId = id(v, p);
        case "uuid" -> uuid = v == JsonToken.VALUE_STRING ? p.getText() : skip(p);
        case "api_key", "token" -> {
          if (v == JsonToken.VALUE_STRING && !p.getText().isEmpty()) {
            token = p.getText();
          } else {
            skip(p);
          }
        }
        case "properties" -> properties(v, p);
        default -> p.skipChildren();
      }
    }

    private void properties(JsonToken v, JsonParser p) throws IOException {
      if (v != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken pv = p.nextToken();
        if (f.equals("distinct_id")) {
          propertiesDistinctId = id(pv, p);
        } else if ((f.equals("token") || f.equals("api_key")) && pv == JsonToken.VALUE_STRING) {
          propertiesToken = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }

    /** properties.distinct_id and properties.token count when the event itself has none. */
    void resolveFallbacks() {
      if (distinctId == null) {
        distinctId = propertiesDistinctId;
      }
      if (token == null) {
        token = propertiesToken;
      }
    }

    private static String skip(JsonParser p) throws IOException {
      p.skipChildren();
      return null;
    }

    private static String id(JsonToken v, JsonParser p) throws IOException {
      if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
        return p.getText();
      }
      p.skipChildren();
      return null;
    }

    UUID uuid() {
      if (uuid != null) {
        try {
          return UUID.fromString(uuid);
        } catch (IllegalArgumentException e) {
          // not a uuid: capture assigns one, as PostHog does
        }
      }
      // A version-4 uuid without SecureRandom's lock: capture makes one per event.
      ThreadLocalRandom r = ThreadLocalRandom.current();
      return new UUID(
          (r.nextLong() & ~0xF000L) | 0x4000L,
          (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
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
      return readBounded(in, maxBytes, "gzip body expands past " + maxBytes + " bytes");
    } catch (IOException e) {
      throw new CaptureException(400, "body is not valid gzip: " + e.getMessage());
    }
  }

  /** Bodies up to this size are read into an array of their declared length, at once. */
  private static final int PRESIZED_MAX = 1 << 20;

  /**
   * A request body of {@code declared} bytes (its Content-Length; -1 when chunked): read straight
   * into an array of that size when it is small enough, so a batch is copied once, not grown and
   * copied again. Larger or undeclared bodies are read as {@link #readBounded(InputStream, long,
   * String)} reads them (a client declaring 20 MB and sending nothing holds no 20 MB array).
   */
  static byte[] readBody(InputStream in, long declared, long max, String tooLarge)
      throws IOException {
    if (declared < 0 || declared > Math.min(max, PRESIZED_MAX)) {
      return readBounded(in, max, tooLarge);
    }
    byte[] body = new byte[(int) declared];
    int n = 0;
    int r;
    while (n < body.length && (r = read(in, body, n, body.length - n)) >= 0) {
      n += r;
    }
    if (n == body.length) {
      // Read to the end: Undertow ends the request (and its read timeout, 10 s from the last
      // read) only once a read has returned -1; without it the timeout closed the connection of
      // a request still waiting for Kafka (KafkaOutageIT: no answer at all instead of 503).
      read(in, new byte[1], 0, 1);
      return body;
    }
    return Arrays.copyOf(body, n);
  }

  /**
   * One read of a body. Undertow's stream throws a NullPointerException ("this.pooled is null",
   * UT005071 in the stack's log) when its connection is closed under a reading worker, e.g. by the
   * read timeout of a client that stopped sending: that is a body that could not be read, not a
   * server error (it was answered 500).
   */
  private static int read(InputStream in, byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (NullPointerException | IllegalStateException e) {
      throw new IOException("the connection closed while its body was read", e);
    }
  }

  /** Reads a stream to its end, refusing with 413 past {@code max} bytes: bodies and gzip alike. */
  static byte[] readBounded(InputStream in, long max, String tooLarge) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = read(in, buf, 0, buf.length)) > 0) {
      total += n;
      if (total > max) {
        throw new CaptureException(413, tooLarge);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
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
        form.put(formDecode(pair.substring(0, eq)), formDecode(pair.substring(eq + 1)));
      }
    }
    return form;
  }

  /** A form field, %-escapes and all; a broken escape is the client's error (found by fuzzing). */
  private static String formDecode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CaptureException(400, "form body is not URL-encoded: " + e.getMessage());
    }
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
