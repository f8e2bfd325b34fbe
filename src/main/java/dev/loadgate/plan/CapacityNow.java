package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;

/**
 * Capacity now (SPEC §3): the least of what capture, the consumers and the per-token rate limit
 * take today, in events/s for this load's batching and event mix.
 *
 * @param bottleneck {@code capture}, {@code consumers} or {@code rate_limit}
 */
public record CapacityNow(
    double capture,
    double consumers,
    double rateLimit,
    double eventsPerSecond,
    String bottleneck,
    double cMix,
    int eventsPerRequest,
    double liveEventsPerSecond,
    double liveMixEventsPerSecond,
    double liveRequestsPerSecond) {

  public static CapacityNow of(Pipeline pipe, int eventsPerRequest, double cMix) {
    double capture = pipe.capture().requestsPerSecond(pipe.capture().replicas()) * eventsPerRequest;
    double consumers = Math.min(pipe.consumers(), pipe.partitions()) * cMix;
    double rateLimit = pipe.rateLimit().perTokenEventsPerSecond();
    double now = Math.min(capture, Math.min(consumers, rateLimit));
    String bottleneck = now == capture ? "capture" : now == consumers ? "consumers" : "rate_limit";
    return new CapacityNow(
        capture, consumers, rateLimit, now, bottleneck, cMix, eventsPerRequest, 0, 0, 0);
  }

  /**
   * The headroom left while other traffic runs: capture less its requests (in this load's events
   * per request), the consumers less its cost in this load's mix; the per-token rate limit is this
   * load's own.
   */
  public CapacityNow minus(double liveEvents, double liveMixEvents, double liveRequests) {
    double c = Math.max(0, capture - liveRequests * eventsPerRequest);
    double k = Math.max(0, consumers - liveMixEvents);
    double now = Math.min(c, Math.min(k, rateLimit));
    String neck = now == c ? "capture" : now == k ? "consumers" : "rate_limit";
    return new CapacityNow(
        c,
        k,
        rateLimit,
        now,
        neck,
        cMix,
        eventsPerRequest,
        liveEvents,
        liveMixEvents,
        liveRequests);
  }

  /** Whether other traffic was taken off (a headroom, not the whole capacity). */
  public boolean shared() {
    return liveEventsPerSecond > 0 || liveMixEventsPerSecond > 0 || liveRequestsPerSecond > 0;
  }

  /** "8,000 ev/s the pipeline takes today (capture takes with single-event requests: ...)". */
  public String describe(Pipeline pipe) {
    if (shared()) {
      String part =
          switch (bottleneck) {
            case "capture" ->
                "capture: "
                    + pipe.capture().replicas()
                    + " replicas × "
                    + Fmt.num(pipe.capture().requestsPerSecondPerReplica())
                    + " req/s less "
                    + Fmt.num(liveRequestsPerSecond)
                    + " req/s of the other traffic, at "
                    + eventsPerRequest
                    + " events per request";
            case "consumers" ->
                "consumers: "
                    + Math.min(pipe.consumers(), pipe.partitions())
                    + " × "
                    + Fmt.rate(cMix)
                    + (liveMixEventsPerSecond > 0
                        ? " less what the other traffic costs them"
                        : ", the lane's own: the other traffic is on another lane");
            default -> "the per-token rate limit";
          };
      return Fmt.rate(eventsPerSecond)
          + " of headroom beside the "
          + Fmt.rate(liveEventsPerSecond)
          + " already on the pipeline ("
          + part
          + ")";
    }
    String how =
        switch (bottleneck) {
          case "capture" ->
              "capture takes with "
                  + (eventsPerRequest == 1
                      ? "single-event requests"
                      : eventsPerRequest + " events per request")
                  + ": "
                  + pipe.capture().replicas()
                  + " replicas × "
                  + Fmt.num(pipe.capture().requestsPerSecondPerReplica())
                  + " req/s";
          case "consumers" ->
              "consumers take: "
                  + Math.min(pipe.consumers(), pipe.partitions())
                  + " × "
                  + Fmt.rate(consumers / Math.min(pipe.consumers(), pipe.partitions()));
          default -> "per-token rate limit allows";
        };
    return Fmt.rate(eventsPerSecond) + " the pipeline takes today (" + how + ")";
  }

  public Plan.CapacityParts parts() {
    return new Plan.CapacityParts(
        Fmt.round3(capture), Fmt.round3(consumers), rateLimit, bottleneck);
  }
}
