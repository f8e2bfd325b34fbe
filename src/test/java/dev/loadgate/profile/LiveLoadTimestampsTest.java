package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CSV's timestamps read by hand (a year of one-minute rows must load in well under 200 ms) give
 * exactly what {@link OffsetDateTime#parse} gives, and anything the hand reader does not know goes
 * to it instead.
 */
class LiveLoadTimestampsTest {
  static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX");

  @Test
  void theHandReaderAgreesWithJavaTimeOnEveryCommonLayout() {
    SplittableRandom r = new SplittableRandom(12);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(0, 4_102_444_800L)); // 1970 .. 2100
      ZoneOffset o = ZoneOffset.ofTotalSeconds(r.nextInt(-18 * 4, 18 * 4 + 1) * 15 * 60);
      OffsetDateTime at = t.atOffset(o);
      String s = (r.nextBoolean() ? SECONDS : MINUTES).format(at);
      long expected = OffsetDateTime.parse(s).toEpochSecond();
      assertEquals(expected, LiveLoadCsv.fastEpochSecond(s), s);
    }
  }

  @Test
  void whatItDoesNotKnowItLeavesToJavaTime() {
    for (String s :
        new String[] {
          "2026-11-02T00:00:00.5Z", // fractions
          "2026-11-02T00:00:00+0100", // offset without a colon
          "2026-11-02T00:00:00", // no offset (an error, said by the slow path)
          "2026-02-30T00:00:00Z", // no such day
          "2026-13-01T00:00:00Z",
          "2026-11-02T24:00:00Z",
          "2026-11-02T00:60:00Z",
          "2026-11-02T00:00:60Z",
          "2026-11-02T00:00:00+19:00",
          "2026-11-02T00:00:00+01:60",
          "2026-11-02 00:00:00Z",
          "2026/11/02T00:00:00Z",
          "2026-11/02T00:00:00Z",
          "20x6-11-02T00:00:00Z",
          "2026-11-02T0a:00:00Z",
          "2026-11-02T00:0a:00Z",
          "2026-11-02T00:00:0aZ",
          "2026-11-02T00:00:00+0a:00",
          "2026-11-02T00:00:00X",
          "2026-11-02T00:00:00+01-00",
          "2026-11-02T00",
          "2026-11-02T00:00Z:",
          "2026-00-02T00:00:00Z",
          "2026-11-00T00:00:00Z",
        }) {
      assertEquals(Long.MIN_VALUE, LiveLoadCsv.fastEpochSecond(s), s);
    }
    // The slow path still reads what is valid among them.
    assertEquals(
        OffsetDateTime.parse("2026-11-02T00:00:00.5Z").toEpochSecond(),
        LiveLoadCsv.epochSecond(null, 1, "2026-11-02T00:00:00.5Z"));
  }
}
