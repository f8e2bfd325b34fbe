package dev.loadgate.plan;

/**
 * How one consumer divides its throughput among the partitions it owns: each partition with events
 * waiting gets an equal share, a partition that needs less than its share takes only what it needs,
 * and the rest goes to the others (max-min fairness, "water-filling"). The stack's consumers serve
 * their partitions round-robin, one event at a time, which is this.
 */
public final class FairShare {
  private FairShare() {}

  /**
   * The water level: every partition gets min(its demand, level), and the level is the largest at
   * which the total stays within {@code capacity}; +infinity when every demand fits.
   *
   * @param demand per entry, what one partition of it could take
   * @param partitions per entry, how many partitions share that demand
   * @param order scratch space for at least {@code n} entries
   */
  public static double level(
      double[] demand, int[] partitions, int n, double capacity, int[] order) {
    double total = 0;
    long count = 0;
    for (int i = 0; i < n; i++) {
      total += demand[i] * partitions[i];
      count += partitions[i];
    }
    if (total <= capacity) {
      return Double.POSITIVE_INFINITY;
    }
    // A consumer owns a handful of entries: insertion sort by demand.
    for (int i = 0; i < n; i++) {
      int j = i;
      while (j > 0 && demand[order[j - 1]] > demand[i]) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    double left = capacity;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      double share = left / count;
      if (demand[i] >= share) {
        return share; // every demand from here on is cut to the same share
      }
      left -= demand[i] * partitions[i];
      count -= partitions[i];
    }
    return Double.POSITIVE_INFINITY; // not reached: the total is above capacity
  }
}
