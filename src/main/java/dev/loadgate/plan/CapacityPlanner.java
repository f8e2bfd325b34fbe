package dev.loadgate.plan;

import dev.loadgate.profile.Durations;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Kind;
import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capacity model of SPEC §3: from an intake profile and the pipeline file to a {@link Plan}.
 * Pure: no I/O, no clock, no randomness; the same inputs give the same plan.
 */
public final class CapacityPlanner {
  /** Event types whose order matters to person processing: reordering them reorders merges. */
  public static final Set<String> MERGE_EVENTS =
      Set.of("$identify", "$create_alias", "$merge_dangerously");

  /** Assumed duration when only the peak was answered. */
  static final Duration ASSUMED_DURATION = Duration.ofHours(1);

  private CapacityPlanner() {}

  public static Plan plan(IntakeProfile p, Pipeline pipe) {
    return plan(p, pipe, SharedPipeline.Context.NONE);
  }

  /**
   * The plan on a shared pipeline: beside the pipeline's live load and the tests in {@code
   * ctx.approved()}, with starts suggested from {@code ctx.now()}.
   */
  public static Plan plan(IntakeProfile p, Pipeline pipe, SharedPipeline.Context ctx) {
    Plan plan = FollowUps.checkedStarts(p, pipe, ctx, planOnce(p, pipe, ctx, true));
    return FollowUps.withActions(p, pipe, ctx, plan);
  }

