package dev.loadgate.bench;

import dev.loadgate.stack.OverflowLimiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does capture's per-event overflow decision cost, for events that stay keyed and for a hot
 * key that overflows?
 *
 * <p>{@code keyed}: 10,000 keys well under their bucket (every event stays keyed); {@code keyless}:
 * one key far over its bucket (every event overflows). {@code baseline} picks the key without
 * deciding.
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="OverflowBenchmark"}. What you should
 * see: tens of nanoseconds over the baseline either way: the decision is a map lookup and a bucket
 * update, small next to a produce.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OverflowBenchmark {
  @Param({"keyed", "keyless"})
  String routing;

  private OverflowLimiter limiter;
  private final String[] keys = new String[10_000];
  private int next;

  @Setup
  public void keys() {
    switch (routing) {
      case "keyed" -> {
        limiter = new OverflowLimiter(1e12, 1e12);
        for (int i = 0; i < keys.length; i++) {
          keys[i] = "phc_bench:user-" + i;
        }
      }
      case "keyless" -> {
        limiter = new OverflowLimiter(1, 1);
        java.util.Arrays.fill(keys, "phc_bench:the-hot-one");
      }
      default -> throw new IllegalArgumentException("unknown routing " + routing);
    }
  }

  @Benchmark
  public String baseline() {
    return keys[next++ % keys.length];
  }

  @Benchmark
  public boolean decide() {
    return limiter.allow(keys[next++ % keys.length]);
  }
}
