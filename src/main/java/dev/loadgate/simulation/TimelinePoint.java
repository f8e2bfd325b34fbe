package dev.loadgate.simulation;

/**
 * One second of the run (SPEC §5 {@code timeline}), from the start of the load: events/s offered to
 * capture (retries included; measured by the client), the request attempts capture refused for
 * capacity (503), events/s admitted into Kafka and consumed; the backlog at its end; the largest
 * backlog of one partition; how long events consumed in it waited; what ran, and the events/s that
 * took (capture, consumers and rate limit at those sizes).
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
    double capacity) {}
