package dev.loadgate.simulation;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Real PostHog capture bodies for the profile: {@code events_per_request} events per request (a
 * {@code batch} object, or a single event when 1), event names drawn from {@code event_types},
 * distinct_ids from the skew, {@code historical_migration} for historical imports, each event
 * padded to {@code payload_bytes}. Person events carry what makes the consumers do person work:
 * {@code $identify} an anonymous id to merge, {@code $create_alias} an alias, {@code $set}
 * properties.
 */
public final class Payloads {
  /** Event names used when the profile gives no mix. */
  static final String DEFAULT_EVENT = "$pageview";

  private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

  /** The share of non-merge events sent personless (SPEC §9.3). */
  private final double personlessWithin;

  private final String tokenJson;
  private final boolean historical;
  private final int eventsPerRequest;
  private final int payloadBytes;
  private final DistinctIdSampler ids;
  private final String[] eventNames;
  private final String[] eventNamesJson;
  private final double[] eventCumulative;
  private final String padding;

  public Payloads(
      String token,
      boolean historical,
      int eventsPerRequest,
      Integer payloadBytes,
      DistinctIdSampler ids,
      Map<String, Double> eventTypes) {
    this(token, historical, eventsPerRequest, payloadBytes, ids, eventTypes, 0);
  }

  /**
   * @param personlessWithin the share of the events that may skip persons (every type but the
   *     merges) sent with {@code $process_person_profile: false}
   */
  public Payloads(
      String token,
      boolean historical,
      int eventsPerRequest,
      Integer payloadBytes,
      DistinctIdSampler ids,
      Map<String, Double> eventTypes,
      double personlessWithin) {
    this.personlessWithin = personlessWithin;
    this.tokenJson = quote(token);
    this.historical = historical;
    this.eventsPerRequest = eventsPerRequest;
    this.payloadBytes = payloadBytes == null ? 0 : payloadBytes;
    this.ids = ids;
    List<String> names = new ArrayList<>(eventTypes.keySet());
    if (names.isEmpty()) {
      names.add(DEFAULT_EVENT);
    }
    eventNames = names.toArray(String[]::new);
    eventNamesJson = names.stream().map(Payloads::quote).toArray(String[]::new);
    eventCumulative = new double[eventNames.length];
    double sum = 0;
    for (int i = 0; i < eventNames.length; i++) {
      sum += eventTypes.isEmpty() ? 1 : eventTypes.get(eventNames[i]);
      eventCumulative[i] = sum;
    }
    padding = "x".repeat(Math.max(0, this.payloadBytes));
  }

  public int eventsPerRequest() {
    return eventsPerRequest;
  }

  /** One request body. Thread-safe: all state is per call. */
  public byte[] next(RandomGenerator random) {
    StringBuilder b = new StringBuilder(64 + eventsPerRequest * Math.max(200, payloadBytes + 40));
    String timestamp = Instant.now().toString();
    if (eventsPerRequest == 1) {
      int start = b.length();
      b.append("{\"api_key\":").append(tokenJson);
      if (historical) {
        b.append(",\"historical_migration\":true");
      }
      b.append(',');
      appendEventFields(b, random, timestamp, start);
      b.append('}');
    } else {
      b.append("{\"api_key\":").append(tokenJson);
      if (historical) {
        b.append(",\"historical_migration\":true");
      }
      b.append(",\"batch\":[");
      for (int i = 0; i < eventsPerRequest; i++) {
        if (i > 0) {
          b.append(',');
        }
        int start = b.length();
        b.append('{');
        appendEventFields(b, random, timestamp, start);
        b.append('}');
      }
      b.append("]}");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code "event":...,"distinct_id":...,...,"properties":{...}}, padded from {@code start}. */
  private void appendEventFields(
      StringBuilder b, RandomGenerator random, String timestamp, int start) {
    int type = eventType(random);
    String name = eventNames[type];
    b.append("\"event\":").append(eventNamesJson[type]);
    b.append(",\"distinct_id\":").append(quote(ids.next(random)));
    b.append(",\"uuid\":\"").append(uuid(random)).append('"');
    b.append(",\"timestamp\":\"").append(timestamp).append('"');
    b.append(",\"properties\":{\"$lib\":\"loadgate\"");
    switch (name) {
      case "$identify" ->
          b.append(",\"$anon_distinct_id\":\"anon-")
              .append(Long.toHexString(random.nextLong()))
              .append("\",\"$set\":{\"email_domain\":\"example.com\"}");
      case "$create_alias", "$merge_dangerously" ->
          b.append(",\"alias\":\"alias-").append(Long.toHexString(random.nextLong())).append('"');
      case "$set" ->
          b.append(",\"$set\":{\"plan\":\"pro\",\"seats\":")
              .append(random.nextInt(100))
              .append('}');
      default ->
          b.append(",\"$current_url\":\"https://example.com/p/")
              .append(random.nextInt(1000))
              .append('"');
    }
    boolean merge =
        name.equals("$identify")
            || name.equals("$create_alias")
            || name.equals("$merge_dangerously");
    if (!merge && personlessWithin > 0 && random.nextDouble() < personlessWithin) {
      b.append(",\"$process_person_profile\":false");
    }
    // Pad the event to payload_bytes: the closing braces are 2 more bytes. An empty pad still
    // counts: without it an event with room for exactly the field came out 10 bytes short.
    int pad = payloadBytes - (b.length() - start) - "\"$pad\":\"\",".length() - 2;
    if (pad >= 0) {
      b.append(",\"$pad\":\"").append(padding, 0, pad).append('"');
    }
    b.append('}');
  }

  private int eventType(RandomGenerator random) {
    if (eventNames.length == 1) {
      return 0;
    }
    double u = random.nextDouble() * eventCumulative[eventCumulative.length - 1];
    for (int i = 0; i < eventCumulative.length; i++) {
      if (u < eventCumulative[i]) {
        return i;
      }
    }
    return eventCumulative.length - 1;
  }

  /** A version-4 uuid without SecureRandom's lock. */
  static UUID uuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private static String quote(String s) {
    return '"' + new String(JSON.quoteAsString(s)) + '"';
  }
}
