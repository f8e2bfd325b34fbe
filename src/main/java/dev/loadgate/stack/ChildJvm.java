package dev.loadgate.stack;

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
}
