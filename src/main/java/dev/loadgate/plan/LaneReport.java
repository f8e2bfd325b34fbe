package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/** The plan's per-lane and per-key parts (SPEC §9.1-9.2), from numbers already computed. */
final class LaneReport {
  private LaneReport() {}

  /** Each lane with its consumers today and as planned, and its worst partition; null without. */
  static List<Plan.Lane> lanes(
      Pipeline pipe,
      Plan.Scaling scaling,
      IngestionModel.Result model,
      HotSpots spots,
      boolean historical) {
    Pipeline.Lanes lanes = pipe.lanes();
    if (lanes == null) {
      return null;
    }
    List<Plan.Lane> out = new ArrayList<>();
    for (int i = 0; i < Pipeline.Lanes.NAMES.size(); i++) {
      String name = Pipeline.Lanes.NAMES.get(i);
      String topic = IngestionTopics.ALL.get(i);
      Pipeline.Lane lane = lanes.get(i);
      IngestionModel.PartitionLag worst = model == null ? null : model.worst(topic);
      out.add(
          new Plan.Lane(
              name,
              topic,
              lane.consumers(),
              lane.maxConsumers(),
              scaling.lanes() == null
                  ? lane.consumers()
                  : scaling.lanes().getOrDefault(name, lane.consumers()),
              worst == null
                  ? null
                  : new Plan.PartitionBacklog(
                      worst.topic(),
                      worst.partition(),
                      Math.round(worst.maxBacklogEvents()),
                      Fmt.round3(worst.maxDelaySeconds()),
                      Fmt.round3(worst.laggingSeconds()),
                      topic.equals(IngestionTopics.OVERFLOW)
                          ? List.of()
                          : spots.idsOn(worst.partition())),
              sloLoad(model, topic)));
    }
    return out;
  }

  /**
   * Per SLO tier, the share of the load's events on {@code topic} within it; empty if none came.
   */
  private static List<Double> sloLoad(IngestionModel.Result model, String topic) {
    DelayTally t = model == null ? null : model.delays().get(topic);
    List<Double> shares = new ArrayList<>();
    if (t == null || t.loadEvents() <= 0) {
      return shares;
    }
    for (int i = 0; i < t.withinSeconds().length; i++) {
      shares.add(SloTiers.share(t.loadWithin(i)));
    }
    return shares;
  }

  /** The per-key rate and the keys over it; null without {@code consumer} in the pipeline. */
  static Plan.KeyLimit keyLimit(
      Pipeline pipe, HotSpots spots, double personless, boolean historical) {
    if (pipe.consumer() == null) {
      return null;
    }
    String topic = historical ? IngestionTopics.HISTORICAL : IngestionTopics.MAIN;
    List<Plan.SlowKey> slow = new ArrayList<>();
    for (HotSpots.SlowKey k : spots.slowKeys()) {
      double load = spots.load()[k.partition()];
      slow.add(
          new Plan.SlowKey(
              k.distinctId(),
              topic,
              k.partition(),
              Fmt.round3(k.peakEventsPerSecond()),
              Fmt.round3(load),
              Fmt.round3(spots.keyRate() * load / k.peakEventsPerSecond())));
    }
    return new Plan.KeyLimit(Fmt.round3(spots.keyRate()), personless, slow);
  }
}
