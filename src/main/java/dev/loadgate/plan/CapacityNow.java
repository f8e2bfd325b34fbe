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
    int eventsPerRequest) {

  public static CapacityNow of(Pipeline pipe, int eventsPerRequest, double cMix) {
    double capture = pipe.capture().requestsPerSecond(pipe.capture().replicas()) * eventsPerRequest;
    double consumers = Math.min(pipe.consumers(), pipe.partitions()) * cMix;
    double rateLimit = pipe.rateLimit().perTokenEventsPerSecond();
    double now = Math.min(capture, Math.min(consumers, rateLimit));
    String bottleneck = now == capture ? "capture" : now == consumers ? "consumers" : "rate_limit";
    return new CapacityNow(capture, consumers, rateLimit, now, bottleneck, cMix, eventsPerRequest);
  }

  /** "8,000 ev/s the pipeline takes today (capture takes with single-event requests: ...)". */
  public String describe(Pipeline pipe) {
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
