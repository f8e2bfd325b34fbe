package dev.loadgate.plan;

/**
 * Requests refused and not yet retried, by the retry they come back as. A refused attempt comes
 * back after the client's next wait (at least one step later); after the last retry it is given up.
 */
final class RetryQueue {
  private final int[] waitSteps;
  private final double[][] due; // due[k][slot]: retry k+1 arriving at that step (ring)
  private final double[] arriving; // this step's attempts: [0] fresh, [k] retry k
  private double pending;

  RetryQueue(RetrySchedule schedule, double dt) {
    int n = schedule.retries();
    waitSteps = new int[n];
    int longest = 1;
    for (int k = 0; k < n; k++) {
      waitSteps[k] = (int) Math.max(1, Math.round(schedule.waitBefore(k + 1) / dt));
      longest = Math.max(longest, waitSteps[k]);
    }
    due = new double[n][longest + 1];
    arriving = new double[n + 1];
  }

  /** This step's attempts: {@code fresh} requests and the retries due now. */
  double arrive(int step, double fresh) {
    arriving[0] = fresh;
    double all = fresh;
    for (int k = 0; k < due.length; k++) {
      int slot = step % due[k].length;
      arriving[k + 1] = due[k][slot];
      due[k][slot] = 0;
      pending -= arriving[k + 1];
      all += arriving[k + 1];
    }
    return all;
  }

  /**
   * Capture refused {@code fraction} of this step's attempts: each comes back as its next retry, or
   * is given up after the last.
   *
   * @return requests given up
   */
  double refuse(int step, double fraction) {
    if (fraction <= 0) {
      return 0;
    }
    double givenUp = arriving[arriving.length - 1] * fraction;
    for (int k = 0; k < due.length; k++) {
      double back = arriving[k] * fraction;
      if (back > 0) {
        due[k][(step + waitSteps[k]) % due[k].length] += back;
        pending += back;
      }
    }
    return givenUp;
  }

  double pending() {
    return Math.max(0, pending);
  }
}
