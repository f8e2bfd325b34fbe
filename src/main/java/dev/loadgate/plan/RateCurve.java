package dev.loadgate.plan;

import dev.loadgate.profile.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The offered rate r(t) in events/second: piecewise linear through {@link #points()}, 0 before the
 * first point and after the last. Built from the profile's stages (each moves linearly from the
 * previous target, 0 before the first), or as a flat step when only peak and duration were given.
 */
public final class RateCurve {
  /** A corner of the curve: at {@code seconds} the rate is {@code eventsPerSecond}. */
  public record Point(double seconds, double eventsPerSecond) {}

  /**
   * The steepest rise within one reaction time: r(toSeconds) − r(fromSeconds), where fromSeconds is
   * toSeconds minus the window and may lie before the start (rate 0 there).
   */
  public record Rise(
      double eventsPerSecond,
      double fromSeconds,
      double toSeconds,
      double fromRate,
      double toRate) {}

  private final List<Point> points;

  private RateCurve(List<Point> points) {
    this.points = List.copyOf(points);
  }

  public static RateCurve ofStages(List<Stage> stages) {
    List<Point> pts = new ArrayList<>();
    pts.add(new Point(0, 0));
    double t = 0;
    for (Stage s : stages) {
      t += s.seconds();
      pts.add(new Point(t, s.targetEventsPerSecond()));
    }
    return new RateCurve(pts);
  }

  /**
   * The rate jumps to {@code peak} at once and holds it: what an unanswered ramp-up must be assumed
   * to be.
   */
  public static RateCurve flat(double peak, double seconds) {
    return new RateCurve(List.of(new Point(0, peak), new Point(seconds, peak)));
  }

  /** A curve through {@code points}, whose times must not go backwards. */
  public static RateCurve of(List<Point> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a rate curve needs at least one point");
    }
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).seconds() < points.get(i - 1).seconds()) {
        throw new IllegalArgumentException("rate curve points must be in time order");
      }
    }
    return new RateCurve(points);
  }

  public List<Point> points() {
    return points;
  }

  public double durationSeconds() {
    return points.get(points.size() - 1).seconds();
  }

  public double peak() {
    double max = 0;
    for (Point p : points) {
      max = Math.max(max, p.eventsPerSecond());
    }
    return max;
  }

  /** Events sent over the whole load: the area under the curve. */
  public double totalEvents() {
    double sum = 0;
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      sum += (a.eventsPerSecond() + b.eventsPerSecond()) / 2 * (b.seconds() - a.seconds());
    }
    return sum;
  }

  /** r(t); at a corner the corner's value, so the end of the load still counts at its last rate. */
  public double rateAt(double t) {
    if (t < 0 || t > durationSeconds()) {
      return 0;
    }
    for (int i = 1; i < points.size(); i++) {
      Point b = points.get(i);
      if (t <= b.seconds()) {
        Point a = points.get(i - 1);
        double span = b.seconds() - a.seconds();
        if (span <= 0) {
          return b.eventsPerSecond();
        }
        return a.eventsPerSecond()
            + (b.eventsPerSecond() - a.eventsPerSecond()) * (t - a.seconds()) / span;
      }
    }
    return points.get(0).eventsPerSecond();
  }

  /**
   * max over t of r(t) − r(t − window). Both terms are piecewise linear, so the maximum sits at a
   * corner of one of them: a point of the curve, or a point shifted by the window.
   */
  public Rise maxRise(double windowSeconds) {
    double[] candidates = new double[points.size() * 2];
    for (int i = 0; i < points.size(); i++) {
      candidates[2 * i] = points.get(i).seconds();
      candidates[2 * i + 1] = points.get(i).seconds() + windowSeconds;
    }
    // Earliest first, so a tie reports the moment the rise is complete, not a later plateau.
    java.util.Arrays.sort(candidates);
    Rise best = new Rise(0, -windowSeconds, 0, 0, rateAt(0));
    for (double t : candidates) {
      double from = rateAt(t - windowSeconds);
      double to = rateAt(t);
      if (to - from > best.eventsPerSecond() + 1e-9) {
        best = new Rise(to - from, t - windowSeconds, t, from, to);
      }
    }
    return best;
  }

  /** The highest rate over {@code [from, to]}: at an end, or at a corner inside. */
  public double maxRate(double from, double to) {
    double max = Math.max(rateAt(from), rateAt(to));
    for (Point p : points) {
      if (p.seconds() >= from && p.seconds() <= to) {
        max = Math.max(max, p.eventsPerSecond());
      }
    }
    return max;
  }

  /**
   * {@link #maxRise(double)} over the moments {@code t} in {@code [from, to]} only: the rise that
   * completes inside that stretch (an hour of live load, whose headroom is constant).
   */
  public Rise maxRise(double windowSeconds, double from, double to) {
    double[] candidates = new double[points.size() * 2 + 2];
    int n = 0;
    candidates[n++] = from;
    candidates[n++] = to;
    for (Point p : points) {
      for (double t : new double[] {p.seconds(), p.seconds() + windowSeconds}) {
        if (t > from && t < to) {
          candidates[n++] = t;
        }
      }
    }
    java.util.Arrays.sort(candidates, 0, n);
    Rise best = null;
    for (int i = 0; i < n; i++) {
      double t = candidates[i];
      double a = rateAt(t - windowSeconds);
      double b = rateAt(t);
      if (best == null || b - a > best.eventsPerSecond() + 1e-9) {
        best = new Rise(b - a, t - windowSeconds, t, a, b);
      }
    }
    return best;
  }
}
