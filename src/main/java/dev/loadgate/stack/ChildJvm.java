package dev.loadgate.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for JVMs the stack starts on its own classpath: the broker and the bench's load
 * generators.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java <jvmOptions> -cp <this classpath> <mainClass> <args>}, with this process's Java.
   */
  static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
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
