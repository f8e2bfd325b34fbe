package dev.loadgate.simulation;

import dev.loadgate.wire.Loopback;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The simulation's options, read from {@code -D} system properties (what {@code mvn gatling:test}
 * passes to Gatling's JVM). Every property is listed in docs/simulation.md and in {@link #HELP}.
 *
 * @param profile a profile name in {@code profilesDir}, or a path
 * @param localPipeline this machine's calibrated consumer rates ({@code loadgate calibrate}); used
 *     only to predict the local consumers' lag, read when it exists
 * @param target a running capture endpoint to load instead of starting the local stack, or null
 * @param kafkaBootstrap an existing Kafka cluster for the local stack, or null for the embedded one
 * @param scaleRate null: the default for the profile
 * @param scaleTime null: the default for the profile
 * @param faultBroker {@code AT+DOWN} (durations): kill the local stack's broker AT into the load
 *     and restart it DOWN later; null for no fault
 * @param capacity {@code production}: the local stack runs the scaled pipeline's own capacities
 *     (SPEC §5); {@code local}: full local speed
 * @param applyScaling replay against the pipeline after the plan's scaling
 * @param lagThresholdSeconds in production mode, a partition lags once an event waited this long;
 *     null for the measurement floor of the run's scaled consumers
 * @param live replay the pipeline file's live load beside the load, as its own scenario and token
 * @param shard this injector's part of a load shared by N ({@code -Dshard=K/N}), or null
 * @param startAt the instant every shard starts its load at ({@code -Dstart.at}), or null
 * @param rawLatencies a shard also writes every response time (for tests that check the merge)
 */
