package dev.loadgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The plan's rate chart on a shared pipeline: the load stacked on the live traffic's work. */
class SharedChartsTest {
  @Test
  void afterScalingIsTheWholeCapacityTheStackIsHeldTo() {
    // example on pipeline-shared.yaml at Tue 15 Dec 10:00 London: live 15,000 × 1.2 = 18,000 ev/s
    // at the default rate with apps (2,000 / 1.5), each 1,739.13 / 1,333.33 = 1.304 of example's
    // events: 23,478; with the load's 6,000 the consumers need ceil(29,478 / 1,739.13) = 17.
    Plan p =
        CapacityPlanner.plan(
            ProfileLoader.load(Path.of("profiles", "example.yaml")),
            PipelineLoader.load(Path.of("profiles", "pipeline-shared.yaml")));
    assertEquals(17, p.scaling().consumers());
    double cMix = p.perPartitionCapacityEventsPerSecond();
    assertEquals(17 * cMix, Charts.capacityAfter(p), 1e-6);
    assertEquals(
        17 * cMix - 18000 * cMix / (2000 / 1.5), p.scaling().capacityAfterEventsPerSecond(), 0.01);
    // The stacked line's highest point: the live traffic's work plus the load's peak.
    double top =
        p.besideOverTime().stream().mapToDouble(x -> x.eventsPerSecond()).max().orElseThrow()
            + p.peakEventsPerSecond();
    assertEquals(18000 * cMix / (2000 / 1.5) + 6000, top, 0.01);
  }
}
