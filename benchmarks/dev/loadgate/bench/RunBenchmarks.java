package dev.loadgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * JMH with loadgate's conventions: JMH's own arguments pass through; results are written as JMH
 * JSON to {@code reports/benchmarks/<timestamp>/jmh.json} and copied to {@code
 * reports/benchmarks/latest/}. {@code --quick} runs every benchmark briefly (1 fork, 1 warm-up and
 * 2 measured iterations of 1 s): the nightly gate's mode, wide error bars, ratios still meaningful.
 *
 * <p>{@code mvn test-compile exec:exec@jmh -Djmh.args="--quick"} or {@code
 * -Djmh.args="ConsumerBenchmark"}.
 */
public final class RunBenchmarks {
  static final String QUICK = "--quick";
  static final List<String> QUICK_ARGS =
      List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s");

  private RunBenchmarks() {}

  public static void main(String[] args) throws IOException, RunnerException {
    List<String> jmh = new ArrayList<>();
    boolean quick = false;
    for (String a : args) {
      if (a.equals(QUICK)) {
        quick = true;
      } else {
        jmh.add(a);
      }
    }
    if (quick) {
      jmh.addAll(0, QUICK_ARGS);
    }
    Path dir =
        Path.of(
            "reports",
            "benchmarks",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path json = dir.resolve("jmh.json");
    jmh.addAll(List.of("-rf", "json", "-rff", json.toString()));
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(jmh.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      System.err.println("loadgate: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runner runner = new Runner(options);
    if (options.shouldList() || options.shouldListWithParams()) {
      runner.list();
      return;
    }
    if (options.shouldHelp()) {
      options.showHelp();
      return;
    }
    Files.createDirectories(dir);
    runner.run();
    Path latest = Path.of("reports", "benchmarks", "latest");
    Files.createDirectories(latest);
    Files.copy(json, latest.resolve("jmh.json"), StandardCopyOption.REPLACE_EXISTING);
    System.out.println("loadgate: results in " + json + " and " + latest.resolve("jmh.json"));
  }
}
