package dev.loadgate.jvm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * What {@code loadgate stack} tells the process that started it once it serves, as one JSON line
 * after its banner ({@code ready: {"capture_url": ...}}): the parent reads this, not the words a
 * person reads above it.
 *
 * @param captureUrl capture's base URL, e.g. {@code http://127.0.0.1:41233}
 * @param faultsUrl the fault drills' base URL ({@code --faults}), or null
 * @param kafkaBootstrap the Kafka cluster the stack uses ({@code host:port})
 * @param brokerPid the embedded broker's process id, -1 with an external cluster
 */
public record StackReady(
    String captureUrl, String faultsUrl, String kafkaBootstrap, long brokerPid) {
  /** The line's prefix; the JSON follows it. */
  public static final String PREFIX = "ready: ";

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** The line the stack prints. */
  public String line() {
    try {
      return PREFIX + JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ready line's contents, or null when {@code line} is not one. */
  public static StackReady parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    try {
      return JSON.readValue(line.substring(PREFIX.length()), StackReady.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
