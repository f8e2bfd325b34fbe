package dev.loadgate.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * One of N injectors replaying one load together ({@code -Dshard=K/N}, SPEC §5): each sends 1/N of
 * every stage's requests, with the same batching, skew and mix, so the N shards together send the
 * whole load. At-once steps are split so their counts add up exactly; rates are divided by N.
 *
 * @param index 1-based, at most {@code count}
 */
public record Shard(int index, int count) {
  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException(
          "-Dshard=" + index + "/" + count + ": K/N needs 1 <= K <= N, like 1/3, 2/3, 3/3");
    }
  }

  /** {@code K/N}; null for null or blank. */
  public static Shard parse(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String[] parts = s.trim().split("/");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "-Dshard=" + s + ": write K/N, this injector's number and how many there are, like 2/3");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-Dshard=" + s + ": write K/N with whole numbers, like 2/3", e);
    }
  }

  /** This shard's part of {@code whole}: every rate ÷ N, at-once requests split to add up. */
  public LoadShape slice(LoadShape whole) {
    List<LoadShape.Step> steps = new ArrayList<>();
    for (LoadShape.Step s : whole.steps()) {
      long requests =
          s.kind() == LoadShape.Kind.AT_ONCE
              ? s.requests() / count + (index <= s.requests() % count ? 1 : 0)
              : (long)
                  ((s.fromRequestsPerSecond() + s.toRequestsPerSecond()) / 2 / count * s.seconds());
      steps.add(
          new LoadShape.Step(
              s.stage(),
              s.kind(),
              s.startSeconds(),
              s.seconds(),
              s.fromRequestsPerSecond() / count,
              s.toRequestsPerSecond() / count,
              requests));
    }
    return new LoadShape(steps, whole.eventsPerRequest());
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
