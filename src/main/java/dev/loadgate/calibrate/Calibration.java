package dev.loadgate.calibrate;

import dev.loadgate.profile.Pipeline;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the consumer benchmark's scores into the pipeline numbers the plan uses: one partition's
 * consumer throughput per event type and the apps cost factor. Pure.
 *
 * <ul>
 *   <li>{@code default} = the all-$pageview score;
 *   <li>{@code $identify} from the identify-heavy mix (half $identify): 1/c = 0.5/default + 0.5/r,
 *       so r = 0.5 / (1/c − 0.5/default); $create_alias and $merge_dangerously take the same rate
 *       (the same merge work);
 *   <li>{@code apps_cost_factor} = pageview score / pageview-with-apps score;
 *   <li>with the personless mix measured: {@code personless_cost_factor} = pageview score /
 *       personless pageview score (at most 1), and {@code consumer.per_key_events_per_second} from
 *       one person's (one key's) scores, with persons and without: one key's events one after
 *       another on this machine.
 * </ul>
 *
 * Each number carries its error from JMH's score errors (the interval's ends put through the same
 * formula).
 */
public final class Calibration {
  /** Share of $identify in the benchmark's identify_heavy mix. */
  static final double IDENTIFY_SHARE = 0.5;

  /** A JMH score: mean and the half-width of its 99.9% interval (0 when JMH gave none). */
  public record Score(double mean, double error) {
    double low() {
      return Math.max(mean - error, mean * 1e-6);
    }

    double high() {
      return mean + error;
    }
  }

  /** A calibrated number with its error bar. */
  public record Value(double mean, double error) {}

  /**
   * @param personlessCostFactor null when the personless mix was not measured
   * @param personKey one key's events/s with persons, one after another (null: not measured)
   * @param personlessKey the same without persons
   */
  public record Result(
      Value defaultRate,
      Value identifyRate,
      Value appsCostFactor,
      Value personlessCostFactor,
      Value personKey,
      Value personlessKey) {
    public Result(Value defaultRate, Value identifyRate, Value appsCostFactor) {
      this(defaultRate, identifyRate, appsCostFactor, null, null, null);
    }

    /** c_mix for the benchmark's pure pageview load, for comparing with the measured stack. */
    public Map<String, Double> consumerEventsPerSecond() {
      Map<String, Double> rates = new HashMap<>();
      rates.put(Pipeline.DEFAULT_TYPE, round(defaultRate.mean()));
      rates.put("$identify", round(identifyRate.mean()));
      rates.put("$create_alias", round(identifyRate.mean()));
      rates.put("$merge_dangerously", round(identifyRate.mean()));
      return rates;
    }
  }

  private Calibration() {}

  /**
   * With persons measured too: {@code personless} the personless pageview over many ids, {@code
   * onePerson} and {@code onePersonless} the pageview and personless pageview of one key.
   */
  public static Result of(
      Score pageview,
      Score identifyHeavy,
      Score pageviewApps,
      Score personless,
      Score onePerson,
      Score onePersonless) {
    Result r = of(pageview, identifyHeavy, pageviewApps);
    Value factor =
        spread(
            Math.min(1, pageview.mean() / personless.mean()),
            Math.min(1, pageview.low() / personless.high()),
            Math.min(1, pageview.high() / personless.low()));
    Value person = new Value(onePerson.mean(), onePerson.error());
    // A key without persons runs at least as fast as with them (the pipeline file says so).
    Value personlessKey =
        new Value(Math.max(onePersonless.mean(), onePerson.mean()), onePersonless.error());
    return new Result(
        r.defaultRate(), r.identifyRate(), r.appsCostFactor(), factor, person, personlessKey);
  }

  public static Result of(Score pageview, Score identifyHeavy, Score pageviewApps) {
    Value identify =
        spread(
            identifyRate(pageview.mean(), identifyHeavy.mean()),
            identifyRate(pageview.low(), identifyHeavy.high()),
            identifyRate(pageview.high(), identifyHeavy.low()));
    Value apps =
        spread(
            Math.max(1, pageview.mean() / pageviewApps.mean()),
            Math.max(1, pageview.low() / pageviewApps.high()),
            Math.max(1, pageview.high() / pageviewApps.low()));
    return new Result(new Value(pageview.mean(), pageview.error()), identify, apps);
  }

  /**
   * r = s / (1/c − (1−s)/d); when the mix is no slower than pageviews, identify costs what a
   * pageview does.
   */
  static double identifyRate(double pageview, double mix) {
    double rest = 1 / mix - (1 - IDENTIFY_SHARE) / pageview;
    return rest <= IDENTIFY_SHARE / pageview ? pageview : IDENTIFY_SHARE / rest;
  }

  private static Value spread(double mean, double a, double b) {
    return new Value(mean, Math.max(Math.abs(a - mean), Math.abs(b - mean)));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
