package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The autoscaler's rule, on its own: when it looks, what it asks for, when that runs. */
class AutoscalerTest {
  // 100 ev/s per consumer, 10 req/s per capture replica, 60 s reaction; at most 8 consumers over 6
  // partitions, 5 replicas.
  private static final Autoscaler.Limits LIMITS = new Autoscaler.Limits(8, 6, 100, 5, 10, 60);

  private static Autoscaler.Signals signals(
      boolean refusing, boolean lagging, double offeredRps, double produced, double backlog) {
    return new Autoscaler.Signals(refusing, lagging, offeredRps, produced, backlog);
  }

  @Test
  void consumersForWhatIsProducedPlusTheBacklogWithinOneReactionTime() {
    // 250 ev/s produced and 6,000 waiting: 250 + 6,000 / 60 = 350 ev/s -> 4 consumers.
    Autoscaler.Sizes want =
        Autoscaler.wanted(signals(false, true, 0, 250, 6000), new Autoscaler.Sizes(1, 1), LIMITS);
    assertEquals(new Autoscaler.Sizes(4, 1), want);
  }

  @Test
  void replicasForTheRequestsOfferedAndNeverAboveTheMaxima() {
    // 32 req/s offered at 10 per replica: 4. 1,000 ev/s would need 10 consumers: partitions cap at
    // 6.
    assertEquals(
        new Autoscaler.Sizes(6, 4),
        Autoscaler.wanted(signals(true, true, 32, 1000, 0), new Autoscaler.Sizes(1, 1), LIMITS));
    // 80 req/s would need 8 replicas: the maximum is 5.
    assertEquals(
        new Autoscaler.Sizes(2, 5),
        Autoscaler.wanted(signals(true, false, 80, 0, 0), new Autoscaler.Sizes(2, 1), LIMITS));
  }

  @Test
  void aWholeNumberOfConsumersIsThatNumberEvenWithFloatNoise() {
    // 300 ev/s at 100 each is exactly 3 consumers, not 4; 300.0000001 (float noise) is still 3;
    // 300.001 is more than 3 take: 4.
    for (double[] c : new double[][] {{300, 3}, {300.0000001, 3}, {300.001, 4}}) {
      assertEquals(
          new Autoscaler.Sizes((int) c[1], 1),
          Autoscaler.wanted(signals(false, true, 0, c[0], 0), new Autoscaler.Sizes(1, 1), LIMITS),
          c[0] + " ev/s");
    }
  }

  @Test
  void neverAsksForFewerThanRun() {
    assertEquals(
        new Autoscaler.Sizes(3, 2),
        Autoscaler.wanted(signals(false, true, 1, 10, 0), new Autoscaler.Sizes(3, 2), LIMITS));
  }

  @Test
  void leavesAPartAloneWithinTenPercentOfWhatRuns() {
    // 3 consumers (300 ev/s): 330 ev/s needed is within 10%, 331 is not (4 consumers). Capture at
    // 2 replicas (20 req/s): 22 req/s stays, 22.1 asks for 3.
    Autoscaler.Sizes three = new Autoscaler.Sizes(3, 2);
    assertEquals(three, Autoscaler.wanted(signals(true, true, 22, 330, 0), three, LIMITS));
    assertEquals(
        new Autoscaler.Sizes(4, 3),
        Autoscaler.wanted(signals(true, true, 22.1, 331, 0), three, LIMITS));
  }

  @Test
  void looksOnlyWhenCaptureRefusesOrAPartitionLags() {
    Autoscaler a = new Autoscaler(LIMITS, new Autoscaler.Sizes(1, 1));
    // Far above capacity, but nothing refused and nothing lags (yet): no decision.
    assertFalse(a.decide(0, signals(false, false, 100, 900, 0)));
    assertNull(a.pending());
    assertTrue(a.decide(1, signals(false, true, 0, 250, 0)));
    assertEquals(new Autoscaler.Sizes(3, 1), a.pending());
  }

  @Test
  void whatItAskedForRunsOneReactionTimeLaterAndItDecidesOncePerReactionTime() {
    Autoscaler a = new Autoscaler(LIMITS, new Autoscaler.Sizes(1, 1));
    assertTrue(a.decide(10, signals(false, true, 0, 250, 0))); // 3 consumers, due at 70
    assertFalse(a.decide(20, signals(false, true, 0, 550, 0))); // one decision at a time
    assertFalse(a.apply(69.9));
    assertEquals(new Autoscaler.Sizes(1, 1), a.running());
    assertTrue(a.apply(70));
    assertEquals(new Autoscaler.Sizes(3, 1), a.running());
    assertTrue(a.decide(70, signals(false, true, 0, 550, 0))); // 6 consumers, due at 130
    assertFalse(a.apply(129));
    assertTrue(a.apply(130));
    assertEquals(new Autoscaler.Sizes(6, 1), a.running());
  }

  @Test
  void nothingToAskWhenAlreadyAtTheMaximaWhateverLags() {
    Autoscaler a = new Autoscaler(LIMITS, new Autoscaler.Sizes(6, 5));
    assertFalse(a.decide(0, signals(true, true, 1000, 1e6, 1e6)));
    assertNull(a.pending());
  }
}
