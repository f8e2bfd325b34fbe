package dev.loadgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stack and bench commands' arguments; the stack itself is exercised by the *IT tests. */
class StackCommandTest {
  @Test
  void helpExplainsTheStack() {
    dev.loadgate.testing.Cli.Result r = dev.loadgate.testing.Cli.run("stack", "--help");
    assertEquals(0, r.exit());
    for (String option :
        new String[] {
          "--port", "--token", "--pipeline", "--kafka-bootstrap", "--host", "/metrics"
        }) {
      assertTrue(r.out().contains(option), option);
    }
    assertEquals(0, dev.loadgate.testing.Cli.run("bench", "capture", "--help").exit());
    assertEquals(0, dev.loadgate.testing.Cli.run("bench", "consumer", "--help").exit());
    assertEquals(0, dev.loadgate.testing.Cli.run("calibrate", "--help").exit());
  }

  @Test
  void aBadPipelineFileIsExitTwoBeforeAnythingStarts() {
    dev.loadgate.testing.Cli.Result r =
        dev.loadgate.testing.Cli.run("stack", "--pipeline", "no/such/pipeline.yaml");
    assertEquals(2, r.exit());
    assertEquals(
        "loadgate: no/such/pipeline.yaml: no such file (hint: give a path or a name in profiles/)"
            + System.lineSeparator(),
        r.err());
  }

  @Test
  void loopbackIsRecognised() {
    assertTrue(dev.loadgate.wire.Loopback.is("127.0.0.1"));
    assertTrue(dev.loadgate.wire.Loopback.is("localhost"));
    assertTrue(!dev.loadgate.wire.Loopback.is("0.0.0.0"));
  }
}
