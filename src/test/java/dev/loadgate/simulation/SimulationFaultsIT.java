package dev.loadgate.simulation;

import static dev.loadgate.simulation.SimulationIT.simulate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.simulation.SimulationIT.Run;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The fault drills end to end, as {@code mvn gatling:test -Dfault...} runs them: the broker killed
 * and restarted mid-run, a consumer crashed mid-batch. Nothing acked may be lost, and the run must
 * say what happened.
 */
// The longest integration class (the broker drill alone is a minute): started first, beside the
// rest, rather than last and alone.
@Execution(ExecutionMode.CONCURRENT)
@Order(1)
class SimulationFaultsIT {
  /** Capture acked nothing Kafka did not take: every acked event consumed, each once. */
  private static void everyAckedEventConsumedOnce(JsonNode events) {
    assertEquals(0, events.get("lost").asLong(), "nothing acked is lost: " + events);
    assertEquals(
        events.get("acked").asLong(),
        events.get("consumed").asLong() - events.get("duplicates").asLong(),
        events.toString());
  }

  @Test
  void aBrokerKilledMidRunLosesNothingAckedAndTheRunReportsTheOutage() throws Exception {
    // 33 s of load; the broker is SIGKILLed 6 s in and restarted 12 s later: longer than capture's
    // 10 s delivery timeout, so clients must see 503s and retry.
    Run run =
        simulate(
            "broker-fault",
            "src/test/resources/simulation/pipeline-no-overflow.yaml",
            "-Dscale.time=3",
            "-Dfault.broker=6s+12s",
            "-Ddrain.timeout=60");
    JsonNode s = run.summary();
    JsonNode fault = s.get("faults").get(0);
    assertTrue(fault != null && fault.isObject(), "the outage is reported: " + run.output());
    assertTrue(fault.get("killed_at_seconds").asDouble() >= 5.5, fault.toString());
    assertTrue(
        fault.get("restarted_at_seconds").asDouble() - fault.get("killed_at_seconds").asDouble()
            >= 12,
        fault.toString());
    assertTrue(fault.get("error_span_seconds").asDouble() > 0, "clients saw it: " + fault);
    JsonNode requests = s.get("requests");
    assertTrue(requests.get("retries").asLong() > 0, "503s were retried: " + requests);

    // A retried batch that had landed counts as duplicates, not as new events.
    JsonNode events = s.get("events");
    everyAckedEventConsumedOnce(events);
    assertTrue(
        events.get("acked").asLong() > 30_000, "the load went on after the outage: " + events);
  }

  @Test
  void aConsumerCrashedMidBatchIsReplacedAndItsRedeliveriesAreCountedAsDuplicates()
      throws Exception {
    Run run =
        simulate(
            "consumer-fault",
            "src/test/resources/simulation/pipeline-no-overflow.yaml",
            // 11 s of load, the crash 6 s in.
            "-Dfault.consumer=6s");
    assertEquals(0, run.exit(), "the run's checks hold through a consumer crash:\n" + run.output());
    JsonNode s = run.summary();
    JsonNode fault = s.get("faults").get(0);
    assertTrue(fault.get("kind").asText().contains("consumer"), fault.toString());
    JsonNode events = s.get("events");
    everyAckedEventConsumedOnce(events);
    // The crashed consumer processed records it never committed; its replacement (or the other
    // consumer) processed them again from the committed offsets: duplicates, each counted.
    assertTrue(events.get("duplicates").asLong() > 0, "redeliveries counted: " + events);
  }
}
