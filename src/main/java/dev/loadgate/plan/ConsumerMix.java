package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.util.Map;
import java.util.Set;

/**
 * Mixed consumer throughput {@code c_mix} = 1 / Σ_t (share_t × cost_t), cost_t = 1 / rate_t, the
 * personless part of a type costing {@code personless_cost_factor} × that (SPEC §9.3), divided by
 * the apps cost factor when apps are on. Without per-key limits a partition is consumed in order by
 * one consumer, so this is also the most one partition can take.
 */
public final class ConsumerMix {
  /** Event types that merge persons: never personless (SPEC §9.3). */
  public static final Set<String> PERSON_EVENTS =
      Set.of("$identify", "$create_alias", "$merge_dangerously");

  private ConsumerMix() {}

  public static double eventsPerSecond(
      Map<String, Double> shares, Pipeline pipeline, boolean appsEnabled) {
    return eventsPerSecond(shares, pipeline, appsEnabled, 0);
  }

  /**
   * {@code c_mix} with {@code personless} of the events sent without person processing, taken from
   * the types that can be personless ({@link #personlessWithinOthers}).
   */
  public static double eventsPerSecond(
      Map<String, Double> shares, Pipeline pipeline, boolean appsEnabled, double personless) {
    double secondsPerEvent = 0;
    double total = 0;
    double within = personlessWithinOthers(shares, personless);
    double saving = 1 - pipeline.personlessCost();
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      double cost = 1 / pipeline.consumerRate(e.getKey());
      if (!PERSON_EVENTS.contains(e.getKey())) {
        cost *= 1 - within * saving;
      }
      secondsPerEvent += e.getValue() * cost;
      total += e.getValue();
    }
    if (total <= 0) {
      secondsPerEvent = (1 - personless * saving) / pipeline.consumerRate(Pipeline.DEFAULT_TYPE);
    } else {
      secondsPerEvent /= total;
    }
    double cMix = 1 / secondsPerEvent;
    return appsEnabled ? cMix / pipeline.appsCostFactor() : cMix;
  }

  /**
   * The share of the events of the types that can be personless that are personless, for {@code
   * personless} of all events: personless ÷ (1 − the person events' share), at most 1.
   */
  public static double personlessWithinOthers(Map<String, Double> shares, double personless) {
    if (personless <= 0) {
      return 0;
    }
    double others = canBePersonless(shares);
    return others <= 0 ? 0 : Math.min(1, personless / others);
  }

  /**
   * The share of events whose type can be sent personless: all but {@code $identify}, {@code
   * $create_alias} and {@code $merge_dangerously} (1 when no type is given).
   */
  public static double canBePersonless(Map<String, Double> shares) {
    double total = 0;
    double person = 0;
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      total += e.getValue();
      if (PERSON_EVENTS.contains(e.getKey())) {
        person += e.getValue();
      }
    }
    return total <= 0 ? 1 : 1 - person / total;
  }

  /**
   * One live event's consumer rate: the {@code default} type, {@code live_load.apps_share} of them
   * with apps, {@code live_load.personless_share} personless.
   */
  public static double liveEventsPerSecond(Pipeline pipe) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    double apps = live == null ? 1 : live.apps();
    double personless = live == null ? 0 : live.personless();
    double cost =
        (apps * pipe.appsCostFactor() + (1 - apps))
            * (1 - personless * (1 - pipe.personlessCost()))
            / pipe.consumerRate(Pipeline.DEFAULT_TYPE);
    return 1 / cost;
  }

  /**
   * How fast one key of the load runs, its events one after another (SPEC §9.2): {@code personless}
   * of them at the personless per-key rate, the rest at the person one; never faster than {@code
   * cMix}, what its consumer takes. +infinity without {@code consumer} in the pipeline.
   */
  public static double keyEventsPerSecond(Pipeline pipe, double personless, double cMix) {
    Pipeline.Consumer c = pipe.consumer();
    if (c == null) {
      return Double.POSITIVE_INFINITY;
    }
    double secondsPerEvent =
        (1 - personless) / c.personPerKey() + personless / c.personlessPerKey();
    return Math.min(1 / secondsPerEvent, cMix);
  }
}
