package dev.loadgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loadgate.simulation.CapacityModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** run.html's rows for each lane's worst partition, predicted beside measured. */
class RunReportLanesTest {
  private static final String MAIN = "events_plugin_ingestion";
  private static final String HIST = "events_plugin_ingestion_historical";

  private static CapacityModel.Outcome outcome(CapacityModel.TopicPartition... perTopic) {
    return new CapacityModel.Outcome(
        1,
        1,
        0,
        perTopic.length == 0 ? null : perTopic[0],
        List.of(),
        List.of(),
        List.of(perTopic));
  }

  @Test
  void aRowForEachLaneThatLaggedOnEitherSideInThePipelinesOrder() {
    CapacityModel.Outcome predicted =
        outcome(
            new CapacityModel.TopicPartition(HIST, 4), new CapacityModel.TopicPartition(MAIN, 56));
    CapacityModel.Outcome measured = outcome(new CapacityModel.TopicPartition(MAIN, 57));
    assertEquals(
        List.of(
            List.of("worst partition of " + MAIN, "partition 56", "partition 57"),
            List.of("worst partition of " + HIST, "partition 4", "none lags")),
        RunReport.perLane(predicted, measured));
  }

  @Test
  void noRowWhereNoLaneLagsAndADashWithoutMeasurements() {
    assertEquals(List.of(), RunReport.perLane(outcome(), outcome()));
    assertEquals(
        List.of(List.of("worst partition of " + MAIN, "partition 56", "–")),
        RunReport.perLane(outcome(new CapacityModel.TopicPartition(MAIN, 56)), null));
  }
}
