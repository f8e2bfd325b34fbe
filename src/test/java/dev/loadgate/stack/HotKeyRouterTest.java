package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Capture's route for each event: keyed, overflow with persons, or overflow without. */
class HotKeyRouterTest {
  private static final long SECOND = 1_000_000_000L;

  private static Pipeline.Overflow overflow(Pipeline.Limiter limiter, List<String> forced) {
    return new Pipeline.Overflow(
        true, 10, 5, limiter, 100, Duration.ofSeconds(10), Duration.ofSeconds(2), forced);
  }

  @Test
  void aForcedKeyGoesToOverflowPersonlessFromItsFirstEventWhicheverLimiter() {
    for (Pipeline.Limiter limiter : Pipeline.Limiter.values()) {
      HotKeyRouter r = new HotKeyRouter(overflow(limiter, List.of("phc:bot")), 0);
      assertEquals(HotKeyRouter.Route.OVERFLOW_PERSONLESS, r.route("phc:bot", 0), limiter.name());
      assertEquals(HotKeyRouter.Route.KEYED, r.route("phc:human", 0), limiter.name());
      assertEquals(Map.of("phc:bot", new HotKeyRouter.Rerouted(0, 1)), r.rerouted());
    }
  }

  @Test
  void theTokenBucketReroutesTheExcessWithPersonsKept() {
    HotKeyRouter r = new HotKeyRouter(overflow(Pipeline.Limiter.TOKEN_BUCKET, List.of()), 0);
    int keyed = 0;
    for (int i = 0; i < 8; i++) {
      HotKeyRouter.Route route = r.route("phc:hot", 1_000 + i);
      keyed += route == HotKeyRouter.Route.KEYED ? 1 : 0;
      assertTrue(route != HotKeyRouter.Route.OVERFLOW_PERSONLESS);
    }
    assertEquals(5, keyed, "the burst of 5 stays keyed");
    assertEquals(new HotKeyRouter.Rerouted(1_005, 3), r.rerouted().get("phc:hot"));
  }

  @Test
  void theGlobalWindowReroutesEverythingAfterDetectionPersonless() {
    HotKeyRouter r = new HotKeyRouter(overflow(Pipeline.Limiter.GLOBAL_WINDOW, List.of()), 0);
    // 100 ev/s: the 101st event (1.00 s) passes 100, rerouted from 3.00 s on.
    long first = -1;
    for (int i = 0; i < 500; i++) {
      long now = i * SECOND / 100;
      HotKeyRouter.Route route = r.route("phc:hot", now);
      if (route != HotKeyRouter.Route.KEYED && first < 0) {
        first = now;
      }
      if (first >= 0) {
        assertEquals(HotKeyRouter.Route.OVERFLOW_PERSONLESS, route, "all of it, at " + now);
      }
    }
    assertEquals(3 * SECOND, first);
    assertEquals(200, r.rerouted().get("phc:hot").events());
    r.forgetReroutes();
    assertTrue(r.rerouted().isEmpty());
  }
}
