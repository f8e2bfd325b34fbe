package dev.loadgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The plan's reference for the nightly ratio: work of the plan's size and kind that shares no code
 * with it. A plan steps a backlog for many partitions over a few thousand steps (doubles in arrays,
 * a branch per partition), allocates small records for the partitions that lag, and sorts them; so
 * does this, on fixed pseudo-random rates, in about the time the 1,024-partition, 8-hour plan takes
 * on the same machine (checked side by side in {@code PlanBenchmark.planOnlyPaired}).
 */
final class PlanReference {
  /** One queue that lagged, as a plan lists a partition that lags. */
  record Lag(int queue, double maxBacklog, int at) {}

  private final double[] arrivals;
  private final double[] service;
  private final int steps;

  PlanReference(int queues, int steps) {
    SplittableRandom r = new SplittableRandom(20261207);
    arrivals = new double[queues];
    service = new double[queues];
    for (int q = 0; q < queues; q++) {
      arrivals[q] = 100 + 900 * r.nextDouble();
      service[q] = 550 + 500 * r.nextDouble();
    }
    this.steps = steps;
  }

  /**
   * Steps every queue, lists the ones that lag by their worst backlog: the checksum-like result.
   */
  List<Lag> run() {
    int n = arrivals.length;
    double[] backlog = new double[n];
    double[] worst = new double[n];
    int[] worstAt = new int[n];
    double dt = 1.0;
    for (int s = 0; s < steps; s++) {
      // A slow swell over the run, as a ramp and a hold.
      double swell = 0.6 + 0.8 * Math.sin(Math.PI * s / steps);
      for (int q = 0; q < n; q++) {
        double b = backlog[q] + (arrivals[q] * swell - service[q]) * dt;
        b = b < 0 ? 0 : b;
        backlog[q] = b;
        if (b > worst[q]) {
          worst[q] = b;
          worstAt[q] = s;
        }
      }
    }
    TreeMap<Double, List<Lag>> byBacklog = new TreeMap<>();
    for (int q = 0; q < n; q++) {
      if (worst[q] > 0) {
        byBacklog
            .computeIfAbsent(-worst[q], k -> new ArrayList<>())
            .add(new Lag(q, worst[q], worstAt[q]));
      }
    }
    List<Lag> out = new ArrayList<>();
    byBacklog.values().forEach(out::addAll);
    return out;
  }
}
