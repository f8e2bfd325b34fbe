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

  /**
   * A top id of 0.1% (0.6 ev/s) among 10 ids: the other 9 must share the rest evenly, 66.6 ev/s
   * each at the 600 ev/s peak, all above the 50 ev/s limit though no top id is.
   */
  private static Plan tailAboveTheLimit(String kind) {
    return HandWorkedProfile.plan(
        HandWorkedProfile.profile(
                "  - { duration: 10m, target: 600 }\n  - { duration: 10m, target: 600 }",
                10,
                "apps_enabled: false")
            .replace("kind: load_test", "kind: " + kind)
            .replace("total: 1000\n", "total: 10\n")
            .replace(HandWorkedProfile.TOP, "    - { distinct_id: id1, events: 1000 }\n"));
  }

  @Test
  void tailIdsAboveTheLimitAreCountedAndTheCustomerToldWithoutNamingAnyone() {
    Plan p = tailAboveTheLimit("load_test");
    assertEquals(List.of(), p.hotDistinctIds());
    assertEquals(9, p.tailHotDistinctIds());
    assertTrue(
        p.reasons()
            .contains(
                "The Zipf tail fitted to the top counts (exponent 0.00) puts about 9 more"
                    + " distinct_ids beyond the top list above the overflow limit: ask for a"
                    + " longer top list if ordering matters for them."),
        p.reasons()::toString);
    assertTrue(
        p.tellCustomer()
            .contains(
                "Events of your busiest distinct_ids (above 50 ev/s each) are spread over"
                    + " partitions to keep ingestion flowing, so they may be processed out of"
                    + " order."),
        p.tellCustomer()::toString);
  }

  @Test
  void aHistoricalImportsTailIsNeverOverflowedSoNothingIsSaidOfIt() {
    Plan p = tailAboveTheLimit("historical_import");
    assertTrue(p.reasons().stream().noneMatch(r -> r.contains("Zipf tail")), p.reasons()::toString);
    assertTrue(
        p.tellCustomer().stream().noneMatch(t -> t.contains("busiest distinct_ids")),
        p.tellCustomer()::toString);
  }
}
