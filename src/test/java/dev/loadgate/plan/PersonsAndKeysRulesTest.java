package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Person processing, per-key rates and lanes in the plan's own numbers (SPEC §9.1-9.3), each worked
 * by hand: c_mix with personless events, one key's rate, a live event's cost, the plan's reasons
 * and assumptions, the overflow lane, a lane's view of the pipeline.
 */
class PersonsAndKeysRulesTest {
  /** default 2,000 ev/s, $identify 500, apps ×1.5, personless ×0.5, keys 300 / 3,000 ev/s. */
  private static final String PIPELINE =
      """
      partitions: 8
      consumers: 4
      consumer_events_per_second: { default: 2000, $identify: 500 }
      apps_cost_factor: 1.5
      personless_cost_factor: 0.5
      capture: { replicas: 2, requests_per_second_per_replica: 1000, max_request_bytes: 1000000 }
      autoscaling: { reaction_time: 5m, max_consumers: 16, max_capture_replicas: 8 }
      overflow: { enabled: false, per_distinct_id_events_per_second: 50, burst: 500 }
      rate_limit: { per_token_events_per_second: 100000 }
      consumer:
        batch_size: 500
        per_key_events_per_second: { person: 300, personless: 3000 }
      """;

  /** Lanes of their own: main 4 (up to 16), overflow 1 (4), historical 2 (6). */
  private static final String LANES =
      "lanes:\n  main: { consumers: 4, max_consumers: 16 }\n"
          + "  overflow: { consumers: 1, max_consumers: 4 }\n"
          + "  historical: { consumers: 2, max_consumers: 6 }\n";

  /** Live traffic at 100 ev/s every hour of the week, in requests of 10. */
  private static final String LIVE_100 =
      "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  weekly:\n"
          + Fixtures.weekly((d, h) -> 100);

