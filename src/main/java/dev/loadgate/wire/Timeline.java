package dev.loadgate.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.List;
import java.util.Map;

/**
 * The stack's {@code GET /timeline}: what its capacity monitor saw since it was armed. The stack
 * writes it and the replay reads it through {@link #MAPPER}, so a field renamed on one side is a
 * compile error on the other, not a zero read at run time. An older stack's body without some of
 * these fields reads as their defaults.
 *
 * @param mode {@code production} (the pipeline's capacities, the autoscaler) or {@code local}
 * @param armedAtMillis when the timeline was armed (epoch ms)
 * @param lagThresholdSeconds a partition lags once an event consumed from it waited this long
 * @param delayHistogram every event consumed since the arming, by delay ({@link
 *     DelayHistogramCodec}), or null
 * @param reroutedKeys the keys capture rerouted since the arming, the busiest first
 */
public record Timeline(
    String mode,
    long armedAtMillis,
    double lagThresholdSeconds,
    List<Step> steps,
    List<Point> points,
    List<Stall> stalls,
    String delayHistogram,
    List<ReroutedKey> reroutedKeys) {

  /** snake_case, as every loadgate JSON; unknown fields (a newer stack's) are skipped. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public Timeline {
    steps = steps == null ? List.of() : List.copyOf(steps);
    points = points == null ? List.of() : List.copyOf(points);
    stalls = stalls == null ? List.of() : List.copyOf(stalls);
    reroutedKeys = reroutedKeys == null ? List.of() : List.copyOf(reroutedKeys);
  }

  /**
   * One second of the timeline; counts are of that second, the backlog at its end. The worst
   * partition is the one whose consumed events waited longest in it; the worst partition backlog is
   * the largest any partition had. {@code consumers} are every group's members; {@code lanes} the
   * members per lane (empty with one group).
   */
  public record Point(
      long atMillis,
      long offeredRequests,
      long refusedRequests,
      long producedEvents,
      long consumedEvents,
      long backlogEvents,
      String worstTopic,
      int worstPartition,
      long worstPartitionBacklogEvents,
      double worstPartitionDelaySeconds,
      double delayP99Seconds,
      double delayMaxSeconds,
      int consumers,
      int captureReplicas,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> lanes,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, TopicWorst> worstByTopic) {
    public Point {
      lanes = lanes == null ? Map.of() : lanes;
      worstByTopic = worstByTopic == null ? Map.of() : worstByTopic;
    }
  }

  /** A topic's partition whose consumed events waited longest in a second, and how long. */
  public record TopicWorst(int partition, double delaySeconds) {}

  /**
   * An autoscaler step: from {@code atMillis} (epoch) these run; new consumers took {@code
   * rebalanceSeconds} to get their partitions (null when no consumer was added, or not yet known).
   */
  public record Step(
      long atMillis,
      int consumers,
      int captureReplicas,
      Double rebalanceSeconds,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> lanes) {
    public Step {
      lanes = lanes == null ? Map.of() : lanes;
    }
  }

  /** The stack itself stood still for {@code seconds} from {@code atMillis} (epoch). */
  public record Stall(long atMillis, double seconds) {}

  /** A key capture rerouted: {@code token:distinct_id}, first at {@code firstAtMillis}. */
  public record ReroutedKey(String key, long firstAtMillis, long events) {}

  /** The body {@code GET /timeline} serves. */
  public String json() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code /timeline} body, or null when it is not one (no points: not a loadgate stack). */
  public static Timeline read(String json) {
    try {
      return of(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The same from a parsed body. */
  public static Timeline of(JsonNode body) {
    if (body == null || !body.has("points")) {
      return null;
    }
    try {
      return MAPPER.treeToValue(body, Timeline.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
