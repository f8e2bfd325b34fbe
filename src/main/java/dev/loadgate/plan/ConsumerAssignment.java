package dev.loadgate.plan;

/**
 * Which consumer of the group owns which partitions: Kafka's {@code RangeAssignor}, the assignor
 * the stack's consumers use. For each topic on its own, members sorted by id (the stack numbers
 * them so that id order is start order) take consecutive ranges of partitions; the first {@code
 * partitions % consumers} take one more. A member owns the same range in every topic, so one
 * consumer serves partition p of the main, overflow and historical topics alike. Members beyond the
 * partition count get nothing.
 */
public final class ConsumerAssignment {
  private ConsumerAssignment() {}

  /** The first partition consumer {@code consumer} (from 0) owns in each topic. */
  public static int firstPartition(int consumer, int partitions, int consumers) {
    check(consumer, partitions, consumers);
    int each = partitions / consumers;
    int extra = partitions % consumers;
    return consumer * each + Math.min(consumer, extra);
  }

  /** How many partitions of each topic consumer {@code consumer} owns (0 beyond the partitions). */
  public static int partitionCount(int consumer, int partitions, int consumers) {
    check(consumer, partitions, consumers);
    int each = partitions / consumers;
    int extra = partitions % consumers;
    return each + (consumer < extra ? 1 : 0);
  }

  /** The consumer that owns {@code partition}. */
  public static int consumerOf(int partition, int partitions, int consumers) {
    if (partition < 0 || partition >= partitions) {
      throw new IllegalArgumentException("partition " + partition + " of " + partitions);
    }
    check(0, partitions, consumers);
    int each = partitions / consumers;
    int extra = partitions % consumers;
    int inBigger = extra * (each + 1);
    return partition < inBigger ? partition / (each + 1) : extra + (partition - inBigger) / each;
  }

  private static void check(int consumer, int partitions, int consumers) {
    if (partitions < 1 || consumers < 1 || consumer < 0 || consumer >= consumers) {
      throw new IllegalArgumentException(
          "consumer " + consumer + " of " + consumers + " over " + partitions + " partitions");
    }
  }
}
