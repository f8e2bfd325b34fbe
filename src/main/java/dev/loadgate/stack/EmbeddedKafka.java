package dev.loadgate.stack;

import dev.loadgate.jvm.ChildJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, one combined broker+controller node) run as a child JVM with
 * Kafka's own {@code kafka.Kafka} main, from the jars on this classpath. A child process, not a
 * thread: the stack's load does not share a heap with the broker, and a test can kill the broker
 * for real ({@link #kill()}) and bring it back on the same port and data ({@link #restart()}).
 */
public final class EmbeddedKafka implements KafkaCluster {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final Path properties;
  private final String heap;
  private final String clusterId = Uuid.randomUuid().toString();

  /** How many times a start picks new ports when another process took the ones it chose. */
  private static final int PORT_ATTEMPTS = 3;

  /**
   * The broker could not have the ports chosen for it: another process bound one between the choice
   * and the broker's start (a free port is only free until someone takes it).
   */
  static final class PortTaken extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }

  private Process process;

  private EmbeddedKafka(Path dir, int port, int controllerPort, String heap) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.properties = dir.resolve("server.properties");
    this.heap = heap;
  }

  /** Formats a fresh temp directory and starts the broker; returns once it answers. */
  public static EmbeddedKafka start() {
    return start("192m");
  }

  public static EmbeddedKafka start(String heap) {
    return start(heap, EmbeddedKafka::freePort);
  }

  /** As {@link #start(String)}, with the ports to try drawn from {@code ports}. */
  static EmbeddedKafka start(String heap, java.util.function.IntSupplier ports) {
    for (int attempt = 1; ; attempt++) {
      EmbeddedKafka kafka;
      try {
        kafka =
            new EmbeddedKafka(
                Files.createTempDirectory("loadgate-kafka-"),
                ports.getAsInt(),
                ports.getAsInt(),
                heap);
        kafka.format();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        kafka.launch();
        return kafka;
      } catch (PortTaken e) {
        kafka.close();
        if (attempt == PORT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String describe() {
    return "embedded Kafka broker (KRaft, pid "
        + (process == null ? "-" : process.pid())
        + ") at "
        + bootstrapServers();
  }

  public Path logFile() {
    return dir.resolve("broker.log");
  }

  /** The broker JVM's process id, -1 when not running. */
  public long pid() {
    return process == null ? -1 : process.pid();
  }

  public boolean isRunning() {

    return process != null && process.isAlive();
  }

  /** SIGKILL, no clean shutdown: what a crashed broker looks like to capture and consumers. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitFor(process);
    }
  }

  /** Starts the broker again on the same port with the same data. */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("broker is still running");
    }
    launch();
  }

  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        process.destroy(); // SIGTERM: Kafka shuts down cleanly
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          waitFor(process);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(dir);
    }
  }

  private void format() throws IOException {
    String props =
        String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:"
                    + port
                    + ",CONTROLLER://127.0.0.1:"
                    + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=67108864",
                // The log cleaner (it compacts __consumer_offsets) allocates its whole dedupe
                // buffer on the heap at start: 128 MB by default, 85% of the broker's live heap
                // here (found in a heap dump). 8 MB dedupes ~350,000 offsets a pass.
                "log.cleaner.dedupe.buffer.size=8388608",
                "")
            + "\n";
    Files.writeString(properties, props);
    PrintStream out =
        new PrintStream(
            Files.newOutputStream(dir.resolve("format.log")), true, StandardCharsets.UTF_8);
    int code =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", properties.toString()}, out);
    out.close();
    if (code != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage failed (exit "
              + code
              + "): "
              + Files.readString(dir.resolve("format.log")));
    }
  }

  private void launch() {
    List<String> cmd =
        ChildJvm.command(
            jvmOptions(heap, System.getenv()).stream()
                .map(o -> o.replace("{gc.log}", dir.resolve("gc.log").toString()))
                .toList(),
            "kafka.Kafka",
            List.of(properties.toString()));

    try {
      process =
          ChildJvm.serverProcess(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    awaitReady();
  }

  /**
   * The broker JVM's options, set as Kafka's own start scripts set them: {@code KAFKA_HEAP_OPTS}
   * replaces the heap flags, {@code KAFKA_JVM_PERFORMANCE_OPTS} the collector's, and {@code
   * KAFKA_OPTS} is added last.
   */
  static List<String> jvmOptions(String heap, Map<String, String> env) {
    List<String> jvm = new ArrayList<>();
    // One node's metadata and request buffers live in ~30 MB of heap once the log cleaner's
    // buffer is sized (below); the serial collector costs no memory of its own, where G1's
    // remembered sets and bitmaps took 46 MB. Young collections of this heap take milliseconds.
    jvm.addAll(words(env.get("KAFKA_HEAP_OPTS"), List.of("-Xms32m", "-Xmx" + heap)));
    jvm.addAll(words(env.get("KAFKA_JVM_PERFORMANCE_OPTS"), List.of("-XX:+UseSerialGC")));
    jvm.addAll(List.of("-Xlog:gc:file={gc.log}", "-Djava.awt.headless=true"));
    jvm.addAll(words(env.get("KAFKA_OPTS"), List.of()));
    return jvm;
  }

  private static List<String> words(String value, List<String> otherwise) {
    return value == null || value.isBlank() ? otherwise : List.of(value.trim().split("\\s+"));
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          String why =
              "the Kafka broker exited with "
                  + process.exitValue()
                  + " before it was ready:\n"
                  + tail();
          throw why.contains("Address already in use")
              ? new PortTaken(why)
              : new IllegalStateException(why);
        }
        String answered;
        try {
          var cluster = admin.describeCluster();
          answered =
              cluster.nodes().get(3, TimeUnit.SECONDS).isEmpty()
                  ? null
                  : cluster.clusterId().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
          answered = null; // not up yet
        }
        if (clusterId.equals(answered)) {
          return;
        }
        if (answered != null) {
          // Someone else's broker on the port chosen for this one.
          process.destroyForcibly();
          waitFor(process);
          throw new PortTaken(
              "another Kafka cluster (" + answered + ") answers at " + bootstrapServers());
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "the Kafka broker was not ready within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no broker log)";
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Deletes a temp directory and what it holds, as far as it can. */
  public static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp dir
    }
  }
}
