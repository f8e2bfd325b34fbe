package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.ConsumerMix;
import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RateCurve;
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
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.Payloads;
import dev.loadgate.simulation.Prediction;
import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.RunTally;
import dev.loadgate.simulation.Scale;
import dev.loadgate.simulation.SimulationSettings;
import dev.loadgate.stack.StackProcess;
import dev.loadgate.stack.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * One simulation run, everything but the Gatling DSL: the profile turned into a scaled load shape,
 * payloads and a prediction; the stack started (or the target checked); the stack's counters read
 * after the consumers drain; {@code summary.json}, the plan and {@code run.html} written; Gatling's
 * own report copied beside them at the end. The simulation in {@code simulations/} drives it.
 */
public final class SimulationRun {
  /** Refused settings or profile: the message says what to do. */
  public static final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The warm-up's own project token: its own rate-limit bucket and its own keys, so it takes
   * nothing from the buckets the customer's ids are measured against.
   */
  static final String WARM_UP_TOKEN = "phc_loadgate_warmup";

  static final Duration WARM_UP = Duration.ofSeconds(5);

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final SimulationSettings settings;
  private final IntakeProfile profile;
  private final Plan plan;
  private final Scale scale;
  private final String scaleReason;
  private final RateCurve scaledCurve;
  private final Pipeline scaledPipeline;
  private final LoadShape shape;
  private final Payloads payloads;
  private final Prediction prediction;
  private final RunSummary.LocalConsumers localConsumers;
  private final IngestionModel.Result predictedLag;
  private final RunTally tally;
  private final String endpoint;
  private final Path runDir;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Extra attempts after a 503 or no answer, with exponential backoff, as PostHog's SDKs do. */
  public static final int MAX_RETRIES = 5;

  private StackProcess stack;
  private Duration faultAt;
  private Duration faultDown;
  private Duration consumerFaultAt;
  private final List<RunSummary.Fault> faults =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private String baseUrl;
  private boolean hasStats;
  private JsonNode baseline;
  private long startMillis;
  private String startedAt;
  private RunSummary summary;

