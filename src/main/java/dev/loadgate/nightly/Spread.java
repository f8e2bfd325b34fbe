package dev.loadgate.nightly;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How far a metric wandered over the nights a baseline was taken from, with nothing changed but the
 * machine's mood: the median, the median absolute deviation (MAD) and the range.
 *
 * <p>{@link #sigma()} turns them into one noise figure, the standard deviation a normal noise of
 * the same spread would have: the wider of 1.4826 × MAD and range ÷ d₂(n) (Tippett's constant, the
 * mean range of n normal draws in σ). Over five nights the range is the better estimate (MAD throws
 * most of five values away); the MAD keeps one wild night from being the whole story over many.
 * Taking the wider errs towards "too noisy to gate", never towards a gate that cries wolf.
 */
public record Spread(double median, double mad, double min, double max, int nights) {
  /** d₂(n) for n = 2..10: the expected range of n standard normal draws. */
  private static final double[] D2 = {
    Double.NaN, Double.NaN, 1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.970, 3.078
  };

  /** 1 / Φ⁻¹(3/4): the MAD of a normal noise is 0.6745 σ. */
  static final double MAD_TO_SIGMA = 1.4826;

  /** The spread of these values (at least one). */
  public static Spread of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a spread needs at least one value");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double median = median(sorted);
    List<Double> deviations = new ArrayList<>();
    for (double v : sorted) {
      deviations.add(Math.abs(v - median));
    }
    Collections.sort(deviations);
    return new Spread(
        median, median(deviations), sorted.get(0), sorted.get(sorted.size() - 1), values.size());
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The noise as one standard deviation (see the class comment); 0 from a single night. */
  public double sigma() {
    double fromMad = MAD_TO_SIGMA * mad;
    double fromRange = nights >= 2 && nights < D2.length ? (max - min) / D2[nights] : 0;
    return Math.max(fromMad, fromRange);
  }

  /** {@link #sigma()} as a share of the median (infinite around a median of 0). */
  public double relativeSigma() {
    return median == 0 ? (sigma() == 0 ? 0 : Double.POSITIVE_INFINITY) : sigma() / Math.abs(median);
  }

  /** The widest move over the nights, as a share of the median: "±60%" in the report. */
  public double relativeRange() {
    if (median == 0) {
      return max == min ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.max(max - median, median - min) / Math.abs(median);
  }
}
