package dev.loadgate.simulation;

import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.CaptureReroute;
import dev.loadgate.plan.ConsumerMix;
import dev.loadgate.plan.Fmt;
import dev.loadgate.plan.IngestionModel;
import dev.loadgate.plan.IngestionTopics;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.RateCurve;
import dev.loadgate.plan.ScalingPlan;
import dev.loadgate.plan.Verdict;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Kind;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.ProfileException;

/**
 * A replay worked out before anything starts (pure but for reading the calibrated local pipeline):
 * what it can replay, the plan, the scale and why, the scaled curve and pipeline, the injection,
 * the payloads, and what the model predicts it will measure. The run's lifecycle ({@code
 * runner.SimulationRun}) starts from it.
 */
public final class RunPlanner {
  private RunPlanner() {}

  /** A run that cannot be replayed as asked: the message says why and what to do instead. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }

    Refused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The run and the bodies its requests carry. */
  public record Prepared(RunPlan run, Payloads payloads) {}

  /**
   * @param pipeline the pipeline file as read
   * @throws Refused when the profile has nothing to replay or no token, or the settings ask for
   *     what this run cannot do (a shard without a target, a live load without one in the file)
   */
  public static Prepared prepare(SimulationSettings s, IntakeProfile profile, Pipeline pipeline) {
    RateCurve curve = replayable(s, profile);
    Plan plan = CapacityPlanner.plan(profile, pipeline);
    if (s.applyScaling()) {
      pipeline = ScalingPlan.applyActions(pipeline, plan);
    }
    int epr = profile.batching() != null ? profile.batching().eventsPerRequest() : 1;
    String endpoint = profile.batching() != null ? profile.batching().endpoint() : "/e/";
    DistinctIdSampler ids = new DistinctIdSampler(CapacityPlanner.skew(profile));
    boolean historical = profile.kind() == Kind.HISTORICAL_IMPORT;
    Scaled sc = scale(s, profile, pipeline, plan, curve, epr, ids, historical);
    Scale scale = sc.scale();
    boolean production = s.production();
    RateCurve scaled = scale.apply(curve);
    Pipeline stackRuns = scale.apply(pipeline);
    Pipeline scaledPipeline = production ? ReplayCapacity.measurable(stackRuns) : stackRuns;
    LoadShape shape = shape(s, LoadShape.of(scaled, epr));
    Payloads payloads =
        new Payloads(
            profile.token(),
            historical,
            epr,
            profile.payloadBytes(),
            ids,
            profile.eventTypes(),
            ConsumerMix.personlessWithinOthers(profile.eventTypes(), profile.personless()));
    Prediction prediction =
        Prediction.of(
            profile.token(),
            historical,
            ids,
            scaled,
            scaledPipeline,
            historical ? IngestionTopics.HISTORICAL : IngestionTopics.MAIN);
    boolean apps = Boolean.TRUE.equals(profile.appsEnabled());
    RunSummary.LocalConsumers local;
    try {
      local = LocalConsumers.of(s, profile, apps, scaledPipeline.partitions());
    } catch (ProfileException e) {
      throw new Refused(e.getMessage(), e);
    }
    IngestionModel.Result localLag =
        production || local.consumers() == 0
            ? null
            : LocalConsumers.lag(
                local,
                ReplayTraffic.of(profile.token(), historical, ids, scaled, epr, scaledPipeline),
                scaledPipeline);
    LiveReplay live = live(s, profile, pipeline, curve, scale, apps);
    ReplayCapacity replay =
        production
            ? replay(profile, scale, scaled, scaledPipeline, shape, live, ids, apps, s)
            : null;
    RunPlan run =
        new RunPlan(
            s,
            profile,
            plan,
            pipeline,
            scale,
            sc.reason(),
            scaled,
            scaledPipeline,
            shape,
            endpoint,
            prediction,
            local,
            localLag,
            replay,
            live);
    return new Prepared(run, payloads);
  }

  /**
   * The profile's rate curve, if it has one to replay and the ids to send it as (a profile without
   * a token is sent as {@code phc_<name>}, as it is planned).
   */
  static RateCurve replayable(SimulationSettings s, IntakeProfile profile) {
    RateCurve curve = CapacityPlanner.rateCurve(profile);
    if (curve == null || curve.durationSeconds() <= 0 || curve.peak() <= 0) {
      throw new Refused(
          profile.file()
              + ": nothing to replay: the profile answers neither stages nor peak_events_per_second"
              + " (see `./loadgate plan "
              + s.profile()
              + "` for the questions still open)");
    }
    if (profile.distinctIds() == null || profile.distinctIds().total() <= 0) {
      throw new Refused(
          profile.file()
              + ": distinct_ids.total is unanswered: the replay draws each event's distinct_id"
              + " from the load's ids (see `./loadgate plan "
              + s.profile()
              + "` for the questions still open)");
    }
    return curve;
  }

  /** The scale a run replays at, and why, in the banner's words. */
  record Scaled(Scale scale, String reason) {}

