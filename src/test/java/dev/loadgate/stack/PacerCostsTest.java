package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.testing.Fixtures;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What one event costs a paced consumer, and how long it holds its key, worked by hand. */
class PacerCostsTest {
  private static final String PIPELINE =
      Fixtures.SMALL_PIPELINE
          + """
          personless_cost_factor: 0.4
          consumer:
            batch_size: 50
            per_key_events_per_second: { person: 250, personless: 1000 }
          """;

  @Test
  void anEventCostsItsTypeAppsAndPersonsAndHoldsItsKeyByThePerKeyRate() {
    Pacer p = new Pacer(Fixtures.pipeline(PIPELINE), Set.of("phc_apps"));
    // default 1,000 ev/s: 1 ms; $identify 250: 4 ms; apps ×2; personless ×0.4.
    assertEquals(1_000_000, p.costNanos("$pageview", "phc_x"));
    assertEquals(4_000_000, p.costNanos("$identify", "phc_x"));
    assertEquals(2_000_000, p.costNanos("$pageview", "phc_apps"));
    assertEquals(400_000, p.costNanos("$pageview", "phc_x", true));
    assertEquals(800_000, p.costNanos("$pageview", "phc_apps", true));
    // One key: 250 ev/s with persons (4 ms), 1,000 without (1 ms).
    assertEquals(4_000_000, p.keyNanos(false));
    assertEquals(1_000_000, p.keyNanos(true));
    assertEquals(50, p.batchSize());
    Pacer none = new Pacer(Fixtures.smallPipeline(), Set.of());
    assertEquals(0, none.keyNanos(false));
    assertEquals(0, none.batchSize(), "without per-key rates the consumer is not batched");
  }
}
