package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * The miniature's batch: a consumer batch of 500 at rate × 0.02, time × 0.05 would be half an event
 * and is held at 50; at a scaled c_mix of 20 ev/s that batch takes 2.5 s, over a quarter of a 4.5 s
 * scaled policy (1.125 s): said. At c_mix 1,000 it takes 0.05 s: not said.
 */
class BatchWarningTest {
  private static Pipeline withBatch(int batch) {
    return Fixtures.smallPipeline()
        .withIngestion(null, new Pipeline.Consumer(batch, 250, 1000), 0.5);
  }

  @Test
  void aBatchHeldAtFiftyThatLastsOverAQuarterOfThePolicyIsSaid() {
    Scale scale = new Scale(0.02, 0.05);
    Pipeline scaled = scale.apply(withBatch(500));
    String w = ReplayCapacity.batchWarning(scaled, scale, 20, 4.5);
    assertNotNull(w);
    assertTrue(w.contains("held at 50") && w.contains("2.50 s"), w);
    assertNull(ReplayCapacity.batchWarning(scaled, scale, 1000, 4.5), "a short batch is fine");
  }

  @Test
  void aBatchThatScalesAboveFiftyOrNoBatchAtAllIsNotSaid() {
    Scale scale = new Scale(1, 1);
    assertNull(ReplayCapacity.batchWarning(scale.apply(withBatch(500)), scale, 20, 4.5));
    assertNull(ReplayCapacity.batchWarning(Fixtures.smallPipeline(), scale, 20, 4.5));
  }
}
