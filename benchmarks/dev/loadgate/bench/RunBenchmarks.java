package dev.loadgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH with loadgate's conventions: JMH's own arguments pass through; results are written as JMH
 * JSON to {@code reports/benchmarks/<timestamp>/jmh.json} and copied to {@code
 * reports/benchmarks/latest/}.
 *
 * <ul>
 *   <li>{@code --quick} runs every benchmark briefly (1 fork, 1 warm-up and 2 measured iterations
 *       of 1 s): wide error bars, good for a look.
 *   <li>{@code --nightly} is the nightly gate's mode: the {@link #GATED} benchmarks, each timed
 *       beside its reference ({@link PairedClock}) in {@value #GATED_FORKS} forks of {@value
 *       #GATED_WARMUPS} warm-up and {@value #GATED_ITERATIONS} measured iterations of 1 s, then
 *       every other benchmark in quick mode for the trend charts (reported, never gated).
 * </ul>
 *
 * <p>{@code mvn test-compile exec:exec@jmh -Djmh.args="--quick"} or {@code
 * -Djmh.args="ConsumerBenchmark"}.
 */
public final class RunBenchmarks {
  static final String QUICK = "--quick";
  static final String NIGHTLY = "--nightly";
  static final String GATED_ONLY = "--gated";
  static final List<String> QUICK_ARGS =
      List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s");

  /**
   * A benchmark the nightly gate holds, at the parameters it is held at, with the forks that bring
   * its nights' spread under the gate's limit. Between forks the JIT lays the plan out differently
   * (a fork's median moved ±10% where its iterations moved ±4%), so the plan takes eight; the
   * partitioner's forks agree to 1%.
   */
  record Gated(String benchmark, Map<String, String> params, int forks) {}

  private static final Map<String, String> PLAN_AT_1024 =
      Map.of("partitions", "1024", "hours", "8", "distinctIds", "10000000");

  static final List<Gated> GATED =
      List.of(
          new Gated("PlanBenchmark.planOnlyPaired", PLAN_AT_1024, 8),
          new Gated("PartitionerBenchmark.loadgatePartitionerPaired", Map.of(), 2),
          new Gated(
              "ConsumerBenchmark.processOneEventPaired",
              Map.of("mix", "pageview", "spread", "many"),
              3),
          new Gated(
              "ConsumerBenchmark.processOneEventPaired",
              Map.of("mix", "pageview_apps", "spread", "many"),
              3),
          new Gated(
              "ConsumerBenchmark.processOneEventPaired",
              Map.of("mix", "identify_heavy", "spread", "many"),
              3));

  static final int GATED_WARMUPS = 2;
  static final int GATED_ITERATIONS = 4;

  /**
   * The nightly's trend charts, in quick mode, one point each: the figures the gate held before its
   * benchmarks were paired, the consumer's calibration scores, one hot-partition analysis, the
   * overflow decision and the live-load plans. {@code bareMurmur2} is their scale.
   */
  static final List<Gated> TREND =
      List.of(
          new Gated("PartitionerBenchmark.bareMurmur2", Map.of(), 1),
          new Gated("PartitionerBenchmark.loadgatePartitioner", Map.of(), 1),
          new Gated("PlanBenchmark.planOnly", PLAN_AT_1024, 1),
          new Gated("PlanBenchmark.loadAndPlan", PLAN_AT_1024, 1),
          new Gated("ConsumerBenchmark.processOneEvent", Map.of(), 1),
          new Gated(
              "HotPartitionBenchmark.analyseEvent",
              Map.of("exponent", "1.0", "partitions", "64", "topShare", "0.05"),
              1),
          new Gated("OverflowBenchmark.*", Map.of(), 1),
          new Gated("LiveLoadBenchmark.*", Map.of(), 1));

  private RunBenchmarks() {}

  public static void main(String[] args) throws IOException, RunnerException {
    List<String> jmh = new ArrayList<>();
    boolean quick = false;
    boolean nightly = false;
    boolean gatedOnly = false;
    for (String a : args) {
      if (a.equals(QUICK)) {
        quick = true;
      } else if (a.equals(NIGHTLY)) {
        nightly = true;
      } else if (a.equals(GATED_ONLY)) {
        nightly = true;
        gatedOnly = true;
      } else {
        jmh.add(a);
      }
    }
    if (quick || nightly) {
      jmh.addAll(0, QUICK_ARGS);
    }
    Path dir =
        Path.of(
            "reports",
            "benchmarks",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path json = dir.resolve("jmh.json");
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(jmh.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      System.err.println("loadgate: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (options.shouldList() || options.shouldListWithParams()) {
      new Runner(options).list();
      return;
    }
    if (options.shouldHelp()) {
      options.showHelp();
      return;
    }
    Files.createDirectories(dir);
    if (nightly) {
      List<Path> parts = new ArrayList<>();
      for (int i = 0; i < GATED.size(); i++) {
        Path part = dir.resolve("gated-" + i + ".json");
        new Runner(gated(GATED.get(i), part).build()).run();
        parts.add(part);
      }
      for (int i = 0; !gatedOnly && i < TREND.size(); i++) {
        Path part = dir.resolve("trend-" + i + ".json");
        new Runner(trend(options, TREND.get(i), part).build()).run();
        parts.add(part);
      }
      merge(parts, json);
    } else {
      new Runner(json(new OptionsBuilder().parent(options), json).build()).run();
    }
    Path latest = Path.of("reports", "benchmarks", "latest");
    Files.createDirectories(latest);
    Files.copy(json, latest.resolve("jmh.json"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println("loadgate: results in " + json + " and " + latest.resolve("jmh.json"));
  }

  /**
   * One gated benchmark at its parameters, forked and measured long enough to be gated. Nothing of
   * the command line reaches it: JMH adds a parent's includes to a child's, and the gate's figures
   * must not depend on what else was asked for.
   */
  static ChainedOptionsBuilder gated(Gated g, Path file) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include("\\." + g.benchmark().replace(".", "\\.") + "$")
            .forks(g.forks())
            .warmupIterations(GATED_WARMUPS)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(GATED_ITERATIONS)
            .measurementTime(TimeValue.seconds(1));
    g.params().forEach(b::param);
    return json(b, file);
  }

  /** One trend benchmark in quick mode (the command line's settings). */
  static ChainedOptionsBuilder trend(CommandLineOptions quick, Gated g, Path file) {
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .include("\\." + g.benchmark().replace(".", "\\.").replace("\\.*", ".*") + "$")
            .forks(quick.getForkCount().orElse(1))
            .warmupIterations(quick.getWarmupIterations().orElse(1))
            .warmupTime(quick.getWarmupTime().orElse(TimeValue.seconds(1)))
            .measurementIterations(quick.getMeasurementIterations().orElse(2))
            .measurementTime(quick.getMeasurementTime().orElse(TimeValue.seconds(1)));
    g.params().forEach(b::param);
    return json(b, file);
  }

  private static ChainedOptionsBuilder json(ChainedOptionsBuilder b, Path file) {
    return b.resultFormat(ResultFormatType.JSON).result(file.toString());
  }

  /** The runs' JSON arrays as one, in order. */
  static void merge(List<Path> parts, Path into) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode all = mapper.createArrayNode();
    for (Path p : parts) {
      if (Files.isRegularFile(p)) {
        for (JsonNode r : mapper.readTree(p.toFile())) {
          all.add(r);
        }
      }
    }
    mapper.writerWithDefaultPrettyPrinter().writeValue(into.toFile(), all);
  }
}