  /**
   * One plan of {@code p} on {@code pipe}: the model, the reasons, the verdict; the 5%-slower run
   * beside it when {@code withMargin}. {@link #plan} checks its suggested starts and adds the
   * checklist ({@link FollowUps}).
   */
  static Plan planOnce(
      IntakeProfile p, Pipeline pipe, SharedPipeline.Context ctx, boolean withMargin) {
    List<String> assumptions = new ArrayList<>();
    RateCurve curve = curve(p, assumptions);
    int epr = p.batching() != null ? p.batching().eventsPerRequest() : 1;
    if (p.batching() == null) {
      assumptions.add(
          "events_per_request unanswered: assumed 1 (single-event requests), the worst case for capture");
    }
    boolean apps = p.appsEnabled() != null ? p.appsEnabled() : true;
    if (p.appsEnabled() == null) {
      assumptions.add("apps_enabled unanswered: assumed true, the worst case for consumers");
    }
    Map<String, Double> mix = p.eventTypes();
    if (mix.isEmpty()) {
      assumptions.add(
          "event_types unanswered: every event assumed to cost the 'default' consumer rate");
    }
    boolean historical = p.kind() == Kind.HISTORICAL_IMPORT;
    Pipeline lanes = pipe;
    // From here on the pipeline as the load's own lane sees it (SPEC §9.1): its consumers, and the
    // live traffic on capture only when that lane is not main's.
    pipe = lanes.laneView(historical ? IngestionModel.HISTORICAL : IngestionModel.MAIN);
    PipelineAssumptions.add(p, lanes, assumptions);
    double personless = p.personless();
    double cMix = ConsumerMix.eventsPerSecond(mix, pipe, apps, personless);
    double keyRate = ConsumerMix.keyEventsPerSecond(pipe, personless, cMix);
    CapacityNow now = CapacityNow.of(pipe, epr, cMix);
    double peak = curve == null ? 0 : curve.peak();
    double stageEvents = curve == null ? 0 : curve.totalEvents();
    double reaction = pipe.autoscaling().reactionTime().toMillis() / 1000.0;

    SkewModel skew = skewOf(p, stageEvents, curve != null ? assumptions : new ArrayList<>());
    if (!skew.consistent() && skew.tailIds() > 0 && !skew.top().isEmpty()) {
      assumptions.add(
          "the "
              + Fmt.num(skew.tailIds())
              + " ids outside the top list must average "
              + Fmt.num(skew.tailScale() * skew.top().get(0).events() / skew.top().get(0).share())
              + " events each, more than the smallest top count ("
              + Fmt.num(skew.top().get(skew.top().size() - 1).events())
              + "): the top list is not the top, or total_events is off; the tail is taken as uniform");
    }
    HotSpots spots =
        HotSpots.of(
            p.token(), skew, peak, pipe.partitions(), pipe.overflow(), cMix, historical, keyRate);
    IngestionModel.Reroute reroute = CaptureReroute.of(pipe, mix, apps, cMix, spots);
    forcedOutsideTop(p, pipe, spots, assumptions);
    OverflowLane overflowLane =
        lanes.lanes() != null || keyRate < Double.POSITIVE_INFINITY
            ? OverflowLane.of(pipe, spots, cMix, historical, reroute)
            : OverflowLane.NONE;

    // What else runs on the pipeline meanwhile: every comparison below is against what it leaves.
    boolean shared = SharedPipeline.shared(pipe, ctx);
    if (pipe.liveLoad() == null) {
      assumptions.add(
          "no live_load in the pipeline file: the pipeline is assumed idle apart from this load");
    }
    Background beside =
        curve == null || !shared
            ? Background.idle()
            : p.scheduleStart() != null
                ? SharedPipeline.beside(
                    pipe, ctx, p.scheduleStart().toInstant(), curve.durationSeconds(), cMix)
                : SharedPlan.busiestHour(pipe, cMix, assumptions);
    HeadroomCheck room =
        curve == null
            ? null
            : HeadroomCheck.of(
                curve,
                beside,
                now,
                reaction,
                SharedPlan.hottestBeside(p, curve, spots, ctx),
                pipe.partitions());
    RateCurve.Rise rise = room == null ? new RateCurve.Rise(0, -reaction, 0, 0, 0) : room.rise();
    Classification classification =
        room == null ? null : room.dos() ? Classification.DOS : Classification.LOAD_TEST;
    double mergeShare =
        mix.entrySet().stream()
            .filter(e -> MERGE_EVENTS.contains(e.getKey()))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    boolean orderingRisk =
        !historical && (!spots.hot().isEmpty() || spots.tailHot() > 0) && mergeShare > 0;
    Plan.Scaling loadLane =
        room == null
            ? ScalingPlan.of(pipe, peak, epr, cMix)
            : ScalingPlan.of(pipe, peak, epr, cMix, room);
    Plan.Scaling scaling =
        loadLane.withLanes(overflowLane.lanes(pipe, historical, loadLane.consumers()));

    IngestionModel.Traffic traffic =
        curve == null
            ? null
            : spots.traffic(curve, epr, historical).beside(beside).withReroute(reroute);
    // Null without tiers: the model then counts nothing it would not report.
    double[] sloDelays = pipe.policy().sloSeconds();
    IngestionModel.Result backlog =
        curve == null
            ? null
            : IngestionModel.simulate(
                traffic,
                IngestionModel.Capacity.of(pipe, cMix),
                IngestionModel.Settings.PLAN,
                sloDelays);
    // The same with every consumer 5% slower: how close the load sits to a capacity.
    IngestionModel.Result slower =
        curve == null || !withMargin
            ? null
            : IngestionModel.simulate(
                MarginCheck.slower(traffic),
                IngestionModel.Capacity.of(pipe, cMix * (1 - MarginCheck.SLOWER)),
                IngestionModel.Settings.PLAN,
                sloDelays);
    double windowEvents = SloTiers.windowEvents(lanes, stageEvents);
    List<Plan.Slo> slo = backlog == null ? List.of() : slo(pipe, backlog, beside, windowEvents);
    List<Plan.Slo> sloSlower = slower == null ? List.of() : slo(pipe, slower, beside, windowEvents);
    List<Plan.ReroutedKey> rerouted =
        backlog == null
            ? List.of()
            : RerouteReasons.keys(backlog, pipe.overflow().limiter(), mergeShare > 0);
    ScheduleCheck when =
        p.scheduleStart() == null || curve == null
            ? null
            : ScheduleCheck.of(
                p.scheduleStart(), curve.durationSeconds(), pipe.policy().workingHours());

    // Verdict, by precedence.
    boolean overCapacity = room != null && room.overCapacity();
    boolean hotPartition =
        (room == null ? spots.hottestLoad() > cMix : room.hottestPartitionEventsPerSecond() > cMix)
            || !spots.slowKeys().isEmpty()
            || overflowLane.lags();
    boolean overRateLimit = peak > now.rateLimit();
    double policyDelay = pipe.policy().maxIngestionDelay().toMillis() / 1000.0;
    // The verdict follows the evidence: a plan whose own model breaks the policy, misses an SLO
    // tier or has every request refused as too large is not READY.
    boolean overPolicy = backlog != null && backlog.maxDelaySeconds() > policyDelay;
    boolean sloMissed = slo.stream().anyMatch(t -> !t.met());
    boolean tooLarge =
        p.batching() != null
            && p.payloadBytes() != null
            && (long) epr * p.payloadBytes() > pipe.capture().maxRequestBytes();
    Verdict verdict =
        verdict(
            p,
            classification,
            overCapacity || hotPartition || overRateLimit || overPolicy || sloMissed || tooLarge);
    Plan.Headroom headroom =
        room == null || !shared ? null : SharedPlan.headroom(p, pipe, beside, room, ctx);
    List<Plan.SuggestedStart> starts =
        room == null || pipe.liveLoad() == null
            ? null
            : SharedPlan.suggestedStarts(p, pipe, ctx, curve, now, reaction, spots, overRateLimit);

    // Reasons, each with the numbers behind it. Verdict-deciding ones first.
    Reasons why = new Reasons(pipe);
    why.missingAnswers(p);
    why.productQuestions(p);
    if (headroom != null) {
      why.sharedPipeline(headroom, verdict, starts);
    }
    if (classification != null) {
      why.classification(classification, rise, room.atRise(), peak);
    }
    if (curve != null && overCapacity) {
      why.overCapacity(room.loadAtTightest(), room.tightest(), scaling);
    }
    if (curve != null && overRateLimit) {
      why.overRateLimit(peak, now.rateLimit(), p.token());
    }
    KeyReasons keys = new KeyReasons(why, pipe);
    keys.slowKeys(
        spots,
        personless,
        backlog,
        historical ? IngestionTopics.HISTORICAL : IngestionTopics.MAIN,
        historical);
    if (overflowLane.lags()) {
      keys.overflowLane(
          overflowLane.peakEventsPerSecond(),
          overflowLane.capacityEventsPerSecond(),
          overflowLane.consumers(),
          overflowLane.busiest());
    }
    if (hotPartition) {
      if (spots.hottestLoad() > cMix) {
        why.hotPartition(spots, cMix, historical);
      }
      if (room != null && room.hottestPartitionEventsPerSecond() > spots.hottestLoad() + 1e-9) {
        why.hotPartitionBeside(room.hottestPartitionEventsPerSecond(), spots, cMix);
      }
    }
    why.hotIds(spots, pipe.overflow(), historical, cMix, skew.tailExponent());
    RerouteReasons.explain(why, rerouted, pipe.overflow(), p.token());
    if (orderingRisk) {
      why.orderingRisk(mix);
    }
    why.preProvision(scaling);
    if (backlog != null) {
      why.backlog(backlog, spots, cMix, policyDelay, historical, stageEvents);
    }
    SloReasons.missed(why, slo);
    if (tooLarge) {
      why.oversizeRequests(epr, p.payloadBytes());
    }
    if (when != null) {
      why.schedule(when);
    }
    if (historical) {
      why.historicalImport();
      keys.historicalLane(p);
    }
    if (verdict == Verdict.READY) {
      why.fits(
          room == null ? peak : room.loadAtTightest(), room == null ? now : room.tightest(), spots);
    }
    Plan.Margin margin =
        slower == null
            ? null
            : new Plan.Margin(
                MarginCheck.SLOWER,
                Fmt.round3(slower.maxDelaySeconds()),
                sloSlower,
                MarginCheck.nearCapacity(
                    room == null ? peak : room.loadAtTightest(),
                    (room == null ? now : room.tightest()).eventsPerSecond(),
                    (room == null ? now : room.tightest()).bottleneck(),
                    room == null ? spots.hottestLoad() : room.hottestPartitionEventsPerSecond(),
                    cMix,
                    policyDelay,
                    backlog.maxDelaySeconds(),
                    slower.maxDelaySeconds(),
                    slo,
                    sloSlower));
    if (margin != null) {
      SloReasons.nearCapacity(why, margin.nearCapacity());
    }

    List<Double> loads = new ArrayList<>(pipe.partitions());
    for (double l : spots.load()) {
      loads.add(Fmt.round3(l));
    }
    Plan.Schedule schedule =
        when == null
            ? null
            : new Plan.Schedule(
                when.weekday(),
                Fmt.round3(when.euOverlapHours()),
                Fmt.round3(when.windowHours()),
                when.start().toOffsetDateTime().toString(),
                when.end().toOffsetDateTime().toString(),
                pipe.policy().workingHours().zone().getId());
    return new Plan(
        p.name(),
        p.customer(),
        p.kind() == null ? null : p.kind().yaml(),
        p.token(),
        classification,
        verdict,
        why.reasons,
        p.missingAnswers(),
        assumptions,
        why.tell,
        Fmt.round3(peak),
        Fmt.round3(peak / epr),
        Math.round(stageEvents),
        Math.round(curve == null ? 0 : curve.durationSeconds()),
        reaction,
        Fmt.round3(rise.eventsPerSecond()),
        new Plan.Window(rise.fromSeconds(), rise.toSeconds()),
        Fmt.round3(now.eventsPerSecond()),
        now.parts(),
        Fmt.round3(cMix),
        new Plan.PartitionLoad(spots.hottest(), Fmt.round3(spots.hottestLoad())),
        Fmt.round3(spots.skew()),
        spots.hot(),
        spots.tailHot(),
        orderingRisk,
        new Plan.Overflow(
            pipe.overflow().enabled(), pipe.overflow().perDistinctIdEventsPerSecond()),
        scaling,
        schedule,
        backlog == null ? 0 : Fmt.round3(backlog.maxDelaySeconds()),
        backlog == null ? 0 : Math.round(backlog.maxBacklogEvents()),
        backlog == null ? List.of() : partitionBacklog(backlog, spots),
        backlog == null ? 0 : Math.round(backlog.rejectedEvents()),
        policyDelay,
        pipe.partitions(),
        loads,
        spots.topIds(),
        new Plan.Tail(
            skew.tailIds(),
            Fmt.round3(skew.tailShare()),
            Fmt.round3(skew.tailExponent()),
            Fmt.round3(skew.tailHeadShare() * peak)),
        curve == null ? List.of() : curve.points(),
        backlog == null ? List.of() : backlog.steps(),
        headroom,
        starts,
        curve == null || beside.isIdle() ? List.of() : SharedPlan.overTime(beside, curve),
        LaneReport.lanes(pipe, scaling, backlog, spots, historical),
        LaneReport.keyLimit(pipe, spots, personless, historical),
        slo,
        margin,
        rerouted,
        List.of(),
        null,
        backlog == null ? List.of() : predicted(backlog.timeline()));
  }

