package dev.loadgate.plan;

/**
 * A token bucket over a fluid (rates, not single events), stepped in time: it fills at {@code rate}
 * up to {@code depth} and each step lets through what the tokens allow. Capture's admission
 * (requests), the per-token rate limit (events, a second deep) and capture's per-key overflow limit
 * are all this bucket; the model and the replay's prediction step the same one.
 */
public final class FluidBucket {
  private double rate;
  private double depth;
  private double tokens;

  /** A bucket full at the start. */
  public FluidBucket(double rate, double depth) {
    this(rate, depth, depth);
  }

  public FluidBucket(double rate, double depth, double tokens) {
    this.rate = rate;
    this.depth = depth;
    this.tokens = tokens;
  }

  /**
   * One step of {@code dt} seconds in which {@code want} arrives.
   *
   * @return what passes (the rest is refused, rerouted or limited by the caller)
   */
  public double take(double want, double dt) {
    double room = tokens + rate * dt;
    double pass = Math.min(want, room);
    tokens = Math.min(depth, room - pass);
    return pass;
  }

  /**
   * One step in which {@code first} (traffic that was there before, like the live load at capture)
   * takes its part of the room, then {@code want} gets what it leaves.
   *
   * @return what of {@code want} passes
   */
  public double takeAfter(double first, double want, double dt) {
    double room = tokens + rate * dt - Math.min(first, tokens + rate * dt);
    double pass = Math.min(want, room);
    tokens = Math.min(depth, room - pass);
    return pass;
  }

  /** A new fill rate and depth from now on (capture's replicas changed); the tokens stay. */
  public void resize(double rate, double depth) {
    this.rate = rate;
    this.depth = depth;
  }

  public double tokens() {
    return tokens;
  }
}
