package dev.loadgate.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times a measured operation and its reference side by side: in the same thread of the same fork,
 * one after the other, the order swapped every call so neither always finds the caches the other
 * left. Whatever slows the machine for a while (another process, a slow core, a bad JIT layout of
 * the harness) slows both, and the nightly gate divides one by the other, iteration by iteration:
 * {@code referenceNanos ÷ measuredNanos} is the measured operation's speed in references.
 *
 * <p>Why not two JMH benchmarks and a ratio of their scores? JMH runs each benchmark in forks of
 * its own, minutes apart; the nightly gate's ratios to a 10 ns murmur2 in another fork moved by ×2
 * between nights with nothing changed.
 *
 * <p>JMH reports both sums per iteration as secondary results ({@link AuxCounters}, reset at each
 * iteration); the primary score, the time of one pair, is not what the gate reads.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedClock {
  /** Nanoseconds spent in the measured operation this iteration. */
  public long measuredNanos;

  /** Nanoseconds spent in the reference this iteration. */
  public long referenceNanos;

  private boolean referenceFirst;

  @Setup(Level.Iteration)
  public void reset() {
    measuredNanos = 0;
    referenceNanos = 0;
  }

  /** Whether this call runs the reference first; flips at every call. */
  boolean referenceFirst() {
    referenceFirst = !referenceFirst;
    return referenceFirst;
  }

  void add(long measured, long reference) {
    measuredNanos += measured;
    referenceNanos += reference;
  }
}
