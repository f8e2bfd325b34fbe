package dev.loadgate.profile;

/** How the customer's clients send: events per capture request and to which endpoint. */
public record Batching(int eventsPerRequest, String endpoint) {
  public static final java.util.List<String> ENDPOINTS =
      java.util.List.of("/e/", "/batch/", "/capture/", "/i/v0/e/");

  public Batching {
    if (eventsPerRequest < 1) {
      throw new IllegalArgumentException("events_per_request must be >= 1");
    }
    if (endpoint == null) {
      endpoint = eventsPerRequest > 1 ? "/batch/" : "/e/";
    }
  }
}
