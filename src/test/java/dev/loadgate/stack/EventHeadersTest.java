package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The one-pass read agrees with Kafka's own lastHeader lookups, header by header. */
class EventHeadersTest {
  private static final byte[] RUN = "run-1".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsWhatCaptureWrote() {
    UUID uuid = UUID.randomUUID();
    EventHeaders.Read r =
        EventHeaders.read(EventHeaders.of(uuid, "user-7", "phc_x", "run-1", 42, 1_700_000), RUN);
    assertEquals(new EventHeaders.Read("user-7", "phc_x", 42, true, 1_700_000, false), r);
    assertFalse(EventHeaders.read(EventHeaders.of(uuid, "u", "t", "run-2", 1, 2), RUN).ours());
  }

  @Test
  void anEventCaptureReroutedPersonlessCarriesPostHogsStamp() {
    UUID uuid = UUID.randomUUID();
    org.apache.kafka.common.header.Headers h =
        EventHeaders.of(uuid, "user-7", bytes("phc_x"), RUN, 42, 1_700_000, true);
    assertEquals("true", EventHeaders.text(h, "force_disable_person_processing"));
    assertEquals(
        new EventHeaders.Read("user-7", "phc_x", 42, true, 1_700_000, true),
        EventHeaders.read(h, RUN));
    assertFalse(
        EventHeaders.read(EventHeaders.of(uuid, "u", bytes("t"), RUN, 1, 2, false), RUN)
            .forcePersonless());
  }

  @Test
  void theLastOfARepeatedHeaderCountsAsLastHeaderSays() {
    RecordHeaders h = new RecordHeaders();
    h.add(EventHeaders.DISTINCT_ID, bytes("first"));
    h.add(EventHeaders.CAPTURE_SEQ, bytes("5"));
    h.add(EventHeaders.DISTINCT_ID, bytes("second"));
    h.add(EventHeaders.CAPTURE_SEQ, bytes("6"));
    EventHeaders.Read r = EventHeaders.read(h, RUN);
    assertEquals(EventHeaders.text(h, EventHeaders.DISTINCT_ID), r.distinctId());
    assertEquals("second", r.distinctId());
    assertEquals(EventHeaders.number(h, EventHeaders.CAPTURE_SEQ, -1), r.seq());
    assertEquals(6, r.seq());
  }

  @Test
  void absentOrBrokenNumbersAreMinusOneAndAbsentTextIsNull() {
    RecordHeaders h = new RecordHeaders();
    h.add(EventHeaders.CAPTURE_SEQ, bytes("12x"));
    h.add(EventHeaders.CAPTURED_AT, null);
    h.add(EventHeaders.TOKEN, null);
    EventHeaders.Read r = EventHeaders.read(h, RUN);
    assertEquals(new EventHeaders.Read(null, null, -1, false, -1, false), r);
    assertEquals(
        new EventHeaders.Read(null, null, -1, false, -1, false),
        EventHeaders.read(new RecordHeaders(), RUN));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
