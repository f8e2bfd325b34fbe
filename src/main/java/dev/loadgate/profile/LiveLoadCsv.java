package dev.loadgate.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The live load as a user exports it from their metrics system (SPEC §2 {@code live_load.csv}):
 * {@code timestamp,events_per_second} rows, RFC 4180, an optional header (and {@code #} comment
 * lines before it), ISO-8601 timestamps with an offset, one fixed step, at least one week without
 * gaps. Folded into the 168 hours of the week on the policy zone's wall clock (each row weighted by
 * the part of its step inside each hour), and the weeks averaged.
 *
 * <p>A year of one-minute rows is half a million lines: the common timestamp layouts are read by
 * hand, the rest by {@link OffsetDateTime#parse}, and the zone's offset is looked up once per
 * transition, not once per row.
 */
public final class LiveLoadCsv {
  static final String FIELD = "live_load.csv";
  private static final String HINT =
      "each row is timestamp,events_per_second like 2026-11-02T00:00:00Z,1234.5";
  private static final long WEEK = 7 * 24 * 3600L;

  /**
   * @param hourly 168 hourly means in events/s, Monday 00:00 first
   * @param weeks how many weeks the file covers
   * @param stepSeconds the rows' step
   */
  public record Week(double[] hourly, double weeks, long stepSeconds) {}

  private LiveLoadCsv() {}

  public static Week read(Path csv, ZoneId zone) {
    String text;
    try {
      text = Files.readString(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProfileException(
          csv,
          0,
          FIELD,
          "cannot be read: " + e.getMessage(),
          "the path is relative to the pipeline file; check it exists and is UTF-8");
    }
    return parse(csv, text, zone);
  }

  public static Week parse(Path csv, String text, ZoneId zone) {
    Folder fold = new Folder(zone);
    int lineNo = 0;
    int pos = text.startsWith("\uFEFF") ? 1 : 0;
    long first = Long.MIN_VALUE;
    long prev = Long.MIN_VALUE;
    long step = 0;
    int prevLine = 0;
    double prevRate = 0;
    boolean sawRow = false;
    while (pos < text.length()) {
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
      String line = text.substring(pos, lineEnd);
      pos = end + 1;
      if (line.isBlank() || line.startsWith("#")) {
        continue; // a comment: where the rows came from (LiveLoadPrometheus writes one)
      }
      List<String> cols = line.indexOf('"') >= 0 ? TopCsv.split(csv, lineNo, line) : split(line);
      if (!sawRow && !cols.isEmpty() && isHeader(cols)) {
        sawRow = true;
        continue;
      }
      sawRow = true;
      if (cols.size() != 2) {
        throw error(csv, lineNo, "expected 2 columns, found " + cols.size());
      }
      long t = epochSecond(csv, lineNo, cols.get(0).trim());
      double rate = rate(csv, lineNo, cols.get(1).trim());
      if (prev != Long.MIN_VALUE) {
        long gap = t - prev;
        if (gap <= 0) {
          throw error(
              csv,
              lineNo,
              "timestamp "
                  + cols.get(0).trim()
                  + " is not after the row before it (line "
                  + prevLine
                  + ")",
              "rows in time order, one per step");
        }
        if (step == 0) {
          step = gap;
        } else if (gap != step) {
          throw error(
              csv,
              lineNo,
              (gap > step ? "a gap: " : "a different step: ")
                  + Durations.format(Duration.ofSeconds(gap))
                  + " after line "
                  + prevLine
                  + ", the file's step is "
                  + Durations.format(Duration.ofSeconds(step)),
              "one row every step with no rows missing; export the metric at one fixed step");
        }
        fold.add(prev, step, prevRate);
      } else {
        first = t;
      }
      prev = t;
      prevLine = lineNo;
      prevRate = rate;
    }
    if (prev == Long.MIN_VALUE) {
      throw error(csv, lineNo, "has no rows", "at least one week of timestamp,events_per_second");
    }
    if (step == 0) {
      throw error(csv, prevLine, "has one row: a step needs two", "at least one week of rows");
    }
    if (step > 24 * 3600) {
      throw error(
          csv,
          prevLine,
          "the step is " + Durations.format(Duration.ofSeconds(step)) + ", longer than a day",
          "export hourly or finer, so the week's hours can be told apart");
    }
    fold.add(prev, step, prevRate);
    long span = prev + step - first;
    if (span < WEEK) {
      throw error(
          csv,
          prevLine,
          "covers "
              + Durations.format(Duration.ofSeconds(span))
              + ", less than the week the plan needs",
          "export at least seven days, so every hour of the week is seen");
    }
    return new Week(fold.hourly(), span / (double) WEEK, step);
  }

  private static boolean isHeader(List<String> cols) {
    String c = cols.get(0).trim();
    return !c.isEmpty() && !Character.isDigit(c.charAt(0));
  }

  private static List<String> split(String line) {
    int comma = line.indexOf(',');
    if (comma < 0) {
      return List.of(line);
    }
    int second = line.indexOf(',', comma + 1);
    if (second >= 0) {
      return List.of(line.split(",", -1));
    }
    return List.of(line.substring(0, comma), line.substring(comma + 1));
  }

  private static double rate(Path csv, int lineNo, String text) {
    double v;
    try {
      v = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw error(csv, lineNo, "events_per_second '" + text + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw error(csv, lineNo, "events_per_second '" + text + "' is not a finite number");
    }
    if (v < 0) {
      throw error(csv, lineNo, "events_per_second " + text + " is negative");
    }
    return v;
  }

  /**
   * Seconds since the epoch of an ISO-8601 timestamp with an offset. {@code
   * yyyy-MM-ddTHH:mm[:ss](Z|±HH:MM)} is read by hand (fast); anything else by {@link
   * OffsetDateTime#parse}.
   */
  static long epochSecond(Path csv, int lineNo, String s) {
    long fast = fastEpochSecond(s);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toEpochSecond();
    } catch (DateTimeParseException e) {
      throw error(
          csv,
          lineNo,
          "timestamp '" + s + "' is not ISO-8601 with an offset",
          "like 2026-11-02T00:00:00Z or 2026-11-02T01:00:00+01:00");
    }
  }

  /** The common layouts read by hand; {@code Long.MIN_VALUE} for anything else. */
  static long fastEpochSecond(String s) {
    int n = s.length();
    if (n < 17 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = s.charAt(13) == ':' ? digits(s, 14, 2) : -1;
    int i = 16;
    int second = 0;
    if (i < n && s.charAt(i) == ':') {
      second = i + 3 <= n ? digits(s, i + 1, 2) : -1;
      i += 3;
    }
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23) {
      return Long.MIN_VALUE;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return Long.MIN_VALUE;
      }
      offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
      return Long.MIN_VALUE;
    }
    if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      return Long.MIN_VALUE; // OffsetDateTime.parse says why
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    return days * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static ProfileException error(Path csv, int line, String problem) {
    return error(csv, line, problem, HINT);
  }

  private static ProfileException error(Path csv, int line, String problem, String hint) {
    return new ProfileException(csv, line, FIELD, problem, hint);
  }

  /**
   * Sums each row's events into the hours of the week it covers on the zone's wall clock. The
   * zone's offset holds until its next transition, so it is looked up once per transition.
   */
  static final class Folder {
    private final ZoneRules rules;
    private final double[] events = new double[168];
    private final double[] seconds = new double[168];
    private long validFrom = Long.MAX_VALUE;
    private long validTo = Long.MIN_VALUE;
    private int offset;

    Folder(ZoneId zone) {
      this.rules = zone.getRules();
    }

    /** {@code rate} events/s from {@code start} for {@code step} seconds. */
    void add(long start, long step, double rate) {
      long t = start;
      long end = start + step;
      while (t < end) {
        long local = t + offsetAt(t);
        long hourStart = Math.floorDiv(local, 3600) * 3600;
        long upTo = Math.min(end, t + (hourStart + 3600 - local));
        if (validTo != Long.MIN_VALUE && upTo > validTo) {
          upTo = validTo; // the offset changes inside this hour
        }
        int hour = hourOfWeek(local);
        events[hour] += rate * (upTo - t);
        seconds[hour] += upTo - t;
        t = upTo;
      }
    }

    private int offsetAt(long t) {
      if (t < validFrom || t >= validTo) {
        Instant at = Instant.ofEpochSecond(t);
        ZoneOffset o = rules.getOffset(at);
        offset = o.getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(at);
        ZoneOffsetTransition before = rules.previousTransition(at.plusSeconds(1));
        validTo = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        validFrom = before == null ? Long.MIN_VALUE : before.toEpochSecond();
      }
      return offset;
    }

    /** Monday 00:00 is 0; 1970-01-01 was a Thursday. */
    static int hourOfWeek(long localEpochSecond) {
      long day = Math.floorDiv(localEpochSecond, 86400);
      int dow = (int) Math.floorMod(day + 3, 7);
      int hour = (int) Math.floorMod(localEpochSecond, 86400) / 3600;
      return dow * 24 + hour;
    }

    /**
     * Time-weighted hourly means. An hour no row reached can only be the hour a DST change skips
     * (the file covers a week): it takes the mean of its neighbours.
     */
    double[] hourly() {
      double[] h = new double[168];
      for (int i = 0; i < 168; i++) {
        h[i] = seconds[i] > 0 ? events[i] / seconds[i] : Double.NaN;
      }
      for (int i = 0; i < 168; i++) {
        if (Double.isNaN(h[i])) {
          double a = h[(i + 167) % 168];
          double b = h[(i + 1) % 168];
          h[i] = Double.isNaN(a) ? (Double.isNaN(b) ? 0 : b) : Double.isNaN(b) ? a : (a + b) / 2;
        }
      }
      return h;
    }
  }
}
