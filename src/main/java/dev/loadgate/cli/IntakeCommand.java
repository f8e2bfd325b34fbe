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
    subcommands = {IntakeCommand.Form.class})
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
}
