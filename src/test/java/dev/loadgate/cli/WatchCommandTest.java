package dev.loadgate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Cli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadgate watch}'s input errors: one line each, exit 2, never a trace. */
class WatchCommandTest {
  @TempDir Path dir;

  Path plan() {
    Cli.Result r = Cli.run("plan", "--format", "json", "--out", dir.toString(), "example");
    assertEquals(0, r.exit(), r.err());
    return dir.resolve("plan.json");
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anUnreachablePrometheusIsExitTwoNamingIt() throws Exception {
    int port = closedPort();
    Cli.Result r =
        Cli.run(
            "watch",
            "--prometheus",
            "http://127.0.0.1:" + port,
            "--plan",
            plan().toString(),
            "--start",
            "now",
            "--for",
            "1s");
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("cannot reach http://127.0.0.1:" + port), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void aPlanWithoutATimelineOrABadStartIsExitTwo() throws Exception {
    Path old = dir.resolve("old.json");
    Files.writeString(old, "{\"profile\":\"x\"}");
    Cli.Result r = Cli.run("watch", "--prometheus", "http://127.0.0.1:9", "--plan", old.toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("has no timeline"), r.err());
    Cli.Result start =
        Cli.run(
            "watch",
            "--prometheus",
            "http://127.0.0.1:9",
            "--plan",
            plan().toString(),
            "--start",
            "tomorrow");
    assertEquals(2, start.exit(), start.err());
    assertTrue(start.err().contains("--start: 'tomorrow' is not an instant"), start.err());
    assertFalse(start.err().contains("Exception"), start.err());
  }

  @Test
  void helpSaysWhatItComparesAndTheExitCodes() {
    Cli.Result r = Cli.run("watch", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("stop the"), r.out());
    assertTrue(r.out().contains("--rate-scale"), r.out());
    assertTrue(r.out().contains("docs/watch-posthog.yaml"), r.out());
  }
}
