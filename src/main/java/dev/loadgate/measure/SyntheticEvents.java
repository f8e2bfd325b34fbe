package dev.loadgate.measure;

import java.nio.charset.StandardCharsets;

/**
 * The synthetic events the consumer measurements feed: one shape for the JMH {@code
 * ConsumerBenchmark} and {@code loadgate bench consumer}, so both measure the same work.
 */
public final class SyntheticEvents {
  private SyntheticEvents() {}

  /** A $pageview of {@code distinctId}; {@code n} varies the URL. */
  public static byte[] pageview(String distinctId, long n) {
    return ("{\"event\":\"$pageview\",\"distinct_id\":\""
            + distinctId
            + "\",\"properties\":{\"$current_url\":\"https://example.com/p/"
            + n
            + "\",\"$browser\":\"Firefox\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The same $pageview sent without person processing ({@code $process_person_profile: false}). */
  public static byte[] personlessPageview(String distinctId, long n) {
    return ("{\"event\":\"$pageview\",\"distinct_id\":\""
            + distinctId
            + "\",\"properties\":{\"$process_person_profile\":false,\"$current_url\":"
            + "\"https://example.com/p/"
            + n
            + "\",\"$browser\":\"Firefox\"}}")
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
