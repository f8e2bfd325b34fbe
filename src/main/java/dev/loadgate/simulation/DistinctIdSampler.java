package dev.loadgate.simulation;

import dev.loadgate.plan.KeyPartitioner;
import dev.loadgate.plan.SkewModel;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws distinct_ids with the skew the plan models ({@link SkewModel}): each top id with its share,
 * then the tail ids by their Zipf (or uniform) shares. Tail ids are named {@link #tailId(long)} by
 * overall rank, so the prediction can hash the very ids the simulation sends.
 *
 * <p>The first {@link #EXACT_TAIL_RANKS} tail ranks are drawn exactly (cumulative shares, binary
 * search); ranks past them, far below any limit, are drawn from the continuous power law.
 */
public final class DistinctIdSampler {
  /** Tail ranks drawn exactly: 1M doubles, 8 MB. */
  public static final int EXACT_TAIL_RANKS = 1 << 20;

  private final SkewModel skew;
  private final String[] topIds;
  private final double[] topCumulative;
  private final double[] tailCumulative;
  private final double total;
  private final double restShare;

  public DistinctIdSampler(SkewModel skew) {
    this.skew = skew;
    List<SkewModel.IdShare> top = skew.top();
    topIds = new String[top.size()];
    topCumulative = new double[top.size()];
    double sum = 0;
    for (int i = 0; i < top.size(); i++) {
      topIds[i] = top.get(i).distinctId();
      sum += top.get(i).share();
      topCumulative[i] = sum;
    }
    int exact = (int) Math.min(skew.tailIds(), EXACT_TAIL_RANKS);
    tailCumulative = new double[exact];
    for (int j = 0; j < exact; j++) {
      sum += skew.tailShareOfRank(top.size() + 1L + j);
      tailCumulative[j] = sum;
    }
    double exactEnd = sum;
    // What the ranks past the exact ones hold: the rest of the tail's share.
    double all = skew.topShare() + skew.tailShare();
    restShare = skew.tailIds() > exact ? Math.max(0, all - exactEnd) : 0;
    total = exactEnd + restShare;
  }

  /** The name of the tail id at overall rank {@code rank} (after the top list). */
  public static String tailId(long rank) {
    return "loadgate-tail-" + rank;
  }

  public SkewModel skew() {
    return skew;
  }

  public String next(RandomGenerator random) {
    if (total <= 0) {
      return tailId(1);
    }
    double u = random.nextDouble() * total;
    if (topIds.length > 0 && u < topCumulative[topIds.length - 1]) {
      return topIds[search(topCumulative, u)];
    }
    if (tailCumulative.length > 0 && u < tailCumulative[tailCumulative.length - 1]) {
      return tailId(skew.top().size() + 1L + search(tailCumulative, u));
    }
    return tailId(restRank(random.nextDouble()));
  }

  /** A rank past the exact ones, from the tail's power law (uniform when its exponent is 0). */
  private long restRank(double u) {
    double a = skew.top().size() + 1.0 + tailCumulative.length;
    double b = skew.top().size() + (double) skew.tailIds() + 1;
    double s = skew.tailExponent();
    double k;
    if (s == 0) {
      k = a + u * (b - a);
    } else if (Math.abs(s - 1) < 1e-9) {
      k = a * Math.pow(b / a, u);
    } else {
      double lo = Math.pow(a, 1 - s);
      double hi = Math.pow(b, 1 - s);
      k = Math.pow(lo + u * (hi - lo), 1 / (1 - s));
    }
    return Math.min((long) b - 1, Math.max((long) a, (long) k));
  }

  private static int search(double[] cumulative, double u) {
    int i = Arrays.binarySearch(cumulative, u);
    // Exact hits belong to the next bucket ([c(i-1), c(i)) is bucket i).
    return i >= 0 ? Math.min(i + 1, cumulative.length - 1) : -i - 1;
  }

  /**
   * The expected share of events on each partition, all ids keyed (no overflow), as the partitioner
   * places them: exact for the top ids and the exactly drawn tail ranks, even for the rest. Shares
   * sum to 1.
   */
  public double[] keyedPartitionShares(String token, int partitions) {
    double[] shares = new double[partitions];
    for (SkewModel.IdShare id : skew.top()) {
      shares[KeyPartitioner.partition(token, id.distinctId(), partitions)] += id.share() / total;
    }
    double prev = topIds.length > 0 ? topCumulative[topIds.length - 1] : 0;
    for (int j = 0; j < tailCumulative.length; j++) {
      long rank = skew.top().size() + 1L + j;
      shares[KeyPartitioner.partition(token, tailId(rank), partitions)] +=
          (tailCumulative[j] - prev) / total;
      prev = tailCumulative[j];
    }
    for (int p = 0; p < partitions; p++) {
      shares[p] += restShare / total / partitions;
    }
    return shares;
  }

  /** Share (of all events drawn) of the top id at {@code index}. */
  public double topShare(int index) {
    return skew.top().get(index).share() / total;
  }

  /** Share (of all events drawn) of the tail id at overall {@code rank}. */
  public double tailShare(long rank) {
    return skew.tailShareOfRank(rank) / total;
  }

  /** Tail ranks whose ids the prediction hashes one by one. */
  public int exactTailRanks() {
    return tailCumulative.length;
  }
}
