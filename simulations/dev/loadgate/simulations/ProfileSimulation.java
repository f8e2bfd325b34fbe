package dev.loadgate.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import dev.loadgate.runner.SimulationRun;
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.SimulationSettings;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's intake profile replayed against a real ingestion stack: {@code mvn gatling:test
 * -Dprofile=NAME}. Each stage of the profile becomes an open-model injection step at its request
 * rate (events/s ÷ events per request), scaled to this machine; each request is one real PostHog
 * capture body. After the load a second scenario waits for the consumers to drain and checks,
 * through the stack's {@code /stats}, that every acked event was consumed.
 *
 * <p>Everything but the DSL lives in {@link SimulationRun}: the profile, scale, payloads, the
 * plan's prediction, the stack's lifecycle and the reports.
 */
public class ProfileSimulation extends Simulation {
  /** The capture request's name in Gatling's report and assertions. */
  static final String CAPTURE = "capture";

  static final String NOTHING_LOST = "nothing lost (acked = consumed)";

  static final String AS_PREDICTED = "capacity as the model predicts";

  /** How long the load generator warms up before the load's first request. */
  static final Duration CLIENT_WARM_UP = SimulationRun.CLIENT_WARM_UP;

  static final String WARM_UP = "client warm-up";

  /** The live traffic's scenario and request ({@code -Dlive=true}). */
  static final String LIVE = "live traffic";

  /** Capture answers 404 here at once: the client warm-up's requests produce nothing. */
  static final String WARM_UP_PATH = "/_loadgate_client_warm_up";

  /** Keep-alive connections to capture, shared by all virtual users: a fleet of SDK clients. */
  static final int MAX_CONNECTIONS = 256;

  private final SimulationRun run = prepare();

  {
    // Gatling needs the base URL while it builds the scenarios, earlier than its before() hook: the
    // stack starts here, and stops in after() (or on exit, if the run is cut short).
    run.start();
    HttpProtocolBuilder protocol =
        http.baseUrl(run.baseUrl())
            .contentTypeHeader("application/json")
            .userAgentHeader("loadgate-simulation (posthog-compatible)")
            // One pool of keep-alive connections, as SDKs on a fleet of clients would hold.
            .shareConnections()
            // Gatling's browser-like default (6 per host) would queue requests in the client and
            // report the queue as capture's latency.
            .maxConnectionsPerHost(MAX_CONNECTIONS)
            .disableWarmUp();

    ScenarioBuilder load = scenario("load").exec(send(run, false));

    List<OpenInjectionStep> injection = injection(run.shape());
    run.tally().firstRequestAt(firstArrivalSeconds(injection));
    // The load generator warms up too: a few seconds of the very same chain at the load's request
    // rate, to a path capture answers 404 at once (nothing produced, nothing counted, silent in
    // Gatling's statistics), while the load waits. Without it Gatling's own first seconds (JIT,
    // new connections) sent the first stage late and in clumps, and stalled the stack beside it.
    List<OpenInjectionStep> delayed = new ArrayList<>();
    delayed.add(nothingFor(CLIENT_WARM_UP));
    delayed.addAll(injection);
    ScenarioBuilder warmUp = scenario("client warm-up").exec(send(run, true));
    PopulationBuilder population = load.injectOpen(delayed);
    PopulationBuilder warming =
        warmUp.injectOpen(
            constantUsersPerSec(Math.min(500, Math.max(10, run.shape().peakRequestsPerSecond())))
                .during(CLIENT_WARM_UP));
    List<Assertion> assertions = new ArrayList<>();
    // 429s (and, on a stack at the pipeline's capacity, 503s) as the plan's model predicts them.
    double expectedFailed = run.expectedFailedShare();
    double tolerance = run.failedShareTolerance();
    assertions.add(
        details(CAPTURE).failedRequests().percent().lte(100 * (expectedFailed + tolerance)));
    if (expectedFailed > tolerance) {
      assertions.add(
          details(CAPTURE).failedRequests().percent().gte(100 * (expectedFailed - tolerance)));
    }
    assertions.add(
        details(CAPTURE).responseTime().percentile(99.0).lt((int) run.p99BoundMillis()));

    // A shard leaves the drain and the checks to the merge: the other shards may still be sending.
    if (run.hasStats() && run.shard() == null) {
      ScenarioBuilder verify =
          scenario("verify")
              .exec(s -> s.set("drained", false))
              .asLongAsDuring(s -> !s.getBoolean("drained"), run.drainTimeout())
              .on(
                  exec(http("drain").get("/stats").silent().check(bodyString().saveAs("stats")))
                      .exec(s -> s.set("drained", run.drained(s.getString("stats"))))
                      .doIf(s -> !s.getBoolean("drained"))
                      .then(pause(Duration.ofMillis(500))))
              .exec(
                  http(NOTHING_LOST)
                      .get("/stats")
                      .check(bodyString().transform(run::lostEvents).is(0L)));
      if (run.production()) {
        // The run at the pipeline's capacity against the model: delay, worst partition,
        // autoscaler steps, refusals, and what the verdict implies (summary.json says which).
        verify =
            verify.exec(
                http(AS_PREDICTED)
                    .get("/timeline")
                    .check(bodyString().transform(run::capacityAsPredicted).is(true)));
        assertions.add(details(AS_PREDICTED).successfulRequests().count().is(1L));
      }
      population = population.andThen(verify.injectOpen(atOnceUsers(1)));
      assertions.add(details(NOTHING_LOST).successfulRequests().count().is(1L));
    }
    List<PopulationBuilder> all = new ArrayList<>(List.of(population, warming));
    if (run.liveShape() != null) {
      // The pipeline's live traffic beside the load, on the load's clock: its own scenario and
      // token, sent once per request (its refusals show under their own name, not the load's).
      List<OpenInjectionStep> live = new ArrayList<>();
      live.add(nothingFor(CLIENT_WARM_UP));
      live.addAll(injection(run.liveShape()));
      all.add(
          scenario(LIVE)
              .exec(
                  exec(s -> s.set("body", run.nextLiveBody()))
                      .exec(
                          http(LIVE)
                              .post("/batch/")
                              .body(ByteArrayBody(s -> s.<byte[]>get("body")))
                              .check(status().is(200))))
              .injectOpen(live));
    }
    setUp(all).protocols(protocol).assertions(assertions);
  }

