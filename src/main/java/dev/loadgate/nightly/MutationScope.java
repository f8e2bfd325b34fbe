package dev.loadgate.nightly;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the nightly mutation run must mutate again: the classes changed since the baseline's commit.
 * PIT's verdicts are a function of a class and the tests that cover it, so on an unchanged commit
 * they are the ones the baseline's full run found ({@link MutationLedger} keeps them) and PIT runs
 * only over what changed. A changed source file re-mutates its classes ({@code Name*}); a changed
 * test, its whole package; a changed build file or profile fixture, everything.
 *
 * @param all mutate every target package (no baseline commit, or the build itself changed)
 * @param patterns PIT's {@code targetClasses} globs when not {@code all}; empty: nothing changed
 */
public record MutationScope(boolean all, List<String> patterns) {
  /** The packages the nightly mutates, as the POM's PIT configuration lists them. */
  public static final List<String> PACKAGES =
      List.of("profile", "plan", "simulation", "calibrate", "nightly");

  private static final String ROOT = "dev/loadgate/";

  public MutationScope {
    patterns = List.copyOf(patterns);
  }

  public static final MutationScope EVERYTHING = new MutationScope(true, List.of());

  /** The scope for these changed paths (relative to the project, as git prints them). */
  public static MutationScope of(List<String> changed) {
    Set<String> out = new TreeSet<>();
    for (String path : changed) {
      if (path.equals("pom.xml") || path.startsWith("profiles/") || path.startsWith(".mvn/")) {
        return EVERYTHING;
      }
      String pkg = packageOf(path, "src/main/java/");
      if (pkg != null) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        out.add(
            "dev.loadgate."
                + pkg
                + "."
                + file.substring(0, file.length() - ".java".length())
                + "*");
        continue;
      }
      pkg = packageOf(path, "src/test/java/");
      if (pkg != null) {
        out.add("dev.loadgate." + pkg + ".*");
      }
    }
    // A package mutated whole makes its single classes redundant.
    List<String> patterns = new ArrayList<>();
    for (String p : out) {
      String pkg = p.substring(0, p.lastIndexOf('.') + 1);
      if (p.endsWith(".*") || !out.contains(pkg + "*")) {
        patterns.add(p);
      }
    }
    return new MutationScope(false, patterns);
  }

  /** The target package of a Java file under {@code root}, or null for any other file. */
  private static String packageOf(String path, String root) {
    if (!path.startsWith(root + ROOT) || !path.endsWith(".java")) {
      return null;
    }
    String rest = path.substring((root + ROOT).length());
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String pkg = rest.substring(0, slash);
    return PACKAGES.contains(pkg) ? pkg : null;
  }

  /** Whether nothing needs mutating again. */
  public boolean nothing() {
    return !all && patterns.isEmpty();
  }

  /** PIT's {@code targetClasses}, comma-separated (what the POM's property takes). */
  public String targets() {
    if (all) {
      return String.join(",", PACKAGES.stream().map(p -> "dev.loadgate." + p + ".*").toList());
    }
    return String.join(",", patterns);
  }

  /** Whether {@code className} was mutated again tonight (PIT's glob: {@code *} any run). */
  public boolean covers(String className) {
    if (all) {
      return PACKAGES.stream().anyMatch(p -> className.startsWith("dev.loadgate." + p + "."));
    }
    for (String p : patterns) {
      String prefix = p.substring(0, p.length() - 1);
      if (className.startsWith(prefix)
          && (!p.endsWith(".*") || className.indexOf('.', prefix.length()) < 0)) {
        return true;
      }
    }
    return false;
  }
}
