package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak starts the stack as {@code ./loadgate stack} does, JAVA_OPTS last so it overrides. */
class SoakTest {
  @Test
  void javaOptsComeAfterTheScriptsFlagsSoTheUsersWin() {
    assertEquals(
        List.of("-Djava.awt.headless=true", "-Xmx640m", "-XX:MaxGCPauseMillis=50"),
        Soak.stackJvm(null));
    assertEquals(Soak.stackJvm(null), Soak.stackJvm("  "));
    List<String> jvm = Soak.stackJvm(" -Xmx2g  -XX:+UseZGC ");
    assertEquals(List.of("-Xmx2g", "-XX:+UseZGC"), jvm.subList(3, 5));
    assertEquals(5, jvm.size());
  }
}
