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

    double cMix = ConsumerMix.eventsPerSecond(mix, pipe, apps);
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
        HotSpots.of(p.token(), skew, peak, pipe.partitions(), pipe.overflow(), cMix, historical);

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
                : busiestHour(pipe, cMix, assumptions);
    HeadroomCheck room =
        curve == null
            ? null
            : HeadroomCheck.of(
                curve, beside, now, reaction, hottestBeside(p, spots, ctx), pipe.partitions());
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
    Plan.Scaling scaling =
        room == null
            ? ScalingPlan.of(pipe, peak, epr, cMix)
            : ScalingPlan.of(pipe, peak, epr, cMix, room);

    IngestionModel.Result backlog =
        curve == null
            ? null
            : IngestionModel.simulate(
                spots.traffic(curve, epr, historical).beside(beside),
                IngestionModel.Capacity.of(pipe, cMix),
                IngestionModel.Settings.PLAN);
    ScheduleCheck when =
        p.scheduleStart() == null || curve == null
            ? null
            : ScheduleCheck.of(
                p.scheduleStart(), curve.durationSeconds(), pipe.policy().workingHours());

    // Verdict, by precedence.
    boolean overCapacity = room != null && room.overCapacity();
    boolean hotPartition =
        room == null ? spots.hottestLoad() > cMix : room.hottestPartitionEventsPerSecond() > cMix;
    boolean overRateLimit = peak > now.rateLimit();
    Verdict verdict = verdict(p, classification, overCapacity || hotPartition || overRateLimit);
    Plan.Headroom headroom = room == null || !shared ? null : headroom(p, pipe, beside, room, ctx);
    List<Plan.SuggestedStart> starts =
        room == null || pipe.liveLoad() == null
            ? null
            : suggestedStarts(p, pipe, ctx, curve, now, reaction, spots, overRateLimit);

    // Reasons, each with the numbers behind it. Verdict-deciding ones first.
    double policyDelay = pipe.policy().maxIngestionDelay().toMillis() / 1000.0;
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
    if (hotPartition) {
      if (spots.hottestLoad() > cMix) {
        why.hotPartition(spots, cMix, historical);
      }
      if (room != null && room.hottestPartitionEventsPerSecond() > spots.hottestLoad() + 1e-9) {
        why.hotPartitionBeside(room.hottestPartitionEventsPerSecond(), spots, cMix);
      }
    }
    why.hotIds(spots, pipe.overflow(), historical, cMix, skew.tailExponent());
    if (orderingRisk) {
      why.orderingRisk(mix);
    }
    why.preProvision(scaling);
    if (backlog != null) {
      why.backlog(backlog, spots, cMix, policyDelay, historical, stageEvents);
    }
    if (p.batching() != null
        && p.payloadBytes() != null
        && (long) epr * p.payloadBytes() > pipe.capture().maxRequestBytes()) {
      why.oversizeRequests(epr, p.payloadBytes());
    }
    if (when != null) {
      why.schedule(when);
    }
    if (historical) {
      why.historicalImport();
    }
    if (verdict == Verdict.READY) {
      why.fits(
          room == null ? peak : room.loadAtTightest(), room == null ? now : room.tightest(), spots);
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
        curve == null || beside.isIdle() ? List.of() : besideOverTime(beside, curve));
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

  private static Background busiestHour(Pipeline pipe, double cMix, List<String> assumptions) {
    if (pipe.liveLoad() == null) {
      return Background.idle(); // approved tests only, and no start to place this one among them
    }
    int h = SharedPipeline.busiestHourOfWeek(pipe.liveLoad());
    assumptions.add(
        "schedule.start unanswered: the live load's busiest hour ("
            + SharedPipeline.hourOfWeek(h)
            + ", "
            + Fmt.rate(pipe.liveLoad().eventsPerSecond(h))
            + ") is assumed for the whole load");
    return SharedPipeline.busiestHour(pipe, cMix);
  }

  /**
   * The hottest main-topic partition at the load's peak, with the approved tests that overlap it on
   * the same partitions at their peaks (two customers' hot ids can share a partition).
   */
  private static double hottestBeside(IntakeProfile p, HotSpots spots, SharedPipeline.Context ctx) {
    if (ctx.approved().isEmpty() || p.scheduleStart() == null) {
      return spots.hottestLoad();
    }
    double[] load = spots.load().clone();
    java.time.Instant start = p.scheduleStart().toInstant();
    java.time.Instant end =
        start.plusSeconds(Math.round(rateCurve(p) == null ? 0 : rateCurve(p).durationSeconds()));
    for (SharedPipeline.Approved a : ctx.approved()) {
      if (a.start().isBefore(end) && a.end().isAfter(start)) {
        for (int i = 0; i < load.length && i < a.partitionLoadAtPeak().length; i++) {
          load[i] += a.partitionLoadAtPeak()[i];
        }
      }
    }
    double max = 0;
    for (double l : load) {
      max = Math.max(max, l);
    }
    return max;
  }

  private static Plan.Headroom headroom(
      IntakeProfile p,
      Pipeline pipe,
      Background beside,
      HeadroomCheck room,
      SharedPipeline.Context ctx) {
    int piece = room.tightestPiece();
    double all = beside.eventsPerSecond(piece);
    int how = beside.hourOfWeek(piece);
    Pipeline.LiveLoad live = pipe.liveLoad();
    double liveNow = live == null ? 0 : how >= 0 ? live.eventsPerSecond(how) : all;
    java.time.ZoneId zone = pipe.policy().workingHours().zone();
    String at = null;
    String local = null;
    if (p.scheduleStart() != null) {
      java.time.Instant t =
          p.scheduleStart().toInstant().plusMillis(Math.round(room.tightestFromSeconds() * 1000));
      at = t.toString();
      local = t.atZone(zone).format(SharedPipeline.LOCAL) + " " + zone.getId();
    } else if (live != null) {
      local =
          SharedPipeline.hourOfWeek(SharedPipeline.busiestHourOfWeek(live)) + " " + zone.getId();
    }
    return new Plan.Headroom(
        at,
        local,
        Fmt.round3(liveNow),
        Fmt.round3(Math.max(0, all - liveNow)),
        Fmt.round3(room.tightest().eventsPerSecond()),
        Fmt.round3(room.loadAtTightest()),
        Fmt.round3(room.tightest().eventsPerSecond() - room.loadAtTightest()),
        room.tightest().bottleneck(),
        live == null ? null : live.source(),
        live == null ? 0 : Fmt.round3(live.weeks()),
        live == null ? 0 : live.peakFactor(),
        ctx.approved().stream().map(SharedPipeline.Approved::name).toList());
  }

  /**
   * The best starts in the next four weeks inside working hours, each judged as the load would be
   * there: the same checks against that start's headroom.
   */
  private static List<Plan.SuggestedStart> suggestedStarts(
      IntakeProfile p,
      Pipeline pipe,
      SharedPipeline.Context ctx,
      RateCurve curve,
      CapacityNow now,
      double reaction,
      HotSpots spots,
      boolean overRateLimit) {
    java.time.Instant from =
        ctx.now() != null
            ? ctx.now()
            : p.scheduleStart() != null
                ? p.scheduleStart()
                    .toLocalDate()
                    .atStartOfDay(p.scheduleStart().getOffset())
                    .toInstant()
                : null;
    if (from == null) {
      return List.of();
    }
    List<SharedPipeline.Candidate> all = new ArrayList<>();
    for (java.time.ZonedDateTime at :
        SharedPipeline.candidateStarts(from, pipe.policy().workingHours())) {
      Background bg =
          SharedPipeline.beside(pipe, ctx, at.toInstant(), curve.durationSeconds(), now.cMix());
      HeadroomCheck h =
          HeadroomCheck.of(curve, bg, now, reaction, spots.hottestLoad(), pipe.partitions());
      Verdict v =
          verdict(
              p,
              h.dos() ? Classification.DOS : Classification.LOAD_TEST,
              h.overCapacity()
                  || h.hottestPartitionEventsPerSecond() > now.cMix()
                  || overRateLimit);
      all.add(
          new SharedPipeline.Candidate(at, v, h.tightest().eventsPerSecond() - h.loadAtTightest()));
    }
    java.time.ZoneId zone = pipe.policy().workingHours().zone();
    return SharedPipeline.best(all).stream()
        .map(
            c ->
                new Plan.SuggestedStart(
                    c.start().toInstant().toString(),
                    c.start().format(SharedPipeline.LOCAL) + " " + zone.getId(),
                    c.verdict(),
                    Fmt.round3(c.minHeadroom())))
        .toList();
  }

  /** The other traffic's events/s over the load, as steps (for the charts). */
  private static List<RateCurve.Point> besideOverTime(Background bg, RateCurve curve) {
    List<RateCurve.Point> out = new ArrayList<>();
    double duration = curve.durationSeconds();
    for (int i = 0; i < bg.pieces(); i++) {
      double a = Math.max(0, bg.start(i));
      double b = Math.min(duration, bg.end(i));
      if (a >= b) {
        continue;
      }
      out.add(new RateCurve.Point(a, Fmt.round3(bg.eventsPerSecond(i))));
      out.add(new RateCurve.Point(b, Fmt.round3(bg.eventsPerSecond(i))));
    }
    return out;
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