  /**
   * The model's timeline as the plan gives it (SPEC §10: what {@code watch} sets production
   * beside), to the plan's precision.
   */
  private static List<IngestionModel.Moment> predicted(List<IngestionModel.Moment> timeline) {
    List<IngestionModel.Moment> out = new ArrayList<>(timeline.size());
    for (IngestionModel.Moment m : timeline) {
      out.add(
          new IngestionModel.Moment(
              Fmt.round3(m.seconds()),
              Fmt.round3(m.offeredEventsPerSecond()),
              Fmt.round3(m.refusedRequestsPerSecond()),
              Fmt.round3(m.admittedEventsPerSecond()),
              Fmt.round3(m.consumedEventsPerSecond()),
              Math.round(m.backlogEvents()),
              Math.round(m.worstPartitionBacklogEvents()),
              Fmt.round3(m.maxDelaySeconds()),
              m.consumers(),
              m.captureReplicas(),
              Fmt.round3(m.capacityEventsPerSecond()),
              m.lanes()));
    }
    return out;
  }

  /**
   * The SLO tiers as the model counted them; live events on partitions the load did not share (an
   * import on its own lane) were on time as far as it goes.
   */
  private static List<Plan.Slo> slo(
      Pipeline pipe, IngestionModel.Result r, Background beside, double windowEvents) {
    DelayTally counted = r.allDelays();
    double notCounted =
        counted == null || counted.allEvents() > counted.loadEvents() + 1e-6
            ? 0
            : beside.events(0, r.timeline().isEmpty() ? 0 : lastSecond(r));
    return SloTiers.of(pipe.policy(), counted, notCounted, windowEvents);
  }

