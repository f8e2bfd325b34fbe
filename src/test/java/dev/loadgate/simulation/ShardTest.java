package dev.loadgate.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.RateCurve;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code -Dshard=K/N}: the arithmetic of splitting one load over N injectors. */
class ShardTest {
  /**
   * 700 requests at once (3,500 req/s for 0.2 s, under a second), a ramp down to 300 req/s over 10
   * s, 301 req/s for 7 s (10 ev/request).
   */
  static final LoadShape WHOLE =
      LoadShape.of(
          RateCurve.of(
              List.of(
                  new RateCurve.Point(0, 35000),
                  new RateCurve.Point(0.2, 35000),
                  new RateCurve.Point(10.2, 3000),
                  new RateCurve.Point(10.2, 3010),
                  new RateCurve.Point(17.2, 3010))),
          10);

  @Test
  void theShardsTogetherSendTheWholeLoad() {
    for (int n : new int[] {1, 2, 3, 7}) {
      long[] sum = new long[WHOLE.steps().size()];
      double[] rates = new double[WHOLE.steps().size()];
      for (int k = 1; k <= n; k++) {
        LoadShape part = new Shard(k, n).slice(WHOLE);
        assertEquals(WHOLE.steps().size(), part.steps().size());
        assertEquals(WHOLE.eventsPerRequest(), part.eventsPerRequest());
        for (int i = 0; i < sum.length; i++) {
          LoadShape.Step w = WHOLE.steps().get(i);
          LoadShape.Step p = part.steps().get(i);
          assertEquals(w.startSeconds(), p.startSeconds());
          assertEquals(w.seconds(), p.seconds());
          assertEquals(w.kind(), p.kind());
          sum[i] += p.requests();
          rates[i] += p.toRequestsPerSecond();
        }
      }
      for (int i = 0; i < sum.length; i++) {
        LoadShape.Step w = WHOLE.steps().get(i);
        if (w.kind() == LoadShape.Kind.AT_ONCE) {
          assertEquals(w.requests(), sum[i], "at once, n=" + n + ": exactly");
        } else {
          // Gatling counts whole users a step: each shard may round one down.
          assertTrue(w.requests() - sum[i] >= 0 && w.requests() - sum[i] <= n, "n=" + n);
          assertEquals(w.toRequestsPerSecond(), rates[i], 1e-9);
        }
      }
    }
  }

  @Test
  void anAtOnceStepIsSplitSoNoShardSendsMoreThanOneExtra() {
    // 700 requests over 3 shards: 234, 233, 233.
    assertEquals(234, new Shard(1, 3).slice(WHOLE).steps().get(0).requests());
    assertEquals(233, new Shard(2, 3).slice(WHOLE).steps().get(0).requests());
    assertEquals(233, new Shard(3, 3).slice(WHOLE).steps().get(0).requests());
  }

  @Test
  void kOverNIsReadAndCheckedAndReadBack() {
    assertEquals(new Shard(2, 3), Shard.parse(" 2/3 "));
    assertNull(Shard.parse(" "));
    for (String bad : new String[] {"0/3", "4/3", "3", "a/b", "1/0", "1/2/3"}) {
      assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
    }
    Properties p = new Properties();
    p.setProperty("profile", "example");
    p.setProperty("target", "http://127.0.0.1:8010");
    p.setProperty("shard", "2/3");
    p.setProperty("start.at", "2026-12-15T10:00:00+01:00");
    p.setProperty("scale.rate", "0.5");
    SimulationSettings s = SimulationSettings.from(p);
    assertEquals(new Shard(2, 3), s.shard());
    assertEquals(java.time.Instant.parse("2026-12-15T09:00:00Z"), s.startAt());
    // What a shard records reads back as the same settings: the merge works the run out again.
    Properties back = new Properties();
    back.putAll(s.toProperties());
    assertEquals(s, SimulationSettings.from(back));
    p.setProperty("start.at", "tomorrow");
    assertThrows(IllegalArgumentException.class, () -> SimulationSettings.from(p));
  }
}
