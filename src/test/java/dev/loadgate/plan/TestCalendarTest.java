package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.testing.KafkaPartitions;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code loadgate calendar} worked by hand on {@link SharedPipelineTest}'s pipeline: Wednesday
 * 14:00 London carries 400 × 1.25 = 500 ev/s of live traffic, leaving 9,500 of the 10,000 ev/s the
 * consumers take.
 */
class TestCalendarTest {
  static final Pipeline PIPE = SharedPipelineTest.pipeline();

  static SharedPipeline.Approved approved(IntakeProfile p) {
    return SharedPipeline.Approved.of(p, CapacityPlanner.plan(p, PIPE));
  }

  /**
   * A distinct_id of token {@code token} whose key lands on {@code partition} (Kafka's own hash).
   */
  static String idOn(String token, int partition) {
    for (int i = 0; ; i++) {
      String id = "bot-" + i;
      if (KafkaPartitions.of(token + ":" + id, PIPE.partitions()) == partition) {
        return id;
      }
    }
  }

  /** {@code peak} ev/s from 14:00 on Wednesday 16 Dec 2026, one top id at {@code topRate}. */
  static IntakeProfile wednesday(String name, String token, String id, int peak, int topRate) {
    // 40 min: 10 min ramp + 30 min hold = 0.5 × 600 × peak + 1,800 × peak events.
    long events = Math.round(peak * (300 + 1800.0));
    long top = Math.round(events * (double) topRate / peak);
    return SharedPipelineTest.load(name, "2026-12-16T14:00:00+00:00", peak, token, id, events, top);
  }

  @Test
  void twoTestsReadyAloneNeedScalingTogetherAndTheOverlapIsNamed() {
    String idA = idOn("phc_a", 3);
    String idB = idOn("phc_b", 3);
    IntakeProfile a = wednesday("alpha", "phc_a", idA, 6000, 300);
    IntakeProfile b = wednesday("beta", "phc_b", idB, 5000, 300);
    SharedPipeline.Approved alpha = approved(a);
    SharedPipeline.Approved beta = approved(b);
    assertEquals(Verdict.READY, alpha.verdictAlone(), "6,000 within 9,500");
    assertEquals(Verdict.READY, beta.verdictAlone(), "5,000 within 9,500");

    TestCalendar.Result r = TestCalendar.of(PIPE, List.of(alpha, beta), List.of(), null, null);
    assertEquals(1, r.overlaps().size());
    TestCalendar.Overlap o = r.overlaps().get(0);
    assertEquals(List.of("alpha", "beta"), o.profiles());
    assertEquals("2026-12-16T14:00:00Z", o.from());
    assertEquals("2026-12-16T14:40:00Z", o.to());
    // Together 11,000 ev/s; the consumers need 11,000 / 1,000 + 500 / 1,000 = 11.5 of 10.
    assertEquals(11000, o.combinedPeakEventsPerSecond(), 1e-6);
    assertEquals(500, o.liveEventsPerSecond(), 1e-6);
    assertEquals(9500, o.headroomEventsPerSecond(), 1e-6);
    assertEquals(Verdict.NEEDS_SCALING, o.verdict());
    // The autoscaler may run 20 consumers but 10 partitions use only 10: it cannot take them.
    assertFalse(o.withinAutoscalerMax());
    assertEquals(Verdict.NEEDS_SCALING, r.days().get(0).verdict());
    assertEquals("2026-12-16", r.days().get(0).date());
    assertEquals(Verdict.NEEDS_SCALING, r.verdict());
  }

  @Test
  void twoCustomersHotIdsOnOnePartitionAreFound() {
    // Each sends 300 ev/s from one id; both ids hash to partition 3 (kafka-clients' murmur2).
    String idA = idOn("phc_a", 3);
    String idB = idOn("phc_b", 3);
    SharedPipeline.Approved alpha = approved(wednesday("alpha", "phc_a", idA, 2000, 300));
    SharedPipeline.Approved beta = approved(wednesday("beta", "phc_b", idB, 2000, 300));
    TestCalendar.Overlap o =
        TestCalendar.of(PIPE, List.of(alpha, beta), List.of(), null, null).overlaps().get(0);
    assertEquals(1, o.sharedHotPartitions().size());
    assertEquals(3, o.sharedHotPartitions().get(0).partition());
    assertEquals(
        List.of("alpha:" + idA, "beta:" + idB), o.sharedHotPartitions().get(0).distinctIds());
    // Partition 3 carries each test's id (300) and its tenth of the rest (170), and a tenth of the
    // live load (50): 300 + 170 + 300 + 170 + 50 = 990 ev/s, the hottest.
    assertEquals(3, o.hottestPartition().partition());
    assertEquals(990, o.hottestPartition().peakEventsPerSecond(), 1);
    assertEquals(Verdict.READY, o.verdict(), "4,000 within 9,500 and 990 within 1,000");
  }

  @Test
  void planAgainstTheCalendarSeesAnotherCustomersHotIdOnItsPartition() {
    // Mine: 2,000 ev/s, 300 of them from one id on partition 3: 300 + a tenth of the other 1,700
    // = 470 there, with a tenth of the live load's 500: 520, within c_mix (1,000). Theirs, at the
    // same hour: 2,000 ev/s, 400 from one id on partition 3: 400 + 160 = 560 more there. Together
    // 470 + 560 + 50 = 1,080: more than one consumer takes in order.
    IntakeProfile mine = wednesday("mine", "phc_a", idOn("phc_a", 3), 2000, 300);
    IntakeProfile theirs = wednesday("theirs", "phc_b", idOn("phc_b", 3), 2000, 400);
    assertEquals(Verdict.READY, CapacityPlanner.plan(mine, PIPE).verdict());
    Plan with =
        CapacityPlanner.plan(
            mine,
            PIPE,
            new SharedPipeline.Context(
                java.time.Instant.parse("2026-12-14T00:00:00Z"), List.of(approved(theirs))));
    assertEquals(Verdict.NEEDS_SCALING, with.verdict(), with.reasons().toString());
    String reason =
        with.reasons().stream()
            .filter(r -> r.startsWith("With its share of the other traffic"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        reason.contains("partition 3 carries up to 1,080 ev/s (this load's 470 ev/s alone)"),
        reason);
  }

  @Test
  void testsThatDoNotMeetHaveNoOverlapAndEachDayItsVerdict() {
    IntakeProfile wed = SharedPipelineTest.at("2026-12-16T14:00:00+00:00");
    IntakeProfile tue =
        SharedPipelineTest.load("tue", "2026-12-15T11:00:00+00:00", 4000, "phc_t", "t");
    TestCalendar.Result r =
        TestCalendar.of(
            PIPE,
            List.of(approved(wed), approved(tue)),
            List.of("draft"),
            LocalDate.parse("2026-12-14"),
            LocalDate.parse("2026-12-17"));
    assertEquals(List.of(), r.overlaps());
    assertEquals(4, r.days().size());
    assertEquals(Verdict.READY, r.days().get(0).verdict()); // Monday: nothing
    assertEquals(List.of(), r.days().get(0).tests());
    assertEquals(Verdict.NEEDS_SCALING, r.days().get(1).verdict()); // Tuesday 11:00 alone
    assertEquals(List.of("tue"), r.days().get(1).tests());
    assertEquals(Verdict.READY, r.days().get(2).verdict());
    assertEquals(List.of("draft"), r.unscheduled());
  }
}
