package dev.loadgate.calibrate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JMH's generated BenchmarkList (built at test-compile from benchmarks/) holds every benchmark the
 * suite promises.
 */
class BenchmarkListTest {
  @Test
  void everyBenchmarkIsThere() throws IOException {
    String list;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/BenchmarkList")) {
      assertNotNull(in, "no META-INF/BenchmarkList: the JMH annotation processor did not run");
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String benchmark :
        List.of(
            "dev.loadgate.bench.PartitionerBenchmark S 11 bareMurmur2",
            "dev.loadgate.bench.PartitionerBenchmark S 19 loadgatePartitioner",
            "dev.loadgate.bench.HotPartitionBenchmark S 12 analyseEvent",
            "dev.loadgate.bench.ConsumerBenchmark S 15 processOneEvent",
            "dev.loadgate.bench.OverflowBenchmark S 6 decide",
            "dev.loadgate.bench.OverflowBenchmark S 8 baseline",
            "dev.loadgate.bench.PlanBenchmark S 8 planOnly",
            "dev.loadgate.bench.LiveLoadBenchmark S 11 loadAndPlan")) {
      String[] parts = benchmark.split(" S \\d+ ");
      assertTrue(list.contains(parts[0]) && list.contains(parts[1]), benchmark);
    }
    for (String param : List.of("exponent", "partitions", "topShare", "mix", "spread", "routing")) {
      assertTrue(list.contains(param), "@Param " + param);
    }
  }
}
