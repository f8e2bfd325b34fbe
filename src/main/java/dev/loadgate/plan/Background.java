package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * What else the pipeline carries while a load runs (other customers' live traffic, other approved
 * tests), as pieces on the load's own clock (seconds since its start): constant over {@code
 * [start_i, start_{i+1})}, the last piece holding on. Each piece says what that traffic takes of
 * capture (requests/s) and of the consumers, in events of the planned load's mix ({@code
 * mixEventsPerSecond}: a live event that costs twice a planned one counts twice).
 *
 * <p>Live traffic is keyed over all partitions of the main topic, uniform in expectation: each
 * partition carries {@code mixEventsPerSecond / partitions} of it.
 */
public final class Background {
  private static final Background IDLE =
      new Background(
          new double[] {0},
          new double[1],
          new double[1],
          new double[1],
          new double[1],
          new int[] {-1});

  private final double[] starts;
  private final double[] events;
  private final double[] mixEvents;
  private final double[] requests;
  private final double[] uniformMixEvents;
  private final int[] hourOfWeek;

  private Background(
      double[] starts,
      double[] events,
      double[] mixEvents,
      double[] requests,
      double[] uniformMixEvents,
      int[] hourOfWeek) {
    this.starts = starts;
    this.events = events;
    this.mixEvents = mixEvents;
    this.requests = requests;
    this.uniformMixEvents = uniformMixEvents;
    this.hourOfWeek = hourOfWeek;
  }

  /** Nothing else on the pipeline. */
  public static Background idle() {
    return IDLE;
  }

  /**
   * The live load over {@code [start, start + seconds]} and a day after it (the drain), one piece
   * per hour of the wall clock in {@code zone} (DST-aware: the hours are the zone's, not UTC's).
   *
   * @param mixCost what one live event costs a consumer, in events of the planned load's mix
   */
  public static Background live(
      Pipeline.LiveLoad live, ZoneId zone, Instant start, double seconds, double mixCost) {
    ZonedDateTime hour = start.atZone(zone).truncatedTo(ChronoUnit.HOURS);
    double until = seconds + 24 * 3600;
    int n = 0;
    double[] s = new double[16];
    int[] how = new int[16];
    while (true) {
      double at = Math.max(0, (hour.toInstant().toEpochMilli() - start.toEpochMilli()) / 1000.0);
      if (at >= until) {
        break;
      }
      if (n == s.length) {
        s = Arrays.copyOf(s, n * 2);
        how = Arrays.copyOf(how, n * 2);
      }
      s[n] = at;
      how[n] = Pipeline.LiveLoad.hourOfWeek(hour.toLocalDateTime());
      n++;
      hour = hour.plusHours(1);
    }
    double[] ev = new double[n];
    double[] mix = new double[n];
    double[] req = new double[n];
    for (int i = 0; i < n; i++) {
      ev[i] = live.eventsPerSecond(how[i]);
      mix[i] = ev[i] * mixCost;
      req[i] = ev[i] / live.eventsPerRequest();
    }
    return new Background(Arrays.copyOf(s, n), ev, mix, req, mix.clone(), Arrays.copyOf(how, n));
  }

  /**
   * Any traffic given as piecewise-constant rates: {@code starts} (the first 0, increasing), with
   * events/s, their consumer cost in the planned mix, and requests/s per piece; spread over the
   * partitions evenly ({@code uniform}, as live traffic) or on its own keys' partitions.
   */
  public static Background of(
      double[] starts, double[] events, double[] mixEvents, double[] requests, boolean uniform) {
    int n = starts.length;
    if (n == 0 || events.length != n || mixEvents.length != n || requests.length != n) {
      throw new IllegalArgumentException("one rate of each kind per piece, at least one piece");
    }
    if (starts[0] != 0) {
      throw new IllegalArgumentException("the first piece starts at 0");
    }
    for (int i = 1; i < n; i++) {
      if (starts[i] <= starts[i - 1]) {
        throw new IllegalArgumentException("pieces must start in time order");
      }
    }
    int[] how = new int[n];
    Arrays.fill(how, -1);
    return new Background(
        starts.clone(),
        events.clone(),
        mixEvents.clone(),
        requests.clone(),
        uniform ? mixEvents.clone() : new double[n],
        how);
  }

  /** This and {@code other} together, piece by piece (the union of their boundaries). */
  public Background plus(Background other) {
    double[] cuts =
        java.util.stream.DoubleStream.concat(Arrays.stream(starts), Arrays.stream(other.starts))
            .sorted()
            .distinct()
            .toArray();
    int n = cuts.length;
    double[] ev = new double[n];
    double[] mix = new double[n];
    double[] req = new double[n];
    double[] uni = new double[n];
    int[] how = new int[n];
    for (int i = 0; i < n; i++) {
      int a = pieceAt(cuts[i]);
      int b = other.pieceAt(cuts[i]);
      ev[i] = events[a] + other.events[b];
      mix[i] = mixEvents[a] + other.mixEvents[b];
      req[i] = requests[a] + other.requests[b];
      uni[i] = uniformMixEvents[a] + other.uniformMixEvents[b];
      how[i] = hourOfWeek[a] >= 0 ? hourOfWeek[a] : other.hourOfWeek[b];
    }
    return new Background(cuts, ev, mix, req, uni, how);
  }

  public boolean isIdle() {
    for (int i = 0; i < events.length; i++) {
      if (events[i] != 0 || requests[i] != 0 || mixEvents[i] != 0) {
        return false;
      }
    }
    return true;
  }

  public int pieces() {
    return starts.length;
  }

  /** The piece {@code t} (seconds since the load's start) falls in; before 0, the first. */
  public int pieceAt(double t) {
    int i = Arrays.binarySearch(starts, t);
    if (i >= 0) {
      return i;
    }
    return Math.max(0, -i - 2);
  }

  public double start(int piece) {
    return starts[piece];
  }

  /** Where the piece ends: the next one's start, or infinity for the last. */
  public double end(int piece) {
    return piece + 1 < starts.length ? starts[piece + 1] : Double.POSITIVE_INFINITY;
  }

  public double eventsPerSecond(int piece) {
    return events[piece];
  }

  /** The events (records) it brings from {@code from} to {@code to} seconds after the start. */
  public double events(double from, double to) {
    double sum = 0;
    for (int i = pieceAt(from); i < starts.length && (i == 0 || start(i) < to); i++) {
      double a = i == 0 ? from : Math.max(from, start(i)); // the first piece reaches back
      double b = Math.min(to, end(i));
      sum += Math.max(0, b - a) * events[i];
    }
    return sum;
  }

  public double mixEventsPerSecond(int piece) {
    return mixEvents[piece];
  }

  public double requestsPerSecond(int piece) {
    return requests[piece];
  }

  /**
   * The part of {@link #mixEventsPerSecond} spread evenly over the main topic's partitions (live
   * traffic); the rest (other tests) sits on their own keys' partitions.
   */
  public double uniformMixEventsPerSecond(int piece) {
    return uniformMixEvents[piece];
  }

  /** The live load's hour of the week (Monday 00:00 is 0) in this piece, or -1 when not live. */
  public int hourOfWeek(int piece) {
    return hourOfWeek[piece];
  }
}