public record SimulationSettings(
    String profile,
    Path profilesDir,
    Path pipeline,
    Path localPipeline,
    Path reportsDir,
    String target,
    boolean allowRemoteTarget,
    String kafkaBootstrap,
    Double scaleRate,
    Double scaleTime,
    Duration drainTimeout,
    long p99BoundMillis,
    double rateLimitedTolerance,
    int consumers,
    long seed,
    String faultBroker,
    String faultConsumer,
    String capacity,
    boolean applyScaling,
    Double lagThresholdSeconds,
    boolean live,
    Shard shard,
    java.time.Instant startAt,
    boolean rawLatencies) {

  public static final String PRODUCTION = "production";
  public static final String LOCAL = "local";

  public static final String HELP =
      """
      mvn gatling:test -Dprofile=NAME [options]
        -Dprofile=NAME|FILE       the intake profile to replay (a name in profiles/, or a path)
        -Dpipeline=FILE           the pipeline file (default profiles/pipeline.yaml)
        -Dlocal.pipeline=FILE     this machine's calibrated consumer rates, for the lag prediction
                                  (default profiles/pipeline-local.yaml; see loadgate calibrate)
        -Dscale.rate=X            factor on every rate (default: the peak fits this machine)
        -Dscale.time=X            factor on every duration (default: a run of about a minute)
        -Dcapacity=production|local   production (default): the local stack runs the scaled
                                  pipeline's own capacities (consumers paced, capture limited,
                                  the autoscaler on the scaled clock); local: full local speed
        -Dpipeline.apply-scaling=true  replay against the pipeline after the plan's scaling
        -Dlive=true               replay the pipeline file's live_load beside the load (its hours
                                  at schedule.start, scaled like the load, its own token): the
                                  test on a busy pipeline (e.g. -Dpipeline=profiles/pipeline-shared.yaml)
        -Dcapacity.lag-threshold=S  production mode: a partition lags once an event waited S
                                  seconds (default: the stack's measurement floor, 1 s or
                                  40 events of one scaled consumer, whichever is longer)
        -Dtarget=URL              load a running capture endpoint instead of the local stack
        -Dtarget.allow-remote=true   allow a target that is not on this machine
        -Dkafka.bootstrap=H:P     the local stack's capture and consumers use this Kafka cluster
        -Dreports.dir=DIR         where reports go (default reports/)
        -Ddrain.timeout=SECONDS   how long to wait for the consumers to catch up (default 60)
        -Dassert.p99.ms=MS        capture p99 response time bound (default 2000)
        -Dassert.rate-limited.tolerance=X  allowed distance of the 429 share from the plan's (default 0.02)
        -Dstack.consumers=N       local mode: ingestion consumer threads (default 2; production
                                  mode runs the pipeline's consumers)
        -Dfault.broker=AT+DOWN    kill the local broker AT into the load, restart it DOWN later (e.g. 10s+12s)
        -Dfault.consumer=AT       crash a local consumer mid-batch AT into the load (replaced 5 s later)
        -Dseed=N                  random seed of ids, events and uuids (default: time)
        -Dshard=K/N               this injector replays 1/N of every stage (needs -Dtarget); merge
                                  the N shards' report folders with loadgate merge DIR...
        -Dstart.at=ISO-8601       every shard starts its load at this instant (e.g. 2026-12-15T10:00:00Z)
      """;

  public static SimulationSettings from(Properties p) {
    String target = blankToNull(p.getProperty("target"));
    return new SimulationSettings(
        blankToNull(p.getProperty("profile")),
        Path.of(p.getProperty("profiles.dir", "profiles")),
        Path.of(p.getProperty("pipeline", "profiles/pipeline.yaml")),
        Path.of(p.getProperty("local.pipeline", "profiles/pipeline-local.yaml")),
        Path.of(p.getProperty("reports.dir", "reports")),
        target,
        Boolean.parseBoolean(p.getProperty("target.allow-remote", "false")),
        blankToNull(p.getProperty("kafka.bootstrap")),
        number(p, "scale.rate"),
        number(p, "scale.time"),
        Duration.ofMillis((long) (positive(p, "drain.timeout", 60) * 1000)),
        (long) positive(p, "assert.p99.ms", 2000),
        positive(p, "assert.rate-limited.tolerance", 0.02),
        (int) positive(p, "stack.consumers", 2),
        p.getProperty("seed") != null ? (long) number(p, "seed").doubleValue() : System.nanoTime(),
        blankToNull(p.getProperty("fault.broker")),
        blankToNull(p.getProperty("fault.consumer")),
        capacity(p),
        Boolean.parseBoolean(p.getProperty("pipeline.apply-scaling", "false")),
        lagThreshold(p),
        Boolean.parseBoolean(p.getProperty("live", "false")),
        Shard.parse(p.getProperty("shard")),
        startAt(p),
        Boolean.parseBoolean(p.getProperty("shard.raw-latencies", "false")));
  }

  private static java.time.Instant startAt(Properties p) {
    String v = blankToNull(p.getProperty("start.at"));
    if (v == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "-Dstart.at="
              + v
              + " is not an ISO-8601 instant with an offset, like 2026-12-15T10:00:00Z",
          e);
    }
  }

  private static Double lagThreshold(Properties p) {
    Double v = number(p, "capacity.lag-threshold");
    if (v != null && !(v > 0)) {
      throw new IllegalArgumentException("-Dcapacity.lag-threshold=" + v + " must be > 0 seconds");
    }
    return v;
  }

  private static String capacity(Properties p) {
    String c = blankToNull(p.getProperty("capacity"));
    if (c == null) {
      return PRODUCTION;
    }
    if (!c.equals(PRODUCTION) && !c.equals(LOCAL)) {
      throw new IllegalArgumentException(
          "-Dcapacity="
              + c
              + ": use production (the scaled pipeline's own capacities) or local (full local speed)");
    }
    return c;
  }

  /**
   * The {@code -D} properties that read back as these settings ({@link #from}): what a shard
   * records so that {@code loadgate merge} works the same run out again.
   */
  public java.util.Map<String, String> toProperties() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    put(m, "profile", profile);
    put(m, "profiles.dir", profilesDir);
    put(m, "pipeline", pipeline);
    put(m, "local.pipeline", localPipeline);
    put(m, "reports.dir", reportsDir);
    put(m, "target", target);
    put(m, "target.allow-remote", allowRemoteTarget);
    put(m, "kafka.bootstrap", kafkaBootstrap);
    put(m, "scale.rate", scaleRate);
    put(m, "scale.time", scaleTime);
    put(m, "drain.timeout", drainTimeout.toMillis() / 1000.0);
    put(m, "assert.p99.ms", p99BoundMillis);
    put(m, "assert.rate-limited.tolerance", rateLimitedTolerance);
    put(m, "stack.consumers", consumers);
    put(m, "seed", seed);
    put(m, "fault.broker", faultBroker);
    put(m, "fault.consumer", faultConsumer);
    put(m, "capacity", capacity);
    put(m, "pipeline.apply-scaling", applyScaling);
    put(m, "capacity.lag-threshold", lagThresholdSeconds);
    put(m, "live", live);
    put(m, "shard", shard);
    put(m, "start.at", startAt);
    put(m, "shard.raw-latencies", rawLatencies);
    return m;
  }

  private static void put(java.util.Map<String, String> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }

  /** Whether the local stack runs the pipeline's capacities (never for a target). */
  public boolean production() {
    return PRODUCTION.equals(capacity) && target == null;
  }

  /**
   * Refuses a target that is not on this machine unless the user opted in: load goes to loopback by
   * default.
   */
  public void checkTarget() {
    if (target == null) {
      return;
    }
    URI uri;
    try {
      uri = URI.create(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-Dtarget=" + target + " is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null
        || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "-Dtarget=" + target + " is not an http(s) URL, e.g. http://127.0.0.1:8010");
    }
    if (!allowRemoteTarget && !Loopback.is(uri.getHost())) {
      throw new IllegalArgumentException(
          "-Dtarget="
              + target
              + " is not on this machine: load goes to loopback only, unless you pass -Dtarget.allow-remote=true");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static Double number(Properties p, String key) {
    String v = blankToNull(p.getProperty(key));
    if (v == null) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + key + "=" + v + " is not a number");
    }
  }

  private static double positive(Properties p, String key, double dflt) {
    Double v = number(p, key);
    if (v == null) {
      return dflt;
    }
    if (!(v > 0)) {
      throw new IllegalArgumentException("-D" + key + "=" + v + " must be > 0");
    }
    return v;
  }
}
