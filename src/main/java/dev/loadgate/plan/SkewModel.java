package dev.loadgate.plan;

import dev.loadgate.profile.TopDistinctId;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * How the load's events spread over distinct_ids. Each top id has share events/totalEvents. The
 * rest spread over the remaining ids as a Zipf tail: the exponent s is fitted to the top counts
 * (least squares of log count on log rank, commons-math3), the tail id at rank k gets min(cap,
 * A·k^-s) where the cap is the smallest top share (a tail id never outranks a top id) and A makes
 * the tail sum to the remaining share. When the fit is flat, or the top list has fewer than two
 * counts, the tail is uniform. Everything is closed form: no event is sampled.
 *
 * @param top the top ids with their shares, most events first
 * @param tailShare share of events outside the top list
 * @param tailIds distinct ids outside the top list
 * @param tailExponent the fitted Zipf exponent s; 0 for a uniform tail
 * @param tailScale A, in shares; for a uniform tail the share of each tail id
 * @param tailCap the largest share a tail id may have (the smallest top share); +inf without a top
 *     list
 * @param consistent false when even a uniform tail must put more on each tail id than the cap: the
 *     top list is then not really the top (or total_events is wrong)
 */
public record SkewModel(
    List<IdShare> top,
    double tailShare,
    long tailIds,
    double tailExponent,
    double tailScale,
    double tailCap,
    boolean consistent) {

  /** Below this fitted exponent the top counts are too flat to call Zipf: the tail is uniform. */
  public static final double FLAT_EXPONENT = 0.05;

  public record IdShare(String distinctId, long events, double share) {}

  public SkewModel {
    top = List.copyOf(top);
  }

  /**
   * @param totalIds distinct ids in the whole load (at least the top list's size)
   * @param totalEvents events the top counts were counted in (positive)
   */
  public static SkewModel of(List<TopDistinctId> topIds, long totalIds, double totalEvents) {
    if (!(totalEvents > 0)) {
      throw new IllegalArgumentException("totalEvents must be > 0");
    }
    List<IdShare> top = new ArrayList<>(topIds.size());
    double topShare = 0;
    for (TopDistinctId t : topIds) {
      double share = t.events() / totalEvents;
      top.add(new IdShare(t.distinctId(), t.events(), share));
      topShare += share;
    }
    double tailShare = Math.max(0, 1 - topShare);
    int m = topIds.size();
    long n = Math.max(0, totalIds - m);
    double cap = top.isEmpty() ? Double.POSITIVE_INFINITY : top.get(m - 1).share();
    if (n == 0 || tailShare == 0) {
      return new SkewModel(top, tailShare, n, 0, 0, cap, n > 0 || tailShare == 0);
    }
    double uniform = tailShare / n;
    if (uniform > cap) {
      return new SkewModel(top, tailShare, n, 0, uniform, cap, false);
    }
    double s = fitExponent(topIds);
    if (s == 0) {
      return new SkewModel(top, tailShare, n, 0, uniform, cap, true);
    }
    return new SkewModel(top, tailShare, n, s, scale(m, n, s, cap, tailShare), cap, true);
  }

  /** A such that Σ_{k=m+1..m+n} min(cap, A·k^-s) = tailShare; assumes tailShare ≤ n·cap. */
  static double scale(int m, long n, double s, double cap, double tailShare) {
    double uncapped = tailShare / zipfSum(m + 1, m + n, s);
    if (uncapped * Math.pow(m + 1, -s) <= cap) {
      return uncapped;
    }
    // Some head ranks sit at the cap; the capped sum grows with A, so solve on log A.
    UnivariateFunction excess = logA -> cappedSum(m, n, s, cap, Math.exp(logA)) - tailShare;
    double lo = Math.log(uncapped);
    double hi = Math.log(cap) + s * Math.log((double) m + n) + 1e-9;
    return Math.exp(new BrentSolver(1e-12, 1e-14).solve(200, excess, lo, hi));
  }

  private static double cappedSum(int m, long n, double s, double cap, double a) {
    // Ranks up to kc = (A/cap)^(1/s) sit at the cap.
    double kc = Math.pow(a / cap, 1 / s);
    long lastCapped = (long) Math.min(m + n, Math.max(m, Math.floor(kc)));
    return cap * (lastCapped - m) + a * zipfSum(lastCapped + 1, m + n, s);
  }

  /** Least-squares slope of log(count) on log(rank), negated; 0 when flat or not fittable. */
  static double fitExponent(List<TopDistinctId> topIds) {
    SimpleRegression fit = new SimpleRegression();
    for (int i = 0; i < topIds.size(); i++) {
      long events = topIds.get(i).events();
      if (events > 0) {
        fit.addData(Math.log(i + 1), Math.log(events));
      }
    }
    if (fit.getN() < 2) {
      return 0;
    }
    double s = -fit.getSlope();
    return Double.isFinite(s) && s >= FLAT_EXPONENT ? s : 0;
  }

  /**
   * Σ_{k=a..b} k^-s: the first terms exactly, the rest by Euler–Maclaurin (integral, end
   * corrections and the first derivative term), whose next term is below 1e-12 of the sum from rank
   * 64 on.
   */
  static double zipfSum(long a, long b, double s) {
    if (b < a) {
      return 0;
    }
    long head = Math.min(b, a + 63);
    double sum = 0;
    for (long k = a; k <= head; k++) {
      sum += Math.pow(k, -s);
    }
    if (head == b) {
      return sum;
    }
    double lo = head + 1;
    double hi = b;
    double integral =
        Math.abs(s - 1) < 1e-12
            ? Math.log(hi / lo)
            : (Math.pow(hi, 1 - s) - Math.pow(lo, 1 - s)) / (1 - s);
    double ends = (Math.pow(lo, -s) + Math.pow(hi, -s)) / 2;
    double derivative = s / 12 * (Math.pow(lo, -s - 1) - Math.pow(hi, -s - 1));
    return sum + integral + ends + derivative;
  }

  /** Share of events of the tail id at overall rank {@code rank} (ranks after the top list). */
  public double tailShareOfRank(long rank) {
    if (tailIds == 0 || rank <= top.size() || rank > top.size() + tailIds) {
      return 0;
    }
    if (tailExponent == 0) {
      return tailScale;
    }
    return Math.min(tailCap, tailScale * Math.pow(rank, -tailExponent));
  }

  /** Share of the busiest tail id (rank m+1), 0 without a tail. */
  public double tailHeadShare() {
    return tailShareOfRank(top.size() + 1);
  }

  /** How many tail ids have a share above {@code share}: closed form on the tail's weights. */
  public long tailIdsAbove(double share) {
    if (tailIds == 0 || tailShare <= 0 || share < 0) {
      return 0;
    }
    if (tailExponent == 0) {
      return tailScale > share ? tailIds : 0;
    }
    if (tailCap <= share) {
      return 0;
    }
    // A·k^-s > share  <=>  k < (A / share)^(1/s)
    double kMax = Math.pow(tailScale / share, 1 / tailExponent);
    long ranks = (long) Math.min(Long.MAX_VALUE / 2, Math.ceil(kMax) - 1);
    return Math.max(0, Math.min(tailIds, ranks - top.size()));
  }

  public double topShare() {
    double sum = 0;
    for (IdShare t : top) {
      sum += t.share();
    }
    return sum;
  }
}
