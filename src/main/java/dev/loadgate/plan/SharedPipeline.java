package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The pipeline is shared (SPEC §2–4): what else runs beside a load at a given start (other
 * customers' live traffic, tests already approved), and which starts leave the load the most room.
 */
public final class SharedPipeline {
  /** How far ahead {@code suggested_starts} looks. */
  static final int WEEKS_AHEAD = 4;

  /** How many starts {@code suggested_starts} lists. */
  static final int SUGGESTIONS = 5;

  static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

  /**
   * A test already approved: where it is on the calendar and what it sends.
   *
   * @param eventsPerRequest its batch size (its requests use capture too)
   * @param cMix its own mixed consumer throughput (what its events cost)
   * @param partitionLoadAtPeak events/s on each main-topic partition at its peak
   */
  public record Approved(
      String name,
      String token,
      Instant start,
      RateCurve curve,
      int eventsPerRequest,
      double cMix,
      double[] partitionLoadAtPeak,
      List<Plan.HotDistinctId> hotDistinctIds,
      Verdict verdictAlone) {
    public Approved {
      partitionLoadAtPeak = partitionLoadAtPeak.clone();
      hotDistinctIds = List.copyOf(hotDistinctIds);
    }

    /** A profile on the calendar, from its plan; null when it has no start or no rate to place. */
    public static Approved of(dev.loadgate.profile.IntakeProfile p, Plan plan) {
      if (p.scheduleStart() == null || plan.rateOverTime().isEmpty()) {
        return null;
      }
      double[] load = new double[plan.partitionPeakEventsPerSecond().size()];
      for (int i = 0; i < load.length; i++) {
        load[i] = plan.partitionPeakEventsPerSecond().get(i);
      }
      return new Approved(
          plan.profile(),
          p.token(),
          p.scheduleStart().toInstant(),
          RateCurve.of(plan.rateOverTime()),
          p.batching() != null ? p.batching().eventsPerRequest() : 1,
          plan.perPartitionCapacityEventsPerSecond(),
          load,
          plan.hotDistinctIds(),
          plan.verdict());
    }

    /** Its load on partition {@code p} at {@code at}: its share there times its rate then. */
    public double partitionRateAt(int p, Instant at) {
      double peak = curve.peak();
      return p < partitionLoadAtPeak.length && peak > 0
          ? partitionLoadAtPeak[p] * rateAt(at) / peak
          : 0;
    }

    public Instant end() {
      return start.plusMillis(Math.round(curve.durationSeconds() * 1000));
    }

    /** Its rate at {@code at}: 0 outside its window. */
    public double rateAt(Instant at) {
      return curve.rateAt((at.toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }
  }

  /**
   * What a plan may know beyond the profile and the pipeline.
   *
   * @param now when suggested starts may begin (null: at the load's own day)
   * @param approved tests already on the calendar
   */
  public record Context(Instant now, List<Approved> approved) {
    public static final Context NONE = new Context(null, List.of());

    public Context {
      approved = List.copyOf(approved);
    }
  }

  private SharedPipeline() {}

  /**
   * What one live event costs a consumer in the load's mix: live traffic runs at the default rate,
   * apps on.
   */
  public static double liveMixCost(Pipeline pipe, double cMix) {
    if (pipe.liveLoad() != null && pipe.liveLoad().otherLane()) {
      return 0; // it runs on another lane's consumers
    }
    return cMix / liveConsumerRate(pipe);
  }

  /**
   * One consumer's events/s of live traffic: the pipeline's default rate, {@code
   * live_load.apps_share} of it with apps (all when unsaid), {@code personless_share} personless.
   */
  static double liveConsumerRate(Pipeline pipe) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    if (live == null || (live.appsShare() == null && live.personlessShare() == null)) {
      return ConsumerMix.eventsPerSecond(java.util.Map.of(), pipe, true);
    }
    return ConsumerMix.liveEventsPerSecond(pipe);
  }

  /** Whether anything else runs on the pipeline this plan must leave room for. */
  public static boolean shared(Pipeline pipe, Context ctx) {
    return pipe.liveLoad() != null || !ctx.approved().isEmpty();
  }

  /**
   * Everything else on the pipeline while a load of {@code seconds} runs from {@code start}: the
   * live load on the zone's wall clock, and the approved tests that overlap it.
   */
  static Background beside(Pipeline pipe, Context ctx, Instant start, double seconds, double cMix) {
    Background bg = Background.idle();
    Pipeline.LiveLoad live = pipe.liveLoad();
    if (live != null) {
      bg =
          Background.live(
              live, pipe.policy().workingHours().zone(), start, seconds, liveMixCost(pipe, cMix));
    }
    if (!ctx.approved().isEmpty()) {
      bg = bg.plus(approved(ctx.approved(), start, seconds, cMix));
    }
    return bg;
  }

  /**
   * Without a start the live load cannot be placed on the clock: its busiest hour is assumed for
   * the whole load, the worst case.
   */
  public static Background busiestHour(Pipeline pipe, double cMix) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    int h = busiestHourOfWeek(live);
    double ev = live.eventsPerSecond(h);
    return Background.of(
        new double[] {0},
        new double[] {ev},
        new double[] {ev * liveMixCost(pipe, cMix)},
        new double[] {ev / live.eventsPerRequest()},
        true);
  }

  static int busiestHourOfWeek(Pipeline.LiveLoad live) {
    int best = 0;
    for (int h = 1; h < Pipeline.LiveLoad.HOURS_OF_WEEK; h++) {
      if (live.eventsPerSecond(h) > live.eventsPerSecond(best)) {
        best = h;
      }
    }
    return best;
  }

  /** "Tue 11:00": an hour of the week, Monday 00:00 being 0. */
  static String hourOfWeek(int h) {
    return DayOfWeek.of(h / 24 + 1).getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)
        + String.format(Locale.ROOT, " %02d:00", h % 24);
  }

  /**
   * The approved tests beside a load from {@code start} for {@code seconds}, in pieces of at least
   * a minute (each piece at its highest rate, so no peak is smoothed away). Their events cost the
   * consumers what their own mix costs, counted in this load's mix.
   */
  static Background approved(List<Approved> tests, Instant start, double seconds, double cMix) {
    double step = Math.max(60, seconds / 2000);
    int n = (int) Math.ceil(seconds / step) + 1;
    double[] starts = new double[n];
    double[] ev = new double[n];
    double[] mix = new double[n];
    double[] req = new double[n];
    for (int i = 0; i < n; i++) {
      starts[i] = i * step;
      if (i == n - 1) {
        continue; // after the load: nothing is counted, the last piece holds on
      }
      for (Approved a : tests) {
        double offset = (a.start().toEpochMilli() - start.toEpochMilli()) / 1000.0;
        double from = starts[i] - offset;
        double to = from + step;
        if (to < 0 || from > a.curve().durationSeconds()) {
          continue;
        }
        double r = a.curve().maxRate(Math.max(0, from), Math.min(a.curve().durationSeconds(), to));
        ev[i] += r;
        mix[i] += r * cMix / a.cMix();
        req[i] += r / a.eventsPerRequest();
      }
    }
    return Background.of(starts, ev, mix, req, false);
  }

  /**
   * The starts on the hour, in working hours, from {@code from} for {@link #WEEKS_AHEAD} weeks. The
   * live load repeats every week, so each hour of the week is offered once, at its first date.
   */
  static List<ZonedDateTime> candidateStarts(Instant from, Pipeline.WorkingHours hours) {
    ZoneId zone = hours.zone();
    List<ZonedDateTime> out = new ArrayList<>();
    LocalDate first = from.atZone(zone).toLocalDate();
    for (int d = 0; d < WEEKS_AHEAD * 7; d++) {
      LocalDate day = first.plusDays(d);
      DayOfWeek dow = day.getDayOfWeek();
      if (hours.weekdaysOnly() && (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY)) {
        continue;
      }
      for (int h = hours.from().getHour(); h < 24; h++) {
        ZonedDateTime at = day.atTime(h, 0).atZone(zone);
        if (at.toLocalTime().isBefore(hours.from()) || !at.toLocalTime().isBefore(hours.to())) {
          continue;
        }
        if (!at.toInstant().isBefore(from)) {
          out.add(at);
        }
      }
    }
    return out;
  }

  /**
   * One candidate start: its verdict and the headroom left at the load's tightest moment.
   *
   * @param minHeadroom headroom minus the load where it is smallest (negative: over)
   */
  record Candidate(ZonedDateTime start, Verdict verdict, double minHeadroom) {}

  /**
   * The best starts: a verdict that needs less first (READY before NEEDS_SCALING), then the most
   * headroom left, then the earliest; each hour of the day with the same outcome once.
   */
  static List<Candidate> best(List<Candidate> all) {
    List<Candidate> sorted = new ArrayList<>(all);
    sorted.sort(
        Comparator.comparing((Candidate c) -> c.verdict().ordinal())
            .reversed()
            .thenComparing(Comparator.comparingDouble(Candidate::minHeadroom).reversed())
            .thenComparing(c -> c.start().toInstant()));
    // The live load repeats: the same hour of the day with the same outcome is one choice, offered
    // at its first date.
    Set<String> seen = new HashSet<>();
    List<Candidate> out = new ArrayList<>();
    for (Candidate c : sorted) {
      String how = c.start().getHour() + " " + c.verdict() + " " + Math.round(c.minHeadroom());
      if (seen.add(how)) {
        out.add(c);
        if (out.size() == SUGGESTIONS) {
          break;
        }
      }
    }
    return out;
  }
}
