package dev.loadgate.plan;

/** The last few steps' requests offered and events produced, for an autoscaler's rates. */
final class RateWindow {
  private final double[] offered;
  private final double[] produced;
  private final double dt;
  private int next;
  private double offeredSum;
  private double producedSum;

  RateWindow(int steps, double dt) {
    this.offered = new double[steps];
    this.produced = new double[steps];
    this.dt = dt;
  }

  void add(double offeredRequests, double producedEvents) {
    offeredSum += offeredRequests - offered[next];
    producedSum += producedEvents - produced[next];
    offered[next] = offeredRequests;
    produced[next] = producedEvents;
    next = (next + 1) % offered.length;
  }

  double offeredPerSecond() {
    return Math.max(0, offeredSum) / (offered.length * dt);
  }

  double producedPerSecond() {
    return Math.max(0, producedSum) / (produced.length * dt);
  }
}