  private SimulationRun(
      SimulationSettings settings,
      IntakeProfile profile,
      Plan plan,
      Scale scale,
      String scaleReason,
      RateCurve scaledCurve,
      Pipeline scaledPipeline,
      LoadShape shape,
      Payloads payloads,
      Prediction prediction,
      RunSummary.LocalConsumers localConsumers,
      IngestionModel.Result predictedLag,
      String endpoint,
      Path runDir,
      PrintStream out) {
    this.settings = settings;
    this.profile = profile;
    this.plan = plan;
    this.scale = scale;
    this.scaleReason = scaleReason;
    this.scaledCurve = scaledCurve;
    this.scaledPipeline = scaledPipeline;
    this.shape = shape;
    this.payloads = payloads;
    this.prediction = prediction;
    this.localConsumers = localConsumers;
    this.predictedLag = predictedLag;
    this.tally = new RunTally(shape);
    this.endpoint = endpoint;
    this.runDir = runDir;
    this.out = out;
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
    try {
      s.checkTarget();
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
    RateCurve curve = CapacityPlanner.rateCurve(profile);
    if (curve == null || curve.durationSeconds() <= 0 || curve.peak() <= 0) {
      throw new SetupException(
          profile.file()
              + ": nothing to replay: the profile answers neither stages nor peak_events_per_second"
              + " (see `./loadgate plan "
              + s.profile()
              + "` for the questions still open)",
          null);
    }
    if (profile.token() == null) {
      throw new SetupException(
          profile.file() + ": token is unanswered: capture keys and accepts events by token", null);
    }
    int epr = profile.batching() != null ? profile.batching().eventsPerRequest() : 1;
    String endpoint = profile.batching() != null ? profile.batching().endpoint() : "/e/";
    Scale scale;
    try {
      scale = Scale.forCurve(curve, epr, s.scaleRate(), s.scaleTime());
    } catch (IllegalArgumentException e) {
      throw new SetupException(e.getMessage(), e);
    }
    String reason = scaleReason(s, curve, epr);
    RateCurve scaled = scale.apply(curve);
    Pipeline scaledPipeline = scale.apply(pipeline);
    LoadShape shape = LoadShape.of(scaled, epr);
    DistinctIdSampler ids = new DistinctIdSampler(CapacityPlanner.skew(profile));
    boolean historical = profile.kind() == Kind.HISTORICAL_IMPORT;
    Payloads payloads =
        new Payloads(
            profile.token(), historical, epr, profile.payloadBytes(), ids, profile.eventTypes());
    Prediction prediction =
        Prediction.of(
            profile.token(),
            historical,
            ids,
            scaled,
            scaledPipeline,
            historical ? Topics.HISTORICAL : Topics.MAIN);
    // The local consumers: this machine's calibrated rates when there are some.
    Pipeline rates = pipeline;
    boolean calibrated = false;
    Path ratesFile = s.pipeline();
    if (java.nio.file.Files.isRegularFile(s.localPipeline())) {
      try {
        rates = PipelineLoader.load(s.localPipeline());
        calibrated = true;
        ratesFile = s.localPipeline();
      } catch (ProfileException e) {
        throw new SetupException(e.getMessage(), e);
      }
    }
    boolean apps = Boolean.TRUE.equals(profile.appsEnabled());
    double cMix = ConsumerMix.eventsPerSecond(profile.eventTypes(), rates, apps);
    int consumers = s.target() != null ? 0 : s.consumers();
    RunSummary.LocalConsumers local =
        new RunSummary.LocalConsumers(
            ratesFile.toString(),
            calibrated,
            consumers,
            cMix,
            Math.min(consumers, scaledPipeline.partitions()) * cMix);
    IngestionModel.Result lag =
        consumers == 0
            ? null
            : IngestionModel.simulate(
                new IngestionModel.Traffic(
                    scaled,
                    epr,
                    historical,
                    ids.keyedPartitionShares(profile.token(), scaledPipeline.partitions()),
                    List.of()),
                new IngestionModel.Capacity(
                    scaledPipeline.partitions(),
                    consumers,
                    consumers,
                    cMix,
                    1,
                    1,
                    Double.MAX_VALUE,
                    1,
                    scaledPipeline.rateLimit().perTokenEventsPerSecond(),
                    false,
                    1,
                    1,
                    Double.MAX_VALUE),
                IngestionModel.Settings.PLAN);
    Plan plan = CapacityPlanner.plan(profile, pipeline);
    Path runDir =
        s.reportsDir().resolve(profile.name()).resolve(LocalDateTime.now().format(RUN_ID));
    SimulationRun run =
        new SimulationRun(
            s,
            profile,
            plan,
            scale,
            reason,
            scaled,
            scaledPipeline,
            shape,
            payloads,
            prediction,
            local,
            lag,
            endpoint,
            runDir,
            out);
    if (s.faultBroker() != null) {
      String[] parts = s.faultBroker().split("\\+");
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("write it as AT+DOWN");
        }
        run.faultAt = dev.loadgate.profile.Durations.parse(parts[0].trim());
        run.faultDown = dev.loadgate.profile.Durations.parse(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new SetupException(
            "-Dfault.broker=" + s.faultBroker() + ": " + e.getMessage() + " (e.g. 10s+12s)", e);
      }
    }
    if (s.faultConsumer() != null) {
      try {
        run.consumerFaultAt = dev.loadgate.profile.Durations.parse(s.faultConsumer().trim());
      } catch (IllegalArgumentException e) {
        throw new SetupException(
            "-Dfault.consumer=" + s.faultConsumer() + ": " + e.getMessage() + " (e.g. 10s)", e);
      }
    }
    return run;
  }