  /**
   * The scale: the settings' or the defaults for the curve, lowered so the live traffic beside it
   * fits this machine, slowed so the scaled reaction time and policy stay measurable, and lowered
   * again so the retries of refused requests fit too (production mode).
   */
  static Scaled scale(
      SimulationSettings s,
      IntakeProfile profile,
      Pipeline pipeline,
      Plan plan,
      RateCurve curve,
      int epr,
      DistinctIdSampler ids,
      boolean historical) {
    Scale scale;
    try {
      scale = Scale.forCurve(curve, epr, s.scaleRate(), s.scaleTime());
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage(), e);
    }
    boolean production = s.production();
    String reason = scaleReason(s, curve, epr);
    if (s.live() && pipeline.liveLoad() != null && s.scaleRate() == null) {
      // The machine carries the live traffic too: the load and it together fit its budgets.
      double beside = LiveReplay.peakBeside(pipeline, profile, curve);
      Scale both =
          scale.fitting(
              curve.peak() + beside,
              curve.peak() / epr + beside / pipeline.liveLoad().eventsPerRequest());
      if (both.rate() < scale.rate()) {
        scale = both;
        reason += "; rate lowered so the load and the live traffic beside it fit this machine";
      }
    }
    if (production && s.scaleTime() == null) {
      double floor = ReplayCapacity.minimumTimeScale(pipeline, plan.verdict() == Verdict.READY);
      if (floor > scale.time()) {
        scale = scale.atLeast(floor);
        reason =
            reason.replaceFirst(
                "^[^;]*",
                "time slowed to x"
                    + Fmt.factor(scale.time())
                    + " so the scaled reaction time and policy stay measurable");
      }
    }
    if (production && s.scaleRate() == null && !s.live()) {
      // A refused request comes back five times: the machine must carry the retries too.
      double attempts =
          ReplayCapacity.peakAttemptsPerSecond(
              scale, pipeline, profile, curve, epr, ids, historical);
      if (attempts > Scale.LOCAL_MAX_ATTEMPTS_PER_SECOND) {
        scale =
            new Scale(scale.rate() * Scale.LOCAL_MAX_ATTEMPTS_PER_SECOND / attempts, scale.time());
        reason +=
            "; rate lowered so the retries of refused requests fit this machine too (the model's"
                + " peak: "
                + Fmt.num(attempts)
                + " attempts/s at the first scale)";
      }
    }
    return new Scaled(scale, reason);
  }

  /** This injector's share of the shape: all of it, or its shard's slice (with a target). */
  static LoadShape shape(SimulationSettings s, LoadShape shape) {
    if (s.shard() == null) {
      return shape;
    }
    if (s.target() == null) {
      throw new Refused(
          "-Dshard="
              + s.shard()
              + " needs -Dtarget: the N shards load one capture endpoint together (start one with"
              + " ./loadgate stack, or name your staging capture)");
    }
    if (s.live()) {
      throw new Refused(
          "-Dlive=true is not split over shards yet: replay the live load from one injector");
    }
    return s.shard().slice(shape);
  }

  /** The live load replayed beside the load ({@code -Dlive=true}), or null. */
  static LiveReplay live(
      SimulationSettings s,
      IntakeProfile profile,
      Pipeline pipeline,
      RateCurve curve,
      Scale scale,
      boolean apps) {
    if (!s.live()) {
      return null;
    }
    if (pipeline.liveLoad() == null) {
      throw new Refused(
          s.pipeline()
              + ": -Dlive=true replays the pipeline's live_load, and this file has none"
              + " (try -Dpipeline=profiles/pipeline-shared.yaml)");
    }
    return LiveReplay.of(
        pipeline,
        profile,
        curve,
        ConsumerMix.eventsPerSecond(profile.eventTypes(), pipeline, apps),
        scale);
  }

  /** Production mode's model of the run, on the load as Gatling injects it. */
  private static ReplayCapacity replay(
      IntakeProfile profile,
      Scale scale,
      RateCurve scaled,
      Pipeline scaledPipeline,
      LoadShape shape,
      LiveReplay live,
      DistinctIdSampler ids,
      boolean apps,
      SimulationSettings s) {
    boolean historical = profile.kind() == Kind.HISTORICAL_IMPORT;
    int epr = shape.eventsPerRequest();
    double mix =
        ConsumerMix.eventsPerSecond(
            profile.eventTypes(), scaledPipeline, apps, profile.personless());
    double keyRate = ConsumerMix.keyEventsPerSecond(scaledPipeline, profile.personless(), mix);
    IngestionModel.Traffic traffic =
        ReplayTraffic.of(profile.token(), historical, ids, scaled, epr, scaledPipeline, keyRate);
    return new ReplayCapacity(
        scale,
        scaledPipeline,
        // The model sees the load as Gatling injects it (a stage shorter than half a second of the
        // scaled run leaves at once), and capture reroutes its hot keys as the plan's model does:
        // the global window whole and personless, forced keys from their first event.
        traffic
            .along(shape.injectedCurve())
            .beside(live == null ? null : live.background())
            .withReroute(
                CaptureReroute.of(
                    scaledPipeline,
                    profile.eventTypes(),
                    apps,
                    mix,
                    traffic.hotKeys(),
                    scaled.peak())),
        mix,
        ReplayCapacity.lagThreshold(s.lagThresholdSeconds(), mix));
  }

  static String scaleReason(SimulationSettings s, RateCurve curve, int epr) {
    String time =
        s.scaleTime() != null
            ? "time as given (-Dscale.time)"
            : curve.durationSeconds() > Scale.TARGET_SECONDS
                ? "time compressed to a run of about " + (long) Scale.TARGET_SECONDS + " s"
                : "time kept (the load is already short)";
    String rate =
        s.scaleRate() != null
            ? "rate as given (-Dscale.rate)"
            : curve.peak() > Scale.LOCAL_MAX_EVENTS_PER_SECOND
                    || curve.peak() / epr > Scale.LOCAL_MAX_REQUESTS_PER_SECOND
                ? "rate scaled so the peak fits this machine ("
                    + (long) Scale.LOCAL_MAX_EVENTS_PER_SECOND
                    + " ev/s, "
                    + (long) Scale.LOCAL_MAX_REQUESTS_PER_SECOND
                    + " req/s)"
                : "rate kept (the peak fits this machine)";
    return time + "; " + rate;
  }
}
