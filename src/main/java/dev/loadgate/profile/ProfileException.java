package dev.loadgate.profile;

import java.nio.file.Path;

/**
 * Malformed input: a profile or pipeline file that cannot be read as written. Always names the
 * file, the line and the field, and says how to fix it; the CLI prints {@link #getMessage()} and
 * exits 2. Missing answers are not errors (they become {@code missing_answers} in the plan).
 */
public final class ProfileException extends RuntimeException {
  private final Path file;
  private final int line;
  private final String field;
  private final String problem;
  private final String hint;

  public ProfileException(Path file, int line, String field, String problem, String hint) {
    super(format(file, line, field, problem, hint));
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
    this.hint = hint;
  }

  private static String format(Path file, int line, String field, String problem, String hint) {
    StringBuilder s = new StringBuilder();
    s.append(file == null ? "<input>" : file.toString());
    if (line > 0) {
      s.append(':').append(line);
    }
    s.append(": ");
    if (field != null && !field.isEmpty()) {
      s.append(field).append(": ");
    }
    s.append(problem);
    if (hint != null && !hint.isEmpty()) {
      s.append(" (hint: ").append(hint).append(')');
    }
    return s.toString();
  }

  public Path file() {
    return file;
  }

  /** 1-based line in the file, or 0 when the problem is not tied to a line. */
  public int line() {
    return line;
  }

  /** Field path such as {@code stages[1].duration}; empty for the whole file. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  public String hint() {
    return hint;
  }
}