  private static double lastSecond(IngestionModel.Result r) {
    return r.timeline().get(r.timeline().size() - 1).seconds() + r.stepSeconds();
  }

  /**
   * A key of this load on capture's forced-overflow list that is not among its top ids: its share
   * is unknown, so the plan keeps it in the tail, keyed, and says so.
   */
  private static void forcedOutsideTop(
      IntakeProfile p, Pipeline pipe, HotSpots spots, List<String> assumptions) {
    String prefix = p.token() + ":";
    for (String key : pipe.overflow().forcedKeys()) {
      if (key.startsWith(prefix)
          && spots.topIds().stream()
              .noneMatch(t -> t.distinctId().equals(key.substring(prefix.length())))) {
        assumptions.add(
            key
                + " is on capture's forced-overflow list but not among the load's top ids: its"
                + " share is unknown, so it is taken as part of the tail, keyed");
      }
    }
  }

  /** By precedence: answers first, then a denial of service, then whether it fits. */
  static Verdict verdict(IntakeProfile p, Classification classification, boolean doesNotFit) {
    if (!p.missingAnswers().isEmpty() || !Boolean.TRUE.equals(p.productQuestionsAnswered())) {
      return Verdict.NEEDS_ANSWERS;
    } else if (classification == Classification.DOS) {
      return Verdict.REJECT;
    } else if (doesNotFit) {
      return Verdict.NEEDS_SCALING;
    }
    return Verdict.READY;
  }

