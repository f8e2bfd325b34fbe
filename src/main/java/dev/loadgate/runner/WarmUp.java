package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.measure.StackClient;
import dev.loadgate.plan.SkewModel;
import dev.loadgate.simulation.DistinctIdSampler;
import dev.loadgate.simulation.Payloads;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

/**
 * A freshly started stack answers its first seconds of load slowly (JIT compilation, producer
 * metadata, consumer fetch sessions), and a profile's first stage would pay for that in latency.
 * Five seconds of the same kind of requests under a token of its own (its own rate-limit bucket and
 * keys), drained before the run's baseline is read, so none of it is counted.
 */
final class WarmUp {
  /**
   * The warm-up's own project token: its own rate-limit bucket and its own keys, so it takes
   * nothing from the buckets the customer's ids are measured against.
   */
  static final String TOKEN = "phc_loadgate_warmup";

  static final Duration LENGTH = Duration.ofSeconds(5);

  private WarmUp() {}

  /**
   * @param requestsPerSecond the rate to warm up at
   * @param unconsumed events acked and not yet consumed, from a {@code /stats} body (null: unknown)
   */
  static void run(
      StackClient stack,
      String endpoint,
      double requestsPerSecond,
      boolean historical,
      int eventsPerRequest,
      Integer payloadBytes,
      Map<String, Double> eventTypes,
      Duration drainTimeout,
      ToLongFunction<JsonNode> unconsumed,
      PrintStream out) {
    long total = (long) (requestsPerSecond * LENGTH.toSeconds());
    Payloads warm =
        new Payloads(
            TOKEN,
            historical,
            eventsPerRequest,
            payloadBytes,
            new DistinctIdSampler(SkewModel.of(List.of(), 1000, 1)),
            eventTypes);
    out.printf(
        Locale.ROOT,
        "loadgate: warming the stack up (%d requests over %d s)...%n",
        total,
        LENGTH.toSeconds());
    Semaphore inFlight = new Semaphore(64);
    long start = System.nanoTime();
    List<CompletableFuture<Integer>> pending = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long wait = start + (long) (i / requestsPerSecond * 1e9) - System.nanoTime();
      try {
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(stack.baseUrl() + endpoint))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(warm.next(ThreadLocalRandom.current())))
              .build();
      pending.add(
          stack
              .http()
              .sendAsync(req, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (res, err) -> {
                    inFlight.release();
                    return err == null ? res.statusCode() : 0;
                  }));
    }
    long failed = pending.stream().filter(f -> f.join() != 200).count();
    stack.awaitDrained(drainTimeout, unconsumed);
    if (Thread.currentThread().isInterrupted()) {
      return;
    }
    if (failed > 0) {
      out.printf(Locale.ROOT, "loadgate: %d of %d warm-up requests failed%n", failed, total);
    }
  }
}
