package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hot-id reason names five ids and counts the rest. The hand-worked profile ramped to 600 ev/s
 * with its top list replaced: each top id has 9% of the events, 54 ev/s at the peak, above the
 * small pipeline's 50 ev/s overflow limit.
 */
class HotIdReasonsTest {
  private static Plan plan(int hotIds) {
    StringBuilder top = new StringBuilder();
    for (int i = 1; i <= hotIds; i++) {
      top.append("    - { distinct_id: id").append(i).append(", events: 90000 }\n");
    }
    return HandWorkedProfile.plan(
        HandWorkedProfile.profile(
                "  - { duration: 10m, target: 600 }\n  - { duration: 10m, target: 600 }",
                10,
                "apps_enabled: false")
            .replace(HandWorkedProfile.TOP, top.toString()));
  }

  private static String hotReason(Plan p) {
    List<String> r = p.reasons().stream().filter(s -> s.contains("exceed")).toList();
    assertEquals(1, r.size(), p.reasons()::toString);
    return r.get(0);
  }

  @Test
  void fiveHotIdsAreAllNamed() {
    String r = hotReason(plan(5));
    assertTrue(
        r.startsWith("5 distinct_ids exceed the overflow limit of 50 ev/s: id1 (54 ev/s"), r);
    assertTrue(r.contains("id5 (54 ev/s"), r);
    assertFalse(r.contains(" more"), r);
  }

  @Test
  void pastFiveTheRestAreCounted() {
    String r = hotReason(plan(7));
    assertTrue(r.startsWith("7 distinct_ids exceed the overflow limit of 50 ev/s: "), r);
    assertTrue(r.contains(" and 2 more; capture overflows their events"), r);
    assertFalse(r.contains("id6 ("), "the sixth is counted, not named: " + r);
  }
}
