package dev.loadgate.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak starts the stack as {@code ./loadgate stack} does, JAVA_OPTS last so it overrides. */
class SoakTest {
  @Test
  void javaOptsComeAfterTheScriptsFlagsSoTheUsersWin() {
    List<String> base = Soak.stackJvm(null);
    assertEquals(base, Soak.stackJvm("  "));
    List<String> jvm = Soak.stackJvm(" -Xmx2g  -XX:+UseZGC ");
    assertEquals(base, jvm.subList(0, base.size()));
    assertEquals(List.of("-Xmx2g", "-XX:+UseZGC"), jvm.subList(base.size(), jvm.size()));
  }

  @Test
  void theSoakStartsTheStackWithTheScriptsOwnFlags() throws java.io.IOException {
    // ./loadgate stack's heap line, so the soak and the bench measure the stack users run.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\n\\s*heap=\"([^\"]+)\"\\n")
            .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("loadgate")));
    org.junit.jupiter.api.Assertions.assertTrue(m.find(), "the script sets the stack's heap");
    List<String> script = List.of(m.group(1).trim().split("\\s+"));
    assertEquals(script, Soak.stackJvm(null).subList(1, Soak.stackJvm(null).size()));
  }
}
