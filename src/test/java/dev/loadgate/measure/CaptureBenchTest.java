package dev.loadgate.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.stack.CapturePayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureBenchTest {
  @Test
  void readsProducerPerformancesSummaryNotItsProgressLines() {
    // Kafka 4.4's output, as printed on this machine.
    String out =
        "732204 records sent, 144418.9 records/sec (33.05 MB/sec), 446.6 ms avg latency, 1311.0 ms max latency.\n"
            + "1316772 records sent, 263354.4 records/sec (60.28 MB/sec), 241.9 ms avg latency, 788.0 ms max latency.\n"
            + "3000000 records sent, 179243.592042 records/sec (41.03 MB/sec), 238.26 ms avg latency,"
            + " 1311.00 ms max latency, 149 ms 50th, 851 ms 95th, 1017 ms 99th, 1136 ms 99.9th.\n";
    assertArrayEquals(
        new double[] {3_000_000, 179243.592042}, CaptureBench.parsePerformance(out), 1e-6);
    assertThrows(
        IllegalStateException.class, () -> CaptureBench.parsePerformance("Exception in thread"));
  }

  @Test
  void theEventsAreAbout240BytesAndTheReferenceSendsThatSize() {
    int bytes = CaptureBench.meanEventBytes();
    assertTrue(bytes >= 220 && bytes <= 260, bytes + " bytes");
    // Every body is a batch of 100 of them, for one token.
    for (byte[] body : BenchLoad.captureBodies()) {
      CapturePayload.Batch b =
          CapturePayload.parse(body, "application/json", null, java.util.Map.of(), 1 << 20);
      assertEquals(BenchLoad.BATCH, b.events().size());
      assertEquals(CaptureBench.TOKEN, b.token());
    }
  }

  @Test
  void theWrkScriptCarriesEveryBodyAndSaysItsCountsInOneLine() {
    List<byte[]> bodies = BenchLoad.captureBodies();
    String script = CaptureBench.wrkScript(bodies);
    for (byte[] b : bodies) {
      assertTrue(script.contains("[==[" + new String(b, StandardCharsets.UTF_8) + "]==]"));
    }
    assertTrue(script.contains("loadgate-wrk requests=%d refused=%d errors=%d seconds=%.3f"));
  }

  @Test
  void theBenchLiftsTheLimitsThatWouldRefuseItsEvents() {
    var p =
        CaptureBench.unlimited(
            dev.loadgate.profile.PipelineLoader.load(
                java.nio.file.Path.of("profiles/pipeline.yaml")));
    assertTrue(!p.overflow().enabled());
    assertTrue(p.rateLimit().perTokenEventsPerSecond() >= 1e9);
  }
}
