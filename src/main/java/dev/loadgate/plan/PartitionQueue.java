package dev.loadgate.plan;

/**
 * One partition's events in the model: its backlog, consumed in order (FIFO), and how long its
 * events wait. Time runs in steps; the events that arrive in a step and are still waiting at its
 * end are remembered as (when, cumulative arrivals), so when the cumulative departures reach that
 * count those events have waited from then until now. Only waiting steps are kept, so a partition
 * that keeps up costs nothing and one that lags costs one entry per step it is behind. Several
 * partitions in the same state with the same arrivals share one queue ({@link IngestionModel}).
 *
 * <p>Each waiting step also keeps the share of its events that its busiest key holds: read in
 * order, the events at the head decide how fast one key lets the partition go (SPEC §9.2); and, for
 * the SLO tiers, where its events start in the count and how many of the load's and of all events
 * each stands for, so that what is consumed can be counted by how long it waited ({@link
 * DelayTally}).
 */
final class PartitionQueue {
  private double backlog;
  private double arrived;
  private double departed;
  private double[] waitingSince = new double[0];
  private double[] waitingUpTo = new double[0];
  private double[] waitingKeyShare = new double[0];
  private double[] waitingFrom = new double[0];
  private double[] waitingLoad = new double[0];
  private double[] waitingAll = new double[0];
  private int head;
  private int size;

  double backlog() {
    return backlog;
  }

  /** Nothing waits: any two idle queues behave alike from here on. */
  boolean idle() {
    return backlog == 0 && size == 0;
  }

  /** What the consumer could take from this partition in a step: the backlog and the arrivals. */
  double demand(double in) {
    return backlog + in;
  }

  /**
   * The step ending at {@code now}: {@code in} events arrived and {@code served} of the demand were
   * consumed.
   *
   * @return the longest wait of the events consumed in this step (0 when none waited)
   */
  double step(double now, double in, double served) {
    return step(now, in, served, 0);
  }

  /**
   * The busiest key's share of the events to be read next: the oldest waiting step's, or {@code
   * arriving}'s (this step's arrivals) when nothing waits.
   */
  double headKeyShare(double arriving) {
    return size == 0 ? arriving : waitingKeyShare[head];
  }

  /**
   * {@link #step(double, double, double)}, the busiest key holding {@code keyShare} of {@code in}.
   */
  double step(double now, double in, double served, double keyShare) {
    return step(now, in, served, keyShare, null);
  }

  /**
   * What one step's events stand for in a {@link DelayTally}: each of the partition's events is
   * {@code load} of the load's and {@code all} in all, over {@code partitions} partitions in the
   * same state; the step lasts {@code seconds}.
   */
  record Count(DelayTally tally, double seconds, double load, double all, int partitions) {}

  /**
   * {@link #step(double, double, double, double)}, counting this step's arrivals and what it
   * consumed by delay into {@code count}'s tally (none when null).
   */
  double step(double now, double in, double served, double keyShare, Count count) {
    if (count != null) {
      count
          .tally()
          .arrived(in * count.load() * count.partitions(), in * count.all() * count.partitions());
      tally(now, served, count);
    }
    double demand = backlog + in;
    backlog = demand - served; // exactly 0 when everything was served
    arrived += in;
    departed += served;
    double longest = 0;
    if (backlog <= 0) {
      backlog = 0;
      while (size > 0) {
        longest = Math.max(longest, pop(now));
      }
      arrived = 0; // nothing waits: count afresh, so long runs keep their precision
      departed = 0;
      return longest;
    }
    double done = departed + 1e-9 * Math.max(1, departed);
    while (size > 0 && waitingUpTo[head] <= done) {
      longest = Math.max(longest, pop(now));
    }
    if (in > 0) {
      push(now, arrived, keyShare, in, count);
    }
    return longest;
  }

  /**
   * The waiting events this step consumes (counts {@code departed} to {@code departed + served}),
   * each waiting step's by its delay: departures evenly over this step, its arrivals evenly over
   * its own. This step's own arrivals consumed in it did not wait.
   */
  private void tally(double now, double served, Count count) {
    if (served <= 0 || size == 0) {
      return;
    }
    double dt = count.seconds();
    double d0 = departed;
    double d1 = departed + served;
    for (int i = 0; i < size; i++) {
      int e = (head + i) % waitingSince.length;
      double from = waitingFrom[e];
      double upTo = waitingUpTo[e];
      if (from >= d1) {
        break;
      }
      double a = Math.max(from, d0);
      double b = Math.min(upTo, d1);
      if (b <= a) {
        continue;
      }
      double first =
          departure(now, dt, d0, served, a) - arrival(waitingSince[e], dt, from, upTo, a);
      double last = departure(now, dt, d0, served, b) - arrival(waitingSince[e], dt, from, upTo, b);
      count
          .tally()
          .served(
              b - a,
              Math.max(0, first),
              Math.max(0, last),
              waitingLoad[e] * count.partitions(),
              waitingAll[e] * count.partitions());
    }
  }

  private static double departure(double now, double dt, double d0, double served, double x) {
    return now - dt + dt * (x - d0) / served;
  }

  private static double arrival(double since, double dt, double from, double upTo, double x) {
    return since - dt + dt * (x - from) / (upTo - from);
  }

  /** How long the oldest waiting events have waited at {@code now}; 0 when nothing waits. */
  double oldestWait(double now) {
    return size == 0 ? 0 : now - waitingSince[head];
  }

  /** An independent queue in the same state. */
  PartitionQueue copy() {
    PartitionQueue q = new PartitionQueue();
    q.backlog = backlog;
    q.arrived = arrived;
    q.departed = departed;
    q.waitingSince = waitingSince.clone();
    q.waitingUpTo = waitingUpTo.clone();
    q.waitingKeyShare = waitingKeyShare.clone();
    q.waitingFrom = waitingFrom.clone();
    q.waitingLoad = waitingLoad.clone();
    q.waitingAll = waitingAll.clone();
    q.head = head;
    q.size = size;
    return q;
  }

  private double pop(double now) {
    double waited = now - waitingSince[head];
    head = (head + 1) % waitingSince.length;
    size--;
    return waited;
  }

  private void push(double now, double upTo, double keyShare, double in, Count count) {
    if (size == waitingSince.length) {
      int n = Math.max(16, size * 2);
      waitingSince = grow(waitingSince, n);
      waitingUpTo = grow(waitingUpTo, n);
      waitingKeyShare = grow(waitingKeyShare, n);
      waitingFrom = grow(waitingFrom, n);
      waitingLoad = grow(waitingLoad, n);
      waitingAll = grow(waitingAll, n);
      head = 0;
    }
    int tail = (head + size) % waitingSince.length;
    waitingSince[tail] = now;
    waitingUpTo[tail] = upTo;
    waitingKeyShare[tail] = keyShare;
    waitingFrom[tail] = upTo - in;
    waitingLoad[tail] = count == null ? 1 : count.load();
    waitingAll[tail] = count == null ? 1 : count.all();
    size++;
  }

  /** The ring's entries in order from index 0, in an array of {@code n}. */
  private double[] grow(double[] ring, int n) {
    double[] to = new double[n];
    for (int i = 0; i < size; i++) {
      to[i] = ring[(head + i) % ring.length];
    }
    return to;
  }
}
