package dev.loadgate.testing;

import dev.loadgate.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code loadgate} command line, run in this JVM with its output captured. */
public final class Cli {
  private Cli() {}

  public record Result(int exit, String out, String err) {}

  public static Result run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int exit = Main.run(new PrintWriter(o), new PrintWriter(e), args);
    return new Result(exit, o.toString(), e.toString());
  }
}
