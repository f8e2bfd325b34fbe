package dev.loadgate.bench;

import dev.loadgate.plan.KeyPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Does our partitioning path cost more than calling Kafka's functions by hand?
 *
 * <p>Hypothesis: {@link KeyPartitioner#partition} is the hand-written expression plus a bounds
 * check, so it costs at most 10% more than {@code toPositive(murmur2((token + ":" +
 * id).getBytes())) % n}. Both build the key and encode it, as capture and the plan must.
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="PartitionerBenchmark"}. What you should
 * see: the two scores within each other's error, tens of nanoseconds each.
 *
 * <p>{@code loadgatePartitionerPaired} is what the nightly gate holds: blocks of {@value #BLOCK}
 * keys through ours and through Kafka's bare functions, timed side by side in each fork ({@link
 * PairedClock}); its ratio should sit near 1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PartitionerBenchmark {
  private static final String TOKEN = "phc_bench";

  @Param({"64"})
  int partitions;

  private final String[] ids = new String[1024];
  private int next;

  @Setup
  public void ids() {
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "user-" + (i * 7919);
    }
  }

  @Benchmark
  public int bareMurmur2() {
    String id = ids[next++ & 1023];
    return Utils.toPositive(Utils.murmur2((TOKEN + ":" + id).getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  @Benchmark
  public int loadgatePartitioner() {
    return KeyPartitioner.partition(TOKEN, ids[next++ & 1023], partitions);
  }

  /** Keys per timed block: long enough that two clock reads (~25 ns each) are lost in it. */
  static final int BLOCK = 256;

  /** Ours beside Kafka's bare functions, a block each, timed apart (see {@link PairedClock}). */
  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public void loadgatePartitionerPaired(PairedClock clock, Blackhole bh) {
    int from = next;
    next += BLOCK;
    boolean referenceFirst = clock.referenceFirst();
    long t0 = System.nanoTime();
    if (referenceFirst) {
      bareBlock(from, bh);
    } else {
      ourBlock(from, bh);
    }
    long t1 = System.nanoTime();
    if (referenceFirst) {
      ourBlock(from, bh);
    } else {
      bareBlock(from, bh);
    }
    long t2 = System.nanoTime();
    clock.add(referenceFirst ? t2 - t1 : t1 - t0, referenceFirst ? t1 - t0 : t2 - t1);
  }

  private void ourBlock(int from, Blackhole bh) {
    for (int i = 0; i < BLOCK; i++) {
      bh.consume(KeyPartitioner.partition(TOKEN, ids[(from + i) & 1023], partitions));
    }
  }

  private void bareBlock(int from, Blackhole bh) {
    for (int i = 0; i < BLOCK; i++) {
      String id = ids[(from + i) & 1023];
      bh.consume(
          Utils.toPositive(Utils.murmur2((TOKEN + ":" + id).getBytes(StandardCharsets.UTF_8)))
              % partitions);
    }
  }
}
