package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker JVM's flags follow Kafka's own scripts' variables. */
class EmbeddedKafkaOptionsTest {
  private static final List<String> LOG =
      List.of("-Xlog:gc:file={gc.log}", "-Djava.awt.headless=true");

  @Test
  void withoutTheVariablesASmallSerialHeap() {
    assertEquals(
        concat(List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC"), LOG),
        EmbeddedKafka.jvmOptions("192m", Map.of()));
  }

  @Test
  void heapAndCollectorAreReplacedAndKafkaOptsComeLast() {
    assertEquals(
        concat(
            List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20"),
            LOG,
            List.of("-Da=1", "-Db=2")),
        EmbeddedKafka.jvmOptions(
            "192m",
            Map.of(
                "KAFKA_HEAP_OPTS", " -Xmx1g ",
                "KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseG1GC  -XX:MaxGCPauseMillis=20",
                "KAFKA_OPTS", "-Da=1 -Db=2")));
    // Blank is unset.
    assertEquals(
        EmbeddedKafka.jvmOptions("192m", Map.of()),
        EmbeddedKafka.jvmOptions("192m", Map.of("KAFKA_HEAP_OPTS", "  ", "KAFKA_OPTS", "")));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }
}
