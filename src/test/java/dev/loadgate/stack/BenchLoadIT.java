package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.jvm.ChildJvm;
import dev.loadgate.measure.BenchLoad;
import dev.loadgate.testing.Locks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The capture bench's Java load generator (used where wrk is missing; {@code CaptureBenchIT} runs
 * the bench with whichever this machine has), in its own JVM against the shared stack: the events
 * it says were answered 200 are exactly the events capture acked.
 */
@ResourceLock(Locks.SHARED_STACK)
class BenchLoadIT {
  private static LocalStack stack;

  @RegisterExtension
  static final BeforeAllCallback START = context -> stack = SharedStack.get(context);

  @Test
  void theJavaGeneratorCountsWhatCaptureAcked() throws Exception {
    long before = stack.metrics().reconciliation().acked();
    Map<Integer, Long> answeredBefore = answered();
    Process p =
        new ProcessBuilder(
                ChildJvm.command(
                    List.of("-Xmx256m"),
                    BenchLoad.class.getName(),
                    List.of("http", stack.captureUrl() + "/batch/", "4", "2")))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the generator ended");
    assertEquals(0, p.exitValue(), out);
    // "events seconds failed", its last line.
    String[] f = out.lines().reduce((a, b) -> b).orElse("").split(" ");
    assertEquals(3, f.length, out);
    long events = Long.parseLong(f[0]);
    double seconds = Double.parseDouble(f[1]);
    assertTrue(events > 0 && events % BenchLoad.BATCH == 0, out);
    assertTrue(seconds >= 2 && seconds < 30, out);
    assertEquals(events, stack.metrics().reconciliation().acked() - before, "capture's own count");
    // The shared stack allows 5,000 ev/s per token, which batches of 100 from 4 clients can pass:
    // every request the generator counts as failed is one capture answered 429, and no other
    // answer but 200 was given.
    Map<Integer, Long> answered = answered();
    answeredBefore.forEach((status, n) -> answered.merge(status, -n, Long::sum));
    answered.values().removeIf(n -> n == 0);
    assertEquals(events / BenchLoad.BATCH, answered.getOrDefault(200, 0L), answered.toString());
    assertEquals(
        Long.parseLong(f[2]), answered.getOrDefault(429, 0L), "failed: " + out + ", " + answered);
    assertTrue(Set.of(200, 429).containsAll(answered.keySet()), answered.toString());
    assertTrue(
        stack.consumers().awaitDrained(Duration.ofSeconds(60)), "consumed before the next class");
  }

  /** Capture's answers so far, by status. */
  private static Map<Integer, Long> answered() {
    Map<Integer, Long> m = new HashMap<>();
    stack.metrics().requestsByStatus.forEach((status, n) -> m.put(status, n.sum()));
    return m;
  }
}
