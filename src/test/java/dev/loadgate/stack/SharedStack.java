package dev.loadgate.stack;

import dev.loadgate.measure.BenchLoad;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real stack (embedded Kafka broker, capture, consumers) shared by the integration tests of a
 * run, started on first use and stopped when the run ends. Tokens and ids are per test, so tests do
 * not see each other's events.
 */
final class SharedStack {
  /**
   * 8 partitions; overflow above 50 ev/s per distinct_id with a burst of 20; 5,000 ev/s per token;
   * 1 MB per request.
   */
  static final String PIPELINE =
      """
      partitions: 8
      consumers: 2
      consumer_events_per_second: { default: 2000, $identify: 500 }
      capture: { replicas: 1, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 4, max_capture_replicas: 2 }
      overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 20 }
      rate_limit: { per_token_events_per_second: 5000 }
      """;

  static final Set<String> TOKENS =
      Set.of("phc_it", "phc_limited", "phc_posthog", "phc_apps", BenchLoad.TOKEN);

  private SharedStack() {}

  static Pipeline pipeline() {
    return PipelineLoader.parse(Path.of("it-pipeline.yaml"), PIPELINE);
  }

  static LocalStack get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            "loadgate-stack", k -> new Resource(start(pipeline())), Resource.class)
        .stack;
  }

  static LocalStack start(Pipeline pipeline) {
    return LocalStack.start(
        new LocalStack.Options(
            "127.0.0.1", 0, TOKENS, Set.of("phc_apps"), pipeline, null, 2, true));
  }

  private record Resource(LocalStack stack) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      stack.close();
    }
  }
}
