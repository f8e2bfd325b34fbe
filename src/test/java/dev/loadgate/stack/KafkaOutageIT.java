package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Capture with the broker killed for real (SIGKILL) and restarted: 503 while down, never a false
 * 200.
 */
class KafkaOutageIT {
  @Test
  void captureAnswers503WhileKafkaIsDownAndLosesNothingAcked() throws Exception {
    try (LocalStack stack = SharedStack.start(SharedStack.pipeline())) {
      String url = stack.captureUrl();
      String before = "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"outage-before\"}";
      assertEquals(200, Http.post(url + "/e/", before).statusCode());

      EmbeddedKafka broker = (EmbeddedKafka) stack.kafka();
      broker.kill();
      // With its own uuid, as an SDK sends it: the retry below carries the same one.
      String during =
          "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"outage-during\","
              + "\"uuid\":\"0192f0a4-7e1c-7c3a-9d1e-5b2a4c6d8e0f\"}";
      HttpResponse<String> down = Http.post(url + "/e/", during);
      assertEquals(503, down.statusCode(), down.body());
      assertTrue(down.body().contains("Kafka cannot take the events"), down.body());

      // While it is down, a lag reading fails: absent, never a made-up number of records.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (stack.metrics().lagReadingsMissing.sum() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(stack.metrics().lagReadingsMissing.sum() > 0, "a lag reading failed");
      assertTrue(stack.metrics().stats().get("lag_missing_reason") != null);

      broker.restart();
      HttpResponse<String> back = null;
      for (int i = 0; i < 30 && (back == null || back.statusCode() != 200); i++) {
        back =
            Http.post(
                url + "/e/",
                "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"outage-after\"}");
      }
      assertEquals(200, back.statusCode(), back.body());
      assertEquals(200, Http.post(url + "/e/", during).statusCode(), "the client's retry");
      assertTrue(
          stack.consumers().awaitDrained(Duration.ofSeconds(90)), "drained after the restart");
      assertEquals(0, stack.metrics().unconsumed(), "every acked event consumed");
      // The highest lag is one that was read: a few records, not Long.MAX_VALUE.
      Object maxLag = stack.metrics().stats().get("max_lag_records");
      assertTrue(maxLag == null || (Long) maxLag < 1_000, "max lag " + maxLag);
      assertTrue(!stack.metrics().prometheus().contains(String.valueOf(Long.MAX_VALUE)));
      Reconciliation.Result r = stack.metrics().reconciliation();
      assertTrue(r.unconfirmedWrites() >= 1, "the 503'd event is kept by uuid");
      // If the unconfirmed write reached Kafka after all, the retry made it a duplicate.
      assertEquals(r.unconfirmedConsumed(), r.resentDuplicates());
      assertTrue(stack.metrics().requestsByStatus.get(503).sum() >= 1);
    }
  }
}
