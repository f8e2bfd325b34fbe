package dev.loadgate.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loadgate.simulation.RunSummary;
import dev.loadgate.simulation.RunTally;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A merge refuses a shard set that is not one run, and names the shard. */
class ShardSetTest {
  static final String AT = "2026-12-15T10:00:00Z";

  static ShardResult shard(int k, int n, String version, String profile, double lateSeconds) {
    Instant started =
        Instant.parse(AT)
            .plus(SimulationRun.CLIENT_WARM_UP)
            .plusMillis(Math.round(lateSeconds * 1000));
    return new ShardResult(
        ShardResult.FORMAT,
        version,
        profile,
        k,
        n,
        AT,
        started.toString(),
        Map.of("profile", profile),
        "http://127.0.0.1:8010",
        null,
        new RunTally.Counts(
            new RunSummary.Requests(0, 0, 0, 0, 0, 0, 0),
            new long[0],
            new long[0],
            new long[0],
            ""),
        List.of());
  }

  static String check(ShardResult... shards) {
    List<Path> dirs = new ArrayList<>();
    for (ShardResult s : shards) {
      dirs.add(Path.of("shards", String.valueOf(s.shard())));
    }
    return assertThrows(
            ShardMerge.InvalidShards.class, () -> ShardMerge.check(List.of(shards), dirs))
        .getMessage();
  }

  @Test
  void aCompleteSetStartedTogetherIsOneRun() {
    ShardMerge.check(
        List.of(
            shard(2, 3, "1.0", "a", 0.4),
            shard(1, 3, "1.0", "a", -0.9),
            shard(3, 3, "1.0", "a", 0)),
        List.of(Path.of("x"), Path.of("y"), Path.of("z")));
  }

  @Test
  void whatIsNotOneRunIsNamed() {
    assertEquals(
        "shard 2/3 is missing: 2 of 3 shards given ([1, 3])",
        check(shard(1, 3, "1.0", "a", 0), shard(3, 3, "1.0", "a", 0)));
    assertEquals(
        "shard 1/2 is given twice: shards/1 and shards/1",
        check(shard(1, 2, "1.0", "a", 0), shard(1, 2, "1.0", "a", 0)));
    assertEquals(
        "shard 2/2 (shards/2) started its load 5.0 s after the shared instant (more than 1 s): its stages do not line up with the others'",
        check(shard(1, 2, "1.0", "a", 0), shard(2, 2, "1.0", "a", 5)));
    assertEquals(
        "shard 2/2 (shards/2) started its load 1.5 s before the shared instant (more than 1 s): its stages do not line up with the others'",
        check(shard(1, 2, "1.0", "a", 0), shard(2, 2, "1.0", "a", -1.5)));
    assertEquals(
        "shard 2/2 (shards/2) ran loadgate 1.1, shard 1 ran 1.0",
        check(shard(1, 2, "1.0", "a", 0), shard(2, 2, "1.1", "a", 0)));
    assertEquals(
        "shard 2/3 (shards/2) is of b in 3 shards, shard 1 of a in 2",
        check(shard(1, 2, "1.0", "a", 0), shard(2, 3, "1.0", "b", 0)));
  }
}
