package dev.loadgate.plan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model refuses a load it could never drain instead of stepping to its drain limit. */
class IngestionModelGuardTest {
  @Test
  void aKeyedShareThatIsNotANumberIsRefusedAtOnce() {
    double[] shares = new double[Fixtures.smallPipeline().partitions()];
    Arrays.fill(shares, Double.NaN); // a load without ids: 0 ÷ 0 on every partition
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IngestionModel.simulate(
                    new IngestionModel.Traffic(
                        RateCurve.flat(100, 60), 1, false, shares, List.of()),
                    IngestionModel.Capacity.of(Fixtures.smallPipeline(), 1_000),
                    new IngestionModel.Settings(RetrySchedule.SDK, 1, 3000, 0.02, 1.0, 0.4, 2.0)));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }
}
