package dev.loadgate.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan predicted, moment by moment, as {@code plan.json}'s {@code timeline} gives it (SPEC
 * §10), on the clock and at the rates production will run it: a replay's scale multiplies every
 * rate by {@code rate} and every duration by {@code time}.
 *
 * @param profile the plan's profile
 * @param verdict the plan's verdict
 * @param start when the load starts ({@code schedule.start}); null when the plan has no schedule
 * @param policySeconds the policy's maximum ingestion delay, scaled
 * @param peakEventsPerSecond the load's peak, scaled
 * @param partitions the main topic's partitions
 * @param moments the model's moments, scaled, the first at 0
 * @param spanSeconds each moment's span, scaled
 */
public record Prediction(
    String profile,
    String verdict,
    Instant start,
    double policySeconds,
    double peakEventsPerSecond,
    int partitions,
    List<Moment> moments,
    double spanSeconds) {

  /**
   * One moment: rates are means over {@code [seconds, seconds + span)}, backlogs at its end.
   *
   * @param receivedEventsPerSecond events capture read (offered less the requests its gate refused)
   * @param consumers per lane ({@code main} alone with one consumer group)
   */
  public record Moment(
      double seconds,
      double receivedEventsPerSecond,
      double consumedEventsPerSecond,
      double backlogEvents,
      double worstPartitionBacklogEvents,
      double maxDelaySeconds,
      Map<String, Integer> consumers) {
    public Moment {
      consumers = Map.copyOf(consumers);
    }

    public int allConsumers() {
      return consumers.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  public Prediction {
    moments = List.copyOf(moments);
  }

  /** A plan the JSON does not describe: one line for the user, exit 2. */
  public static final class BadPlan extends RuntimeException {
    BadPlan(String message) {
      super(message);
    }
  }

  public static Prediction read(Path planJson, double rate, double time) {
    JsonNode plan;
    try {
      plan = new ObjectMapper().readTree(planJson.toFile());
    } catch (IOException e) {
      throw new BadPlan(planJson + ": cannot be read as JSON: " + e.getMessage());
    }
    return of(planJson.toString(), plan, rate, time);
  }

  static Prediction of(String where, JsonNode plan, double rate, double time) {
    JsonNode timeline = plan.path("timeline");
    if (!timeline.isArray() || timeline.isEmpty()) {
      throw new BadPlan(
          where
              + ": has no timeline (a plan from loadgate before watch, or not a plan.json):"
              + " plan it again with --format json --out DIR");
    }
    double peakEvents = plan.path("peak_events_per_second").asDouble();
    double peakRequests = plan.path("peak_requests_per_second").asDouble();
    double eventsPerRequest = peakRequests > 0 ? peakEvents / peakRequests : 1;
    List<Moment> moments = new ArrayList<>();
    for (JsonNode m : timeline) {
      Map<String, Integer> lanes = new LinkedHashMap<>();
      m.path("lanes").fields().forEachRemaining(e -> lanes.put(e.getKey(), e.getValue().asInt()));
      if (lanes.isEmpty()) {
        lanes.put("main", m.path("consumers").asInt());
      }
      double received =
          m.path("offered_events_per_second").asDouble()
              - m.path("refused_requests_per_second").asDouble() * eventsPerRequest;
      moments.add(
          new Moment(
              m.path("seconds").asDouble() * time,
              Math.max(0, received) * rate,
              m.path("consumed_events_per_second").asDouble() * rate,
              m.path("backlog_events").asDouble() * rate * time,
              m.path("worst_partition_backlog_events").asDouble() * rate * time,
              m.path("max_delay_seconds").asDouble() * time,
              lanes));
    }
    double span =
        moments.size() > 1 ? moments.get(1).seconds() - moments.get(0).seconds() : 1.0 * time;
    String start = plan.path("schedule").path("start").asText(null);
    return new Prediction(
        plan.path("profile").asText("?"),
        plan.path("verdict").asText("?"),
        start == null ? null : OffsetDateTime.parse(start).toInstant(),
        plan.path("max_ingestion_delay_policy_seconds").asDouble() * time,
        peakEvents * rate,
        plan.path("partitions").asInt(1),
        moments,
        span);
  }

  /** The moment {@code seconds} into the load falls in; the last one after the model's end. */
  public Moment at(double seconds) {
    Moment found = moments.get(0);
    for (Moment m : moments) {
      if (m.seconds() <= seconds + 1e-9) {
        found = m;
      } else {
        break;
      }
    }
    return found;
  }

  /** Seconds from the load's start to the model's last moment's end. */
  public double endSeconds() {
    return moments.get(moments.size() - 1).seconds() + spanSeconds;
  }

  /** The longest delay the plan predicted at any moment. */
  public double maxDelaySeconds() {
    return moments.stream().mapToDouble(Moment::maxDelaySeconds).max().orElse(0);
  }
}
