package dev.loadgate.plan;

/**
 * The model's events by how long each waited, counted against a few delays (the SLO tiers' and the
 * policy's): how many arrived and how many were consumed later than each. Events are counted twice
 * over, as the load's own and as all the traffic (the load's with the live traffic it shares
 * partitions with), since an SLO is kept over all events but a review asks what this load does.
 *
 * <p>A partition's waiting events are a fluid in the model: a step's arrivals come evenly over the
 * step and its departures go evenly over the step, first in first out, so along the events of one
 * waiting step the delay is a straight line between its first and last event, and the share of them
 * later than a delay is read off that line exactly ({@link #served}).
 */
public final class DelayTally {
  private final double[] within;
  private final double[] lateLoad;
  private final double[] lateAll;
  private double load;
  private double all;

  /**
   * @param withinSeconds the delays to count against
   */
  public DelayTally(double[] withinSeconds) {
    within = withinSeconds.clone();
    lateLoad = new double[within.length];
    lateAll = new double[within.length];
  }

  /**
   * {@code events} arrived, carrying {@code loadEvents} of the load's and {@code allEvents} in all.
   */
  void arrived(double loadEvents, double allEvents) {
    load += loadEvents;
    all += allEvents;
  }

  /**
   * Waiting events were consumed: along them the delay runs linearly from {@code firstDelay} to
   * {@code lastDelay}; each stands for {@code loadWeight} of the load's events and {@code
   * allWeight} in all.
   */
  void served(
      double events, double firstDelay, double lastDelay, double loadWeight, double allWeight) {
    if (events <= 0) {
      return;
    }
    for (int i = 0; i < within.length; i++) {
      double late = events * shareAbove(firstDelay, lastDelay, within[i]);
      lateLoad[i] += late * loadWeight;
      lateAll[i] += late * allWeight;
    }
  }

  /** Of delays spread evenly from {@code a} to {@code b}, the share above {@code d}. */
  static double shareAbove(double a, double b, double d) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    if (d >= hi) {
      return 0;
    }
    if (d < lo) {
      return 1;
    }
    return (hi - d) / (hi - lo);
  }

  /** Adds what {@code other} counted (another topic's) against the same delays. */
  public void add(DelayTally other) {
    for (int i = 0; i < within.length; i++) {
      lateLoad[i] += other.lateLoad[i];
      lateAll[i] += other.lateAll[i];
    }
    load += other.load;
    all += other.all;
  }

  public double[] withinSeconds() {
    return within.clone();
  }

  /** The load's events that arrived. */
  public double loadEvents() {
    return load;
  }

  /** All events that arrived, the live traffic's on the same partitions included. */
  public double allEvents() {
    return all;
  }

  /** The load's events consumed later than the {@code i}th delay. */
  public double lateLoadEvents(int i) {
    return lateLoad[i];
  }

  /** All events consumed later than the {@code i}th delay. */
  public double lateAllEvents(int i) {
    return lateAll[i];
  }

  /** The share of the load's events consumed within the {@code i}th delay (1 when none came). */
  public double loadWithin(int i) {
    return load > 0 ? Math.max(0, 1 - lateLoad[i] / load) : 1;
  }

  /** The same over all events. */
  public double allWithin(int i) {
    return all > 0 ? Math.max(0, 1 - lateAll[i] / all) : 1;
  }
}
