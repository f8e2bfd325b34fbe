package dev.loadgate.measure;

import java.nio.charset.StandardCharsets;

/**
 * The synthetic events the measurements send: one shape for the JMH {@code ConsumerBenchmark},
 * {@code loadgate bench consumer}, the capture bench and the soak, so all measure the same work.
 */
public final class SyntheticEvents {
  private SyntheticEvents() {}

  /**
   * The one $pageview template every measurement sends: of {@code distinctId}, {@code n} in its URL
   * (unique per event), then {@code extraProperties} (JSON members, each after a comma, or "").
   */
  public static String pageviewJson(String distinctId, long n, String extraProperties) {
    return "{\"event\":\"$pageview\",\"distinct_id\":\""
        + distinctId
        + "\",\"properties\":{\"$current_url\":\"https://example.com/p/"
        + n
        + "\",\"$browser\":\"Firefox\""
        + extraProperties
        + "}}";
  }

  /** A $pageview of {@code distinctId}; {@code n} varies the URL. */
  public static byte[] pageview(String distinctId, long n) {
    return pageviewJson(distinctId, n, "").getBytes(StandardCharsets.UTF_8);
  }

  /** The same $pageview sent without person processing ({@code $process_person_profile: false}). */
  public static byte[] personlessPageview(String distinctId, long n) {
    return pageviewJson(distinctId, n, ",\"$process_person_profile\":false")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** An $identify merging the anonymous id {@code anon-<anon>} into {@code distinctId}'s person. */
  public static byte[] identify(String distinctId, long anon) {
    return ("{\"event\":\"$identify\",\"distinct_id\":\""
            + distinctId
            + "\",\"properties\":{\"$anon_distinct_id\":\"anon-"
            + anon
            + "\",\"$set\":{\"email\":\"u"
            + anon
            + "@example.com\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
