package dev.loadgate.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short soak, end to end: the stack in its own JVM, the generator in another, then a known set of
 * records written to Kafka again. The reconciliation must find nothing lost and exactly those
 * duplicates; the figures themselves (rate, RSS) are for {@code loadgate bench soak}, not a test.
 */
class SoakIT {
  @Test
  void aShortSoakReconcilesExactlyWithTheReSentRecordsAsDuplicates() throws Exception {
    List<String> lines = new ArrayList<>();
    Soak.Result r =
        Soak.run(
            new Soak.Options(
                100_000, 60, 8, 1_234, Duration.ofSeconds(2), Duration.ZERO, List.of()),
            lines::add);
    assertTrue(r.acked() >= 100_000, r.acked() + " acked");
    assertEquals(0, r.unconsumed(), "acked and never consumed");
    assertEquals(1_234, r.resent());
    assertEquals(1_234, r.duplicates(), "exactly the re-sent records");
    assertEquals(r.acked() + 1_234, r.consumed(), "consumed counts every delivery");
    assertTrue(r.reconciled());
    assertTrue(!r.samples().isEmpty(), String.join("\n", lines));
    assertTrue(r.samples().get(0).rssKb() > 0, "RSS read from /proc");
    assertTrue(r.reconciliationBytes() > 0 && r.reconciliationBytes() < 2L * r.acked());
  }
}
