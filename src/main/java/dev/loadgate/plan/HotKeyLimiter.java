package dev.loadgate.plan;

/**
 * Capture's limiter for one hot key, stepped by the model (SPEC §9.4): of what the key sends each
 * step, what stays keyed on its partition; the rest is rerouted to the overflow topic, keyless. It
 * also keeps when rerouting began and how many of the key's events went where.
 *
 * <ul>
 *   <li>{@code token_bucket}: the older sink: only what the key sends above the bucket's rate (and
 *       its burst) is rerouted.
 *   <li>{@code global_window}: capture's global rate limiter: the key's count over the last window
 *       (every event it sent, rerouted ones included) passes the threshold at some instant; from
 *       {@code detection} later, until the count falls back under the threshold, all its events are
 *       rerouted.
 *   <li>forced: on capture's forced-overflow list: every event rerouted from the start.
 * </ul>
 */
final class HotKeyLimiter {
  private final FluidBucket bucket;
  private final boolean forced;
  private final double threshold;
  private final double detection;
  private final double[] counts;
  private final double windowScale;
  private int next;
  private double sum;
  private double crossedAt = Double.NaN;

  private double reroutedFrom = Double.NaN;
  private double keyedBeforeReroute;
  private double keyed;
  private double rerouted;

  private HotKeyLimiter(
      FluidBucket bucket,
      boolean forced,
      double threshold,
      double detection,
      double windowSeconds,
      double dt) {
    this.bucket = bucket;
    this.forced = forced;
    this.threshold = threshold;
    this.detection = detection;
    int steps = (int) Math.max(1, Math.round(windowSeconds / dt));
    this.counts = new double[steps];
    // A window shorter than a step holds that share of the step's events.
    this.windowScale = Math.min(1, windowSeconds / (steps * dt));
  }

  static HotKeyLimiter tokenBucket(double rate, double burst) {
    return new HotKeyLimiter(new FluidBucket(rate, burst), false, 0, 0, 1, 1);
  }

  static HotKeyLimiter globalWindow(
      double threshold, double windowSeconds, double detectionSeconds, double dt) {
    return new HotKeyLimiter(null, false, threshold, detectionSeconds, windowSeconds, dt);
  }

  static HotKeyLimiter forced() {
    return new HotKeyLimiter(null, true, 0, 0, 1, 1);
  }

  /**
   * The step from {@code t} to {@code t + dt}: the key sends {@code want}; returns what stays
   * keyed.
   */
  double keep(double want, double t, double dt) {
    double keep;
    double before; // the share of the step before rerouting starts in it
    if (forced) {
      keep = 0;
      before = 0;
    } else if (bucket != null) {
      keep = bucket.take(want, dt);
      before = 0; // a fluid bucket that overflows in a step does so from its start
    } else {
      before = keyedShareOfStep(want, t, dt);
      keep = want * before;
    }
    if (keep < want - 1e-9 && Double.isNaN(reroutedFrom)) {
      reroutedFrom = t + dt * before;
      keyedBeforeReroute = keyed + want * before;
    }
    keyed += keep;
    rerouted += want - keep;
    return keep;
  }

  /** Global window: the share of this step before rerouting starts (1: none of it rerouted). */
  private double keyedShareOfStep(double want, double t, double dt) {
    double before = sum - counts[next];
    sum = before + want * windowScale;
    counts[next] = want * windowScale;
    next = (next + 1) % counts.length;
    if (sum <= threshold) {
      crossedAt = Double.NaN; // back under: capture keys it again
      return 1;
    }
    if (Double.isNaN(crossedAt)) {
      // The count rises through the step: it passes the threshold part-way.
      double rise = sum - before;
      crossedAt = t + (rise > 0 ? dt * Math.max(0, threshold - before) / rise : 0);
    }
    double from = crossedAt + detection;
    return Math.max(0, Math.min(1, (from - t) / dt));
  }

  /** When the key's events first left its partition (seconds from the start); NaN if never. */
  double reroutedFrom() {
    return reroutedFrom;
  }

  /**
   * The key's events that stayed on its partition before rerouting began (all, if it never did).
   */
  double keyedBeforeReroute() {
    return Double.isNaN(reroutedFrom) ? keyed : keyedBeforeReroute;
  }

  double keyed() {
    return keyed;
  }

  double rerouted() {
    return rerouted;
  }
}