  private static String scaleReason(SimulationSettings s, RateCurve curve, int epr) {
    String time =
        s.scaleTime() != null
            ? "time as given (-Dscale.time)"
            : curve.durationSeconds() > Scale.TARGET_SECONDS
                ? "time compressed to a run of about " + (long) Scale.TARGET_SECONDS + " s"
                : "time kept (the load is already short)";
    String rate =
        s.scaleRate() != null
            ? "rate as given (-Dscale.rate)"
            : curve.peak() > Scale.LOCAL_MAX_EVENTS_PER_SECOND
                    || curve.peak() / epr > Scale.LOCAL_MAX_REQUESTS_PER_SECOND
                ? "rate scaled so the peak fits this machine ("
                    + (long) Scale.LOCAL_MAX_EVENTS_PER_SECOND
                    + " ev/s, "
                    + (long) Scale.LOCAL_MAX_REQUESTS_PER_SECOND
                    + " req/s)"
                : "rate kept (the peak fits this machine)";
    return time + "; " + rate;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts the local stack, or checks the target and reads its counters before the run. */
  public void start() {
    try {
      Files.createDirectories(runDir);
      Files.writeString(
          runDir.resolve("pipeline-scaled.yaml"),
          PipelineWriter.write(
              scaledPipeline,
              List.of(
                  "The pipeline as the local stack ran it for " + profile.name() + ":",
                  "rates x "
                      + Fmt.factor(scale.rate())
                      + ", overflow burst x rate x time ("
                      + Fmt.factor(scale.rate() * scale.time())
                      + ").")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    banner();
    if (settings.target() != null) {
      baseUrl = stripSlash(settings.target());
      JsonNode stats = fetchStats();
      hasStats = stats != null;
      baseline = stats;
      out.println(
          "loadgate: target "
              + baseUrl
              + (hasStats
                  ? " (a loadgate stack: its /stats give the consumer side)"
                  : " (no /stats: only what Gatling sees is measured)"));
    } else {
      List<String> args = new ArrayList<>();
      args.addAll(List.of("--port", "0", "--token", profile.token(), "--token", WARM_UP_TOKEN));
      if (Boolean.TRUE.equals(profile.appsEnabled())) {
        args.addAll(List.of("--apps-token", profile.token()));
      }
      args.addAll(List.of("--pipeline", runDir.resolve("pipeline-scaled.yaml").toString()));
      args.addAll(List.of("--consumers", String.valueOf(settings.consumers())));
      if (settings.kafkaBootstrap() != null) {
        args.addAll(List.of("--kafka-bootstrap", settings.kafkaBootstrap()));
      }
      if (faultAt != null || consumerFaultAt != null) {
        args.add("--faults");
      }
      try {
        stack =
            StackProcess.start(
                args, Duration.ofSeconds(120), line -> out.println("  stack | " + line));
      } catch (IllegalStateException e) {
        throw new SetupException("the local stack did not start: " + e.getMessage(), e);
      }
      baseUrl = stack.url();
      hasStats = true;
      warmUp();
      baseline = fetchStats();
      if (faultAt != null) {
        Thread t = new Thread(this::injectBrokerFault, "loadgate-fault-broker");
        t.setDaemon(true);
        t.start();
      }
      if (consumerFaultAt != null) {
        Thread t = new Thread(this::injectConsumerFault, "loadgate-fault-consumer");
        t.setDaemon(true);
        t.start();
      }
    }
    startMillis = System.currentTimeMillis();
    startedAt = OffsetDateTime.now().withNano(0).toString();
  }

  /**
   * A freshly started stack answers its first seconds of load slowly (JIT compilation, producer
   * metadata, consumer fetch sessions), and a profile's first stage would pay for that in latency.
   * Five seconds of the same kind of requests under the warm-up token, drained before the baseline
   * is read, so none of it is counted.
   */
  private void warmUp() {
    double rps = Math.min(500, Math.max(50, scaledCurve.peak() / shape.eventsPerRequest()));
    long total = (long) (rps * WARM_UP.toSeconds());
    Payloads warm =
        new Payloads(
            WARM_UP_TOKEN,
            profile.kind() == Kind.HISTORICAL_IMPORT,
            shape.eventsPerRequest(),
            profile.payloadBytes(),
            new DistinctIdSampler(dev.loadgate.plan.SkewModel.of(List.of(), 1000, 1)),
            profile.eventTypes());
    out.printf(
        Locale.ROOT,
        "loadgate: warming the stack up (%d requests over %d s)...%n",
        total,
        WARM_UP.toSeconds());
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
    long start = System.nanoTime();
    long failed = 0;
    List<java.util.concurrent.CompletableFuture<Integer>> pending = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i / rps * 1e9);
      long wait = due - System.nanoTime();
      try {
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(baseUrl + endpoint))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(warm.next(ThreadLocalRandom.current())))
              .build();
      pending.add(
          http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
              .handle(
                  (res, err) -> {
                    inFlight.release();
                    return err == null ? res.statusCode() : 0;
                  }));
    }
    for (var f : pending) {
      if (f.join() != 200) {
        failed++;
      }
    }
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    JsonNode stats = fetchStats();
    while (System.nanoTime() < deadline && (stats == null || lostEvents(stats) != 0)) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      stats = fetchStats();
    }
    if (failed > 0) {
      out.printf(Locale.ROOT, "loadgate: %d of %d warm-up requests failed%n", failed, total);
    }
  }

