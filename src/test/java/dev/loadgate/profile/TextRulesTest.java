package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small text rules behind every message: edit distance, durations, numbers, suggestions. */
class TextRulesTest {
  @Test
  void editDistanceOnTheTextbookPairs() {
    assertEquals(3, Levenshtein.distance("kitten", "sitting"));
    assertEquals(3, Levenshtein.distance("", "abc"));
    assertEquals(3, Levenshtein.distance("abc", ""));
    assertEquals(1, Levenshtein.distance("replica", "replicas"));
    assertEquals(0, Levenshtein.distance("burst", "burst"));
  }

  @Test
  void durationsAreWrittenAsAProfileWritesThemAndReadBackExactly() {
    assertEquals("10m", Durations.write(Duration.ofMinutes(10)));
    assertEquals("1h30m", Durations.write(Duration.ofMinutes(90)));
    assertEquals("2d1s", Durations.write(Duration.ofDays(2).plusSeconds(1)));
    assertEquals("0s", Durations.write(Duration.ZERO));
    assertEquals("PT2.97S", Durations.write(Duration.ofMillis(2970)));
    for (Duration d :
        List.of(
            Duration.ofSeconds(45),
            Duration.ofHours(4).plusMinutes(30),
            Duration.ofMillis(2970),
            Duration.ofMillis(300))) {
      assertEquals(d, Durations.parse(Durations.write(d)), d.toString());
    }
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertEquals("45 s", Durations.format(Duration.ofSeconds(45)));
    assertEquals("59 s", Durations.format(Duration.ofSeconds(59)));
    assertEquals("1 min", Durations.format(Duration.ofSeconds(60)));
    assertEquals("1 min 30 s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("1 h 1 s", Durations.format(Duration.ofSeconds(3601)));
    assertEquals("1 h 30 min", Durations.format(Duration.ofMinutes(90)));
  }

  @Test
  void wholeNumbersPrintWithoutAFractionBelowTenToTheFifteen() {
    assertEquals("999999999999999", Section.fmt(999_999_999_999_999.0));
    assertEquals("1.0E15", Section.fmt(1e15));
    assertEquals("0.5", Section.fmt(0.5));
  }

  @Test
  void equallyNearKeysSuggestTheFirstAlphabetically() {
    // Every key one edit from "bb": the suggestion is "ba", whatever order the set iterates in.
    LinkedHashSet<String> keys = new LinkedHashSet<>(List.of("bz", "by", "bx", "ba"));
    assertEquals("did you mean 'ba'?", Section.suggest("bb", keys));
    assertEquals("known fields here: ba, bx, by, bz", Section.suggest("something_else", keys));
  }
}
