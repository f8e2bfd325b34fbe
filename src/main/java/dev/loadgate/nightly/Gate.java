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
   * @param moved what changed, in words: "+0.031", "x2.4", "READY -> NEEDS_SCALING"
   */
  public record Comparison(
      String name, Object baseline, Object current, String tolerance, boolean ok, String moved) {}

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
    boolean ok = t.holds(base, cur);
    String moved;
    if (cur == base) {
      moved = "";
    } else if (t.relative() && base != 0) {
      moved = String.format(Locale.ROOT, "%+.0f%%", 100 * (cur / base - 1));
    } else {
      moved = String.format(Locale.ROOT, "%+.4g", cur - base);
    }
    return new Comparison(name, base, cur, b.tolerance(), ok, moved);
  }

  public static List<Comparison> regressions(List<Comparison> all) {
    return all.stream().filter(c -> !c.ok()).toList();
  }
}
