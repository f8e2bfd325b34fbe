package dev.loadgate.bench;

import dev.loadgate.plan.KeyPartitioner;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * How hot does the hottest partition run for a given skew, and how fast can events be analysed?
 *
 * <p>Events are drawn from a Zipf distribution over 100,000 distinct_ids (exponent {@code
 * exponent}), with {@code topShare} of them going to one whale id on top, and mapped to partitions
 * with Kafka's partitioner (a rank → partition table built once, as the plan does for its top ids).
 * The {@code skew} counter is hottest / mean partition, the number the plan calls {@code
 * partition_skew}; {@code events} is events analysed per second.
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="HotPartitionBenchmark"}. What you
 * should see: skew near 1 for exponent 0.8 with many partitions, rising with the exponent, with the
 * partition count (fewer ids per partition) and above all with a whale: a 20% whale on 256
 * partitions gives a skew of ~50 whatever the rest does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HotPartitionBenchmark {
  static final int IDS = 100_000;

  @Param({"0.8", "1.0", "1.2"})
  double exponent;

  @Param({"16", "64", "256"})
  int partitions;

  @Param({"0.0", "0.05", "0.2"})
  double topShare;

  private ZipfDistribution zipf;
  private int[] partitionOfRank;
  private int whalePartition;
  private Well19937c random;

  /**
   * Per iteration: the skew (hottest / mean partition) of the events analysed in it. JMH sums an
   * EVENTS counter over the measured iterations, so each iteration reports skew / iterations and
   * the result is the mean skew.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Skew {
    public double skew;
    long[] counts;
    long max;
    long total;
    double weight;

    @Setup(Level.Iteration)
    public void reset(HotPartitionBenchmark b, BenchmarkParams params) {
      counts = new long[b.partitions];
      max = 0;
      total = 0;
      skew = 0;
      weight = 1.0 / Math.max(1, params.getMeasurement().getCount());
    }
  }

  @Setup
  public void distribution() {
    random = new Well19937c(42);
    zipf = new ZipfDistribution(random, IDS, exponent);
    partitionOfRank = new int[IDS + 1];
    for (int rank = 1; rank <= IDS; rank++) {
      partitionOfRank[rank] = KeyPartitioner.partition("phc_bench", "user-" + rank, partitions);
    }
    whalePartition = KeyPartitioner.partition("phc_bench", "whale", partitions);
  }

  /** One event analysed per operation: the score is events/s. */
  @Benchmark
  public int analyseEvent(Skew skew) {
    int p = random.nextDouble() < topShare ? whalePartition : partitionOfRank[zipf.sample()];
    long c = ++skew.counts[p];
    skew.max = Math.max(skew.max, c);
    skew.total++;
    skew.skew = skew.weight * skew.max * partitions / skew.total;
    return p;
  }
}
