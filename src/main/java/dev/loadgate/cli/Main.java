package dev.loadgate.cli;

import dev.loadgate.profile.ProfileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loadgate}: capacity review and load simulation for the event-ingestion pipeline. */
@Command(
    name = "loadgate",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      PlanCommand.class,
      CalendarCommand.class,
      MergeCommand.class,
      IntakeCommand.class,
      StackCommand.class,
      BenchCommand.class,
      CalibrateCommand.class,
      NightlyCommand.class,
      BaselineCommand.class,
      WatchCommand.class,
      CommandLine.HelpCommand.class
    },
    description = {
      "Capacity review and load simulation for an event-ingestion pipeline",
      "(HTTP capture -> Kafka keyed by token:distinct_id -> ingestion consumers).",
      "",
      "Start with: loadgate plan example"
    },
    footer = {
      "",
      "Exit codes: 0 done (any verdict), 1 unexpected failure, 2 invalid input or arguments."
    })
public final class Main implements Runnable {
  /** Invalid input: a malformed profile or pipeline file, or bad arguments. */
  public static final int EXIT_INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs a command line writing to the given streams: the seam tests use. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cl = commandLine();
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? EXIT_INVALID : 1);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine cmd = ex.getCommandLine();
          cmd.getErr().println("loadgate: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
          cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
          return EXIT_INVALID;
        });
    // Malformed input from any command: one line naming file, line, field and a hint; never a
    // trace.
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof ProfileException) {
            cmd.getErr().println("loadgate: " + ex.getMessage());
            return EXIT_INVALID;
          }
          if (ex instanceof CommandLine.ParameterException) {
            // An option that parsed but means nothing (an instant, a duration): said as picocli
            // says a malformed one.
            cmd.getErr().println("loadgate: " + ex.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_INVALID;
          }
          throw ex;
        });
    return cl;
  }

  @Override
  public void run() {
    // No subcommand: print help and exit 0, as Kafka's tools do.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"loadgate " + (v == null ? "(development build)" : v)};
    }
  }
}
