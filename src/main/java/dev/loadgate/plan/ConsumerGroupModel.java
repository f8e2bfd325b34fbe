package dev.loadgate.plan;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consumer group in the model: its consumers, the partitions Kafka's range assignor gives each
 * over the topics the group consumes, and how each consumer works through them (docs/
 * capacity-model.md):
 *
 * <ul>
 *   <li>a consumer shares its {@code c_mix} fairly among its partitions ({@link FairShare});
 *   <li>a partition is read in order and each key's events run one after another, so a partition
 *       whose busiest key holds share f of its events is read at most at (that key's rate ÷ f); on
 *       the overflow topic a key's events sit on every partition of a consumer, so the consumer
 *       reads them all at most at (the key's rate ÷ f).
 * </ul>
 *
 * Partitions of one topic, owned by one consumer, with the same arrivals and in the same state are
 * stepped once for all of them ({@link Group}).
 */
final class ConsumerGroupModel {
  /**
   * Partitions of one topic, owned by one consumer, with the same arrivals and in the same state:
   * stepped once for all of them. A partition with a key of its own is alone in its group; the
   * tail's partitions are many to a group. When the consumers change, groups split where the new
   * ranges cut them (each part keeps a copy of the state) and idle ones merge again.
   */
  static final class Group {
    final TopicPartitions topic;
    final int[] partitions;
    final double share;
    final boolean special;
    PartitionQueue queue;
    double in;

    /** Of this step's arrivals on each partition, the load's (the rest is live traffic). */
    double loadIn;

    /** The busiest key's share of this step's arrivals on each of the group's partitions. */
    double keyShare;

    /** Events one of the group's partitions can be read per step at most when f = 1. */
    double keyStep = Double.POSITIVE_INFINITY;

    /** How long one event holds its key (1 ÷ the key's rate); 0 when keys are not limited. */
    double keySeconds;

    double maxBacklog;
    double maxDelay;
    double laggingSeconds;

    Group(
        TopicPartitions topic, int[] partitions, double share, boolean special, PartitionQueue q) {
      this.topic = topic;
      this.partitions = partitions;
      this.share = share;
      this.special = special;
      this.queue = q;
    }
  }

  private final List<TopicPartitions> topics;
  private final int partitions;
  private final double dt;
  private final ModelTimeline timeline;
  private Group[][] consumerGroups = new Group[0][];

  /** Per consumer, how many overflow partitions it reads (a key's events reach all of them). */
  private int[] overflowPartitions = new int[0];

  private int consumers;
  private double rebalancedUntil = Double.NEGATIVE_INFINITY;

  // scratch for one consumer's groups
  private double[] demand = new double[0];
  private double[] seconds = new double[0];
  private double[] time = new double[0];
  private int[] count = new int[0];
  private int[] order = new int[0];

  ConsumerGroupModel(List<TopicPartitions> topics, int partitions, double dt, ModelTimeline t) {
    this.topics = List.copyOf(topics);
    this.partitions = partitions;
    this.dt = dt;
    this.timeline = t;
  }

  List<TopicPartitions> topics() {
    return topics;
  }

  int consumers() {
    return consumers;
  }

  /** The whole group stops until {@code until} (Kafka's eager rebalance). */
  void rebalanceUntil(double until) {
    rebalancedUntil = until;
  }

  double rebalancedUntil() {
    return rebalancedUntil;
  }

  /**
   * The groups each consumer serves after a (re)assignment: Kafka's range assignor over the topics
   * the group consumes, each range cut into runs of partitions that can be stepped as one.
   */
  void assign(int consumerCount) {
    flushAll();
    consumers = consumerCount;
    int n = Math.min(consumerCount, partitions);
    Group[][] next = new Group[n][];
    overflowPartitions = new int[n];
    Map<Group, Integer> reuse = new IdentityHashMap<>();
    int most = 0;
    for (int c = 0; c < n; c++) {
      int first = ConsumerAssignment.firstPartition(c, partitions, n);
      int size = ConsumerAssignment.partitionCount(c, partitions, n);
      List<Group> mine = new ArrayList<>();
      for (TopicPartitions topic : topics) {
        if (topic.topic == IngestionModel.OVERFLOW) {
          overflowPartitions[c] = size;
        }
        int p = first;
        while (p < first + size) {
          int end = p + 1;
          while (end < first + size && sameGroup(topic, p, end)) {
            end++;
          }
          int[] members = new int[end - p];
          for (int i = 0; i < members.length; i++) {
            members[i] = p + i;
          }
          Group old = topic.groupOf[p];
          PartitionQueue state =
              old == null || old.queue.idle()
                  ? new PartitionQueue()
                  : reuse.merge(old, 1, Integer::sum) == 1 ? old.queue : old.queue.copy();
          mine.add(new Group(topic, members, topic.shares[p], topic.special[p], state));
          p = end;
        }
      }
      next[c] = mine.toArray(new Group[0]);
      most = Math.max(most, next[c].length);
    }
    for (Group[] groups : next) {
      for (Group g : groups) {
        for (int p : g.partitions) {
          g.topic.groupOf[p] = g;
        }
      }
    }
    consumerGroups = next;
    demand = new double[most];
    seconds = new double[most];
    time = new double[most];
    count = new int[most];
    order = new int[most];
  }

  /** Whether partition {@code q} can join {@code p}'s run: same arrivals, same state. */
  private static boolean sameGroup(TopicPartitions topic, int p, int q) {
    if (topic.special[p] || topic.special[q] || topic.shares[p] != topic.shares[q]) {
      return false;
    }
    Group a = topic.groupOf[p];
    Group b = topic.groupOf[q];
    return a == b || a == null || b == null ? a == b : a.queue.idle() && b.queue.idle();
  }

  /** Live events (records) per event of c_mix the live traffic brings this step. */
  private double liveRecordsPerEvent = 1;

  /**
   * This step's arrivals on every partition: {@code events} the load's keyed events, {@code over}
   * what overflowed, {@code livePerPartition} the live traffic on each main partition (in the
   * load's c_mix events; {@code liveRecordsPerEvent} records each); and each partition's read limit
   * from its keys, one key running at most {@code keyRate} events/s ({@code busiestOver} the
   * busiest hot key's overflowed events).
   */
  void arrive(
      double events,
      double over,
      double livePerPartition,
      double liveRecordsPerEvent,
      double keyRate,
      double busiestOver) {
    this.liveRecordsPerEvent = liveRecordsPerEvent;
    boolean limited = keyRate < Double.POSITIVE_INFINITY;
    for (int c = 0; c < consumerGroups.length; c++) {
      for (Group g : consumerGroups[c]) {
        int topic = g.topic.topic;
        double base = topic == IngestionModel.OVERFLOW ? over : events;
        int p = g.partitions[0];
        g.loadIn = g.share * base + (g.special ? g.topic.hotIn[p] : 0);
        g.in = g.loadIn + (topic == IngestionModel.MAIN ? livePerPartition : 0);
        g.keyShare = 0;
        g.keyStep = Double.POSITIVE_INFINITY;
        g.keySeconds = 0;
        if (!limited) {
          continue;
        }
        if (topic == IngestionModel.OVERFLOW) {
          // The busiest key's share f of what overflowed is on every partition of this consumer,
          // and one batch holds them all: the consumer reads its overflow at most at rate ÷ f.
          double rate = Double.isNaN(g.topic.keyRate) ? keyRate : g.topic.keyRate;
          g.keyShare = over > 0 ? busiestOver / over : 0;
          g.keyStep = rate * dt / overflowPartitions[c];
          g.keySeconds = 1 / rate;
        } else if (g.special) {
          double busiest = Math.max(g.topic.keptBusiest[p] * events, g.topic.hotBusiest[p]);
          g.keyShare = g.in > 0 ? busiest / g.in : 0;
          g.keyStep = keyRate * dt;
          g.keySeconds = 1 / keyRate;
        }
      }
    }
  }

  /**
   * The most a group's partitions can each be read this step: read in order, the events at the head
   * decide; their busiest key holds share f of them and runs at most the key's rate, so the
   * partition goes at most at that rate ÷ f.
   */
  private static double cap(Group g, double f) {
    return f > 0 ? g.keyStep / f : Double.POSITIVE_INFINITY;
  }

  /**
   * Each consumer shares its c_mix fairly among its partitions, none read beyond its keys' limit;
   * returns the events consumed. An event of a partition its busiest key holds back takes the
   * consumer f ÷ the key's rate, not 1 ÷ c_mix: the partition's batches wait for that key, and the
   * consumer's other partitions come in batches of their own (Kafka's fetcher hands a consumer one
   * partition's records at a time), so their time is the held partition's loss.
   */
  double consume(double now, double workingSeconds, double consumerEventsPerSecond) {
    double perStep = consumerEventsPerSecond * workingSeconds;
    double eventSeconds = 1 / consumerEventsPerSecond;
    double consumed = 0;
    for (Group[] groups : consumerGroups) {
      int n = groups.length;
      boolean held = false;
      for (int i = 0; i < n; i++) {
        Group g = groups[i];
        double f = g.keyStep == Double.POSITIVE_INFINITY ? 0 : g.queue.headKeyShare(g.keyShare);
        demand[i] = Math.min(g.queue.demand(g.in), cap(g, f));
        count[i] = g.partitions.length;
        seconds[i] = Math.max(eventSeconds * g.topic.cost, f * g.keySeconds);
        // Events that cost otherwise (personless on overflow) share the consumer's time too.
        held |= seconds[i] != eventSeconds;
      }
      boolean inTime = held && eventSeconds > 0;
      if (inTime) {
        // Shared in time: each partition an equal share of the consumer's seconds, one that
        // needs less taking only what it needs (as in events when every event costs the same).
        for (int i = 0; i < n; i++) {
          time[i] = demand[i] * seconds[i];
        }
      }
      double level =
          inTime
              ? FairShare.level(time, count, n, workingSeconds, order)
              : FairShare.level(demand, count, n, perStep, order);
      for (int i = 0; i < n; i++) {
        Group g = groups[i];
        double served;
        if (inTime) {
          served = time[i] <= level ? demand[i] : level / seconds[i];
        } else {
          served = Math.min(demand[i], level);
        }
        double longest = g.queue.step(now, g.in, served, g.keyShare, count(g));
        consumed += served * g.partitions.length;
        timeline.served(longest);
        double backlog = g.queue.backlog();
        g.maxDelay = Math.max(g.maxDelay, longest);
        if (backlog > 0) {
          g.maxBacklog = Math.max(g.maxBacklog, backlog);
          g.laggingSeconds += dt;
        }
      }
    }
    return consumed;
  }

  /** What one of the group's events stands for in its topic's delay tally; null without one. */
  private PartitionQueue.Count count(Group g) {
    if (g.topic.tally == null) {
      return null;
    }
    double load = g.in > 0 ? g.loadIn / g.in : 1;
    double live = g.in > 0 ? (g.in - g.loadIn) / g.in : 0;
    return new PartitionQueue.Count(
        g.topic.tally, dt, load, load + live * liveRecordsPerEvent, g.partitions.length);
  }

  /** What the group's partitions hold now: the total, the worst one, whether any lags. */
  record Backlog(double total, double worst, boolean lagging) {}

  Backlog backlog(double now, double lagThresholdSeconds) {
    double total = 0;
    double worst = 0;
    boolean lagging = false;
    for (Group[] groups : consumerGroups) {
      for (Group g : groups) {
        double b = g.queue.backlog();
        if (b > 0) {
          total += b * g.partitions.length;
          worst = Math.max(worst, b);
          lagging |= g.queue.oldestWait(now) >= lagThresholdSeconds;
        }
      }
    }
    return new Backlog(total, worst, lagging);
  }

  double totalBacklog() {
    double total = 0;
    for (Group[] groups : consumerGroups) {
      for (Group g : groups) {
        total += g.queue.backlog() * g.partitions.length;
      }
    }
    return total;
  }

  /** What each group saw, into its partitions' records (before groups change, and at the end). */
  void flushAll() {
    for (Group[] groups : consumerGroups) {
      for (Group g : groups) {
        for (int p : g.partitions) {
          g.topic.maxBacklog[p] = Math.max(g.topic.maxBacklog[p], g.maxBacklog);
          g.topic.maxDelay[p] = Math.max(g.topic.maxDelay[p], g.maxDelay);
          g.topic.laggingSeconds[p] += g.laggingSeconds;
        }
        g.maxBacklog = 0;
        g.maxDelay = 0;
        g.laggingSeconds = 0;
      }
    }
  }
}