  /** The partitions that lag, worst first, with the top ids that wait on each. */
  private static List<Plan.PartitionBacklog> partitionBacklog(
      IngestionModel.Result r, HotSpots spots) {
    return r.lagging().stream()
        .map(
            l ->
                new Plan.PartitionBacklog(
                    l.topic(),
                    l.partition(),
                    Math.round(l.maxBacklogEvents()),
                    Fmt.round3(l.maxDelaySeconds()),
                    Fmt.round3(l.laggingSeconds()),
                    l.topic().equals(IngestionTopics.OVERFLOW)
                        ? List.of()
                        : spots.idsOn(l.partition())))
        .toList();
  }

  /**
   * The load's rate over time as the plan models it: the stages, or a flat step at the answered
   * peak; null when neither was answered. The simulation replays this same curve.
   */
  public static RateCurve rateCurve(IntakeProfile p) {
    return curve(p, new ArrayList<>());
  }

  /**
   * How the load's events spread over distinct_ids, as the plan models it. The simulation draws its
   * distinct_ids from this same model.
   */
  public static SkewModel skew(IntakeProfile p) {
    RateCurve curve = rateCurve(p);
    return skewOf(p, curve == null ? 0 : curve.totalEvents(), new ArrayList<>());
  }

  private static SkewModel skewOf(IntakeProfile p, double stageEvents, List<String> assumptions) {
    double sharesOf =
        p.distinctIds().totalEvents() != null ? p.distinctIds().totalEvents() : stageEvents;
    if (p.distinctIds().topEvents() > sharesOf) {
      assumptions.add(
          "the top ids count "
              + Fmt.num(p.distinctIds().topEvents())
              + " events, more than the "
              + Fmt.num(stageEvents)
              + " the stages send: shares are taken of the top counts' sum (give distinct_ids.total_events)");
      sharesOf = p.distinctIds().topEvents();
    }
    long totalIds = Math.max(p.distinctIds().total(), p.distinctIds().top().size());
    return sharesOf > 0
        ? SkewModel.of(p.distinctIds().top(), totalIds, sharesOf)
        : SkewModel.of(List.of(), Math.max(totalIds, 1), 1);
  }

  private static RateCurve curve(IntakeProfile p, List<String> assumptions) {
    if (!p.stages().isEmpty()) {
      return RateCurve.ofStages(p.stages());
    }
    if (p.peakEventsPerSecond() == null) {
      return null;
    }
    Duration d = p.totalDuration();
    if (d == null) {
      d = ASSUMED_DURATION;
      assumptions.add("total_duration unanswered: assumed " + Durations.format(d));
    }
    assumptions.add(
        "stages unanswered: the peak of "
            + Fmt.rate(p.peakEventsPerSecond())
            + " is assumed to arrive at once (no ramp)");
    return RateCurve.flat(p.peakEventsPerSecond(), d.toMillis() / 1000.0);
  }
}