  private void banner() {
    out.printf(
        Locale.ROOT,
        "loadgate simulation: %s (%s), plan %s%n",
        profile.name(),
        profile.customer() == null ? "customer unanswered" : profile.customer(),
        plan.verdict());
    out.printf(
        Locale.ROOT,
        "  shape: %d stages, %s at %s peak -> scaled x%s rate, x%s time: %.0f s at %s peak, %s ev/request to %s%n",
        shape.steps().size(),
        Fmt.seconds(plan.durationSeconds()),
        Fmt.rate(plan.peakEventsPerSecond()),
        Fmt.factor(scale.rate()),
        Fmt.factor(scale.time()),
        shape.durationSeconds(),
        Fmt.rate(scaledCurve.peak()),
        shape.eventsPerRequest(),
        endpoint);
    out.println("  scale: " + scaleReason);
    out.printf(
        Locale.ROOT,
        "  local limits: overflow %s per distinct_id (burst %s), rate limit %s per token%n",
        scaledPipeline.overflow().enabled()
            ? Fmt.rate(scaledPipeline.overflow().perDistinctIdEventsPerSecond())
            : "off",
        Fmt.num(scaledPipeline.overflow().burst()),
        Fmt.rate(scaledPipeline.rateLimit().perTokenEventsPerSecond()));
    out.printf(
        Locale.ROOT,
        "  predicted: hottest partition %d (%.1f%% of events), overflow %.1f%%, 429s %.1f%%%n",
        prediction.hottestPartition(),
        100 * prediction.partitionShares().get(prediction.hottestPartition()),
        100 * prediction.overflowShare(),
        100 * prediction.rateLimitedShare());
    if (localConsumers.consumers() > 0) {
      out.printf(
          Locale.ROOT,
          "  local consumers: %d x %s on this mix (%s) = %s against a %s peak%n",
          localConsumers.consumers(),
          Fmt.rate(localConsumers.cMixEventsPerSecond()),
          localConsumers.calibrated()
              ? "calibrated, " + localConsumers.pipelineFile()
              : "NOT calibrated: the pipeline file's rates; run loadgate calibrate",
          Fmt.rate(localConsumers.capacityEventsPerSecond()),
          Fmt.rate(scaledCurve.peak()));
    }
    out.println("  reports: " + runDir);
    out.flush();
  }

