package dev.loadgate.cli;

import dev.loadgate.jvm.StackReady;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileException;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.stack.EmbeddedKafka;
import dev.loadgate.stack.FaultServer;
import dev.loadgate.stack.LocalStack;
import dev.loadgate.stack.Topics;
import dev.loadgate.wire.Loopback;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loadgate stack}: the local ingestion stack, until Ctrl-C. */
@Command(
    name = "stack",
    header = "A real local ingestion stack: Kafka, capture, consumers, metrics.",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a real ingestion pipeline on this machine: a Kafka broker (Apache Kafka, KRaft, started",
      "from the jars, no Docker) or an existing cluster, the ingestion topics from the pipeline file, a",
      "PostHog-compatible capture server (/e/ /batch/ /capture/ /i/v0/e/) and the ingestion consumers.",
      "Serves Prometheus metrics at /metrics and counters as JSON at /stats. Stops cleanly on Ctrl-C.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  loadgate stack",
      "  loadgate stack --port 8010 --token phc_acme --token phc_blitz",
      "  loadgate stack --kafka-bootstrap kafka-1:9092 --pipeline prod-pipeline.yaml",
      "",
      "Exit codes: 0 stopped cleanly, 2 invalid input, 1 the stack failed."
    })
public final class StackCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8010",
      description = "Capture port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to bind (default: ${DEFAULT-VALUE}). Anything but loopback exposes capture to the network.")
  String host;

  @Option(
      names = "--token",
      paramLabel = "T",
      description =
          "A project token capture accepts (repeatable). Default: the tokens of the profiles in profiles/.")
  List<String> tokens;

  @Option(
      names = "--apps-token",
      paramLabel = "T",
      description =
          "A token whose events go through the apps step (repeatable). Default: the tokens of profiles with apps_enabled: true.")
  List<String> appsTokens;

  @Option(
      names = "--pipeline",
      paramLabel = "FILE",
      defaultValue = "profiles/pipeline.yaml",
      description = "Partitions, overflow and rate limits (default: ${DEFAULT-VALUE}).")
  Path pipeline;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use an existing Kafka cluster instead of starting a broker.")
  String kafkaBootstrap;

  @Option(
      names = "--consumers",
      defaultValue = "2",
      description = "Ingestion consumer threads (default: ${DEFAULT-VALUE}).")
  int consumers;

  @Option(
      names = "--no-reconcile",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Count acked-but-never-consumed events and redeliveries exactly, from capture's record"
              + " numbers kept as compressed bitmaps (~0.25 byte an event; default: on).")
  boolean reconcile;

  @Option(
      names = "--capacity",
      paramLabel = "MODE",
      defaultValue = "local",
      description =
          "local: full local speed (default). production: the pipeline file's own capacities, scaled as the file says: its consumers each paced to consumer_events_per_second, capture admitting replicas x requests_per_second_per_replica (503 above), and the autoscaler adding consumers and replicas a reaction_time after it sees lag or refusals (docs/capacity-model.md).")
  String capacity;

  @Option(
      names = "--lag-threshold",
      paramLabel = "SECONDS",
      defaultValue = "1.0",
      description =
          "Production mode: a partition lags (and the autoscaler looks) once an event waited this long (default: ${DEFAULT-VALUE}).")
  double lagThreshold;

  @Option(
      names = "--mix-events-per-second",
      paramLabel = "N",
      description =
          "Production mode: one consumer's events/s on the load's event mix, which the autoscaler sizes consumers with (default: the pipeline's 'default' rate).")
  Double mixEventsPerSecond;

  @Option(
      names = "--autoscale-on-arm",
      description =
          "Production mode: the autoscaler starts at the first POST /timeline/arm, not at start-up (the simulation warms the stack up first).")
  boolean autoscaleOnArm;

  @Option(
      names = "--faults",
      description =
          "Serve fault injection on a second loopback port (POST /faults/kafka/kill, /faults/kafka/restart, /faults/consumer/kill): for the simulation's -Dfault.* options and for drills.")
  boolean faults;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Pipeline pipe = PipelineLoader.load(pipeline);
    Set<String> accepted = new LinkedHashSet<>();
    Set<String> apps = new LinkedHashSet<>();
    profileTokens(accepted, apps);
    if (tokens != null) {
      accepted = new LinkedHashSet<>(tokens);
      apps.retainAll(accepted); // apps for the profiles' tokens that are still accepted
    }
    if (appsTokens != null) {
      apps = new LinkedHashSet<>(appsTokens);
    }

    if (accepted.isEmpty()) {
      err.println("loadgate: no tokens to accept: give --token T, or add profiles to profiles/");
      return Main.EXIT_INVALID;
    }
    if (!Loopback.is(host)) {
      err.println("loadgate: warning: binding " + host + " exposes capture beyond this machine");
    }
    LocalStack.Production production;
    switch (capacity) {
      case "local" -> production = null;
      case "production" -> {
        if (!(lagThreshold > 0)) {
          err.println("loadgate: --lag-threshold must be > 0 seconds, was " + lagThreshold);
          return Main.EXIT_INVALID;
        }
        double mix =
            mixEventsPerSecond != null
                ? mixEventsPerSecond
                : pipe.consumerRate(dev.loadgate.profile.Pipeline.DEFAULT_TYPE);
        if (!(mix > 0)) {
          err.println("loadgate: --mix-events-per-second must be > 0, was " + mix);
          return Main.EXIT_INVALID;
        }
        production = new LocalStack.Production(lagThreshold, mix, !autoscaleOnArm);
      }
      default -> {
        err.println(
            "loadgate: --capacity "
                + capacity
                + ": use local (full speed) or production (the pipeline file's capacities)");
        return Main.EXIT_INVALID;
      }
    }
    out.println(
        "loadgate stack: starting"
            + (kafkaBootstrap == null
                ? " an embedded Kafka broker..."
                : " against " + kafkaBootstrap + "..."));
    out.flush();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalStack.Options(
                  host,
                  port,
                  accepted,
                  apps,
                  pipe,
                  kafkaBootstrap,
                  consumers,
                  reconcile,
                  production));
    } catch (RuntimeException e) {
      Throwable cause =
          e.getCause() != null && e.getMessage() != null && e.getMessage().startsWith("java.")
              ? e.getCause()
              : e;
      err.println(
          "loadgate: the stack did not start: "
              + cause.getMessage()
              + (cause instanceof java.net.BindException
                  ? " (port " + port + "; pick another with --port)"
                  : ""));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nloadgate stack: stopping...");
                  stack.close();
                  stopped.countDown();
                }));
    String url = stack.captureUrl();
    out.printf(
        "loadgate stack: ready in %.1f s (%s)%n",
        stack.startup().toMillis() / 1000.0, stack.startupPhases());
    out.println("  kafka:    " + stack.kafka().describe());
    out.println(
        "  topics:   "
            + Topics.MAIN
            + " ("
            + pipe.partitions()
            + " partitions), "
            + Topics.OVERFLOW
            + ", "
            + Topics.HISTORICAL);
    out.println("  capture:  " + url + "/batch/  /e/  /i/v0/e/  /capture/");
    out.println("  metrics:  " + url + "/metrics   counters: " + url + "/stats");
    out.println(
        "  tokens:   "
            + String.join(", ", accepted)
            + (apps.isEmpty() ? "" : "; apps on for " + String.join(", ", apps)));
    out.println(
        "  overflow: "
            + (pipe.overflow().enabled()
                ? "above "
                    + (long) pipe.overflow().perDistinctIdEventsPerSecond()
                    + " ev/s per distinct_id"
                : "off")
            + "; rate limit "
            + (long) pipe.rateLimit().perTokenEventsPerSecond()
            + " ev/s per token");
    if (production != null) {
      out.printf(
          java.util.Locale.ROOT,
          "  capacity: production: %d consumers (up to %d) paced to the pipeline's rates; capture %d x %s req/s (up to %d replicas, 503 above); autoscaler after %s%n",
          pipe.consumers(),
          Math.min(pipe.autoscaling().maxConsumers(), pipe.partitions()),
          pipe.capture().replicas(),
          dev.loadgate.plan.Fmt.num(pipe.capture().requestsPerSecondPerReplica()),
          pipe.autoscaling().maxCaptureReplicas(),
          pipe.autoscaling().reactionTime().toMillis() / 1000.0 + " s");
    } else {
      out.println("  capacity: local (full speed); --capacity production runs the pipeline file's");
    }
    out.println("  timeline: " + url + "/timeline");
    String faultsUrl = null;
    if (faults) {
      faultsUrl = FaultServer.start(stack).url();
      out.println(
          "  faults:   "
              + faultsUrl
              + "/faults/kafka/kill  /faults/kafka/restart  /faults/consumer/kill");
    }
    out.println("Ctrl-C to stop.");
    // For a process that started this one (StackProcess): one JSON line, not the banner's words.
    out.println(
        new StackReady(
                url,
                faultsUrl,
                stack.kafka().bootstrapServers(),
                stack.kafka() instanceof EmbeddedKafka e ? e.pid() : -1)
            .line());
    out.flush();
    long lastAcked = -1;
    while (stopped.getCount() > 0) {
      if (stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        break;
      }
      long acked = stack.metrics().acked();
      if (acked != lastAcked) {
        Runtime rt = Runtime.getRuntime();
        out.printf(
            "  acked %,d  consumed %,d  lag %s  heap %,d of %,d MB%n",
            acked,
            stack.metrics().consumed(),
            stack.metrics().lagRecords() < 0
                ? "unknown (broker away?)"
                : String.format("%,d records", stack.metrics().lagRecords()),
            (rt.totalMemory() - rt.freeMemory()) >> 20,
            rt.maxMemory() >> 20);
        out.flush();
        lastAcked = acked;
      }
    }
    return 0;
  }

  private static void profileTokens(Set<String> tokens, Set<String> apps) {
    for (String name : Profiles.names(Profiles.DEFAULT_DIR)) {
      try {
        IntakeProfile p = ProfileLoader.load(Profiles.resolve(name, Profiles.DEFAULT_DIR));
        tokens.add(p.token());
        if (Boolean.TRUE.equals(p.appsEnabled())) {
          apps.add(p.token());
        }
      } catch (ProfileException e) {
        // a broken profile does not stop the stack; `loadgate plan` reports it
      }
    }
  }
}
