package dev.loadgate.cli;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.IntakeForm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate intake}: the questionnaire for the customer. */
@Command(
    name = "intake",
    header =
        "The intake questionnaire as a web page the customer fills in and that becomes a profile.",
    mixinStandardHelpOptions = true,
    subcommands = {IntakeCommand.Form.class, IntakeCommand.Serve.class})
public final class IntakeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code loadgate intake form}: the static page. */
  @Command(
      name = "form",
      header = "Write the intake form: one self-contained page, no server, no network.",
      mixinStandardHelpOptions = true,
      description = {
        "Writes DIR/index.html: the questionnaire in the pipeline team's order, each question with why",
        "it matters, checked as the customer types (from the profile's JSON Schema, so it cannot drift",
        "from the parser), a live preview of the profile YAML and a button to download it. Open it from",
        "disk, attach it to an email or host it anywhere: it makes no request.",
        ""
      },
      footer = {
        "",
        "Examples:",
        "  loadgate intake form --token phc_acme --out intake/acme     # a blank form for Acme",
        "  loadgate intake form --from draft-incomplete                # send back a half-filled one",
        "",
        "Exit codes: 0 written, 2 invalid input."
      })
  static final class Form implements Callable<Integer> {
    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "reports/intake",
        description = "Where index.html is written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
        names = "--from",
        paramLabel = "PROFILE",
        description =
            "Fill the form in from this profile (a name in profiles/ or a path); its missing answers are marked.")
    String from;

    @Option(
        names = "--token",
        paramLabel = "T",
        description = "The customer's project token, filled in.")
    String token;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter w = spec.commandLine().getOut();
      IntakeProfile profile =
          from == null ? null : ProfileLoader.load(Profiles.resolve(from, Profiles.DEFAULT_DIR));
      Path file = IntakeForm.write(out, IntakeForm.schema(), profile, token);
      w.println(
          "wrote "
              + file
              + (profile == null
                  ? ""
                  : " (filled in from "
                      + profile.name()
                      + "; "
                      + profile.missingAnswers().size()
                      + " answers still missing)"));
      w.flush();
      return 0;
    }
  }

  /** {@code loadgate intake serve}: the page with the live plan beside it. */
  @Command(
      name = "serve",
      header = "Serve the intake form with the real plan beside it, for a call with the customer.",
      mixinStandardHelpOptions = true,
      description = {
        "Serves the form at http://127.0.0.1:PORT/ with the plan of the answers so far (verdict,",
        "reasons, what to tell the customer) updated as they change, and a button that saves the",
        "profile into the profiles folder (a new file; never overwrites). Loopback only unless --host",
        "says otherwise. Ctrl-C stops it.",
        ""
      },
      footer = {"", "Example:", "  loadgate intake serve --port 8020 --from draft-incomplete"})
  static final class Serve implements Callable<Integer> {
    @Option(
        names = "--port",
        paramLabel = "N",
        defaultValue = "8020",
        description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
        names = "--host",
        paramLabel = "HOST",
        defaultValue = "127.0.0.1",
        description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(
        names = "--pipeline",
        paramLabel = "FILE",
        defaultValue = "profiles/pipeline.yaml",
        description = "The pipeline file the plan uses (default: ${DEFAULT-VALUE}).")
    Path pipeline;

    @Option(
        names = "--profiles",
        paramLabel = "DIR",
        defaultValue = "profiles",
        description = "Where Save writes NAME.yaml (default: ${DEFAULT-VALUE}).")
    Path profiles;

    @Option(
        names = "--from",
        paramLabel = "PROFILE",
        description = "Fill the form in from this profile.")
    String from;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter w = spec.commandLine().getOut();
      IntakeProfile profile =
          from == null ? null : ProfileLoader.load(Profiles.resolve(from, Profiles.DEFAULT_DIR));
      try (dev.loadgate.intake.IntakeServer server =
          new dev.loadgate.intake.IntakeServer(
              host, port, dev.loadgate.profile.PipelineLoader.load(pipeline), profiles, profile)) {
        w.println("loadgate intake: the form at " + server.url() + " (Ctrl-C stops it)");
        if (!dev.loadgate.wire.Loopback.is(host)) {
          w.println("loadgate intake: listening beyond this machine (--host " + host + ")");
        }
        w.flush();
        Thread.currentThread().join();
      }
      return 0;
    }
  }
}
