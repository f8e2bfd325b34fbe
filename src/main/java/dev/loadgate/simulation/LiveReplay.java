package dev.loadgate.simulation;

import dev.loadgate.plan.Background;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.SharedPipeline;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline's live load replayed beside the customer's ({@code -Dlive=true}): the hours of the
 * live load the load's window meets (on the wall clock of {@code schedule.start}; the busiest hour
 * without a start), scaled like the load, sent as its own scenario with its own token at its own
 * batch size. The model of the run sees the same traffic beside the load ({@link #background}).
 *
 * @param curve the live load's rate over the run, scaled (a step per hour)
 * @param shape its injection
 * @param background the same for the model: events, their consumer cost in the load's mix, and
 *     requests, spread over the main topic's partitions
 */
public record LiveReplay(
    RateCurve curve, LoadShape shape, int eventsPerRequest, Background background) {

  /**
   * The live traffic's project token: accepted by the local stack, apps on (as the plan costs it).
   */
  public static final String TOKEN = "phc_loadgate_live";

  /** Live events as the plan costs them: the pipeline's default rate. */
  public static final String EVENT = "$pageview";

  /**
   * @param load the load's unscaled curve (its duration is the window)
   * @param cMix the load's own mixed consumer throughput, unscaled
   * @return null when the pipeline has no live load
   */
  public static LiveReplay of(
      Pipeline pipe, IntakeProfile profile, RateCurve load, double cMix, Scale scale) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    if (live == null) {
      return null;
    }
    double duration = load.durationSeconds();
    Background bg =
        profile.scheduleStart() != null
            ? Background.live(
                live,
                pipe.policy().workingHours().zone(),
                profile.scheduleStart().toInstant(),
                duration,
                SharedPipeline.liveMixCost(pipe, cMix))
            : SharedPipeline.busiestHour(pipe, cMix);
    List<RateCurve.Point> pts = new ArrayList<>();
    List<Double> starts = new ArrayList<>();
    List<Double> events = new ArrayList<>();
    List<Double> mix = new ArrayList<>();
    List<Double> requests = new ArrayList<>();
    for (int i = 0; i < bg.pieces(); i++) {
      double a = Math.max(0, bg.start(i));
      double b = Math.min(duration, bg.end(i));
      if (a >= b) {
        continue;
      }
      pts.add(new RateCurve.Point(a, bg.eventsPerSecond(i)));
      pts.add(new RateCurve.Point(b, bg.eventsPerSecond(i)));
      starts.add(a * scale.time());
      events.add(bg.eventsPerSecond(i) * scale.rate());
      mix.add(bg.mixEventsPerSecond(i) * scale.rate());
      requests.add(bg.requestsPerSecond(i) * scale.rate());
    }
    // After the load the live traffic stops too: the replay sends it only beside the load.
    starts.add(duration * scale.time());
    events.add(0.0);
    mix.add(0.0);
    requests.add(0.0);
    RateCurve scaled = scale.apply(RateCurve.of(pts));
    return new LiveReplay(
        scaled,
        LoadShape.of(scaled, live.eventsPerRequest()),
        live.eventsPerRequest(),
        Background.of(array(starts), array(events), array(mix), array(requests), true));
  }

  /** The most live traffic (events/s) beside the load's window, unscaled; 0 without live load. */
  public static double peakBeside(Pipeline pipe, IntakeProfile profile, RateCurve load) {
    LiveReplay unscaled = of(pipe, profile, load, 1, new Scale(1, 1));
    return unscaled == null ? 0 : unscaled.curve().peak();
  }

  private static double[] array(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
