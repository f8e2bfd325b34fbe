package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.testing.KafkaPartitions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The replay's load as the model takes it, on {@code DistinctIdSamplerTest}'s hand-made skew: top a
 * (50%) and b (20%), a uniform tail of three ids at 10% each (ranks 3, 4, 5); partitions from
 * kafka-clients' murmur2.
 */
class ReplayTrafficTest {
  private static final String TOKEN = "phc_t";
  private static final Pipeline.Overflow NO_FORCED = new Pipeline.Overflow(true, 100, 100);
  private static final DistinctIdSampler IDS = new DistinctIdSampler(DistinctIdSamplerTest.SMALL);

  private static int kafka(String id, int partitions) {
    return KafkaPartitions.of(TOKEN + ":" + id, partitions);
  }

  private static IngestionModel.HotKey hot(String id, double share) {
    return new IngestionModel.HotKey(id, kafka(id, 4), share);
  }

  private static void assertHot(
      List<IngestionModel.HotKey> expected, List<IngestionModel.HotKey> actual) {
    assertEquals(ids(expected), ids(actual));
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).partition(), actual.get(i).partition());
      assertEquals(expected.get(i).share(), actual.get(i).share(), 1e-12);
    }
  }

  private static List<String> ids(List<IngestionModel.HotKey> hot) {
    return hot.stream().map(IngestionModel.HotKey::distinctId).toList();
  }

  @Test
  void anIdIsHotOnlyAboveTheThresholdNotAtIt() {
    // At a threshold of b's own share (20%) only a is hot.
    assertHot(
        List.of(hot("a", 0.5)), ReplayTraffic.hotKeys(TOKEN, IDS, 4, IDS.topShare(1), NO_FORCED));
    // Below 10% every id is: the top two, then the tail ranks in order.
    List<IngestionModel.HotKey> all = ReplayTraffic.hotKeys(TOKEN, IDS, 4, 0.09, NO_FORCED);
    assertEquals(
        List.of("a", "b", "loadgate-tail-3", "loadgate-tail-4", "loadgate-tail-5"), ids(all));
    for (IngestionModel.HotKey h : all) {
      assertEquals(kafka(h.distinctId(), 4), h.partition(), h.toString());
    }
    assertEquals(0.1, all.get(4).share(), 1e-12);
    // A tail rank whose share is exactly the threshold is not hot, and none after it either.
    assertEquals(
        List.of("a", "b"), ids(ReplayTraffic.hotKeys(TOKEN, IDS, 4, IDS.tailShare(3), NO_FORCED)));
  }

  private static Pipeline pipeline(boolean overflow) {
    return PipelineLoader.parse(
        Path.of("replay.yaml"),
        """
        partitions: 4
        consumers: 1
        consumer_events_per_second: { default: 1000 }
        capture: { replicas: 1, requests_per_second_per_replica: 100, max_request_bytes: 1000000 }
        autoscaling: { reaction_time: 5m, max_consumers: 4, max_capture_replicas: 2 }
        overflow: { enabled: %s, per_distinct_id_events_per_second: 50, burst: 20 }
        rate_limit: { per_token_events_per_second: 10000 }
        """
            .formatted(overflow));
  }

  private static double[] keyedAll() {
    double[] shares = new double[4];
    shares[kafka("a", 4)] += 0.5;
    shares[kafka("b", 4)] += 0.2;
    for (int rank = 3; rank <= 5; rank++) {
      shares[kafka("loadgate-tail-" + rank, 4)] += 0.1;
    }
    return shares;
  }

  @Test
  void theHotKeysLeaveTheirPartitionsKeyedShare() {
    // 50 ev/s per id at a 240 ev/s peak: a threshold of 20.8%, so a (50%) overflows, b (20%) not.
    RateCurve curve = RateCurve.flat(240, 10);
    IngestionModel.Traffic t = ReplayTraffic.of(TOKEN, false, IDS, curve, 20, pipeline(true));
    assertHot(List.of(hot("a", 0.5)), t.hotKeys());
    double[] expected = keyedAll();
    expected[kafka("a", 4)] -= 0.5;
    assertArrayEquals(expected, t.keyedShares(), 1e-12);
    assertEquals(20, t.eventsPerRequest());
    assertFalse(t.historical());
    assertEquals(curve, t.curve());
    // At 490 ev/s the threshold is 10.2%: b is hot as well, the tail ranks (10%) are not.
    assertEquals(
        List.of("a", "b"),
        ids(
            ReplayTraffic.of(TOKEN, false, IDS, RateCurve.flat(490, 10), 20, pipeline(true))
                .hotKeys()));
  }

  @Test
  void noHotKeysForAHistoricalImportWithOverflowOffOrWithoutLoad() {
    for (IngestionModel.Traffic t :
        List.of(
            ReplayTraffic.of(TOKEN, true, IDS, RateCurve.flat(250, 10), 20, pipeline(true)),
            ReplayTraffic.of(TOKEN, false, IDS, RateCurve.flat(250, 10), 20, pipeline(false)),
            ReplayTraffic.of(TOKEN, false, IDS, RateCurve.flat(0, 10), 20, pipeline(true)))) {
      assertTrue(t.hotKeys().isEmpty(), t.toString());
      assertArrayEquals(keyedAll(), t.keyedShares(), 1e-12);
    }
    assertTrue(
        ReplayTraffic.of(TOKEN, true, IDS, RateCurve.flat(250, 10), 20, pipeline(true))
            .historical());
  }

  @Test
  void aForcedKeyIsHotWhateverItSendsAndMarkedForced() {
    Pipeline.Overflow forcedB =
        new Pipeline.Overflow(
            true,
            100,
            100,
            Pipeline.Limiter.TOKEN_BUCKET,
            0,
            java.time.Duration.ZERO,
            java.time.Duration.ZERO,
            List.of(TOKEN + ":b"));
    // Only a is above half the load; b, forced, is hot too.
    List<IngestionModel.HotKey> hot = ReplayTraffic.hotKeys(TOKEN, IDS, 4, 0.49, forcedB);
    assertEquals(List.of("a", "b"), ids(hot));
    assertFalse(hot.get(0).forced());
    assertTrue(hot.get(1).forced());
  }
}