  private static Map<String, Double> mix() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("$pageview", 0.9);
    m.put("$identify", 0.1);
    return m;
  }

  @Test
  void personlessEventsCostLessAndNeverComeFromMerges() {
    Pipeline p = Fixtures.pipeline(PIPELINE);
    // 45% personless, all from the 90% that may be: half of the pageviews. A pageview costs
    // 1/2000 × (1 − 0.5 × 0.5) = 0.000375 s, an $identify 1/500 = 0.002 s:
    // 0.9 × 0.000375 + 0.1 × 0.002 = 0.0005375 s, c_mix = 1,860.47 ev/s.
    assertEquals(0.5, ConsumerMix.personlessWithinOthers(mix(), 0.45), 1e-12);
    assertEquals(1 / 0.0005375, ConsumerMix.eventsPerSecond(mix(), p, false, 0.45), 1e-6);
    // Without personless events: 0.9/2000 + 0.1/500 = 0.00065 s, as before.
    assertEquals(1 / 0.00065, ConsumerMix.eventsPerSecond(mix(), p, false, 0), 1e-6);
    assertEquals(
        ConsumerMix.eventsPerSecond(mix(), p, false),
        ConsumerMix.eventsPerSecond(mix(), p, false, 0));
    // More personless than can be: every pageview, no more; apps on top, ×1.5.
    assertEquals(1, ConsumerMix.personlessWithinOthers(mix(), 0.95), 1e-12);
    assertEquals(
        1 / (0.9 * 0.00025 + 0.1 * 0.002) / 1.5,
        ConsumerMix.eventsPerSecond(mix(), p, true, 0.95),
        1e-6);
  }

  @Test
  void withoutTypesTheDefaultRateAndTheShareThatCanBePersonless() {
    Pipeline p = Fixtures.pipeline(PIPELINE);
    // No types: the default 2,000 ev/s, 45% personless at half cost: 1/2000 × (1 − 0.45 × 0.5).
    assertEquals(
        2000 / (1 - 0.45 * 0.5), ConsumerMix.eventsPerSecond(Map.of(), p, false, 0.45), 1e-6);
    assertEquals(1, ConsumerMix.canBePersonless(Map.of()));
    // 90% pageviews can be personless; asking for exactly 90% is all of them, 0 is none.
    assertEquals(0.9, ConsumerMix.canBePersonless(mix()), 1e-12);
    assertEquals(1, ConsumerMix.personlessWithinOthers(mix(), 0.9), 1e-12);
    assertEquals(0, ConsumerMix.personlessWithinOthers(mix(), 0), 1e-12);
    // Only merges: nothing can be personless.
    assertEquals(0, ConsumerMix.personlessWithinOthers(Map.of("$identify", 1.0), 0.5), 1e-12);
  }

  @Test
  void oneKeyRunsAtItsPersonAndPersonlessRatesNeverAboveItsConsumer() {
    Pipeline p = Fixtures.pipeline(PIPELINE);
    // 55% at 300 ev/s, 45% at 3,000: 0.55/300 + 0.45/3000 = 0.00198333 s: 504.2 ev/s.
    assertEquals(
        1 / (0.55 / 300 + 0.45 / 3000), ConsumerMix.keyEventsPerSecond(p, 0.45, 1e9), 1e-9);
    assertEquals(300, ConsumerMix.keyEventsPerSecond(p, 0, 1e9), 1e-9);
    assertEquals(3000, ConsumerMix.keyEventsPerSecond(p, 1, 1e9), 1e-9);
    assertEquals(250, ConsumerMix.keyEventsPerSecond(p, 0, 250), 1e-9, "no faster than c_mix");
    Pipeline none = Fixtures.pipeline(PIPELINE.substring(0, PIPELINE.indexOf("consumer:")));
    assertEquals(Double.POSITIVE_INFINITY, ConsumerMix.keyEventsPerSecond(none, 0, 1e9));
  }

  @Test
  void aLiveEventCostsWhatItsAppsAndPersonsShareSay() {
    String live =
        PIPELINE
            + "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  apps_share: 0.4\n"
            + "  personless_share: 0.5\n  weekly:\n"
            + Fixtures.weekly((d, h) -> 100);
    // (0.4 × 1.5 + 0.6) × (1 − 0.5 × 0.5) / 2000 = 0.00045 s: 2,222.2 ev/s.
    assertEquals(1 / 0.00045, SharedPipeline.liveConsumerRate(Fixtures.pipeline(live)), 1e-6);
    // Unsaid: every live event runs apps, none personless: 2000 / 1.5.
    String unsaid =
        PIPELINE
            + "live_load:\n  events_per_request: 10\n  peak_factor: 1\n  weekly:\n"
            + Fixtures.weekly((d, h) -> 100);
    assertEquals(2000 / 1.5, SharedPipeline.liveConsumerRate(Fixtures.pipeline(unsaid)), 1e-9);
  }

  /** 800 ev/s held for 10 min after a minute's ramp; {@code top} over 600,000 events. */
  private static IntakeProfile profile(String top, String extra) {
    return Fixtures.profile("keys", profileYaml(top, extra));
  }

  private static String profileYaml(String top, String extra) {
    return """
        customer: Keys
        kind: load_test
        token: phc_keys
        product_questions_answered: true
        schedule: { start: 2026-12-15T10:00:00+00:00 }
        stages:
          - { duration: 1m, target: 800 }
          - { duration: 10m, target: 800 }
        batching: { events_per_request: 10 }
        distinct_ids: { total: 10000, total_events: 528000, top: [ %s ] }
        event_types: { $pageview: 1.0 }
        apps_enabled: false
        %s
        """
        .formatted(top, extra);
  }

  @Test
  void aKeyOverItsRateHoldsItsPartitionBackAndTheReasonSaysByHowMuch() {
    // bot: 132,000 of 528,000 events, a quarter: 200 ev/s at the peak, on partition p with
    // 600/8 = 75 ev/s of the rest: 275 ev/s. One key runs 300 ev/s with persons.
    IntakeProfile prof = profile("{ distinct_id: bot, events: 132000 }", "");
    Plan plan = CapacityPlanner.plan(prof, Fixtures.pipeline(PIPELINE));
    int p = KeyPartitioner.partition("phc_keys", "bot", 8);
    // 300 ev/s for the key, f = 200/275: read at most 300 × 275 / 200 = 412.5 ev/s > 275: keeps
    // up. Nothing about slow keys.
    assertTrue(
        plan.reasons().stream().noneMatch(r -> r.contains("one key is processed")),
        plan.reasons().toString());
    assertEquals(Verdict.READY, plan.verdict(), plan.reasons().toString());

    // The bot at 360 ev/s (0.45 of 800): over the 300 a key runs. Its partition takes
    // 360 + 440/8 = 415 ev/s and is read at most at 300 × 415 / 360 = 345.8 ev/s.
    Plan slow =
        CapacityPlanner.plan(
            profile("{ distinct_id: bot, events: 237600 }", ""), Fixtures.pipeline(PIPELINE));
    assertEquals(Verdict.NEEDS_SCALING, slow.verdict());
    String reason =
        slow.reasons().stream().filter(r -> r.startsWith("bot sends")).findFirst().orElseThrow();
    assertTrue(
        reason.startsWith(
            "bot sends 360 ev/s; one key is processed at most 300 ev/s (with persons, its events one"
                + " after another): partition "
                + p
                + " is read in order at most at 346 ev/s of its 415 ev/s and falls "),
        reason);
    assertTrue(
        reason.endsWith("send it personless, more slowly, or let capture reroute it (overflow)."),
        reason);
    assertEquals(p, slow.partitionBacklog().get(0).partition());
    assertTrue(slow.tellCustomer().stream().anyMatch(t -> t.contains("bot at 360 ev/s will lag")));
    // Sent personless: 3,000 a key, nothing lags.
    Plan personless =
        CapacityPlanner.plan(
            profile("{ distinct_id: bot, events: 237600 }", "personless_share: 1"),
            Fixtures.pipeline(PIPELINE));
    assertEquals(Verdict.READY, personless.verdict(), personless.reasons().toString());
    assertEquals(0, personless.maxIngestionDelaySeconds(), 1e-9);
  }

  @Test
  void theDefaultsThatDecideANumberAreNamedAndNoOthers() {
    IntakeProfile prof = profile("{ distinct_id: bot, events: 100 }", "");
    Plan plan = CapacityPlanner.plan(prof, Fixtures.pipeline(PIPELINE));
    assertEquals(
        List.of(
            "personless_share unanswered: every event is taken to create or update a person (the"
                + " slower per-key rate and the full cost)",
            "no lanes in the pipeline file: one consumer group is taken to consume the main,"
                + " overflow and historical topics",
            "no live_load in the pipeline file: the pipeline is assumed idle apart from this load"),
        plan.assumptions().stream().filter(a -> !a.startsWith("the ")).toList());
    // A pipeline file from before: none of these.
    Plan before = CapacityPlanner.plan(prof, Fixtures.smallPipeline());
    assertTrue(
        before.assumptions().stream()
            .noneMatch(a -> a.contains("personless") || a.contains("lanes")),
        before.assumptions().toString());
    // Personless events on a file that says nothing of them.
    Plan unsaid =
        CapacityPlanner.plan(
            profile("{ distinct_id: bot, events: 100 }", "personless_share: 0.3"),
            Fixtures.smallPipeline());
    assertTrue(
        unsaid
            .assumptions()
            .contains(
                "personless_cost_factor not in the pipeline file: a personless event is taken to cost as"
                    + " much as one with persons"),
        unsaid.assumptions().toString());
  }

  @Test
  void theOverflowLaneReadsTheBusiestKeyOneEventAfterAnotherOnEachConsumer() {
    String lanes =
        PIPELINE.replace("enabled: false", "enabled: true")
            + "lanes:\n  main: { consumers: 4, max_consumers: 16 }\n"
            + "  overflow: { consumers: 1, max_consumers: 4 }\n"
            + "  historical: { consumers: 1, max_consumers: 4 }\n";
    Pipeline pipe = Fixtures.pipeline(lanes);
    // bot at 0.45 × 800 = 360 ev/s, 310 above the 50 limit: all the overflow is bot's (f = 1), so
    // the one overflow consumer reads it at most at one key's 300 ev/s.
    Plan plan = CapacityPlanner.plan(profile("{ distinct_id: bot, events: 237600 }", ""), pipe);
    assertTrue(
        plan.reasons()
            .contains(
                "The overflow lane reads at most 300 ev/s (1 consumers; bot's events reach each of"
                    + " them and run one after another), less than the 310 ev/s capture reroutes at"
                    + " the peak: the overflow topic lags."),
        plan.reasons().toString());
    assertEquals(Verdict.NEEDS_SCALING, plan.verdict());
    // Two overflow consumers are enough: 310 ÷ 300, rounded up; the rest as today.
    assertEquals(Map.of("main", 4, "overflow", 2, "historical", 1), plan.scaling().lanes());
    // The plan's lanes say the same: the overflow lane's 1 consumer today, 2 needed.
    assertEquals(1, plan.lanes().get(1).consumers());
    assertEquals(2, plan.lanes().get(1).consumersNeeded());
    // Without lanes nor per-key limits nothing of this is judged.
    assertSame(
        OverflowLane.NONE,
        OverflowLane.of(
            Fixtures.smallPipeline(),
            HotSpots.of(
                "t",
                SkewModel.of(List.of(), 10, 1),
                0,
                8,
                Fixtures.smallPipeline().overflow(),
                1,
                true),
            1,
            true));
  }

  @Test
  void aLaneSeesItsOwnConsumersAndTheLiveTrafficOnCaptureOnly() {
    String lanes = PIPELINE + LANES + LIVE_100;
    Pipeline pipe = Fixtures.pipeline(lanes);
    Pipeline historical = pipe.laneView(IngestionModel.HISTORICAL);
    assertEquals(2, historical.consumers());
    assertEquals(6, historical.autoscaling().maxConsumers());
    assertTrue(historical.liveLoad().otherLane());
    assertEquals(0, SharedPipeline.liveMixCost(historical, 1000), 0, "not its consumers' work");
    Pipeline main = pipe.laneView(IngestionModel.MAIN);
    assertFalse(main.liveLoad().otherLane());
    assertEquals(4, main.consumers());
    Pipeline legacy = Fixtures.smallPipeline();
    assertSame(legacy, legacy.laneView(IngestionModel.HISTORICAL));
    assertNull(legacy.lanes());
  }

  @Test
  void anImportBesideLiveTrafficIsToldItsLaneHasItsConsumersToItself() {
    String lanes = PIPELINE + LANES + LIVE_100;
    IntakeProfile imp =
        Fixtures.profile(
            "import",
            profileYaml("{ distinct_id: bot, events: 100 }", "")
                .replace("kind: load_test", "kind: historical_import"));
    Plan plan = CapacityPlanner.plan(imp, Fixtures.pipeline(lanes));
    // The historical lane: 2 consumers × 2,000 ev/s of pageviews, none of them the live traffic's
    // (capture: 2 × 1,000 req/s × 10 events less the live 10 req/s, 19,900 ev/s, is not the limit).
    String shared =
        plan.reasons().stream()
            .filter(r -> r.startsWith("At its tightest"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        shared.contains(
            "100 ev/s of live traffic on the main lane; this load's lane has its consumers to itself"
                + " and shares only capture with it: it takes 4,000 ev/s (limited by its consumers);"
                + " the load sends up to 800 ev/s then, 3,200 ev/s to spare."),
        shared);
    assertTrue(
        plan.reasons().stream().noneMatch(r -> r.contains("less what the other traffic costs")),
        plan.reasons().toString());
  }

  @Test
  void thePlanListsEachLaneAndTheKeysOverTheRate() {
    String lanes = PIPELINE + LANES;
    // bot at 360 ev/s on partition p, which takes 415 ev/s: read at most 300 × 415 / 360.
    Plan plan =
        CapacityPlanner.plan(
            profile("{ distinct_id: bot, events: 237600 }", ""), Fixtures.pipeline(lanes));
    int p = KeyPartitioner.partition("phc_keys", "bot", 8);
    List<Plan.Lane> l = plan.lanes();
    assertEquals(
        List.of("main", "overflow", "historical"), l.stream().map(Plan.Lane::lane).toList());
    assertEquals(IngestionTopics.ALL, l.stream().map(Plan.Lane::topic).toList());
    assertEquals(List.of(4, 1, 2), l.stream().map(Plan.Lane::consumers).toList());
    assertEquals(List.of(16, 4, 6), l.stream().map(Plan.Lane::maxConsumers).toList());
    assertEquals(
        List.of(
            plan.scaling().lanes().get("main"),
            plan.scaling().lanes().get("overflow"),
            plan.scaling().lanes().get("historical")),
        l.stream().map(Plan.Lane::consumersNeeded).toList());
    assertEquals(List.of(1, 2), List.of(l.get(1).consumersNeeded(), l.get(2).consumersNeeded()));
    assertEquals(p, l.get(0).worstPartition().partition());
    assertEquals(IngestionTopics.MAIN, l.get(0).worstPartition().topic());
    assertEquals(List.of("bot"), l.get(0).worstPartition().distinctIds());
    assertTrue(l.get(0).worstPartition().maxDelaySeconds() > 0);
    assertEquals(plan.partitionBacklog().get(0), l.get(0).worstPartition());
    assertNull(l.get(1).worstPartition());
    assertNull(l.get(2).worstPartition());

    Plan.KeyLimit k = plan.keyLimit();
    assertEquals(300, k.perKeyEventsPerSecond(), 1e-9);
    assertEquals(0, k.personlessShare(), 1e-9);
    assertEquals(
        List.of(new Plan.SlowKey("bot", IngestionTopics.MAIN, p, 360, 415, 345.833)), k.slowKeys());
    // Without lanes nor per-key rates, neither part.
    Plan legacy =
        CapacityPlanner.plan(
            profile("{ distinct_id: bot, events: 237600 }", ""), Fixtures.smallPipeline());
    assertNull(legacy.lanes());
    assertNull(legacy.keyLimit());
  }
}
