package dev.loadgate.plan;

/**
 * One topic's partitions in the model: the share of the load each takes, which partitions carry a
 * key of their own (stepped alone), what arrived on each this step from the hot keys, and what each
 * partition saw over the run (its worst backlog and delay, how long it lagged).
 */
final class TopicPartitions {
  final int topic;
  final double[] shares;
  final boolean[] special;

  /** This step's keyed events of the hot keys on each partition. */
  final double[] hotIn;

  /** This step's events of the busiest single hot key on each partition. */
  final double[] hotBusiest;

  /**
   * Per partition, the share of the load's events the busiest key that always stays on it holds (a
   * top id under the overflow limit, or any top id of a historical import); 0 for none.
   */
  final double[] keptBusiest;

  final double[] maxBacklog;
  final double[] maxDelay;
  final double[] laggingSeconds;
  final ConsumerGroupModel.Group[] groupOf;

  /** The topic's events by delay, for the SLO tiers; null when the model does not count them. */
  DelayTally tally;

  /** What one of its events costs a consumer, as a share of one of the load's events. */
  double cost = 1;

  /** How fast one of its keys runs; NaN: the load's per-key rate. */
  double keyRate = Double.NaN;

  TopicPartitions(int topic, int partitions) {
    this.topic = topic;
    shares = new double[partitions];
    special = new boolean[partitions];
    hotIn = new double[partitions];
    hotBusiest = new double[partitions];
    keptBusiest = new double[partitions];
    maxBacklog = new double[partitions];
    maxDelay = new double[partitions];
    laggingSeconds = new double[partitions];
    groupOf = new ConsumerGroupModel.Group[partitions];
  }

  int partitions() {
    return shares.length;
  }
}
