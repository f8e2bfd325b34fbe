package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pipeline in miniature: every rate × rate, every time × time, sizes kept. */
class ScaleTest {
  @Test
  void ratesAndTimesScaleSizesStay() {
    // Fixtures.SMALL_PIPELINE: 8 partitions, 4 consumers at 1,000 ev/s (250 for $identify),
    // capture 2 × 100 req/s, reaction 5 min, policy 90 s, overflow 50 ev/s with a burst of 500.
    Pipeline p = new Scale(0.02, 0.05).apply(Fixtures.smallPipeline());
    assertEquals(8, p.partitions());
    assertEquals(4, p.consumers());
    assertEquals(20, p.consumerRate("$pageview"), 1e-9);
    assertEquals(5, p.consumerRate("$identify"), 1e-9);
    assertEquals(2, p.capture().replicas());
    assertEquals(2, p.capture().requestsPerSecondPerReplica(), 1e-9);
    assertEquals(0.05, p.capture().burstSeconds(), 1e-9);
    assertEquals(Duration.ofSeconds(15), p.autoscaling().reactionTime());
    assertEquals(16, p.autoscaling().maxConsumers());
    assertEquals(Duration.ofMillis(4500), p.policy().maxIngestionDelay());
    assertEquals(1, p.overflow().perDistinctIdEventsPerSecond(), 1e-9);
    // The burst drains at the limit's rate: 500 × 0.02 × 0.05 = 0.5, at least one event.
    assertEquals(1, p.overflow().burst(), 1e-9);
    assertEquals(200, p.rateLimit().perTokenEventsPerSecond(), 1e-9);
  }

  @Test
  void aBatchShrinksWithBothScalesButNotUnderFifty() {
    // 500 × 0.2 × 1 = 100 events; 500 × 0.02 × 0.05 = 0.5, held at 50; 30 asked stays 30.
    assertEquals(100, new Scale(0.2, 1).scaledBatch(500));
    assertEquals(50, new Scale(0.02, 0.05).scaledBatch(500));
    assertEquals(30, new Scale(0.02, 0.05).scaledBatch(30));
    Pipeline p =
        new Scale(0.02, 0.05)
            .apply(
                Fixtures.smallPipeline()
                    .withIngestion(null, new Pipeline.Consumer(500, 250, 1000), 0.5));
    assertEquals(50, p.consumer().batchSize());
    assertEquals(5, p.consumer().personPerKey(), 1e-9);
    assertEquals(20, p.consumer().personlessPerKey(), 1e-9);
  }
}