  /** Kills the broker {@code faultAt} into the load and restarts it {@code faultDown} later. */
  private void injectBrokerFault() {
    try {
      sleepUntil(faultAt);
      post(stack.faultsUrl() + "/faults/kafka/kill");
      double killed = tally.secondsSinceStart();
      out.printf(Locale.ROOT, "loadgate: fault: broker killed at %.1f s%n", killed);
      Thread.sleep(faultDown.toMillis());
      post(stack.faultsUrl() + "/faults/kafka/restart");
      double back = tally.secondsSinceStart();
      out.printf(Locale.ROOT, "loadgate: fault: broker back at %.1f s%n", back);
      faults.add(
          new RunSummary.Fault(
              "broker killed (SIGKILL) and restarted", round(killed, 2), round(back, 2), 0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      out.println("loadgate: fault injection failed: " + e.getMessage());
    }
  }

  /** Crashes a consumer {@code consumerFaultAt} into the load; the stack replaces it. */
  private void injectConsumerFault() {
    try {
      sleepUntil(consumerFaultAt);
      double killed = tally.secondsSinceStart();
      post(stack.faultsUrl() + "/faults/consumer/kill");
      double back = tally.secondsSinceStart();
      out.printf(
          Locale.ROOT,
          "loadgate: fault: consumer crashed at %.1f s, replaced at %.1f s%n",
          killed,
          back);
      faults.add(
          new RunSummary.Fault(
              "consumer crashed mid-batch (nothing committed) and replaced",
              round(killed, 2),
              round(back, 2),
              0));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      out.println("loadgate: fault injection failed: " + e.getMessage());
    }
  }

  private void sleepUntil(Duration intoTheLoad) throws InterruptedException {
    while (!tally.started()) {
      Thread.sleep(50);
    }
    long wait = (long) (intoTheLoad.toMillis() - tally.secondsSinceStart() * 1000);
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private void post(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode() + ": " + r.body().trim());
    }
  }

  // ---------------------------------------------------------------- what the DSL calls

  /**
   * Whether to send (again): the first attempt always; another after a 503 or no answer (status 0),
   * up to {@link #MAX_RETRIES} more.
   */
  public boolean shouldSend(int attempts, int lastStatus) {
    return attempts == 0 || (retryable(lastStatus) && attempts <= MAX_RETRIES);
  }

  /** A 503 (Kafka cannot take the events) or no answer at all (status 0): worth another attempt. */
  public static boolean retryable(int status) {
    return status == 503 || status == 0;
  }

  /** The wait before attempt {@code attempts + 1}: 0.5 s, 1 s, 2 s, 4 s, 8 s. */
  public Duration backoff(int attempts) {
    return Duration.ofMillis(500L << Math.min(4, Math.max(0, attempts - 1)));
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String endpoint() {
    return endpoint;
  }

  public LoadShape shape() {
    return shape;
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

  public Duration drainTimeout() {
    return settings.drainTimeout();
  }

  public long p99BoundMillis() {
    return settings.p99BoundMillis();
  }

  /** The 429 share the plan expects for this run, and how far the measured one may be from it. */
  public double expectedRateLimitedShare() {
    return prediction.rateLimitedShare();
  }

  public double rateLimitedTolerance() {
    return settings.rateLimitedTolerance();
  }

  /** From a {@code /stats} body: has every event acked in this run been consumed? */
  public boolean drained(String statsJson) {
    Long lost = lostEvents(statsJson);
    return lost != null && lost == 0;
  }

  /**
   * From a {@code /stats} body: events acked but not (yet) consumed. Exact by uuid when the stack
   * reconciles; otherwise acked minus consumed in this run. Null when the body is not stats.
   */
  public Long lostEvents(String statsJson) {
    if (statsJson == null) {
      return null;
    }
    JsonNode s;
    try {
      s = PlanJson.MAPPER.readTree(statsJson);
    } catch (IOException e) {
      return null;
    }
    return lostEvents(s);
  }

  private Long lostEvents(JsonNode s) {
    if (s == null || !s.has("events_acked")) {
      return null;
    }
    long unconsumed = s.path("events_unconsumed").asLong(-1);
    if (unconsumed >= 0) {
      return unconsumed;
    }
    return Math.max(0, delta(s, "events_acked") - delta(s, "events_consumed"));
  }

  // ---------------------------------------------------------------- the end

  /**
   * After the load and the drain: reads the stack's counters, writes {@code summary.json}, the plan
   * and {@code run.html}, stops the stack. Gatling's own report is copied by {@link
   * #publishGatlingReport(Path)} once Gatling has written it.
   */
  public RunSummary finish() {
    JsonNode stats = hasStats ? fetchStats() : null;
    try {
      summary = summarize(stats);
      Files.createDirectories(runDir);
      PlanJson.MAPPER.writeValue(runDir.resolve("summary.json").toFile(), summary);
      PlanJson.write(plan, runDir.resolve("plan.json"));
      HtmlReport.write(plan, runDir);
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

  RunSummary summarize(JsonNode stats) {
    RunSummary.Requests r = tally.requests();
    String topicField =
        Topics.HISTORICAL.equals(prediction.topic())
            ? "historical_partition_events"
            : "main_partition_events";
    List<Long> partitionEvents = stats == null ? null : deltas(stats, topicField);
    Long consumed = stats == null ? null : delta(stats, "events_consumed");
    Long acked = stats == null ? null : delta(stats, "events_acked");
    Long overflowed = stats == null ? null : delta(stats, "events_overflowed");
    List<Double> measured = null;
    Integer hottest = null;
    Double skew = null;
    Double maxError = null;
    if (partitionEvents != null && consumed != null && consumed > 0) {
      measured = new ArrayList<>();
      for (long n : partitionEvents) {
        measured.add(n / (double) consumed);
      }
      hottest = Prediction.hottest(measured);
      skew = Prediction.skew(measured);
      maxError = 0.0;
      List<Double> predicted = prediction.partitionShares();
      for (int p = 0; p < Math.min(predicted.size(), measured.size()); p++) {
        maxError = Math.max(maxError, Math.abs(predicted.get(p) - measured.get(p)));
      }
    }
    RunSummary.Events events =
        new RunSummary.Events(
            tally.eventsSent(),
            acked != null ? acked : tally.eventsAcked(),
            consumed,
            stats == null ? null : lostEvents(stats),
            stats == null ? null : delta(stats, "duplicates"),
            overflowed,
            stats == null ? null : delta(stats, "events_historical"));
    List<RunSummary.StageResult> stages = new ArrayList<>();
    for (int i = 0; i < shape.steps().size(); i++) {
      LoadShape.Step st = shape.steps().get(i);
      long target = st.requests() * shape.eventsPerRequest();
      long sent = tally.eventsSent(i);
      double seconds = st.seconds();
      stages.add(
          new RunSummary.StageResult(
              st.stage(),
              st.kind().name().toLowerCase(Locale.ROOT),
              round(seconds, 3),
              seconds > 0 ? round(target / seconds, 1) : null,
              seconds > 0 ? round(sent / seconds, 1) : null,
              target,
              sent,
              tally.eventsAcked(i),
              target > 0 ? round(sent / (double) target, 4) : (sent == 0 ? 1.0 : 0.0)));
    }
    double measuredLimited = r.sent() > 0 ? r.rateLimited() / (double) r.sent() : 0;
    RunSummary.Latency latency =
        new RunSummary.Latency(
            tally.latencyMillis(50),
            tally.latencyMillis(95),
            tally.latencyMillis(99),
            tally.latencyMillis(99.9),
            (double) tally.maxLatencyMillis());
    RunSummary.Latency captureLatency = null;
    if (stats != null && stats.has("capture_latency_ms")) {
      JsonNode c = stats.get("capture_latency_ms");
      captureLatency =
          new RunSummary.Latency(
              c.path("p50").asDouble(),
              c.path("p95").asDouble(),
              c.path("p99").asDouble(),
              c.path("p999").asDouble(),
              null);
    }
    List<RunSummary.Check> checks = new ArrayList<>();
    Long lost = events.lost();
    if (lost != null) {
      checks.add(
          new RunSummary.Check(
              "nothing lost (acked events all consumed)", "0", lost.toString(), lost == 0));
    }
    double expected = prediction.rateLimitedShare();
    double tol = settings.rateLimitedTolerance();
    double failedShare = r.sent() > 0 ? (r.sent() - r.ok()) / (double) r.sent() : 0;
    checks.add(
        new RunSummary.Check(
            "429 share as the plan expects (failed requests, 429s included)",
            String.format(
                Locale.ROOT,
                "%.1f%% .. %.1f%%",
                100 * Math.max(0, expected - tol),
                100 * (expected + tol)),
            String.format(Locale.ROOT, "%.2f%%", 100 * failedShare),
            failedShare <= expected + tol && failedShare >= expected - tol));
    checks.add(
        new RunSummary.Check(
            "capture p99 response time",
            "< " + settings.p99BoundMillis() + " ms",
            latency.p99() + " ms",
            latency.p99() < settings.p99BoundMillis()));
    List<String> hotIds =
        plan.hotDistinctIds().stream().map(Plan.HotDistinctId::distinctId).toList();
    return new RunSummary(
        profile.name(),
        profile.customer(),
        startedAt,
        new RunSummary.Target(
            baseUrl,
            stack != null,
            hasStats,
            settings.target() != null
                ? null
                : settings.kafkaBootstrap() != null ? settings.kafkaBootstrap() : "embedded"),
        new RunSummary.ScaleUsed(
            scale.rate(),
            scale.time(),
            scaleReason,
            round(shape.durationSeconds(), 3),
            round(scaledCurve.peak(), 3),
            scaledPipeline.overflow().enabled()
                ? round(scaledPipeline.overflow().perDistinctIdEventsPerSecond(), 3)
                : 0,
            round(scaledPipeline.overflow().burst(), 3),
            round(scaledPipeline.rateLimit().perTokenEventsPerSecond(), 3)),
        r,
        events,
        stats == null ? null : delta(stats, "ordering_violations"),
        stats == null ? null : delta(stats, "overflow_reordered"),
        new RunSummary.Partitions(
            prediction.topic(),
            scaledPipeline.partitions(),
            partitionEvents,
            hottest,
            skew == null ? null : round(skew, 3)),
        prediction.partitionShares().stream().map(v -> round(v, 5)).toList(),
        measured == null ? null : measured.stream().map(v -> round(v, 5)).toList(),
        maxError == null ? null : round(maxError, 5),
        new RunSummary.Shares(
            round(prediction.overflowShare(), 5),
            overflowed == null || consumed == null || consumed == 0
                ? null
                : round(overflowed / (double) consumed, 5)),
        new RunSummary.Shares(round(expected, 5), round(measuredLimited, 5)),
        stages,
        new RunSummary.Lag(
            stats == null ? null : stats.path("max_lag_records").asLong(),
            stats == null ? null : round(stats.path("max_ingestion_delay_seconds").asDouble(), 3),
            predictedLag == null ? null : round(predictedLag.maxBacklogEvents(), 1),
            predictedLag == null ? null : round(predictedLag.maxDelaySeconds(), 3)),
        localConsumers,
        latency,
        captureLatency,
        new RunSummary.PlanRef(
            plan.verdict().name(),
            plan.classification() == null ? null : plan.classification().name(),
            plan.peakEventsPerSecond(),
            hotIds,
            plan.hottestPartition() == null ? null : plan.hottestPartition().partition(),
            plan.orderingRisk()),
        faultsWithErrorSpan(),
        checks);
  }

  /** The faults injected, each with the span clients saw 503s or no answer. */
  private List<RunSummary.Fault> faultsWithErrorSpan() {
    synchronized (faults) {
      return faults.stream()
          .map(
              f ->
                  new RunSummary.Fault(
                      f.kind(),
                      f.killedAtSeconds(),
                      f.restartedAtSeconds(),
                      round(tally.errorSpanSeconds(), 2)))
          .toList();
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

  // ---------------------------------------------------------------- helpers

  private JsonNode fetchStats() {
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/stats"))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        return null;
      }
      JsonNode s = PlanJson.MAPPER.readTree(res.body());
      return s.has("events_acked") ? s : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** A counter of this run: now minus what the target had counted before it. */
  private long delta(JsonNode now, String field) {
    long before = baseline == null ? 0 : baseline.path(field).asLong(0);
    return now.path(field).asLong(0) - before;
  }

  private List<Long> deltas(JsonNode now, String field) {
    List<Long> out = new ArrayList<>();
    JsonNode a = now.path(field);
    JsonNode b = baseline == null ? null : baseline.path(field);
    for (int i = 0; i < a.size(); i++) {
      out.add(a.get(i).asLong() - (b != null && i < b.size() ? b.get(i).asLong() : 0));
    }
    return out;
  }

  private static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
