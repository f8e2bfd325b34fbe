package dev.loadgate.runner;

import dev.loadgate.measure.StackClient;
import dev.loadgate.profile.Durations;
import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.RunTally;
import dev.loadgate.simulation.SimulationSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The fault drills of a run ({@code -Dfault.broker=AT+DOWN}, {@code -Dfault.consumer=AT}): each on
 * a thread of its own, timed from the start of the load, through the stack's fault port.
 */
final class FaultDrills {
  private final Duration brokerAt;
  private final Duration brokerDown;
  private final Duration consumerAt;
  private final List<RunSummary.Fault> faults = Collections.synchronizedList(new ArrayList<>());

  /** Drills past their moment and not yet recorded: a broker down, a consumer being replaced. */
  private final java.util.concurrent.atomic.AtomicInteger injecting =
      new java.util.concurrent.atomic.AtomicInteger();

  private FaultDrills(Duration brokerAt, Duration brokerDown, Duration consumerAt) {
    this.brokerAt = brokerAt;
    this.brokerDown = brokerDown;
    this.consumerAt = consumerAt;
  }

  /**
   * @throws IllegalArgumentException with the flag and an example, for a value that does not parse
   */
  static FaultDrills of(SimulationSettings s) {
    Duration at = null;
    Duration down = null;
    if (s.faultBroker() != null) {
      String[] parts = s.faultBroker().split("\\+");
      try {
        if (parts.length != 2) {
          throw new IllegalArgumentException("write it as AT+DOWN");
        }
        at = Durations.parse(parts[0].trim());
        down = Durations.parse(parts[1].trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-Dfault.broker=" + s.faultBroker() + ": " + e.getMessage() + " (e.g. 10s+12s)", e);
      }
    }
    Duration consumer = null;
    if (s.faultConsumer() != null) {
      try {
        consumer = Durations.parse(s.faultConsumer().trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-Dfault.consumer=" + s.faultConsumer() + ": " + e.getMessage() + " (e.g. 10s)", e);
      }
    }
    return new FaultDrills(at, down, consumer);
  }

  boolean any() {
    return brokerAt != null || consumerAt != null;
  }

  /** Starts the drills' threads; each waits for the load to reach its moment. */
  void start(StackClient stack, String faultsUrl, RunTally tally, PrintStream out) {
    if (brokerAt != null) {
      drill(
          "loadgate-fault-broker",
          tally,
          brokerAt,
          out,
          () -> broker(stack, faultsUrl, tally, out));
    }
    if (consumerAt != null) {
      drill(
          "loadgate-fault-consumer",
          tally,
          consumerAt,
          out,
          () -> consumer(stack, faultsUrl, tally, out));
    }
  }

  /**
   * Whether a drill is under way: a broker down, a consumer being replaced. The pipeline has not
   * settled until it is done, so the drain waits for it (a consumer killed near the end of the load
   * is replaced after it, and the summary must still report the fault). A drill still waiting for
   * its moment is not under way.
   */
  boolean underWay() {
    return injecting.get() > 0;
  }

  /** Waits at most {@code max} for the drills under way to finish, so the summary has them. */
  void awaitDrills(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try {
      while (underWay() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The faults injected, each with the span clients saw 503s or no answer. */
  List<RunSummary.Fault> withErrorSpan(double errorSpanSeconds) {
    synchronized (faults) {
      return faults.stream()
          .map(
              f ->
                  new RunSummary.Fault(
                      f.kind(),
                      f.killedAtSeconds(),
                      f.restartedAtSeconds(),
                      Math.round(errorSpanSeconds * 100) / 100.0))
          .toList();
    }
  }

  /**
   * One drill's injection, from its moment on; it records its fault when the stack has answered.
   */
  private interface Injection {
    void run() throws IOException, InterruptedException;
  }

  /**
   * On a thread of its own: waits for the drill's moment, then injects it, under way until the
   * injection returns.
   */
  private void drill(
      String name, RunTally tally, Duration at, PrintStream out, Injection injection) {
    Thread t =
        new Thread(
            () -> {
              try {
                sleepUntil(tally, at);
                injecting.incrementAndGet();
                try {
                  injection.run();
                } finally {
                  injecting.decrementAndGet();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (IOException e) {
                out.println("loadgate: fault injection failed: " + e.getMessage());
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  private void broker(StackClient stack, String faultsUrl, RunTally tally, PrintStream out)
      throws IOException, InterruptedException {
    stack.post(faultsUrl + "/faults/kafka/kill");
    double killed = tally.secondsSinceStart();
    out.printf(Locale.ROOT, "loadgate: fault: broker killed at %.1f s%n", killed);
    Thread.sleep(brokerDown.toMillis());
    stack.post(faultsUrl + "/faults/kafka/restart");
    double back = tally.secondsSinceStart();
    out.printf(Locale.ROOT, "loadgate: fault: broker back at %.1f s%n", back);
    faults.add(
        new RunSummary.Fault(
            "broker killed (SIGKILL) and restarted", round2(killed), round2(back), 0));
  }

  private void consumer(StackClient stack, String faultsUrl, RunTally tally, PrintStream out)
      throws IOException, InterruptedException {
    double killed = tally.secondsSinceStart();
    stack.post(faultsUrl + "/faults/consumer/kill");
    double back = tally.secondsSinceStart();
    out.printf(
        Locale.ROOT,
        "loadgate: fault: consumer crashed at %.1f s, replaced at %.1f s%n",
        killed,
        back);
    faults.add(
        new RunSummary.Fault(
            "consumer crashed mid-batch (nothing committed) and replaced",
            round2(killed),
            round2(back),
            0));
  }

  private static void sleepUntil(RunTally tally, Duration intoTheLoad) throws InterruptedException {
    while (!tally.started()) {
      Thread.sleep(50);
    }
    long wait = (long) (intoTheLoad.toMillis() - tally.secondsSinceStart() * 1000);
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
