package dev.loadgate.profile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.cli.Main;
import dev.loadgate.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped profiles mutated at random (fixed seed, thousands of cases) and planned through the
 * real command line: every case either plans (exit 0) or is refused as invalid input (exit 2) with
 * one message naming the file; none fails unexpectedly (exit 1) or prints a stack trace.
 */
// Among the slowest unit classes: started first, so the run does not wait on it at the end.
@org.junit.jupiter.api.Order(1)
class ProfileFuzzTest {
  static final long SEED = 20261129L;
  static final int CASES = 3_000;

  /** Values a careless or hostile edit puts where a value was. */
  static final String[] JUNK = {
    "",
    "null",
    "~",
    "-1",
    "0",
    "1e308",
    "1e999",
    "-0.0",
    ".nan",
    ".inf",
    "NaN",
    "true",
    "\"\"",
    "{",
    "[",
    "}",
    "]",
    ":",
    "- ",
    "&anchor",
    "*alias",
    "!!binary AAAA",
    "'unterminated",
    "\"x\\u0000y\"",
    "é✓😀",
    "9999999999999999999999",
    "0x1F",
    "1_000",
    "P1D",
    "25:61:00",
    "2026-13-45T99:00:00Z",
    "x".repeat(5_000),
    "{ duration: 1s, target: 1 }",
    "[1, 2, 3]",
    "{a: {b: {c: {d: 1}}}}"
  };

  @TempDir Path dir;

  @Test
  void everyMutationPlansOrIsRefusedWithAClearMessage() throws Exception {
    List<String> sources = new ArrayList<>();
    for (String name : Profiles.names(Profiles.DEFAULT_DIR)) {
      sources.add(Files.readString(Profiles.resolve(name, Profiles.DEFAULT_DIR)));
    }
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> failures = new ArrayList<>();
    int planned = 0;
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      String yaml = mutate(sources.get(random.nextInt(sources.size())), random);
      Path file = dir.resolve("fuzz-" + i + ".yaml");
      Files.writeString(file, yaml);
      Cli.Result run = Cli.run("plan", "--pipeline", "profiles/pipeline.yaml", file.toString());
      int exit = run.exit();
      String e = run.err();
      boolean clean = !e.contains("Exception") && !e.contains("\tat ");
      String insane = exit == 0 ? insane(run.out()) : null;
      if (exit == 0 && clean && insane == null) {
        planned++;
      } else if (exit == Main.EXIT_INVALID
          && clean
          && e.contains(file.toString())
          && e.contains("hint")) {
        refused++;
      } else {
        failures.add(
            "case "
                + i
                + " (exit "
                + exit
                + "):\n"
                + (insane != null ? "planned, but " + insane : e)
                + "\n--- profile:\n"
                + yaml);
      }
    }
    // Failures grouped by kind (exit code and message, file, line and quoted values removed).
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (String f : failures) {
      List<String> l = f.lines().toList();
      String msg = l.size() > 1 ? l.get(1).replaceAll("^loadgate: [^:]*:[0-9]*: ", "") : "";
      kinds.add(l.get(0).replaceAll("case [0-9]+ ", "") + " " + msg.replaceAll("'[^']*'", "'…'"));
    }
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " bad outcome(s), by kind:\n"
            + String.join("\n", kinds)
            + "\nfirst:\n"
            + (failures.isEmpty() ? "" : failures.get(0)));
    System.out.printf(
        "profile fuzzing: %d cases, %d planned, %d refused%n", CASES, planned, refused);
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    assertTrue(planned > 100 && refused > 100, "planned " + planned + ", refused " + refused);
  }

  @Test
  void aPlanWithANumberThatIsNotANumberIsNotCountedAsPlanned() {
    String ok = "{\"verdict\":\"READY\",\"reasons\":[\"fits\"],\"peak\":6000.0}";
    assertNull(insane(ok));
    assertNotNull(insane(ok.replace("6000.0", "\"NaN\"")));
    assertNotNull(insane(ok.replace("READY", "MAYBE")));
    assertNull(insane(ok.replace("{", "{\"customer\":\"NaN\",")), "a customer called NaN");
    assertNotNull(insane(ok.replace("[\"fits\"]", "[]")));
    assertNotNull(insane("Capacity review: text, not JSON"));
  }

  private static final java.util.Set<String> VERDICTS =
      java.util.Set.of("READY", "NEEDS_SCALING", "NEEDS_ANSWERS", "REJECT");

  /**
   * What is wrong with a plan that exited 0, or null: a plan is an answer a reviewer acts on, so it
   * has one of the four verdicts, at least one reason, and no number that is not a number.
   */
  static String insane(String json) {
    com.fasterxml.jackson.databind.JsonNode plan;
    try {
      plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (java.io.IOException ex) {
      return "its output is not JSON: " + ex.getMessage();
    }
    if (plan == null || !VERDICTS.contains(plan.path("verdict").asText())) {
      return "no verdict: " + plan.path("verdict");
    }
    if (!plan.path("reasons").isArray() || plan.path("reasons").isEmpty()) {
      return "no reasons";
    }
    List<String> bad = new ArrayList<>();
    walk(plan, "", bad);
    return bad.isEmpty() ? null : "not numbers: " + bad;
  }

  private static void walk(
      com.fasterxml.jackson.databind.JsonNode n, String path, List<String> bad) {
    if (n.isNumber() && !Double.isFinite(n.asDouble())) {
      bad.add(path);
    } else if (n.isTextual()
        && n.asText().matches("-?(NaN|Infinity)")
        && !path.matches(".*\\.(customer|profile|token|distinct_id|kind)(\\.\\d+)?")
        && !path.matches("\\.(reasons|assumptions|tell_customer|missing_answers)\\..*")) {
      // Jackson writes a double NaN as the string "NaN"; a customer may be called that.
      bad.add(path + "=" + n.asText());
    } else if (n.isContainerNode()) {
      var it = n.fields();
      if (n.isArray()) {
        for (int i = 0; i < n.size(); i++) {
          walk(n.get(i), path + "." + i, bad);
        }
      }
      while (it.hasNext()) {
        var f = it.next();
        walk(f.getValue(), path + "." + f.getKey(), bad);
      }
    }
  }

  /** One to three random edits of a profile's text. */
  static String mutate(String yaml, SplittableRandom r) {
    List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
    int edits = 1 + r.nextInt(3);
    for (int k = 0; k < edits && !lines.isEmpty(); k++) {
      int at = r.nextInt(lines.size());
      String line = lines.get(at);
      switch (r.nextInt(8)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> {
          int other = r.nextInt(lines.size());
          lines.set(at, lines.get(other));
          lines.set(other, line);
        }
        case 3 -> lines.set(at, line.substring(0, r.nextInt(line.length() + 1)));
        case 4 -> lines.set(at, "  ".repeat(r.nextInt(3)) + line.strip());
        case 5 -> {
          int colon = line.indexOf(':');
          if (colon >= 0) {
            lines.set(at, line.substring(0, colon + 1) + " " + JUNK[r.nextInt(JUNK.length)]);
          }
        }
        case 6 ->
            lines.set(
                at, line.replaceAll("[0-9]+", JUNK[r.nextInt(JUNK.length)].replace("$", "\\$")));
        default -> lines.add(at, JUNK[r.nextInt(JUNK.length)]);
      }
    }
    return String.join("\n", lines);
  }
}
