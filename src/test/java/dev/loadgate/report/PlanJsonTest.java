package dev.loadgate.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.profile.PipelineLoader;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.profile.Profiles;
import dev.loadgate.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Reports are rendered from the JSON: the JSON must carry the whole plan back. */
class PlanJsonTest {
  @Test
  void jsonRoundTripsToTheSamePlan() throws Exception {
    for (String name : Profiles.names(Fixtures.profilesDir())) {
      Plan plan =
          CapacityPlanner.plan(
              ProfileLoader.load(Profiles.resolve(name, Fixtures.profilesDir())),
              PipelineLoader.load(Fixtures.profilesDir().resolve("pipeline.yaml")));
      String json = PlanJson.write(plan);
      assertEquals(plan, PlanJson.read(json), name);
      // Plan is a record of records: equal only when every field came back, NaN and nulls too.
    }
  }

  @Test
  void fieldsAreSnakeCaseInSpecOrder() {
    Plan plan =
        CapacityPlanner.plan(
            ProfileLoader.load(Profiles.resolve("example", Fixtures.profilesDir())),
            Fixtures.smallPipeline());
    String json = PlanJson.write(plan);
    assertTrue(json.indexOf("\"profile\"") < json.indexOf("\"verdict\""));
    assertTrue(json.indexOf("\"verdict\"") < json.indexOf("\"peak_events_per_second\""));
    assertTrue(json.contains("\"per_partition_capacity_events_per_second\""));
  }
}
