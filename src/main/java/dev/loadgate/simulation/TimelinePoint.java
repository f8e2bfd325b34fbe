package dev.loadgate.simulation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One second of the run (SPEC §5 {@code timeline}), from the start of the load: events/s offered to
 * capture (retries included; measured by the client), the request attempts capture refused for
 * capacity (503), events/s admitted into Kafka and consumed; the backlog at its end; the largest
 * backlog of one partition; how long events consumed in it waited; what ran, and the events/s that
 * took (capture, consumers and rate limit at those sizes). With lanes, {@code consumers} are the
 * load's own lane's and {@code lanes} every lane's (SPEC §9.1); without, {@code lanes} is left out.
 */
public record TimelinePoint(
    int t,
    double offered,
    double refusedRequests,
    double admitted,
    double consumed,
    double backlog,
    double worstPartitionLag,
    Double delayP99Seconds,
    double delayMaxSeconds,
    int consumers,
    int captureReplicas,
    double capacity,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> lanes) {
  public TimelinePoint {
    lanes =
        lanes == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lanes));
  }

  /** A point of a pipeline with one consumer group. */
  public TimelinePoint(
      int t,
      double offered,
      double refusedRequests,
      double admitted,
      double consumed,
      double backlog,
      double worstPartitionLag,
      Double delayP99Seconds,
      double delayMaxSeconds,
      int consumers,
      int captureReplicas,
      double capacity) {
    this(
        t,
        offered,
        refusedRequests,
        admitted,
        consumed,
        backlog,
        worstPartitionLag,
        delayP99Seconds,
        delayMaxSeconds,
        consumers,
        captureReplicas,
        capacity,
        Map.of());
  }
}
