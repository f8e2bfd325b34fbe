package dev.loadgate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.loadgate.measure.StackClient;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.simulation.LoadShape;
import dev.loadgate.simulation.RunTally;
import dev.loadgate.simulation.SimulationSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A drill is under way from its moment until the stack has answered it, and the summary waits for
 * it: a fault port on loopback whose consumer kill answers only when the test lets it, as the
 * stack's answers only once the replacement has joined.
 */
class FaultDrillsTest {
  @Test
  void aConsumerBeingReplacedHoldsTheDrainAndTheSummaryWaitsForIt() throws Exception {
    CountDownLatch replaced = new CountDownLatch(1);
    CountDownLatch asked = new CountDownLatch(1);
    HttpServer port =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    port.createContext(
        "/faults/consumer/kill",
        exchange -> {
          asked.countDown();
          try {
            replaced.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    port.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    port.start();
    try {
      Properties p = new Properties();
      p.setProperty("fault.consumer", "1s");
      FaultDrills drills = FaultDrills.of(SimulationSettings.from(p));
      String url = "http://127.0.0.1:" + port.getAddress().getPort();
      RunTally tally = new RunTally(LoadShape.of(RateCurve.flat(10, 10), 1));
      PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      assertFalse(drills.underWay(), "nothing before the load");
      drills.start(new StackClient(url), url, tally, out);
      assertFalse(drills.underWay(), "waiting for the load's first request is not under way");
      tally.sending(); // the load starts; the drill acts 1 s into it
      assertTrue(asked.await(30, TimeUnit.SECONDS), "the drill asked the fault port");
      assertTrue(drills.underWay(), "a consumer is being replaced");
      assertEquals(List.of(), drills.withErrorSpan(0), "not recorded until the stack answers");
      replaced.countDown();
      drills.awaitDrills(Duration.ofSeconds(30));
      assertFalse(drills.underWay());
      assertEquals(1, drills.withErrorSpan(0).size());
      assertTrue(drills.withErrorSpan(0).get(0).kind().startsWith("consumer crashed"));
    } finally {
      port.stop(0);
    }
  }

  @Test
  void aDrillWhoseMomentHasNotComeIsNotUnderWay() {
    // The drain and the summary wait only while underWay(): a drill set for an hour into a
    // ten-second load must not hold them.
    Properties p = new Properties();
    p.setProperty("fault.consumer", "1h");
    FaultDrills drills = FaultDrills.of(SimulationSettings.from(p));
    RunTally tally = new RunTally(LoadShape.of(RateCurve.flat(10, 10), 1));
    drills.start(new StackClient("http://127.0.0.1:9"), "http://127.0.0.1:9", tally, System.out);
    tally.sending();
    assertFalse(drills.underWay());
    assertEquals(List.of(), drills.withErrorSpan(0));
  }
}
