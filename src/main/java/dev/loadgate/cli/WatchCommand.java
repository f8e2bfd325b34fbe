package dev.loadgate.cli;

import dev.loadgate.profile.WatchQueries;
import dev.loadgate.prometheus.PrometheusClient;
import dev.loadgate.prometheus.PrometheusException;
import dev.loadgate.watch.Prediction;
import dev.loadgate.watch.WatchReport;
import dev.loadgate.watch.Watcher;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate watch}: production beside the plan during the real test (SPEC §10). */
@Command(
    name = "watch",
    header =
        "During the real test: production's metrics beside the plan's prediction, poll by poll.",
    mixinStandardHelpOptions = true,
    description = {
      "Polls Prometheus (or anything answering its query API) and sets each measure beside what the",
      "plan predicted at that moment of the load: events/s offered, consumers per lane, events",
      "waiting per lane and on the worst partition, and the ingestion delay. One line per poll;",
      "watch.json and watch.html (the plan dashed, production solid) are rewritten after each.",
      "",
      "The plan is plan.json from `loadgate plan --format json --out DIR`. The default queries read",
      "the local stack's metrics; --queries maps each measure to your pipeline's PromQL",
      "(docs/watch-posthog.yaml: PostHog's names). Tolerances: docs/watch.md.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  loadgate watch --prometheus http://prometheus:9090 --plan reports/acme/plan.json \\",
      "      --queries docs/watch-posthog.yaml",
      "  loadgate watch --prometheus http://127.0.0.1:9090 --plan reports/acme/plan.json \\",
      "      --start 2026-12-15T10:00:00Z --for 50m --every 30s",
      "  # beside a replay at x0.1 of rate and time:",
      "  loadgate watch --prometheus http://127.0.0.1:9090 --plan reports/acme/plan.json \\",
      "      --rate-scale 0.1 --time-scale 0.1 --start now --every 2s",
      "",
      "Exit codes: 0 production stayed within the plan, 1 it left it (two polls in a row outside",
      "the tolerance, or the delay past the policy while the plan said it would not: 'stop the",
      "test'), 2 bad input or Prometheus unreachable on the first poll."
    })
public final class WatchCommand implements Callable<Integer> {
  @Option(
      names = "--prometheus",
      required = true,
      paramLabel = "URL",
      description = "Prometheus' base URL, like http://prometheus:9090.")
  URI prometheus;

  @Option(
      names = "--plan",
      required = true,
      paramLabel = "PLAN_JSON",
      description = "The plan: plan.json written by `loadgate plan --format json --out DIR`.")
  Path plan;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description = "YAML mapping each measure to PromQL. Default: the local stack's metric names.")
  Path queries;

  @Option(
      names = "--start",
      paramLabel = "INSTANT|now",
      description = "When the load starts. Default: the plan's schedule.start, else now.")
  String start;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description =
          "How long to watch from the start (50m, PT50M). Default: until the plan's model ends (the load and its drain).")
  String duration;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "PT15S",
      description = "Between polls (ISO-8601 or 15s; default 15 s).")
  String every;

  @Option(
      names = "--lookback",
      paramLabel = "DURATION",
      description =
          "How much of the plan each poll is held to (the queries' windows). Default: 10 s plus one poll.")
  String lookback;

  @Option(
      names = "--rate-scale",
      paramLabel = "X",
      defaultValue = "1",
      description = "A replay's rate factor: the plan's rates are multiplied by it (default 1).")
  double rateScale;

  @Option(
      names = "--time-scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "A replay's time factor: the plan's durations are multiplied by it (default 1).")
  double timeScale;

  @Option(
      names = "--bearer-token-env",
      paramLabel = "NAME",
      description = "The environment variable holding a bearer token for Prometheus.")
  String tokenEnv;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where watch.json and watch.html go. Default: the plan's folder.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!(rateScale > 0) || !(timeScale > 0)) {
      err.println("loadgate watch: --rate-scale and --time-scale must be above 0");
      return Main.EXIT_INVALID;
    }
    Prediction p;
    try {
      p = Prediction.read(plan, rateScale, timeScale);
    } catch (Prediction.BadPlan e) {
      err.println("loadgate watch: " + e.getMessage());
      return Main.EXIT_INVALID;
    }
    WatchQueries q = queries == null ? WatchQueries.STACK : WatchQueries.load(queries);
    Duration interval = duration(every, "--every");
    Instant t0 = start(p);
    Duration length =
        duration != null
            ? duration(duration, "--for")
            : Duration.ofMillis((long) (p.endSeconds() * 1000));
    double look =
        lookback != null
            ? duration(lookback, "--lookback").toMillis() / 1000.0
            : 10 + interval.toMillis() / 1000.0;
    String token = tokenEnv == null ? null : System.getenv(tokenEnv);
    if (tokenEnv != null && (token == null || token.isBlank())) {
      err.println("loadgate watch: --bearer-token-env names " + tokenEnv + ", which is not set");
      return Main.EXIT_INVALID;
    }
    PrometheusClient client = new PrometheusClient(prometheus, token, Duration.ofSeconds(10));
    Watcher.Settings settings =
        new Watcher.Settings(t0, t0.plus(length), interval, look, timeScale);
    Path dir = out != null ? out : plan.toAbsolutePath().getParent();
    o.println(
        "watching "
            + p.profile()
            + " (plan "
            + p.verdict()
            + ") at "
            + prometheus
            + ": the load from "
            + t0
            + " for "
            + dev.loadgate.profile.Durations.format(length)
            + ", a poll every "
            + dev.loadgate.profile.Durations.format(interval)
            + "; measured (the plan's) on each line");
    o.flush();
    Watcher w = new Watcher(client, q, p, settings, Watcher.Clock.SYSTEM);
    Watcher.Result r;
    try {
      r = w.run(o, polls -> WatchReport.write(dir, document(p, q, t0, polls, null, null, null)));
    } catch (PrometheusException e) {
      err.println("loadgate watch: " + prometheus + ": " + e.getMessage());
      return Main.EXIT_INVALID;
    }
    WatchReport.write(dir, document(p, q, t0, r.polls(), r.exitCode(), r.leftAt(), r.stopAt()));
    o.println(
        (r.stopAt() != null
                ? "stop the test: the delay passed the policy at " + r.stopAt()
                : r.leftAt() != null
                    ? "production left the plan at " + r.leftAt()
                    : "production stayed within the plan over " + r.polls().size() + " polls")
            + "; wrote "
            + dir.resolve("watch.html"));
    o.flush();
    return r.exitCode();
  }

  private WatchReport.Document document(
      Prediction p,
      WatchQueries q,
      Instant t0,
      java.util.List<Watcher.Poll> polls,
      Integer exit,
      Instant leftAt,
      Instant stopAt) {
    return new WatchReport.Document(
        p.profile(),
        p.verdict(),
        prometheus.toString(),
        t0,
        rateScale,
        timeScale,
        p.policySeconds(),
        q.byName(),
        polls,
        exit,
        leftAt,
        stopAt);
  }

  /** {@code --start}: an instant, {@code now}, or (unsaid) the plan's start, else now. */
  private Instant start(Prediction p) {
    if (start == null) {
      return p.start() != null ? p.start() : Instant.now();
    }
    if (start.equals("now")) {
      return Instant.now();
    }
    try {
      return java.time.OffsetDateTime.parse(start).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--start: '" + start + "' is not an instant like 2026-12-15T10:00:00Z, nor now");
    }
  }

  private Duration duration(String text, String option) {
    try {
      return dev.loadgate.profile.Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
