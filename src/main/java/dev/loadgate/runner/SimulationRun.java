package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.jvm.StackProcess;
import dev.loadgate.measure.StackClient;
import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RetrySchedule;
import dev.loadgate.plan.Verdict;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Kind;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.PipelineWriter;
import dev.loadgate.profile.ProfileException;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.report.HtmlReport;
import dev.loadgate.report.PlanJson;
import dev.loadgate.report.RunReport;
import dev.loadgate.simulation.DistinctIdSampler;
import dev.loadgate.simulation.LiveReplay;
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.LocalConsumers;
import dev.loadgate.simulation.Payloads;
import dev.loadgate.simulation.Prediction;
import dev.loadgate.simulation.ReplayCapacity;
import dev.loadgate.simulation.RunPlan;
import dev.loadgate.simulation.RunPlanner;
import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.RunTally;
import dev.loadgate.simulation.SimulationSettings;
import dev.loadgate.simulation.SummaryBuilder;
import dev.loadgate.wire.Timeline;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * One simulation run, everything but the Gatling DSL: {@link #prepare} works the run out (profile,
 * plan, scale, payloads, predictions); {@link #start} starts the stack (or checks the target),
 * warms it up and arms its timeline; Gatling calls the rest while it sends; {@link #finish} reads
 * the stack's counters and timeline after the drain, writes {@code summary.json}, the plan and
 * {@code run.html}, and stops the stack. The simulation in {@code simulations/} drives it.
 */
public final class SimulationRun {
  /** Refused settings or profile: the message says what to do. */
  public static final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /**
   * How long the load generator warms up before the load's first stage: the load starts this long
   * after the simulation (and after {@code -Dstart.at}).
   */
  public static final Duration CLIENT_WARM_UP = Duration.ofSeconds(5);

  /** Extra attempts after a 503 or no answer, as PostHog's SDKs make. */
  public static final int MAX_RETRIES = RetrySchedule.SDK.retries();

  private final RunPlan run;
  private final Payloads payloads;
  private final Payloads livePayloads;
  private final RunTally tally;
  private final FaultDrills faults;
  private final RetrySchedule retries;
  private final Path runDir;
  private final PrintStream out;

  private StackProcess stack;
  private JsonNode baseline;
  private StackClient client;
  private boolean hasStats;
  private SummaryBuilder summaries;
  private long startMillis;
  private String startedAt;
  private RunSummary summary;

  private SimulationRun(
      RunPlan run, Payloads payloads, FaultDrills faults, Path runDir, PrintStream out) {
    this.run = run;
    this.payloads = payloads;
    this.livePayloads =
        run.live() == null
            ? null
            : new Payloads(
                LiveReplay.TOKEN,
                false,
                run.live().eventsPerRequest(),
                null,
                // Live traffic is keyed over all partitions: a million ids, none above another.
                new DistinctIdSampler(dev.loadgate.plan.SkewModel.of(List.of(), 1_000_000, 1)),
                java.util.Map.of(LiveReplay.EVENT, 1.0));
    this.tally = new RunTally(run.shape());
    this.faults = faults;
    this.retries = run.replay() != null ? run.replay().retries() : RetrySchedule.SDK;
    this.runDir = runDir;
    this.out = out;
    this.summaries = new SummaryBuilder(run, tally, null);
  }

  /**
   * Reads the profile and the pipeline and works out the run. Nothing is started yet.
   *
   * @throws SetupException for a missing or unknown profile (listing the profiles), an invalid
   *     profile or pipeline (file, line, field, hint), or a profile with nothing to replay
   */
  public static SimulationRun prepare(SimulationSettings s, PrintStream out) {
    if (s.profile() == null) {
      List<String> names = Profiles.names(s.profilesDir());
      throw new SetupException(
          "no profile given: run mvn gatling:test -Dprofile=NAME"
              + (names.isEmpty()
                  ? " (no profiles found in " + s.profilesDir() + ")"
                  : "\n  profiles in " + s.profilesDir() + ": " + String.join(", ", names))
              + "\n\n"
              + SimulationSettings.HELP,
          null);
    }
    IntakeProfile profile;
    Pipeline pipeline;
    try {
      profile = ProfileLoader.load(Profiles.resolve(s.profile(), s.profilesDir()));
      pipeline = PipelineLoader.load(s.pipeline());
    } catch (ProfileException e) {
      throw new SetupException(e.getMessage(), e);
    }
    FaultDrills faults;
    try {
      s.checkTarget();
      faults = FaultDrills.of(s);
    } catch (IllegalArgumentException e) {
      throw new SetupException(e.getMessage(), e);
    }
    if (s.faultBroker() != null && (s.target() != null || s.kafkaBootstrap() != null)) {
      throw new SetupException(
          "-Dfault.broker kills the local stack's own broker: not with -Dtarget or -Dkafka.bootstrap",
          null);
    }
    if (s.faultConsumer() != null && s.target() != null) {
      throw new SetupException(
          "-Dfault.consumer crashes a consumer of the local stack: not with -Dtarget", null);
    }
    RunPlanner.Prepared prepared;
    try {
      prepared = RunPlanner.prepare(s, profile, pipeline);
    } catch (RunPlanner.Refused e) {
      throw new SetupException(e.getMessage(), e.getCause());
    }
    RunPlan run = prepared.run();
    Path runDir =
        s.reportsDir().resolve(profile.name()).resolve(LocalDateTime.now().format(RUN_ID));
    return new SimulationRun(run, prepared.payloads(), faults, runDir, out);
  }

  /**
   * The least time scale at which a pipeline is measurable in production mode: its scaled reaction
   * time and (for a READY load) its policy above what the stack can time.
   */
  public static double minimumTimeScale(Pipeline pipeline, boolean ready) {
    return ReplayCapacity.minimumTimeScale(pipeline, ready);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the local stack (warmed up, its timeline armed), or checks the target and reads its
   * counters before the run.
   */
  public void start() {
    SimulationSettings settings = run.settings();
    try {
      Files.createDirectories(runDir);
      Files.writeString(
          runDir.resolve("pipeline-scaled.yaml"),
          PipelineWriter.write(
              run.scaledPipeline(),
              List.of(
                  "The pipeline as the local stack ran it for " + run.profile().name() + ":",
                  (settings.applyScaling() ? "after the plan's scaling, " : "")
                      + "rates x "
                      + Fmt.factor(run.scale().rate())
                      + ", times x "
                      + Fmt.factor(run.scale().time())
                      + ", overflow burst x rate x time ("
                      + Fmt.factor(run.scale().rate() * run.scale().time())
                      + ").")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    banner();
    if (settings.target() != null) {
      client = new StackClient(settings.target());
      JsonNode stats = client.stats();
      hasStats = stats != null;
      baseline = stats;
      summaries = new SummaryBuilder(run, tally, stats);
      out.println(
          "loadgate: target "
              + client.baseUrl()
              + (hasStats
                  ? " (a loadgate stack: its /stats give the consumer side)"
                  : " (no /stats: only what Gatling sees is measured)"));
    } else {
      startStack(settings);
    }
    startMillis = System.currentTimeMillis();
    startedAt = OffsetDateTime.now().withNano(0).toString();
  }

  private void startStack(SimulationSettings settings) {
    IntakeProfile profile = run.profile();
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--port", "0", "--token", profile.token(), "--token", WarmUp.TOKEN));
    if (run.live() != null) {
      // Live traffic at the plan's cost: the default rate, apps on.
      args.addAll(List.of("--token", LiveReplay.TOKEN, "--apps-token", LiveReplay.TOKEN));
    }
    if (Boolean.TRUE.equals(profile.appsEnabled())) {
      args.addAll(List.of("--apps-token", profile.token()));
    }
    args.addAll(List.of("--pipeline", runDir.resolve("pipeline-scaled.yaml").toString()));
    args.addAll(List.of("--consumers", String.valueOf(settings.consumers())));
    if (run.replay() != null) {
      args.addAll(run.replay().stackArgs());
    }
    if (settings.kafkaBootstrap() != null) {
      args.addAll(List.of("--kafka-bootstrap", settings.kafkaBootstrap()));
    }
    if (faults.any()) {
      args.add("--faults");
    }
    try {
      stack =
          StackProcess.start(
              args, Duration.ofSeconds(120), line -> out.println("  stack | " + line));
    } catch (IllegalStateException e) {
      throw new SetupException("the local stack did not start: " + e.getMessage(), e);
    }
    client = new StackClient(stack.url());
    hasStats = true;
    double rps =
        Math.min(500, Math.max(50, run.scaledCurve().peak() / run.shape().eventsPerRequest()));
    if (run.replay() != null) {
      // Within capture's and the consumers' capacity, so the warm-up is refused nothing, drains
      // quickly and wakes no autoscaler.
      Pipeline p = run.scaledPipeline();
      rps = Math.min(rps, 0.8 * p.capture().requestsPerSecond(p.capture().replicas()));
      rps =
          Math.min(
              rps,
              0.8
                  * Math.min(p.consumers(), p.partitions())
                  * run.replay().mixEventsPerSecond()
                  / run.shape().eventsPerRequest());
    }
    WarmUp.run(
        client,
        run.endpoint(),
        rps,
        profile.kind() == Kind.HISTORICAL_IMPORT,
        run.shape().eventsPerRequest(),
        profile.payloadBytes(),
        profile.eventTypes(),
        settings.drainTimeout(),
        stats -> {
          Long lost = summaries.lostEvents(stats);
          return lost == null ? -1 : lost;
        },
        out);
    summaries = new SummaryBuilder(run, tally, client.stats());
    try {
      client.arm();
    } catch (IOException e) {
      out.println("loadgate: the stack's timeline could not be armed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    faults.start(client, stack.faultsUrl(), tally, out);
  }

  private void banner() {
    Plan plan = run.plan();
    LoadShape shape = run.shape();
    Pipeline scaledPipeline = run.scaledPipeline();
    Prediction prediction = run.prediction();
    out.printf(
        Locale.ROOT,
        "loadgate simulation: %s (%s), plan %s%n",
        run.profile().name(),
        run.profile().customer() == null ? "customer unanswered" : run.profile().customer(),
        plan.verdict());
    if (shard() != null) {
      // Said up front, asked nothing: a wrong N changes the share, never multiplies the load.
      out.printf(
          Locale.ROOT,
          "  shard %s: this injector sends 1/%d of every stage, up to %s (%s req/s); the %d shards"
              + " together up to %s (%s req/s) to %s%s%n",
          shard(),
          shard().count(),
          Fmt.rate(shape.peakRequestsPerSecond() * shape.eventsPerRequest()),
          Fmt.num(shape.peakRequestsPerSecond()),
          shard().count(),
          Fmt.rate(run.scaledCurve().peak()),
          Fmt.num(run.scaledCurve().peak() / shape.eventsPerRequest()),
          run.settings().target(),
          run.settings().startAt() == null
              ? ""
              : ", load from " + run.settings().startAt().plus(CLIENT_WARM_UP));
    }
    out.printf(
        Locale.ROOT,
        "  shape: %d stages, %s at %s peak -> scaled x%s rate, x%s time: %.0f s at %s peak, %s ev/request to %s%n",
        shape.steps().size(),
        Fmt.seconds(plan.durationSeconds()),
        Fmt.rate(plan.peakEventsPerSecond()),
        Fmt.factor(run.scale().rate()),
        Fmt.factor(run.scale().time()),
        shape.durationSeconds(),
        Fmt.rate(run.scaledCurve().peak()),
        shape.eventsPerRequest(),
        run.endpoint());
    out.println("  scale: " + run.scaleReason());
    if (run.settings().applyScaling()) {
      out.printf(
          Locale.ROOT,
          "  pipeline: after the plan's scaling: %d consumers, %d partitions, %d capture replicas%n",
          run.pipeline().consumers(),
          run.pipeline().partitions(),
          run.pipeline().capture().replicas());
    }
    out.printf(
        Locale.ROOT,
        "  local limits: overflow %s per distinct_id (burst %s), rate limit %s per token%n",
        scaledPipeline.overflow().enabled()
            ? Fmt.rate(scaledPipeline.overflow().perDistinctIdEventsPerSecond())
            : "off",
        Fmt.num(scaledPipeline.overflow().burst()),
        Fmt.rate(scaledPipeline.rateLimit().perTokenEventsPerSecond()));
    if (run.live() != null) {
      out.printf(
          Locale.ROOT,
          "  live traffic: up to %s beside the load (%d requests of %d events, token %s)%n",
          Fmt.rate(run.live().curve().peak()),
          run.live().shape().requests(),
          run.live().eventsPerRequest(),
          LiveReplay.TOKEN);
    }
    out.printf(
        Locale.ROOT,
        "  predicted: hottest partition %d (%.1f%% of events), overflow %.1f%%, 429s %.1f%%%n",
        prediction.hottestPartition(),
        100 * prediction.partitionShares().get(prediction.hottestPartition()),
        100 * prediction.overflowShare(),
        100 * prediction.rateLimitedShare());
    ReplayCapacity replay = run.replay();
    if (replay != null) {
      replay.banner().forEach(l -> out.println("  " + l));
      double local = run.localConsumers().cMixEventsPerSecond() * LocalConsumers.END_TO_END;
      for (String w : replay.warnings(plan.verdict() == Verdict.READY, local)) {
        out.println("  WARNING: " + w);
      }
    } else if (run.localConsumers().consumers() > 0) {
      RunSummary.LocalConsumers lc = run.localConsumers();
      out.printf(
          Locale.ROOT,
          "  local consumers: %d x %s on this mix (%s) = %s against a %s peak%n",
          lc.consumers(),
          Fmt.rate(lc.cMixEventsPerSecond()),
          lc.calibrated()
              ? "calibrated, " + lc.pipelineFile()
              : "NOT calibrated: the pipeline file's rates; run loadgate calibrate",
          Fmt.rate(lc.capacityEventsPerSecond()),
          Fmt.rate(run.scaledCurve().peak()));
    }
    out.println("  reports: " + runDir);
    out.flush();
  }

  // ---------------------------------------------------------------- what the DSL calls

  /**
   * Whether to send (again): the first attempt always; another after a 503 or no answer (status 0),
   * up to {@link #MAX_RETRIES} more.
   */
  public boolean shouldSend(int attempts, int lastStatus) {
    return attempts == 0 || (retryable(lastStatus) && attempts <= MAX_RETRIES);
  }

  /** A 503 (capture at capacity, or Kafka away) or no answer at all: worth another attempt. */
  public static boolean retryable(int status) {
    return status == 503 || status == 0;
  }

  /**
   * The wait before attempt {@code attempts + 1}: the SDKs' 0.5 s, 1 s, 2 s, 4 s, 8 s, on the run's
   * clock in production mode (× scale.time), so retries land where they would in production.
   */
  public Duration backoff(int attempts) {
    int retry = Math.min(retries.retries(), Math.max(1, attempts));
    return Duration.ofMillis(Math.max(1, Math.round(retries.waitBefore(retry) * 1000)));
  }

  public String baseUrl() {
    return client.baseUrl();
  }

  public String endpoint() {
    return run.endpoint();
  }

  public LoadShape shape() {
    return run.shape();
  }

  /** The live load's injection beside the load ({@code -Dlive=true}), or null. */
  public LoadShape liveShape() {
    return run.live() == null ? null : run.live().shape();
  }

  /** The next live-traffic request body (its own token, uniform ids, {@code $pageview}s). */
  public byte[] nextLiveBody() {
    return livePayloads.next(ThreadLocalRandom.current());
  }

  public RunTally tally() {
    return tally;
  }

  /** The next request body; safe from any thread. */
  public byte[] nextBody() {
    return payloads.next(ThreadLocalRandom.current());
  }

  /** Whether the target serves loadgate's {@code /stats}: then drain and loss are checked. */
  public boolean hasStats() {
    return hasStats;
  }

  /**
   * How long to wait for the consumers after the load: the setting, or in production mode at least
   * the drain the model predicts and half as much again.
   */
  public Duration drainTimeout() {
    Duration given = run.settings().drainTimeout();
    if (run.replay() == null) {
      return given;
    }
    Duration model = run.replay().predictedDrain(run.shape().durationSeconds());
    Duration needed = model.plus(model.dividedBy(2)).plusSeconds(10);
    return needed.compareTo(given) > 0 ? needed : given;
  }

  public long p99BoundMillis() {
    return run.settings().p99BoundMillis();
  }

  /**
   * The share of capture requests expected to fail (429s; in production mode 503s for capacity
   * too), and how far the measured one may be from it.
   */
  public double expectedFailedShare() {
    return summaries.expectedFailedShare();
  }

  public double failedShareTolerance() {
    return summaries.failedShareTolerance();
  }

  /**
   * From a {@code /stats} body: has every event acked in this run been consumed, with no fault
   * drill still under way?
   */
  public boolean drained(String statsJson) {
    Long lost = lostEvents(statsJson);
    return lost != null && lost == 0 && !faults.underWay();
  }

  /**
   * From a {@code /stats} body: events acked but not (yet) consumed. Exact by uuid when the stack
   * reconciles; otherwise acked minus consumed in this run. Null when the body is not stats.
   */
  public Long lostEvents(String statsJson) {
    if (statsJson == null) {
      return null;
    }
    try {
      return summaries.lostEvents(PlanJson.MAPPER.readTree(statsJson));
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether the local stack runs the scaled pipeline's capacities (production mode). */
  public boolean production() {
    return run.replay() != null && stack != null;
  }

  /**
   * From a {@code /timeline} body after the drain: whether every capacity check holds (the model's
   * delay, worst partition, autoscaler steps and refusals, and what the verdict implies). Printed
   * with its numbers in the summary at the end.
   */
  public boolean capacityAsPredicted(String timelineJson) {
    Timeline timeline = Timeline.read(timelineJson);
    if (timeline == null) {
      // Production mode holds the run to the model, which cannot be shown without a timeline.
      return run.replay() == null;
    }
    return summaries.capacityChecks(timeline).stream().allMatch(RunSummary.Check::ok);
  }

  /** The run worked out (package-private: the merge works a sharded run out again). */
  RunPlan plan() {
    return run;
  }

  /** This injector's part of a sharded run, or null. */
  public dev.loadgate.simulation.Shard shard() {
    return run.settings().shard();
  }

  /**
   * Holds the load until {@code -Dstart.at}, so every shard's stages line up (Gatling calls this
   * just before it injects). A shard started after the instant says so; the merge refuses it when
   * it is more than a second late.
   */
  public void awaitStart() {
    java.time.Instant at = run.settings().startAt();
    if (run.settings().rawLatencies()) {
      tally.keepRawLatencies();
    }
    if (at == null) {
      return;
    }
    long wait = at.toEpochMilli() - System.currentTimeMillis();
    String who = shard() == null ? "loadgate" : "loadgate shard " + shard();
    if (wait < 0) {
      out.println(who + ": start.at " + at + " passed " + (-wait) + " ms ago: starting now");
      return;
    }
    out.println(who + ": waiting " + wait + " ms for start.at " + at);
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes {@code shard.json} for {@code loadgate merge}; the merged run has the checks. */
  private void finishShard() throws IOException {
    java.time.Instant started =
        java.time.Instant.ofEpochMilli(tally.started() ? tally.startEpochMillis() : startMillis);
    ShardResult result =
        new ShardResult(
            ShardResult.FORMAT,
            ShardResult.currentVersion(),
            run.profile().name(),
            shard().index(),
            shard().count(),
            run.settings().startAt() == null ? null : run.settings().startAt().toString(),
            started.toString(),
            run.settings().toProperties(),
            client.baseUrl(),
            baseline,
            tally.counts(),
            tally.rawLatencies());
    Files.createDirectories(runDir);
    PlanJson.MAPPER.writeValue(runDir.resolve(ShardResult.FILE).toFile(), result);
    out.println(
        "loadgate shard "
            + shard()
            + ": "
            + tally.requests().sent()
            + " requests sent, "
            + tally.requests().ok()
            + " ok; wrote "
            + runDir.resolve(ShardResult.FILE)
            + " (merge the "
            + shard().count()
            + " shards with: loadgate merge DIR...)");
  }

  // ---------------------------------------------------------------- the end

  /**
   * After the load and the drain: reads the stack's counters and timeline, writes {@code
   * summary.json}, the plan and {@code run.html}, stops the stack. Gatling's own report is copied
   * by {@link #publishGatlingReport(Path)} once Gatling has written it.
   */
  public RunSummary finish() {
    // A drain that timed out may leave a drill mid-way: its fault still belongs in the summary.
    faults.awaitDrills(Duration.ofMinutes(1));
    if (shard() != null) {
      try {
        finishShard();
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    JsonNode stats = hasStats ? client.stats() : null;
    Timeline timeline = hasStats ? client.timeline() : null;
    try {
      summary =
          summaries.build(
              stats,
              timeline,
              new RunSummary.Target(
                  client.baseUrl(),
                  stack != null,
                  hasStats,
                  run.settings().target() != null
                      ? null
                      : run.settings().kafkaBootstrap() != null
                          ? run.settings().kafkaBootstrap()
                          : "embedded"),
              startedAt,
              faults.withErrorSpan(tally.errorSpanSeconds()));
      Files.createDirectories(runDir);
      PlanJson.MAPPER.writeValue(runDir.resolve("summary.json").toFile(), summary);
      PlanJson.write(run.plan(), runDir.resolve("plan.json"));
      HtmlReport.write(run.plan(), runDir);
      RunReport.write(summary, runDir);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (stack != null) {
        out.println("loadgate: stopping the local stack...");
        stack.close();
      }
    }
  }

  /**
   * Copies Gatling's report for this run (the newest run folder in {@code gatlingResults} written
   * since the run started) to {@code gatling/}, refreshes {@code latest/}, and prints the summary.
   * Runs when Gatling has finished writing it (the simulation calls it from a shutdown hook).
   */
  public void publishGatlingReport(Path gatlingResults) {
    try {
      Path gatling = newestRun(gatlingResults);
      if (gatling != null) {
        Trees.copy(gatling, runDir.resolve("gatling"));
      }
      Path latest = runDir.getParent().resolve("latest");
      Trees.delete(latest);
      Trees.copy(runDir, latest);
    } catch (IOException e) {
      out.println("loadgate: could not copy the reports: " + e.getMessage());
    }
    if (summary != null) {
      out.println();
      out.print(RunReport.text(summary, runDir));
      out.flush();
    }
  }

  private Path newestRun(Path results) throws IOException {
    if (results == null || !Files.isDirectory(results)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .filter(d -> d.toFile().lastModified() >= startMillis - 5_000)
          .max(Comparator.comparingLong(d -> d.toFile().lastModified()))
          .orElse(null);
    }
  }

  public Path runDir() {
    return runDir;
  }

  public RunSummary summary() {
    return summary;
  }
}
