package dev.loadgate.plan;

import java.util.Locale;

/** Numbers as the reasons print them: "25,000 ev/s", "1,785.7 ev/s", "12%". */
public final class Fmt {
  private Fmt() {}

  public static String num(double v) {
    if (Math.abs(v) >= 100 || v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  public static String rate(double eventsPerSecond) {
    return num(eventsPerSecond) + " ev/s";
  }

  public static String percent(double share) {
    double p = share * 100;
    return (p >= 10 || p == Math.rint(p)
            ? String.format(Locale.ROOT, "%.0f", p)
            : String.format(Locale.ROOT, "%.1f", p))
        + "%";
  }

  /** A share near 1 to two decimals of a percent: "99.9%", "99.81%", "100%". */
  public static String finePercent(double share) {
    // Floored, never rounded up to an objective it missed; 0.999 × 100 is 99.899… in binary.
    return java.math.BigDecimal.valueOf(share * 100)
            .setScale(6, java.math.RoundingMode.HALF_EVEN)
            .setScale(2, java.math.RoundingMode.FLOOR)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }

  /** A share of an error budget: "38%", or "19×" once it is spent many times over. */
  public static String budget(double used) {
    return used < 2 ? percent(used) : factor(used) + "×";
  }

  public static String seconds(double s) {
    if (s < 120) {
      return num(s) + " s";
    }
    if (s < 2 * 3600) {
      return num(s / 60) + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", s / 3600);
  }

  /** A scale factor to 3 significant digits: "0.833", "0.0222", "1". */
  public static String factor(double v) {
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Rounds to 3 decimals for JSON, where more digits are noise. */
  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
