package dev.loadgate.nightly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * PIT's verdicts per class, {@code reports/baseline/mutation-ledger.csv} ({@code
 * class,mutants,killed}): the baseline's full run, so a night that mutates only what changed
 * ({@link MutationScope}) still scores whole packages. A class tonight's scope covers takes
 * tonight's counts (none, when it was deleted); every other class keeps the ledger's.
 *
 * @param classes class name to {mutants, killed}
 */
public record MutationLedger(Map<String, long[]> classes) {
  /** PIT's statuses for a mutant some test noticed. */
  static final Set<String> DETECTED = Set.of("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR");

  public MutationLedger {
    classes = new TreeMap<>(classes);
  }

  /** From PIT's {@code mutations.csv}: one line per mutant (file, class, mutator, ..., status). */
  public static MutationLedger ofMutations(List<String> csvLines) {
    Map<String, long[]> m = new TreeMap<>();
    for (String line : csvLines) {
      // The killing test's name may hold commas: only the first six fields are read.
      String[] f = line.split(",", 7);
      if (f.length < 6) {
        continue;
      }
      long[] c = m.computeIfAbsent(f[1], k -> new long[2]);
      c[0]++;
      if (DETECTED.contains(f[5])) {
        c[1]++;
      }
    }
    return new MutationLedger(m);
  }

  public static MutationLedger read(Path file) throws IOException {
    Map<String, long[]> m = new TreeMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(",");
      if (f.length != 3 || f[0].equals("class")) {
        continue;
      }
      m.put(f[0], new long[] {Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim())});
    }
    return new MutationLedger(m);
  }

  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("class,mutants,killed");
    classes.forEach((k, v) -> lines.add(k + "," + v[0] + "," + v[1]));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, lines);
  }

  /** This ledger with tonight's counts for every class {@code scope} covers. */
  public MutationLedger merge(MutationLedger tonight, MutationScope scope) {
    Map<String, long[]> m = new TreeMap<>();
    classes.forEach(
        (k, v) -> {
          if (!scope.covers(k)) {
            m.put(k, v);
          }
        });
    tonight.classes.forEach(
        (k, v) -> {
          if (scope.covers(k)) {
            m.put(k, v);
          }
        });
    return new MutationLedger(m);
  }

  /**
   * Per package: {@code mutation.<package>.mutants} and {@code .killed_share} (killed or timed out,
   * over all mutants).
   */
  public void addMetrics(Map<String, Object> metrics) {
    Map<String, long[]> byPackage = new TreeMap<>();
    classes.forEach(
        (cls, c) -> {
          String pkg = cls.substring(0, Math.max(0, cls.lastIndexOf('.')));
          pkg = pkg.substring(pkg.lastIndexOf('.') + 1);
          long[] p = byPackage.computeIfAbsent(pkg, k -> new long[2]);
          p[0] += c[0];
          p[1] += c[1];
        });
    byPackage.forEach(
        (pkg, c) -> {
          metrics.put("mutation." + pkg + ".mutants", (double) c[0]);
          metrics.put("mutation." + pkg + ".killed_share", Metrics.round((double) c[1] / c[0]));
        });
  }
}
