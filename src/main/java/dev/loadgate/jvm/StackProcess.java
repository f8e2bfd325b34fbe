package dev.loadgate.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code loadgate stack} in a JVM of its own, for a load generator that must not share its heap and
 * threads with the system under test (the simulation). Started on this process's classpath; ready
 * when the stack prints its {@link StackReady} line; stopped with SIGTERM, which the stack handles
 * by closing capture, consumers and its broker in order.
 */
public final class StackProcess implements AutoCloseable {
  private static final int KEEP_LINES = 40;

  private final Process process;
  private final String url;
  private final String faultsUrl;
  private final String kafkaBootstrap;
  private final long brokerPid;
  private final Thread stopOnExit;

  private StackProcess(
      Process process, String url, String faultsUrl, String kafkaBootstrap, long brokerPid) {
    this.process = process;
    this.url = url;
    this.faultsUrl = faultsUrl;
    this.kafkaBootstrap = kafkaBootstrap;
    this.brokerPid = brokerPid;
    this.stopOnExit = new Thread(this::stop, "stop-loadgate-stack");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts {@code loadgate stack <args>} and waits until it serves.
   *
   * @param output receives every line the stack prints (its banner and progress)
   * @throws IllegalStateException if it exits or is not ready within {@code timeout}; the message
   *     holds its last lines
   */
  public static StackProcess start(List<String> args, Duration timeout, Consumer<String> output) {
    return start(
        List.of("-Xmx1g", "-XX:+UseParallelGC", "-Djava.awt.headless=true"), args, timeout, output);
  }

  /** The same with the stack JVM's own options (e.g. those {@code ./loadgate} gives it). */
  public static StackProcess start(
      List<String> jvmOptions, List<String> args, Duration timeout, Consumer<String> output) {
    List<String> stackArgs = new ArrayList<>();
    stackArgs.add("stack");
    stackArgs.addAll(args);
    List<String> cmd = ChildJvm.command(jvmOptions, "dev.loadgate.cli.Main", stackArgs);
    Process p;
    try {
      p = ChildJvm.serverProcess(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the stack's JVM: " + e.getMessage(), e);
    }
    CompletableFuture<StackReady> ready = new CompletableFuture<>();
    Deque<String> last = new ArrayDeque<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (last) {
                    last.addLast(line);
                    if (last.size() > KEEP_LINES) {
                      last.removeFirst();
                    }
                  }
                  output.accept(line);
                  StackReady r0 = StackReady.parse(line);
                  if (r0 != null) {
                    ready.complete(r0);
                  }
                }
              } catch (IOException e) {
                // the stream closes when the stack exits
              }
              ready.completeExceptionally(new IllegalStateException("the stack exited"));
            },
            "loadgate-stack-output");
    reader.setDaemon(true);
    reader.start();
    try {
      StackReady r = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new StackProcess(p, r.captureUrl(), r.faultsUrl(), r.kafkaBootstrap(), r.brokerPid());
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      p.destroy();
      waitFor(p, Duration.ofSeconds(20));
      String tail;
      synchronized (last) {
        tail = String.join("\n  ", last);
      }
      throw new IllegalStateException(
          (e instanceof TimeoutException
                  ? "the stack was not ready within " + timeout.toSeconds() + " s"
                  : "the stack exited before it was ready")
              + "; its last lines:\n  "
              + tail,
          e);
    }
  }

  /** The capture server's base URL, e.g. {@code http://127.0.0.1:41233}. */
  public String url() {
    return url;
  }

  /** The fault-injection base URL ({@code --faults}), or null. */
  public String faultsUrl() {
    return faultsUrl;
  }

  public long pid() {
    return process.pid();
  }

  /** The Kafka cluster the stack uses ({@code host:port}). */
  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** The embedded broker's process id, -1 when the stack uses an external cluster. */
  public long brokerPid() {
    return brokerPid;
  }

  /** SIGTERM, then wait for the stack to close its parts (SIGKILL after 30 s). */
  private void stop() {
    if (process.isAlive()) {
      process.destroy();
      waitFor(process, Duration.ofSeconds(30));
    }
  }

  private static void waitFor(Process p, Duration d) {
    try {
      if (!p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or ran
    }
  }
}
