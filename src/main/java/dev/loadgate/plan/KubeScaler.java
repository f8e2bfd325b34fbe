package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayDeque;

/**
 * One deployment's autoscaler as Kubernetes runs it (SPEC §9.5, docs/capacity-model.md): the HPA,
 * its metric from KEDA's Kafka lag scaler for a consumer lane or from CPU for capture.
 *
 * <ul>
 *   <li>every {@code polling_interval} it computes the replicas the metric asks for: a lane ⌈lag ÷
 *       lag_threshold⌉ (KEDA's metric is the group's total lag, its target an average per pod),
 *       capture ⌈requests ÷ (one replica's requests × cpu_target)⌉ (utilisation × replicas ÷
 *       target); nothing while that is within the HPA's 10% tolerance of the replicas it already
 *       asked for;
 *   <li>at most min(the deployment's maximum, the partitions for a lane); never down during a load
 *       (the cooldown outlasts it);
 *   <li>the HPA's scale-up policy adds at most {@code scale_up.pods} per {@code scale_up.period};
 *   <li>a pod asked for works {@code startup} later (scheduling, image, the group's rebalance).
 * </ul>
 */
final class KubeScaler implements LaneScaler {
  private final Pipeline.KubeAutoscaler k;
  private final int max;
  private final boolean capture;
  private final double requestsPerReplica;
  private final int other;
  private int running;
  private int asked;
  private double nextPoll;

  /** Pods asked for and starting: {when they work, how many}. */
  private final ArrayDeque<double[]> starting = new ArrayDeque<>();

  /** Pods added within the last scale-up period: {when, how many}. */
  private final ArrayDeque<double[]> added = new ArrayDeque<>();

  private KubeScaler(
      Pipeline.KubeAutoscaler k, int today, int max, boolean capture, double rps, int other) {
    this.k = k;
    this.running = today;
    this.asked = today;
    this.max = Math.max(today, max);
    this.capture = capture;
    this.requestsPerReplica = rps;
    this.other = other;
  }

  /** A consumer lane's: KEDA's lag scaler, {@code max} the lane's maximum and its partitions. */
  static KubeScaler lane(Pipeline.KubeAutoscaler k, int today, int max, int captureReplicas) {
    return new KubeScaler(k, today, max, false, 0, captureReplicas);
  }

  /** Capture's: the HPA on CPU, one replica taking {@code requestsPerReplica} at full CPU. */
  static KubeScaler capture(
      Pipeline.KubeAutoscaler k, int today, int max, double requestsPerReplica) {
    return new KubeScaler(k, today, max, true, requestsPerReplica, 1);
  }

  @Override
  public boolean decide(double now, Autoscaler.Signals s) {
    if (now + 1e-9 < nextPoll) {
      return false;
    }
    nextPoll = now + seconds(k.pollingInterval());
    double metric =
        capture
            ? s.offeredRequestsPerSecond() / (requestsPerReplica * k.cpuTarget())
            : s.backlogEvents() / k.lagThreshold();
    if (asked > 0 && Math.abs(metric / asked - 1) <= Autoscaler.TOLERANCE) {
      return false;
    }
    int want = (int) Math.min(max, Math.ceil(metric - 1e-9));
    double period = seconds(k.scaleUpPeriod());
    while (!added.isEmpty() && added.peekFirst()[0] <= now - period + 1e-9) {
      added.pollFirst();
    }
    int recent = added.stream().mapToInt(a -> (int) a[1]).sum();
    int more = Math.min(want - asked, k.scaleUpPods() - recent);
    if (more <= 0) {
      return false;
    }
    asked += more;
    added.addLast(new double[] {now, more});
    starting.addLast(new double[] {now + seconds(k.startup()), more});
    return true;
  }

  @Override
  public boolean apply(double now) {
    boolean changed = false;
    while (!starting.isEmpty() && starting.peekFirst()[0] <= now + 1e-9) {
      running += (int) starting.pollFirst()[1];
      changed = true;
    }
    return changed;
  }

  @Override
  public Autoscaler.Sizes running() {
    return capture ? new Autoscaler.Sizes(other, running) : new Autoscaler.Sizes(running, other);
  }

  @Override
  public Autoscaler.Sizes asked() {
    return capture ? new Autoscaler.Sizes(other, asked) : new Autoscaler.Sizes(asked, other);
  }

  private static double seconds(java.time.Duration d) {
    return d.toNanos() / 1e9;
  }
}
