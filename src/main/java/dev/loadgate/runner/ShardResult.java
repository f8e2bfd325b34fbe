package dev.loadgate.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgate.simulation.RunTally;
import java.util.List;
import java.util.Map;

/**
 * What one shard of a run writes for {@code loadgate merge} ({@code shard.json}, SPEC §5): which
 * shard of how many, when its load started against the shared instant, the settings that work the
 * run out again, the target's counters before the load, and its tally's counts.
 *
 * @param format this file's layout; a merge refuses shards of another
 * @param version loadgate's version: shards of different builds are not merged
 * @param startAt the shared instant ({@code -Dstart.at}), or null
 * @param loadStartedAt when this shard's load began (its first stage's start), ISO-8601
 * @param settings the {@code -D} properties of the run
 * @param statsBaseline the target's {@code /stats} before the load, or null
 * @param rawLatencies every response time, ms, when {@code -Dshard.raw-latencies=true}; else empty
 */
public record ShardResult(
    int format,
    String version,
    String profile,
    int shard,
    int shards,
    String startAt,
    String loadStartedAt,
    Map<String, String> settings,
    String target,
    JsonNode statsBaseline,
    RunTally.Counts counts,
    List<Long> rawLatencies) {
  public static final int FORMAT = 1;
  public static final String FILE = "shard.json";

  /** loadgate's version, as the jar's manifest says; "(development build)" from classes. */
  public static String currentVersion() {
    String v = ShardResult.class.getPackage().getImplementationVersion();
    return v == null ? "(development build)" : v;
  }
}
