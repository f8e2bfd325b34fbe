package dev.loadgate.simulation;

import dev.loadgate.plan.RateCurve;
import java.util.ArrayList;
import java.util.List;

/**
 * The open-model injection a (scaled) rate curve becomes, as data: one step per stage, in requests
 * per second (events per second ÷ events per request). The Gatling simulation turns each step into
 * the DSL call of the same name; keeping the arithmetic here makes it testable without Gatling.
 *
 * <p>Gatling's rate ramps run whole seconds, so stage boundaries are rounded to the second (the
 * shape moves by at most half a second) and every step's request count is exactly what Gatling
 * injects. A stage that rounds to no time at all is a burst: its requests are injected at once, so
 * a burst profile really bursts instead of becoming a one-tick ramp.
 */
public record LoadShape(List<Step> steps, int eventsPerRequest) {
  public enum Kind {
    /** {@code atOnceUsers(requests)} */
    AT_ONCE,
    /** {@code rampUsersPerSec(from).to(to).during(seconds)} */
    RAMP,
    /** {@code constantUsersPerSec(from).during(seconds)} */
    CONSTANT,
    /** {@code nothingFor(seconds)}: a stage at rate 0 */
    PAUSE
  }

  /**
   * One injection step.
   *
   * @param stage the profile's stage, from 1
   * @param startSeconds when the step starts, from the start of the run
   * @param seconds whole seconds; 0 for {@code AT_ONCE}
   * @param requests requests the step sends
   */
  public record Step(
      int stage,
      Kind kind,
      double startSeconds,
      double seconds,
      double fromRequestsPerSecond,
      double toRequestsPerSecond,
      long requests) {

    public double endSeconds() {
      return startSeconds + seconds;
    }
  }

  public LoadShape {
    steps = List.copyOf(steps);
    if (eventsPerRequest < 1) {
      throw new IllegalArgumentException("events per request must be >= 1");
    }
  }

  /** The injection for a curve already scaled to this run, each segment of it one stage. */
  public static LoadShape of(RateCurve scaled, int eventsPerRequest) {
    List<Step> steps = new ArrayList<>();
    List<RateCurve.Point> pts = scaled.points();
    if (pts.size() == 1) {
      throw new IllegalArgumentException("a load needs a duration: the curve has one point");
    }
    for (int i = 1; i < pts.size(); i++) {
      RateCurve.Point a = pts.get(i - 1);
      RateCurve.Point b = pts.get(i);
      long start = Math.round(a.seconds());
      long seconds = Math.round(b.seconds()) - start;
      double from = a.eventsPerSecond() / eventsPerRequest;
      double to = b.eventsPerSecond() / eventsPerRequest;
      Kind kind;
      long requests;
      if (from == 0 && to == 0) {
        kind = Kind.PAUSE;
        requests = 0;
      } else if (seconds == 0) {
        kind = Kind.AT_ONCE;
        requests = Math.round((from + to) / 2 * (b.seconds() - a.seconds()));
      } else {
        kind = from == to ? Kind.CONSTANT : Kind.RAMP;
        // As Gatling counts a rate step's users: whole seconds, rounded down.
        requests = (long) ((from + to) / 2 * seconds);
      }
      steps.add(new Step(i, kind, start, seconds, from, to, requests));
    }
    return new LoadShape(steps, eventsPerRequest);
  }

  public double durationSeconds() {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).endSeconds();
  }

  /** When the first request leaves: the start of the first step that sends any. */
  public double firstRequestSeconds() {
    for (Step s : steps) {
      if (s.requests() > 0) {
        return s.startSeconds();
      }
    }
    return 0;
  }

  /** The highest request rate of any step (an at-once step's requests count as one second's). */
  public double peakRequestsPerSecond() {
    double peak = 0;
    for (Step s : steps) {
      peak =
          Math.max(
              peak,
              s.kind() == Kind.AT_ONCE
                  ? s.requests()
                  : Math.max(s.fromRequestsPerSecond(), s.toRequestsPerSecond()));
    }
    return peak;
  }

  public long requests() {
    return steps.stream().mapToLong(Step::requests).sum();
  }

  /**
   * The timed step (not at-once) running {@code seconds} after the start: the last one after the
   * end, -1 before the start or when every step is at once.
   */
  public int stepAt(double seconds) {
    if (seconds < 0) {
      return -1;
    }
    int last = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).kind() == Kind.AT_ONCE) {
        continue;
      }
      last = i;
      if (seconds < steps.get(i).endSeconds()) {
        return i;
      }
    }
    return last;
  }

  /**
   * How long an at-once step's requests take to leave in the model: Gatling starts them all in the
   * same instant and the client sends them within tens of milliseconds.
   */
  static final double AT_ONCE_SECONDS = 0.05;

  /**
   * The load as Gatling injects it, in events/s: each step from its whole-second start for its
   * whole seconds (Gatling counts rate steps in whole seconds), an at-once step's events within
   * {@link #AT_ONCE_SECONDS} of its start, on top of the step that starts with it. A stage shorter
   * than half a second of the scaled run (a 10 s ramp compressed 20×) is injected at once, so the
   * model that the replay is compared with must see it at once too.
   */
  public RateCurve injectedCurve() {
    java.util.TreeSet<Double> corners = new java.util.TreeSet<>();
    for (Step s : steps) {
      corners.add(s.startSeconds());
      corners.add(s.kind() == Kind.AT_ONCE ? s.startSeconds() + AT_ONCE_SECONDS : s.endSeconds());
    }
    List<RateCurve.Point> pts = new ArrayList<>();
    for (double c : corners) {
      double left = rate(c, false);
      double right = rate(c, true);
      if (pts.isEmpty() || left != right) {
        pts.add(new RateCurve.Point(c, left));
      }
      pts.add(new RateCurve.Point(c, right));
    }
    return RateCurve.of(pts);
  }

  /** The injected rate at {@code t}: just after it ({@code after}) or just before. */
  private double rate(double t, boolean after) {
    double sum = 0;
    for (Step s : steps) {
      double start = s.startSeconds();
      double end = s.kind() == Kind.AT_ONCE ? start + AT_ONCE_SECONDS : s.endSeconds();
      boolean in = after ? t >= start && t < end : t > start && t <= end;
      if (!in) {
        continue;
      }
      if (s.kind() == Kind.AT_ONCE) {
        sum += s.requests() * eventsPerRequest / AT_ONCE_SECONDS;
      } else if (s.kind() != Kind.PAUSE) {
        double f = (t - start) / s.seconds();
        sum +=
            (s.fromRequestsPerSecond() + (s.toRequestsPerSecond() - s.fromRequestsPerSecond()) * f)
                * eventsPerRequest;
      }
    }
    return sum;
  }

  /** The at-once step that injects the {@code request}-th request (from 1), or -1. */
  public int atOnceStepOf(long request) {
    long before = 0;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s.kind() == Kind.AT_ONCE && request > before && request <= before + s.requests()) {
        return i;
      }
      before += s.requests();
    }
    return -1;
  }
}
