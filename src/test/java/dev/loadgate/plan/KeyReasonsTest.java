package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentences about keys run one after another: how persons are said, and how many keys. */
class KeyReasonsTest {
  @Test
  void howTheLoadsKeysRunIsSaidAtTheEndsAndBetween() {
    assertEquals("with persons", KeyReasons.persons(0));
    assertEquals("personless", KeyReasons.persons(1));
    assertEquals("70% of them personless", KeyReasons.persons(0.7));
  }

  /** {@code n} slow keys of 200, 190, 180... ev/s, one per partition, key rate 100. */
  private static HotSpots slow(int n) {
    List<Plan.TopId> top = new java.util.ArrayList<>();
    double[] busiest = new double[8];
    double[] load = new double[8];
    for (int i = 0; i < n; i++) {
      top.add(new Plan.TopId("k" + i, i, 100, 0.1, 200 - 10 * i));
      busiest[i] = 200 - 10 * i;
      load[i] = 250;
    }
    return new HotSpots(load, 0, 1, top, List.of(), 0, 0.5, 100, busiest);
  }

  private static List<String> reasons(int n, IngestionModel.Result model) {
    Pipeline pipe = Fixtures.smallPipeline();
    Reasons why = new Reasons(pipe);
    new KeyReasons(why, pipe).slowKeys(slow(n), 0, model, "events_plugin_ingestion", false);
    return why.reasons;
  }

  @Test
  void threeKeysAreNamedAndMoreAreCounted() {
    List<String> three = reasons(3, null);
    assertEquals(3, three.size(), three.toString());
    assertTrue(three.get(0).startsWith("k0 sends 200 ev/s; one key is processed at most 100 ev/s"));
    assertTrue(
        three.get(0).contains("partition 0 is read in order at most at 125 ev/s of its 250 ev/s,"),
        three.get(0));
    List<String> five = reasons(5, null);
    assertEquals(4, five.size(), five.toString());
    assertEquals("2 more keys are over the per-key rate.", five.get(3));
  }
}
