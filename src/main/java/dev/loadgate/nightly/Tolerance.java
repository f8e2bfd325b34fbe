package dev.loadgate.nightly;

import java.util.Locale;

/**
 * How far a nightly metric may move from its baseline, as written in the baseline file: {@code
 * exact}, {@code abs X}, {@code rel X}, {@code max X}, {@code drop X}, {@code noise K} or {@code
 * trend} (see {@link Baseline}).
 */
record Tolerance(Kind kind, double amount) {
  enum Kind {
    EXACT,
    ABS,
    REL,
    MAX,
    DROP,
    NOISE,
    TREND
  }

  /**
   * A regression must be visible above the noise: a {@code noise} metric whose K σ is wider than
   * this share of its median could not tell a 25% slowdown from a bad night, so it is reported, not
   * gated.
   */
  static final double GATE_LIMIT = 0.25;

  /**
   * The least σ a {@code noise} bound assumes, as a share of the median: five calm nights can show
   * almost no spread by luck, and a bound drawn that tight would fail the first ordinary night.
   */
  static final double NOISE_FLOOR = 0.025;

  /** Nights a spread needs before it can gate: with two, the range is one difference. */
  static final int MIN_NIGHTS = 3;

  /** Parses a tolerance text; throws naming the metric when it cannot. */
  static Tolerance parse(String metric, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("exact")) {
      return new Tolerance(Kind.EXACT, 0);
    }
    if (t.equals("trend")) {
      return new Tolerance(Kind.TREND, 0);
    }
    String[] parts = t.split("\\s+");
    if (parts.length == 2) {
      try {
        double x = Double.parseDouble(parts[1]);
        for (Kind k : Kind.values()) {
          if (k != Kind.EXACT
              && k != Kind.TREND
              && k.name().toLowerCase(Locale.ROOT).equals(parts[0])) {
            return new Tolerance(k, x);
          }
        }
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw new IllegalArgumentException(
        "baseline metric "
            + metric
            + ": tolerance '"
            + text
            + "' is not one of: exact, abs X, rel X, max X, drop X, noise K, trend");
  }

  /**
   * Whether {@code current} is within this tolerance of {@code baseline}; {@code spread} is the
   * baseline's nights (null when it has none), which only {@code noise} reads.
   */
  boolean holds(double baseline, double current, Spread spread) {
    double eps = 1e-12;
    return switch (kind) {
      case EXACT -> current == baseline;
      case ABS -> Math.abs(current - baseline) <= amount + eps;
      case REL -> baseline == 0 ? current == 0 : Math.abs(current / baseline - 1) <= amount + eps;
      case MAX -> current <= amount + eps;
      case DROP -> current >= baseline * (1 - amount) - eps;
      case NOISE ->
          notGated(baseline, spread) != null || current >= noiseBound(baseline, spread) - eps;
      case TREND -> true;
    };
  }

  /** {@link #holds(double, double, Spread)} for tolerances that need no spread. */
  boolean holds(double baseline, double current) {
    return holds(baseline, current, null);
  }

  /**
   * {@code noise K}: the lowest value that is still noise, median − K σ, with σ from the nights'
   * spread and never under {@link #NOISE_FLOOR} of the median. A fall is a regression; a rise is a
   * speed-up.
   */
  double noiseBound(double median, Spread spread) {
    double sigma = Math.max(spread == null ? 0 : spread.sigma(), NOISE_FLOOR * Math.abs(median));
    return median - amount * sigma;
  }

  /**
   * Why this metric does not fail the night, in the report's words, or null when it is gated: a
   * {@code trend} never is; a {@code noise} metric is not while its baseline has too few nights, or
   * its K σ exceeds {@link #GATE_LIMIT} of its median.
   */
  String notGated(double median, Spread spread) {
    if (kind == Kind.TREND) {
      return "not gated: trend only";
    }
    if (kind != Kind.NOISE) {
      return null;
    }
    if (spread == null || spread.nights() < MIN_NIGHTS) {
      return String.format(
          Locale.ROOT,
          "not gated: spread over %d night(s), %d needed",
          spread == null ? 0 : spread.nights(),
          MIN_NIGHTS);
    }
    if (amount * spread.sigma() > GATE_LIMIT * Math.abs(median) + 1e-12) {
      return String.format(
          Locale.ROOT,
          "not gated: spread ±%.0f%% over %d nights (%.0fσ = %.0f%% > %.0f%%)",
          100 * spread.relativeRange(),
          spread.nights(),
          amount,
          100 * amount * spread.relativeSigma(),
          100 * GATE_LIMIT);
    }
    return null;
  }

  /** Whether a move is best read as a percentage of the baseline. */
  boolean relative() {
    return kind == Kind.REL || kind == Kind.DROP || kind == Kind.NOISE || kind == Kind.TREND;
  }
}
