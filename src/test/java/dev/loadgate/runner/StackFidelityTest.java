package dev.loadgate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the local stack does not run of a pipeline (capture's global limiter and forced list,
 * Kubernetes' autoscalers): the replay is compared with the model of what it runs, and says so.
 */
class StackFidelityTest {
  private static final String PIPELINE =
      Fixtures.SMALL_PIPELINE.replace(
              "overflow: { enabled: true, per_distinct_id_events_per_second: 50, burst: 500 }",
              """
              overflow:
                enabled: true
                limiter: global_window
                threshold: 6000
                window: 60s
                forced_keys: ["phc_a:bot"]""")
          + """
          lanes:
            main:
              consumers: 4
              max_consumers: 16
              autoscaler: { lag_threshold: 1000 }
            overflow: { consumers: 2, max_consumers: 8 }
            historical: { consumers: 2, max_consumers: 8 }
          """;

  @Test
  void theStackRunsTheTokenBucketAndTheSimpleRuleAndTheRunSaysSo() {
    Pipeline p = Fixtures.pipeline(PIPELINE);
    Pipeline stack = StackFidelity.asTheStackRunsIt(p);
    assertEquals(Pipeline.Limiter.TOKEN_BUCKET, stack.overflow().limiter());
    assertTrue(stack.overflow().forcedKeys().isEmpty());
    assertEquals(100, stack.overflow().perDistinctIdEventsPerSecond(), 1e-9, "6,000 per 60 s");
    assertEquals(6_000, stack.overflow().burst(), 1e-9);
    assertNull(stack.lanes().main().autoscaler());
    assertEquals(16, stack.lanes().main().maxConsumers());
    List<String> lines = StackFidelity.notReplayed(p);
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(lines.get(0).contains("global_window limiter and forced-overflow list"));
    assertTrue(lines.get(1).contains("Kubernetes autoscalers"));
    assertTrue(StackFidelity.notReplayed(stack).isEmpty(), "what the stack runs, it replays");
  }
}
