package dev.loadgate.stack;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What capture adds to each event, carried as Kafka record headers (UTF-8 text, readable with
 * kafka-console-consumer) so the event's own JSON is forwarded byte for byte.
 */
public final class EventHeaders {
  public static final String UUID = "uuid";
  public static final String DISTINCT_ID = "distinct_id";
  public static final String TOKEN = "token";

  /**
   * Capture's number for the record, counting from 1 over all events of one stack run in the order
   * capture sent them, so per token:distinct_id it increases in capture order too (a key's events
   * are numbered and sent under one lock). One counter instead of one per distinct_id: it costs
   * nothing per id, and its numbers are dense, which is what {@link Reconciliation}'s bitmaps need.
   */
  public static final String CAPTURE_SEQ = "capture_seq";

  /** The stack run that numbered the record (records of another run are not reconciled). */
  public static final String CAPTURE_RUN = "capture_run";

  /** Epoch milliseconds when capture received the request. */
  public static final String CAPTURED_AT = "captured_at";

  /**
   * {@code true} on an event capture rerouted with person processing switched off (its global
   * limiter, the forced-overflow list), as PostHog's capture stamps the record; the consumer then
   * skips the person, whatever the event's own properties say.
   */
  public static final String FORCE_DISABLE_PERSON_PROCESSING = "force_disable_person_processing";

  private static final byte[] TRUE = latin1("true");

  private EventHeaders() {}

  public static Headers of(
      java.util.UUID uuid, String distinctId, String token, String run, long seq, long capturedAt) {
    return of(uuid, distinctId, bytes(token), bytes(run), seq, capturedAt);
  }

  /**
   * As above, with the token and the run already encoded: capture encodes them once per request and
   * once per run, not once per event.
   */
  public static Headers of(
      java.util.UUID uuid, String distinctId, byte[] token, byte[] run, long seq, long capturedAt) {
    return of(uuid, distinctId, token, run, seq, capturedAt, false);
  }

  /** As above; {@code personless}: stamped {@link #FORCE_DISABLE_PERSON_PROCESSING}. */
  public static Headers of(
      java.util.UUID uuid,
      String distinctId,
      byte[] token,
      byte[] run,
      long seq,
      long capturedAt,
      boolean personless) {
    RecordHeaders h = new RecordHeaders();
    h.add(UUID, latin1(uuid.toString()));
    h.add(DISTINCT_ID, bytes(distinctId));
    h.add(TOKEN, token);
    h.add(CAPTURE_RUN, run);
    h.add(CAPTURE_SEQ, latin1(Long.toString(seq)));
    h.add(CAPTURED_AT, latin1(Long.toString(capturedAt)));
    if (personless) {
      h.add(FORCE_DISABLE_PERSON_PROCESSING, TRUE);
    }
    return h;
  }

  /** ASCII text (a uuid, a number): its bytes are its characters, no encoder needed. */
  private static byte[] latin1(String ascii) {
    return ascii.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * What a consumer reads of capture's headers, in one pass over them (the last of a repeated
   * header counts, as {@link Headers#lastHeader} has it).
   *
   * @param seq {@link #CAPTURE_SEQ}, or -1 when absent or not a number
   * @param ours whether {@link #CAPTURE_RUN} is the given run
   * @param capturedAt {@link #CAPTURED_AT}, or -1 when absent or not a number
   * @param forcePersonless {@link #FORCE_DISABLE_PERSON_PROCESSING} is {@code true}
   */
  public record Read(
      String distinctId,
      String token,
      long seq,
      boolean ours,
      long capturedAt,
      boolean forcePersonless) {}

  /** Reads the headers a consumer needs at once; {@code run} is this stack run's id, as bytes. */
  public static Read read(Headers headers, byte[] run) {
    String distinctId = null;
    String token = null;
    long seq = -1;
    boolean ours = false;
    long capturedAt = -1;
    boolean personless = false;
    for (Header h : headers) {
      // A consumed header copies its value out of the fetched buffer on every value(): only
      // the headers read are copied (the uuid is not).
      switch (h.key()) {
        case DISTINCT_ID -> distinctId = text(h.value());
        case TOKEN -> token = text(h.value());
        case CAPTURE_SEQ -> seq = number(h.value(), -1);
        case CAPTURE_RUN -> ours = java.util.Arrays.equals(h.value(), run);
        case CAPTURED_AT -> capturedAt = number(h.value(), -1);
        case FORCE_DISABLE_PERSON_PROCESSING -> personless = "true".equals(text(h.value()));
        default -> {}
      }
    }
    return new Read(distinctId, token, seq, ours, capturedAt, personless);
  }

  private static String text(byte[] v) {
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** A decimal header value; {@code fallback} when absent or not a number. */
  private static long number(byte[] v, long fallback) {
    String t = text(v);
    try {
      return t == null ? fallback : Long.parseLong(t);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The header's text, or null when absent. */
  public static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : text(h.value());
  }

  public static long number(Headers headers, String name, long fallback) {
    Header h = headers.lastHeader(name);
    return h == null ? fallback : number(h.value(), fallback);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
