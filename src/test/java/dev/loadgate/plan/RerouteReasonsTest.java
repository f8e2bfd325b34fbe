package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rerouted keys as the plan reports them, and the sentence a reviewer reads for each. */
class RerouteReasonsTest {
  private static final Pipeline.Overflow GLOBAL =
      new Pipeline.Overflow(
          true,
          100,
          1000,
          Pipeline.Limiter.GLOBAL_WINDOW,
          30_000,
          Duration.ofSeconds(60),
          Duration.ofSeconds(20),
          List.of());

  private static IngestionModel.Result result(IngestionModel.KeyReroute... keys) {
    return new IngestionModel.Result(
        0, 0, 0, List.of(), List.of(), 0, 0, 0, 0, 0, true, 1, List.of(), Map.of(), List.of(keys));
  }

  @Test
  void aKeyIsReportedMovedOnlyWhenHalfAnEventOrMoreLeftItsPartition() {
    List<Plan.ReroutedKey> keys =
        RerouteReasons.keys(
            result(
                new IngestionModel.KeyReroute(
                    "spk", 59, false, 46.04321, 54_000.4, 1_000, 2_107_200),
                new IngestionModel.KeyReroute("calm", 3, false, Double.NaN, 900, 900, 0.5),
                new IngestionModel.KeyReroute("bot", 7, true, 0, 0, 0, 500)),
            Pipeline.Limiter.GLOBAL_WINDOW,
            true);
    assertEquals(
        new Plan.ReroutedKey("spk", 59, "global_window", 46.043, 54_000, 2_107_200, true),
        keys.get(0));
    assertEquals(
        new Plan.ReroutedKey("calm", 3, "global_window", null, 900, 1, false),
        keys.get(1),
        "half an event is not a reroute: no time, no ordering risk");
    assertEquals(new Plan.ReroutedKey("bot", 7, "forced", 0.0, 0, 500, true), keys.get(2));
    assertEquals(
        false,
        RerouteReasons.keys(
                result(new IngestionModel.KeyReroute("spk", 59, false, 46, 54_000, 1_000, 9)),
                Pipeline.Limiter.TOKEN_BUCKET,
                false)
            .get(0)
            .orderingRisk(),
        "no merges sent: nothing to reorder");
  }

  @Test
  void eachGlobalKeyGetsItsSentenceAndForcedKeysOneTogether() {
    Reasons why = new Reasons(Fixtures.smallPipeline());
    RerouteReasons.explain(
        why,
        List.of(
            new Plan.ReroutedKey("spk", 59, "global_window", 46.0, 54_000, 2_107_200, true),
            new Plan.ReroutedKey("calm", 3, "global_window", null, 900, 0, false),
            new Plan.ReroutedKey("old", 4, "token_bucket", 1.0, 10, 10, false),
            new Plan.ReroutedKey("bot", 7, "forced", 0.0, 0, 500, false),
            new Plan.ReroutedKey("bot2", 8, "forced", 0.0, 0, 500, false)),
        GLOBAL,
        "phc_s");
    assertEquals(3, why.reasons.size(), why.reasons.toString());
    assertEquals(
        "Capture's global limiter reroutes spk from 46 s after the start (20 s after its count"
            + " over 60 s passes 30,000): until then its 54,000 events go to partition 59 and wait"
            + " there with everything else on it; then 2,107,200 go keyless to the overflow topic,"
            + " without persons, their merges out of order. Adding phc_s:spk to capture's"
            + " forced-overflow list before the test reroutes it from its first event instead.",
        why.reasons.get(0));
    assertEquals(
        "Capture's global limiter never reroutes calm: its count over 60 s stays within 30,000,"
            + " so all its events stay on partition 3, in order.",
        why.reasons.get(1));
    assertTrue(
        why.reasons
            .get(2)
            .startsWith(
                "On capture's forced-overflow list: bot, bot2. Every event"
                    + " of them goes keyless"),
        why.reasons.get(2));
  }

  @Test
  void oneForcedKeyIsSaidInTheSingular() {
    Reasons why = new Reasons(Fixtures.smallPipeline());
    RerouteReasons.explain(
        why, List.of(new Plan.ReroutedKey("bot", 7, "forced", 0.0, 0, 500, false)), GLOBAL, "t");
    assertTrue(why.reasons.get(0).contains("Every event of it goes"), why.reasons.get(0));
    assertTrue(why.reasons.get(0).endsWith("nothing of it waits on the main topic."));
  }
}
