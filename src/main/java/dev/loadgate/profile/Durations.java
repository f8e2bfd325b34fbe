package dev.loadgate.profile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in profiles: {@code 30s}, {@code 15m}, {@code 1h30m}, or ISO-8601
 * {@code PT15M}.
 */
public final class Durations {
  static final String HINT = "write it as 30s, 15m, 1h30m, 2d or ISO-8601 like PT15M";
  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /** Parses a positive duration; throws IllegalArgumentException saying what is wrong. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is empty, expected a duration");
    }
    String t = text.trim();
    Duration d;
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration");
      }
    } else {
      Matcher m = SHORT.matcher(t);
      if (!m.matches() || t.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' is not a duration");
      }
      d = Duration.ZERO;
      d =
          d.plusDays(group(m, 1))
              .plusHours(group(m, 2))
              .plusMinutes(group(m, 3))
              .plusSeconds(group(m, 4));
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return d;
  }

  private static long group(Matcher m, int g) {
    String s = m.group(g);
    return s == null ? 0 : Long.parseLong(s);
  }

  /**
   * The form a profile writes, which {@link #parse} reads back exactly: "1h30m", "45s", "2d"; a
   * fraction of a second as ISO-8601 ("PT2.97S").
   */
  public static String write(Duration d) {
    if (d.getNano() != 0) {
      return d.toString();
    }
    long s = d.getSeconds();
    StringBuilder out = new StringBuilder();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        out.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  /** Short human form for reasons and reports: "45 s", "5 min", "1 h", "1 h 30 min". */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + " s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append(" h");
    }
    if (m > 0) {
      b.append(b.length() > 0 ? " " : "").append(m).append(" min");
    }
    if (sec > 0) {
      b.append(b.length() > 0 ? " " : "").append(sec).append(" s");
    }
    return b.toString();
  }
}
