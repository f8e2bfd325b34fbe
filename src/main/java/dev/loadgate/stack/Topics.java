package dev.loadgate.stack;

import dev.loadgate.plan.IngestionTopics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The ingestion topics, named as the pipeline team knows them. */
public final class Topics {
  public static final String MAIN = IngestionTopics.MAIN;
  public static final String OVERFLOW = IngestionTopics.OVERFLOW;
  public static final String HISTORICAL = IngestionTopics.HISTORICAL;
  public static final List<String> ALL = IngestionTopics.ALL;

  private Topics() {}

  /**
   * Waits until every partition of the topics has a leader: right after creation a producer's first
   * sends would otherwise stall on metadata, which a short run would measure as capture's slowness.
   */
  private static void awaitLeaders(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean ready;
      try {
        ready =
            admin.describeTopics(ALL).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .allMatch(
                    d ->
                        d.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
        ready = false; // just created: the metadata has not reached the broker's cache yet
      }
      if (ready) {

        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("partitions without a leader after 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** Creates the three topics with {@code partitions} partitions each, if they do not exist. */
  public static void create(String bootstrap, int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      // Finding the group coordinator makes the broker create __consumer_offsets now, alongside
      // the topics, rather than when the first consumer asks.
      var coordinator = admin.listConsumerGroupOffsets(IngestionConsumers.GROUP).all();
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          ALL.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, partitions, (short) 1))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
      awaitLeaders(admin);
      try {
        coordinator.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // no offsets yet is fine: the coordinator exists
      }

      int actual =
          admin
              .describeTopics(List.of(MAIN))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(MAIN)
              .partitions()
              .size();
      if (actual != partitions) {
        throw new IllegalStateException(
            "topic "
                + MAIN
                + " has "
                + actual
                + " partitions, the pipeline file says "
                + partitions
                + ": per-partition predictions would not hold; use a fresh cluster or match the pipeline file");
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topics: " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
