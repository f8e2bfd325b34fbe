package dev.loadgate.plan;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.util.List;

/**
 * The plan's reasons about keys run one after another and the lanes they run on (SPEC §9): which
 * key holds its partition back and by how much, what the overflow lane can read, and where an
 * import's consumers are. Each turns numbers already computed into sentences, as {@link Reasons}.
 */
final class KeyReasons {
  private final Reasons why;
  private final Pipeline pipe;

  KeyReasons(Reasons why, Pipeline pipe) {
    this.why = why;
    this.pipe = pipe;
  }

  /** "persons" or "70% personless": how the load's keys run. */
  static String persons(double personless) {
    return personless <= 0
        ? "with persons"
        : personless >= 1 ? "personless" : Fmt.percent(personless) + " of them personless";
  }

  /**
   * Each key over the per-key rate: its partition is read at most at keyRate ÷ f, so it and every
   * id on it wait; how far behind the model says it falls, and the cures.
   */
  void slowKeys(
      HotSpots spots,
      double personless,
      IngestionModel.Result model,
      String keyedTopic,
      boolean historical) {
    List<HotSpots.SlowKey> slow = spots.slowKeys();
    for (HotSpots.SlowKey k : slow.subList(0, Math.min(3, slow.size()))) {
      double load = spots.load()[k.partition()];
      IngestionModel.PartitionLag lag =
          model == null
              ? null
              : model.lagging().stream()
                  .filter(l -> l.topic().equals(keyedTopic) && l.partition() == k.partition())
                  .findFirst()
                  .orElse(null);
      why.reasons.add(
          k.distinctId()
              + " sends "
              + Fmt.rate(k.peakEventsPerSecond())
              + "; one key is processed at most "
              + Fmt.rate(spots.keyRate())
              + " ("
              + persons(personless)
              + ", its events one after another): partition "
              + k.partition()
              + " is read in order at most at "
              + Fmt.rate(spots.keyRate() * load / k.peakEventsPerSecond())
              + " of its "
              + Fmt.rate(load)
              + (lag == null ? "" : " and falls " + Fmt.seconds(lag.maxDelaySeconds()) + " behind")
              + ", and every id on it waits with it; "
              + (historical
                  ? "send it personless, or more slowly (historical events are never rerouted)."
                  : "send it personless, more slowly, or let capture reroute it (overflow)."));
    }
    if (slow.size() > 3) {
      why.reasons.add((slow.size() - 3) + " more keys are over the per-key rate.");
    }
    if (!slow.isEmpty()) {
      why.tell.add(
          "One distinct_id's events are processed one after another, at most "
              + Fmt.rate(spots.keyRate())
              + ": "
              + slow.get(0).distinctId()
              + " at "
              + Fmt.rate(slow.get(0).peakEventsPerSecond())
              + " will lag, and the ids that share its partition with it; send its events with"
              + " $process_person_profile: false where persons are not needed, or spread them"
              + " over more distinct_ids.");
    }
  }

  /**
   * What the overflow lane reads: its consumers, each at most the busiest overflowing key's rate ÷
   * its share of what overflows; a reason when the overflow is more.
   */
  void overflowLane(double overflowPeak, double capacity, int consumers, String busiest) {
    why.reasons.add(
        "The overflow lane reads at most "
            + Fmt.rate(capacity)
            + " ("
            + consumers
            + " consumers; "
            + busiest
            + "'s events reach each of them and run one after another), less than the "
            + Fmt.rate(overflowPeak)
            + " capture reroutes at the peak: the overflow topic lags.");
  }

  /** Where an import's events are consumed, now that the pipeline file says. */
  void historicalLane(IntakeProfile p) {
    Pipeline.Lanes lanes = pipe.lanes();
    if (lanes == null) {
      if (pipe.liveLoad() != null) {
        why.reasons.add(
            "This pipeline file has no lanes: one consumer group is taken to consume every topic,"
                + " so the import's consumers also carry the live traffic; write `lanes` if the"
                + " historical topic has a deployment of its own.");
      }
      return;
    }
    why.reasons.add(
        "The historical topic has consumers of its own ("
            + lanes.historical().consumers()
            + ", up to "
            + lanes.historical().maxConsumers()
            + "): the import shares capture with the live traffic, not consumers.");
  }
}
