package dev.loadgate.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A random generator that returns the given doubles in order: draws worked by hand. */
public final class Draws {
  private Draws() {}

  public static RandomGenerator of(double... u) {
    Deque<Double> q = new ArrayDeque<>();
    for (double d : u) {
      q.add(d);
    }
    return new RandomGenerator() {
      @Override
      public double nextDouble() {
        return q.remove();
      }

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only the doubles given are drawn");
      }
    };
  }
}
