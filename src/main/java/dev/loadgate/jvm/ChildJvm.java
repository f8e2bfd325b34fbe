package dev.loadgate.jvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for JVMs started on this process's classpath: the broker, the bench's load
 * generators, the stack behind a simulation, Gatling and JMH for the nightly gate.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java <jvmOptions> -cp <this classpath> <mainClass> <args>}, with this process's Java.
   */
  public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /**
   * A long-running server JVM (the broker, the stack) as {@code ./loadgate stack} runs one: glibc's
   * malloc keeps an arena per busy thread (up to 8 per core), each holding freed memory; two are
   * enough for a JVM, whose own allocations are mostly its heap. A MALLOC_ARENA_MAX already set
   * stays.
   */
  public static ProcessBuilder serverProcess(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    return pb;
  }
}
