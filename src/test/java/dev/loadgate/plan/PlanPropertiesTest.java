package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.Batching;
import dev.loadgate.profile.DistinctIds;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Kind;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Stage;
import dev.loadgate.profile.TopDistinctId;
import dev.loadgate.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the capacity model over generated profiles and pipelines. */
class PlanPropertiesTest {

  @Property(tries = 200)
  void eventTypeSharesSumToOneAfterNormalising(@ForAll("shares") Map<String, Double> shares) {
    String yaml =
        "event_types:\n"
            + shares.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n";
    Map<String, Double> normalised = ProfileLoader.parse(Path.of("p.yaml"), yaml).eventTypes();
    assertEquals(1.0, normalised.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    assertEquals(shares.keySet(), normalised.keySet());
  }

  @Property(tries = 200)
  void topAndTailSharesSumToOne(
      @ForAll("tops") List<TopDistinctId> top,
      @ForAll @IntRange(min = 0, max = 1_000_000) int moreIds) {
    long topEvents = top.stream().mapToLong(TopDistinctId::events).sum();
    SkewModel m = SkewModel.of(top, top.size() + moreIds, topEvents * 3.0 + 1);
    assertEquals(1.0, m.topShare() + m.tailShare(), 1e-9);
  }

  // Each try plans a profile through the per-partition model (70 ms at 512 partitions, the whole
  // property 14 s at 200 tries, run alone after the JUnit classes): 60 draws of the same space.
  @Property(tries = 60)
  void partitionLoadsSumToThePeak(
      @ForAll("tops") List<TopDistinctId> top,
      @ForAll @IntRange(min = 1, max = 512) int partitions,
      @ForAll @DoubleRange(min = 1, max = 200_000) double peak) {
    Plan p =
        CapacityPlanner.plan(
            profile(List.of(new Stage(Duration.ofMinutes(30), peak)), top, 10),
            pipeline(partitions, 16));
    double sum = p.partitionPeakEventsPerSecond().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(peak, sum, partitions * 0.001 + peak * 1e-9);
    assertTrue(p.partitionSkew() >= 1 - 1e-6);
  }

  @Property(tries = 200)
  void scalingNeverPlansFewerThanToday(
      @ForAll("stages") List<Stage> stages,
      @ForAll @IntRange(min = 1, max = 64) int consumers,
      @ForAll @IntRange(min = 1, max = 1000) int eventsPerRequest) {
    Pipeline pipe = pipeline(64, consumers);
    Plan p =
        CapacityPlanner.plan(
            profile(stages, List.of(new TopDistinctId("a", 1)), eventsPerRequest), pipe);
    assertTrue(p.scaling().consumers() >= consumers);
    assertTrue(p.scaling().partitions() >= pipe.partitions());
    assertTrue(p.scaling().partitions() >= p.scaling().consumers());
    assertTrue(p.scaling().captureReplicas() >= pipe.capture().replicas());
    assertTrue(p.scaling().capacityAfterEventsPerSecond() >= p.capacityNowEventsPerSecond() - 1e-6);
  }

  /**
   * For a ramp up to a peak (rates rise, hold, then fall), stretching every stage makes each rise
   * within one reaction time smaller or equal. (Not so for any shape: a dip and a second climb can
   * measure a little more over a slightly shorter window, which jqwik found; that is not a ramp.)
   */
  @Property(tries = 300)
  void aSlowerRampOfTheSamePeakNeverTurnsALoadTestIntoADos(
      @ForAll("ramps") List<Stage> stages,
      @ForAll @DoubleRange(min = 1, max = 20) double slower,
      @ForAll @IntRange(min = 1, max = 200) int eventsPerRequest) {
    List<Stage> stretched =
        stages.stream()
            .map(
                s ->
                    new Stage(
                        Duration.ofMillis(Math.round(s.duration().toMillis() * slower)),
                        s.targetEventsPerSecond()))
            .toList();
    Pipeline pipe = Fixtures.smallPipeline();
    List<TopDistinctId> top = List.of(new TopDistinctId("a", 1));
    Plan fast = CapacityPlanner.plan(profile(stages, top, eventsPerRequest), pipe);
    Plan slow = CapacityPlanner.plan(profile(stretched, top, eventsPerRequest), pipe);
    assertEquals(fast.peakEventsPerSecond(), slow.peakEventsPerSecond(), 1e-9);
    assertTrue(slow.maxRisePerReactionTime() <= fast.maxRisePerReactionTime() + 1e-6);
    if (fast.classification() == Classification.LOAD_TEST) {
      assertEquals(Classification.LOAD_TEST, slow.classification());
    }
  }

  @Provide
  Arbitrary<Map<String, Double>> shares() {
    return Arbitraries.maps(
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(8)
                .map(s -> "$" + s),
            Arbitraries.doubles().between(0.001, 1).ofScale(3))
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<TopDistinctId>> tops() {
    return Arbitraries.longs()
        .between(0, 5_000_000)
        .list()
        .ofMinSize(0)
        .ofMaxSize(100)
        .map(
            counts -> {
              List<TopDistinctId> top = new ArrayList<>();
              counts.stream()
                  .sorted((a, b) -> Long.compare(b, a))
                  .forEach(c -> top.add(new TopDistinctId("user-" + top.size(), c)));
              return top;
            });
  }

  @Provide
  Arbitrary<List<Stage>> stages() {
    Arbitrary<Stage> stage =
        Combinators.combine(
                Arbitraries.longs().between(1, 7200),
                Arbitraries.doubles().between(0, 100_000).ofScale(1))
            .as((seconds, target) -> new Stage(Duration.ofSeconds(seconds), target));
    return stage
        .list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .filter(l -> l.stream().anyMatch(s -> s.targetEventsPerSecond() > 0));
  }

  /** Up to a peak in 1-4 stages, maybe a hold, maybe a ramp down. */
  @Provide
  Arbitrary<List<Stage>> ramps() {
    Arbitrary<List<Double>> ups =
        Arbitraries.doubles()
            .between(1, 100_000)
            .ofScale(1)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(l -> l.stream().sorted().toList());
    Arbitrary<List<Long>> durations = Arbitraries.longs().between(1, 7200).list().ofSize(6);
    return Combinators.combine(
            ups, durations, Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as(
            (targets, secs, hold, down) -> {
              List<Stage> stages = new ArrayList<>();
              for (int i = 0; i < targets.size(); i++) {
                stages.add(new Stage(Duration.ofSeconds(secs.get(i)), targets.get(i)));
              }
              double peak = targets.get(targets.size() - 1);
              if (hold) {
                stages.add(new Stage(Duration.ofSeconds(secs.get(4)), peak));
              }
              if (down) {
                stages.add(new Stage(Duration.ofSeconds(secs.get(5)), 0));
              }
              return stages;
            });
  }

  private static IntakeProfile profile(
      List<Stage> stages, List<TopDistinctId> top, int eventsPerRequest) {
    Map<String, Double> mix = new LinkedHashMap<>();
    mix.put("$pageview", 0.9);
    mix.put("$identify", 0.1);
    return new IntakeProfile(
        "prop",
        Path.of("prop.yaml"),
        "Prop",
        Kind.LOAD_TEST,
        "phc_prop",
        true,
        OffsetDateTime.parse("2026-12-15T10:00:00Z"),
        stages,
        null,
        null,
        new Batching(eventsPerRequest, null),
        new DistinctIds(top.size() + 10_000L, null, top),
        mix,
        false,
        null,
        null,
        List.of());
  }

  private static Pipeline pipeline(int partitions, int consumers) {
    return Fixtures.pipeline(
        Fixtures.SMALL_PIPELINE
            .replace("partitions: 8", "partitions: " + partitions)
            .replace("consumers: 4", "consumers: " + consumers)
            .replace("max_consumers: 16", "max_consumers: 64"));
  }
}
