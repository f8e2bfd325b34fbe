package dev.loadgate.nightly;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a night's metrics with the baseline: every metric, what moved, against what tolerance.
 */
public final class Gate {
  private Gate() {}

  /**
   * One metric compared.
   *
   * @param baseline null for a metric the baseline does not know (reported, not gated)
   * @param current null for a metric missing tonight (a regression: something stopped running)
   * @param tolerance the baseline's tolerance, with its bound where the bound comes from the spread
   * @param moved what changed, in words: "+0.031", "x2.4", "READY -> NEEDS_SCALING"
   * @param notGated why this metric cannot fail the night ("not gated: spread ±60% over 5 nights"),
   *     or null when it can
   */
  public record Comparison(
      String name,
      Object baseline,
      Object current,
      String tolerance,
      boolean ok,
      String moved,
      String notGated) {
    public Comparison(
        String name, Object baseline, Object current, String tolerance, boolean ok, String moved) {
      this(name, baseline, current, tolerance, ok, moved, null);
    }
  }

  public static List<Comparison> compare(Map<String, Object> current, Baseline baseline) {
    List<Comparison> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(baseline.metrics().keySet());
    names.addAll(current.keySet());
    for (String name : names) {
      Baseline.Entry b = baseline.metrics().get(name);
      Object now = current.get(name);
      if (b == null) {
        out.add(new Comparison(name, null, now, "", true, "new: not in the baseline, not gated"));
      } else if (now == null) {
        out.add(new Comparison(name, b.value(), null, b.tolerance(), false, "missing tonight"));
      } else {
        out.add(compare(name, b, now));
      }
    }
    return out;
  }

  private static Comparison compare(String name, Baseline.Entry b, Object now) {
    Tolerance t = Tolerance.parse(name, b.tolerance());
    if (!(b.value() instanceof Number) || !(now instanceof Number)) {
      boolean same = String.valueOf(b.value()).equals(String.valueOf(now));
      return new Comparison(
          name, b.value(), now, b.tolerance(), same, same ? "" : b.value() + " -> " + now);
    }
    double base = ((Number) b.value()).doubleValue();
    double cur = ((Number) now).doubleValue();
    boolean ok = t.holds(base, cur, b.spread());
    String moved;
    if (cur == base) {
      moved = "";
    } else if (t.relative() && base != 0) {
      moved = String.format(Locale.ROOT, "%+.0f%%", 100 * (cur / base - 1));
    } else {
      moved = String.format(Locale.ROOT, "%+.4g", cur - base);
    }
    String tolerance = b.tolerance();
    if (t.kind() == Tolerance.Kind.NOISE) {
      double bound = t.noiseBound(base, b.spread());
      tolerance +=
          String.format(
              Locale.ROOT,
              " (bound %.4g, %+.0f%%)",
              bound,
              base == 0 ? 0 : 100 * (bound / base - 1));
    }
    return new Comparison(name, base, cur, tolerance, ok, moved, t.notGated(base, b.spread()));
  }

  public static List<Comparison> regressions(List<Comparison> all) {
    return all.stream().filter(c -> !c.ok()).toList();
  }

  /** The metrics that could not have failed tonight, for the report to say so. */
  public static List<Comparison> notGated(List<Comparison> all) {
    return all.stream().filter(c -> c.notGated() != null).toList();
  }
}
