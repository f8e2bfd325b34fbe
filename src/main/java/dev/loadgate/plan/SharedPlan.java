package dev.loadgate.plan;

import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a plan that exist because the pipeline is shared (SPEC §3–4): what to assume without
 * a start, the hottest partition with the approved tests on it, {@code headroom}, {@code
 * suggested_starts}, and the other traffic over time for the charts. {@link CapacityPlanner} calls
 * them; {@link SharedPipeline} holds what they are computed from.
 */
final class SharedPlan {
  private SharedPlan() {}

  static Background busiestHour(Pipeline pipe, double cMix, List<String> assumptions) {
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
  static double hottestBeside(
      IntakeProfile p, RateCurve curve, HotSpots spots, SharedPipeline.Context ctx) {
    if (ctx.approved().isEmpty() || p.scheduleStart() == null) {
      return spots.hottestLoad();
    }
    double[] load = spots.load().clone();
    java.time.Instant start = p.scheduleStart().toInstant();
    java.time.Instant end = start.plusMillis(Math.round(curve.durationSeconds() * 1000));
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

  static Plan.Headroom headroom(
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
  static List<Plan.SuggestedStart> suggestedStarts(
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
          CapacityPlanner.verdict(
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

  /**
   * The other traffic over the load, as steps, as the work it gives the consumers counted in this
   * load's events (for the charts: stacked under the load, it is held to capacity now).
   */
  static List<RateCurve.Point> overTime(Background bg, RateCurve curve) {
    List<RateCurve.Point> out = new ArrayList<>();
    double duration = curve.durationSeconds();
    for (int i = 0; i < bg.pieces(); i++) {
      double a = Math.max(0, bg.start(i));
      double b = Math.min(duration, bg.end(i));
      if (a >= b) {
        continue;
      }
      out.add(new RateCurve.Point(a, Fmt.round3(bg.mixEventsPerSecond(i))));
      out.add(new RateCurve.Point(b, Fmt.round3(bg.mixEventsPerSecond(i))));
    }
    return out;
  }
}
