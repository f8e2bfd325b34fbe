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

  @Test
  void kubernetesAutoscalersRunOnTheScaledClock() {
    Pipeline.KubeAutoscaler keda =
        new Pipeline.KubeAutoscaler(
            10_000,
            Double.NaN,
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            4,
            Duration.ofSeconds(15),
            Duration.ofMinutes(5));
    Pipeline.KubeAutoscaler hpa =
        new Pipeline.KubeAutoscaler(
            Double.NaN,
            0.7,
            Duration.ofSeconds(15),
            Duration.ofSeconds(40),
            2,
            Duration.ofSeconds(60),
            Duration.ofMinutes(5));
    Pipeline.Lane main = new Pipeline.Lane(4, 16, keda);
    Pipeline s = Fixtures.smallPipeline();
    Pipeline.Capture c = s.capture();
    Pipeline p =
        new Scale(0.02, 0.05)
            .apply(
                new Pipeline(
                        s.partitions(),
                        s.consumers(),
                        s.consumerEventsPerSecond(),
                        s.appsCostFactor(),
                        new Pipeline.Capture(
                            c.replicas(),
                            c.requestsPerSecondPerReplica(),
                            c.maxRequestBytes(),
                            c.burstSeconds(),
                            hpa),
                        s.autoscaling(),
                        s.overflow(),
                        s.rateLimit(),
                        s.policy(),
                        s.liveLoad())
                    .withIngestion(
                        new Pipeline.Lanes(main, new Pipeline.Lane(1, 2), new Pipeline.Lane(1, 2)),
                        null,
                        null));
    Pipeline.KubeAutoscaler k = p.lanes().main().autoscaler();
    // A lag is events piled at the scaled rate over the scaled time: 10,000 × 0.02 × 0.05 = 10.
    assertEquals(10, k.lagThreshold(), 1e-9);
    assertEquals(Duration.ofMillis(1500), k.pollingInterval());
    assertEquals(Duration.ofSeconds(3), k.startup());
    assertEquals(Duration.ofMillis(750), k.scaleUpPeriod());
    assertEquals(Duration.ofSeconds(15), k.cooldown());
    assertEquals(4, k.scaleUpPods());
    assertEquals(16, p.lanes().main().maxConsumers());
    assertEquals(null, p.lanes().overflow().autoscaler());
    Pipeline.KubeAutoscaler cpu = p.capture().autoscaler();
    assertEquals(0.7, cpu.cpuTarget(), 1e-9);
    assertEquals(true, Double.isNaN(cpu.lagThreshold()));
    assertEquals(Duration.ofSeconds(2), cpu.startup());
    assertEquals(Duration.ofSeconds(3), cpu.scaleUpPeriod());
    assertEquals(2, cpu.scaleUpPods());
  }

  @Test
  void aLanesLagThresholdIsAtLeastTenScaledBatches() {
    Pipeline.KubeAutoscaler keda =
        new Pipeline.KubeAutoscaler(
            20_000,
            Double.NaN,
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            4,
            Duration.ofSeconds(60),
            Duration.ofMinutes(5));
    Pipeline p =
        Fixtures.smallPipeline()
            .withIngestion(
                new Pipeline.Lanes(
                    new Pipeline.Lane(4, 16, keda),
                    new Pipeline.Lane(1, 2),
                    new Pipeline.Lane(1, 2)),
                new Pipeline.Consumer(500, 250, 1000),
                0.5);
    // 20,000 × 0.111 × 0.0333 = 74 events; a batch of 500 scales to 2, held at 50: ten are 500.
    Scale s = new Scale(0.111, 1 / 30.0);
    assertEquals(500, s.apply(p).lanes().main().autoscaler().lagThreshold(), 1e-9);
    // Slower, the scaled threshold is above the floor: kept (20,000 × 0.5 × 1 = 10,000).
    assertEquals(
        10_000, new Scale(0.5, 1).apply(p).lanes().main().autoscaler().lagThreshold(), 1e-9);
  }
}
