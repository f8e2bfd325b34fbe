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
 * order, the events at the head decide how fast one key lets the partition go (SPEC §9.2).
 */
final class PartitionQueue {
  private double backlog;
  private double arrived;
  private double departed;
  private double[] waitingSince = new double[0];
  private double[] waitingUpTo = new double[0];
  private double[] waitingKeyShare = new double[0];
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
      push(now, arrived, keyShare);
    }
    return longest;
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

  private void push(double now, double upTo, double keyShare) {
    if (size == waitingSince.length) {
      int n = Math.max(16, size * 2);
      double[] s = new double[n];
      double[] u = new double[n];
      double[] k = new double[n];
      for (int i = 0; i < size; i++) {
        s[i] = waitingSince[(head + i) % waitingSince.length];
        u[i] = waitingUpTo[(head + i) % waitingSince.length];
        k[i] = waitingKeyShare[(head + i) % waitingSince.length];
      }
      waitingSince = s;
      waitingUpTo = u;
      waitingKeyShare = k;
      head = 0;
    }
    int tail = (head + size) % waitingSince.length;
    waitingSince[tail] = now;
    waitingUpTo[tail] = upTo;
    waitingKeyShare[tail] = keyShare;
    size++;
  }
}
