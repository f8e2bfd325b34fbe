package dev.loadgate.runner;

import dev.loadgate.jvm.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the simulation the way {@code mvn gatling:test} does, from Java: Gatling's own launcher
 * ({@code io.gatling.app.Gatling}) in a JVM of its own, on this process's classpath (which must be
 * the test classpath: Gatling and the compiled simulation), with Gatling's default JVM options.
 * Used by the nightly gate and the end-to-end test.
 */
public final class GatlingLauncher {
  public static final String SIMULATION = "dev.loadgate.simulations.ProfileSimulation";

  /** Gatling's own JVM options, as its Maven plugin passes them. */
  static final List<String> GATLING_JVM_OPTIONS =
      List.of(
          "-Xmx1G",
          "-XX:+HeapDumpOnOutOfMemoryError",
          "-XX:MaxInlineLevel=20",
          "-XX:MaxTrivialSize=12",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED");

  /** The exit code and everything the run printed (also in {@code log}). */
  public record Result(int exit, String output, Path log) {}

  private GatlingLauncher() {}

  /**
   * @param properties {@code -Dkey=value} options for the simulation
   * @param gatlingResults where Gatling writes its run folder
   * @param log the run's output, written as it runs
   */
  public static Result run(List<String> properties, Path gatlingResults, Path log, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(gatlingResults);
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> jvm = new ArrayList<>(GATLING_JVM_OPTIONS);
    jvm.add("-Djava.awt.headless=true");
    jvm.add("-Dloadgate.gatling.results=" + gatlingResults);
    jvm.addAll(properties);
    List<String> cmd =
        ChildJvm.command(
            jvm,
            "io.gatling.app.Gatling",
            List.of(
                "--simulation",
                SIMULATION,
                "--results-folder",
                gatlingResults.toAbsolutePath().toString()));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      return new Result(-1, Files.readString(log), log);
    }
    return new Result(p.exitValue(), Files.readString(log), log);
  }
}