  /**
   * One capture request as an SDK sends it: the body drawn once, sent, and sent again with backoff
   * after a 503 or no answer, the same body (same uuids) each time; every attempt shows in
   * Gatling's report. The client warm-up runs the same chain to a path capture answers 404,
   * counted nowhere.
   */
  private static ChainBuilder send(SimulationRun run, boolean warmUp) {
    String name = warmUp ? WARM_UP : CAPTURE;
    String path = warmUp ? WARM_UP_PATH : run.endpoint();
    var request =
        http(name)
            .post(path)
            .body(ByteArrayBody(s -> s.<byte[]>get("body")))
            .check(
                status().saveAs("status"),
                responseTimeInMillis().saveAs("rt"),
                // 429s and every other refusal count as failed requests: visible, not hidden.
                status().is(200));
    return exec(s ->
            s.set("step", warmUp ? -1 : run.tally().sending())
                .set("body", run.nextBody())
                .set("attempts", 0)
                .set("status", -1))
        .asLongAs(s -> run.shouldSend(s.getInt("attempts"), s.getInt("status")))
        .on(
            doIf(s -> s.getInt("attempts") > 0)
                .then(
                    exec(s -> {
                          if (!warmUp) {
                            run.tally().retrying();
                          }
                          return s;
                        })
                        .pause(s -> run.backoff(s.getInt("attempts"))))
                .exec(
                    s -> {
                      if (!warmUp) {
                        run.tally().attempt();
                      }
                      return s.remove("status")
                          .remove("rt")
                          .set("attempts", s.getInt("attempts") + 1);
                    })
                .exec(warmUp ? request.silent() : request)
                .exec(
                    s -> {
                      int status = s.contains("status") ? s.getInt("status") : 0;
                      if (!warmUp && SimulationRun.retryable(status)) {
                        run.tally().serverUnavailable();
                      }
                      return s.set("status", status);
                    }))
        .exec(
            s -> {
              if (!warmUp) {
                run.tally()
                    .answered(
                        s.getInt("step"), s.getInt("status"), s.contains("rt") ? s.getLong("rt") : 0);
              }
              return s.remove("body");
            });
  }

  /** Each step of the shape as the open-model injection of the same name. */
  static List<OpenInjectionStep> injection(LoadShape shape) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    for (LoadShape.Step s : shape.steps()) {
      Duration d = Duration.ofSeconds((long) s.seconds());
      steps.add(
          switch (s.kind()) {
            case AT_ONCE -> atOnceUsers((int) s.requests());
            case CONSTANT -> constantUsersPerSec(s.fromRequestsPerSecond()).during(d);
            case RAMP ->
                rampUsersPerSec(s.fromRequestsPerSecond()).to(s.toRequestsPerSecond()).during(d);
            case PAUSE -> nothingFor(d);
          });
    }
    return steps;
  }

  /** When Gatling's schedule sends the first request, in seconds from the start of the load. */
  static double firstArrivalSeconds(List<OpenInjectionStep> steps) {
    double before = 0;
    for (OpenInjectionStep step : steps) {
      var model = step.asScala();
      if (model.users() > 0) {
        var arrivals = model.chain(scala.collection.Iterator$.MODULE$.empty());
        return before + arrivals.next().toMillis() / 1000.0;
      }
      before += model.duration().toMillis() / 1000.0;
    }
    return 0;
  }

  private static SimulationRun prepare() {
    try {
      return SimulationRun.prepare(SimulationSettings.from(System.getProperties()), System.out);
    } catch (SimulationRun.SetupException | IllegalArgumentException e) {
      // Invalid input: say what to fix and stop, without Gatling's "run crashed" stack trace
      // burying the message. Not 2: Gatling's Maven plugin reads 2 as "assertions failed".
      System.err.println("\nloadgate: " + e.getMessage() + "\n");
      System.err.flush();
      System.exit(1);
      throw e;
    }
  }

  @Override
  public void before() {
    run.awaitStart();
  }

  @Override
  public void after() {
    run.finish();
    // Gatling writes its HTML report after this hook; copy it beside ours once the JVM is done.
    Path results = Path.of(System.getProperty("loadgate.gatling.results", "target/gatling"));
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> run.publishGatlingReport(results), "loadgate-reports"));
  }
}
