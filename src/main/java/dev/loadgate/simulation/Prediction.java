package dev.loadgate.simulation;

import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * What the plan's model says this run will measure on the local stack: the share of events on each
 * partition of the topic the load is keyed to, the share overflowed keyless, and the share refused
 * by the per-token rate limit. The same partitioner, the same ids and shares, and the same token
 * buckets as capture, applied to the scaled rate curve as a fluid (rates, not individual events).
 *
 * <p>Shares are of the events capture accepts. Overflowed events leave their partition, so the
 * partition shares sum to 1 − {@code overflowShare}.
 *
 * @param topic the topic the load's keyed events land on
 * @param partitionShares expected share of accepted events per partition
 * @param overflowShare expected share of accepted events sent keyless to the overflow topic
 * @param rateLimitedShare expected share of offered events answered 429
 */
public record Prediction(
    String topic,
    List<Double> partitionShares,
    double overflowShare,
    double rateLimitedShare,
    int hottestPartition,
    double skew) {

  /** Time step of the fluid token buckets, as a fraction of the run (at most 0.05 s). */
  static final int MIN_STEPS = 2_000;

  public Prediction {
    partitionShares = List.copyOf(partitionShares);
  }

  /**
   * @param scaled the rate curve as the run sends it
   * @param pipeline the pipeline as the local stack runs it (thresholds already scaled)
   */
  public static Prediction of(
      String token,
      boolean historical,
      DistinctIdSampler ids,
      RateCurve scaled,
      Pipeline pipeline,
      String topic) {
    int partitions = pipeline.partitions();
    double duration = scaled.durationSeconds();
    int steps = (int) Math.max(MIN_STEPS, Math.ceil(duration / 0.05));
    double dt = duration / steps;

    // The per-token rate limit: capture's bucket holds one second's worth.
    double limit = pipeline.rateLimit().perTokenEventsPerSecond();
    double[] accepted = new double[steps];
    double offered = 0;
    double refused = 0;
    double tokens = limit;
    for (int i = 0; i < steps; i++) {
      double want = scaled.rateAt((i + 0.5) * dt) * dt;
      // What flows in during the step may be taken in the step; only the rest is capped.
      double take = Math.min(want, tokens + limit * dt);
      tokens = Math.min(limit, tokens + limit * dt - take);
      accepted[i] = take;
      offered += want;
      refused += want - take;
    }
    double acceptedTotal = offered - refused;

    double[] shares = ids.keyedPartitionShares(token, partitions);
    double overflowShare = 0;
    Pipeline.Overflow overflow = pipeline.overflow();
    if (overflow.enabled() && !historical && acceptedTotal > 0) {
      double peak = 0;
      for (double a : accepted) {
        peak = Math.max(peak, a / dt);
      }
      double threshold = overflow.perDistinctIdEventsPerSecond() / Math.max(peak, 1e-12);
      List<IngestionModel.HotKey> hot =
          ReplayTraffic.hotKeys(token, ids, partitions, threshold, overflow);
      KeyedFraction keyed = new KeyedFraction(accepted, dt, overflow);
      for (IngestionModel.HotKey h : hot) {
        // A forced key goes to overflow whole; the others as the token bucket lets them.
        double over = h.forced() ? h.share() : h.share() * (1 - keyed.of(h.share()));
        shares[h.partition()] -= over;
        overflowShare += over;
      }
    }
    List<Double> list = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      list.add(Math.max(0, shares[p]));
    }
    return new Prediction(
        topic, list, overflowShare, offered > 0 ? refused / offered : 0, hottest(list), skew(list));
  }

  /** The partition with the largest share (the first of equals). */
  public static int hottest(List<Double> shares) {
    int hot = 0;
    for (int i = 1; i < shares.size(); i++) {
      if (shares.get(i) > shares.get(hot)) {
        hot = i;
      }
    }
    return hot;
  }

  /** The hottest partition's share over the mean share; 0 when nothing landed anywhere. */
  public static double skew(List<Double> shares) {
    double sum = shares.stream().mapToDouble(Double::doubleValue).sum();
    return sum > 0 ? shares.get(hottest(shares)) / (sum / shares.size()) : 0;
  }

  /**
   * The fraction of one id's events its overflow bucket lets through keyed, for an id with a given
   * share of the accepted events; memoised per share, since many tail ids share one.
   */
  private static final class KeyedFraction {
    private final double[] accepted;
    private final double dt;
    private final Pipeline.Overflow overflow;
    private double lastShare = Double.NaN;
    private double lastFraction;

    KeyedFraction(double[] accepted, double dt, Pipeline.Overflow overflow) {
      this.accepted = accepted;
      this.dt = dt;
      this.overflow = overflow;
    }

    double of(double share) {
      if (share == lastShare) {
        return lastFraction;
      }
      double rate = overflow.perDistinctIdEventsPerSecond();
      double burst = overflow.burst();
      double tokens = burst;
      double keyed = 0;
      double all = 0;
      for (double a : accepted) {
        double want = a * share;
        double take = Math.min(want, tokens + rate * dt);
        tokens = Math.min(burst, tokens + rate * dt - take);
        keyed += take;
        all += want;
      }
      lastShare = share;
      lastFraction = all > 0 ? keyed / all : 1;
      return lastFraction;
    }
  }

  /** The shares as an array, for comparisons. */
  public double[] shares() {
    return partitionShares.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
