package dev.loadgate.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One poll of production: each measure's value now, NaN where its query returned nothing.
 *
 * @param seconds seconds since the load started (negative before it)
 * @param consumers per lane
 * @param lag events waiting in Kafka, per lane
 * @param worstPartition the partition with the most events waiting (its label), or null
 * @param missing the measures whose query returned nothing, and why
 */
public record Measurement(
    Instant at,
    double seconds,
    double offeredEventsPerSecond,
    Map<String, Double> consumers,
    Map<String, Double> lag,
    double worstPartitionLagEvents,
    String worstPartition,
    double delaySeconds,
    List<String> missing) {
  public Measurement {
    consumers = Map.copyOf(consumers);
    lag = Map.copyOf(lag);
    missing = List.copyOf(missing);
  }

  public double allConsumers() {
    return consumers.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public double allLag() {
    return lag.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
