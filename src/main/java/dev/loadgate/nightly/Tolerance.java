package dev.loadgate.nightly;

import java.util.Locale;

/**
 * How far a nightly metric may move from its baseline, as written in the baseline file: {@code
 * exact}, {@code abs X}, {@code rel X}, {@code max X} or {@code drop X} (see {@link Baseline}).
 */
record Tolerance(Kind kind, double amount) {
  enum Kind {
    EXACT,
    ABS,
    REL,
    MAX,
    DROP
  }

  /** Parses a tolerance text; throws naming the metric when it cannot. */
  static Tolerance parse(String metric, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("exact")) {
      return new Tolerance(Kind.EXACT, 0);
    }
    String[] parts = t.split("\\s+");
    if (parts.length == 2) {
      try {
        double x = Double.parseDouble(parts[1]);
        for (Kind k : Kind.values()) {
          if (k != Kind.EXACT && k.name().toLowerCase(Locale.ROOT).equals(parts[0])) {
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
            + "' is not one of: exact, abs X, rel X, max X, drop X");
  }

  /** Whether {@code current} is within this tolerance of {@code baseline}. */
  boolean holds(double baseline, double current) {
    double eps = 1e-12;
    return switch (kind) {
      case EXACT -> current == baseline;
      case ABS -> Math.abs(current - baseline) <= amount + eps;
      case REL -> baseline == 0 ? current == 0 : Math.abs(current / baseline - 1) <= amount + eps;
      case MAX -> current <= amount + eps;
      case DROP -> current >= baseline * (1 - amount) - eps;
    };
  }

  /** Whether a move is best read as a percentage of the baseline. */
  boolean relative() {
    return kind == Kind.REL || kind == Kind.DROP;
  }
}
