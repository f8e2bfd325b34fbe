package dev.loadgate.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loadgate.profile.Pipeline;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every approved test on the wall clock at its {@code schedule.start}, summed with the live load,
 * against capacity and the autoscaler (SPEC §4, {@code loadgate calendar}). Each stretch where two
 * or more tests run at once is an overlap, judged as one load: their events cost the consumers what
 * each one's mix costs, their requests use capture at each one's batch size, and their keys land on
 * the same partitions (two customers' hot ids can share one).
 *
 * <p>Pure: the tests' own plans, the pipeline and the dates in; no I/O, no clock.
 */
public final class TestCalendar {

  /** One test on the calendar with its own plan's verdict (with the live load). */
  public record Scheduled(
      String profile,
      String start,
      String end,
      double peakEventsPerSecond,
      Verdict verdict,
      List<String> days) {
    public Scheduled {
      days = List.copyOf(days);
    }
  }

  /** Two ids of different tests whose keys share a partition. */
  public record SharedPartition(int partition, List<String> distinctIds) {
    public SharedPartition {
      distinctIds = List.copyOf(distinctIds);
    }
  }

  /**
   * Tests running at once, judged together at their tightest moment.
   *
   * @param combinedPeakEventsPerSecond the most they send together
   * @param headroomEventsPerSecond what the pipeline leaves them beside the live load at the
   *     tightest moment (in their combined mix and batching)
   * @param withinAutoscalerMax whether the autoscaler's maxima would take them (the autoscaler
   *     needs a reaction time to get there)
   */
  public record Overlap(
      List<String> profiles,
      String from,
      String to,
      double combinedPeakEventsPerSecond,
      String tightestAt,
      double liveEventsPerSecond,
      double headroomEventsPerSecond,
      Verdict verdict,
      Plan.PartitionLoad hottestPartition,
      double perPartitionCapacityEventsPerSecond,
      boolean withinAutoscalerMax,
      List<SharedPartition> sharedHotPartitions,
      List<String> reasons) {
    public Overlap {
      profiles = List.copyOf(profiles);
      sharedHotPartitions = List.copyOf(sharedHotPartitions);
      reasons = List.copyOf(reasons);
    }
  }

  public record Day(String date, Verdict verdict, List<String> tests, int overlaps) {
    public Day {
      tests = List.copyOf(tests);
    }
  }

  /**
   * A point of the timeline chart: each test's rate and the live load, at one instant.
   *
   * @param liveAsTestEventsPerSecond the live load as work for the consumers, counted in events of
   *     the first test's mix (a live event at the default rate with apps may cost more than one)
   */
  public record Point(
      String at,
      double liveEventsPerSecond,
      double liveAsTestEventsPerSecond,
      Map<String, Double> tests) {
    public Point {
      tests = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tests));
    }
  }

  public record Result(
      String zone,
      String from,
      String to,
      double capacityEventsPerSecond,
      List<Scheduled> tests,
      List<Overlap> overlaps,
      List<Day> days,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unscheduled,
      List<Point> timeline) {
    public Result {
      tests = List.copyOf(tests);
      overlaps = List.copyOf(overlaps);
      days = List.copyOf(days);
      unscheduled = List.copyOf(unscheduled);
      timeline = List.copyOf(timeline);
    }

    /** The worst day's verdict: what a CI gate reads. */
    public Verdict verdict() {
      return days.stream().map(Day::verdict).min(Comparator.naturalOrder()).orElse(Verdict.READY);
    }
  }

  private final Pipeline pipe;
  private final ZoneId zone;
  private final double liveCMix;

  private TestCalendar(Pipeline pipe) {
    this.pipe = pipe;
    this.zone = pipe.policy().workingHours().zone();
    this.liveCMix = SharedPipeline.liveConsumerRate(pipe);
  }

  /**
   * @param tests the scheduled tests (from their plans)
   * @param unscheduled profiles left off: no start or no rate
   * @param from first day to report (null: the first test's day)
   * @param to last day to report (null: the last test's last day)
   */
  public static Result of(
      Pipeline pipe,
      List<SharedPipeline.Approved> tests,
      List<String> unscheduled,
      LocalDate from,
      LocalDate to) {
    return new TestCalendar(pipe).run(tests, unscheduled, from, to);
  }

  private Result run(
      List<SharedPipeline.Approved> all, List<String> unscheduled, LocalDate from, LocalDate to) {
    List<SharedPipeline.Approved> tests = new ArrayList<>(all);
    tests.sort(Comparator.comparing(SharedPipeline.Approved::start));
    LocalDate first =
        from != null
            ? from
            : tests.isEmpty() ? null : tests.get(0).start().atZone(zone).toLocalDate();
    LocalDate last =
        to != null
            ? to
            : tests.stream()
                .map(t -> t.end().minusMillis(1).atZone(zone).toLocalDate())
                .max(Comparator.naturalOrder())
                .orElse(first);
    if (first != null && last.isBefore(first)) {
      last = first;
    }
    Instant windowFrom = first == null ? Instant.EPOCH : first.atStartOfDay(zone).toInstant();
    Instant windowTo =
        last == null ? Instant.EPOCH : last.plusDays(1).atStartOfDay(zone).toInstant();
    List<SharedPipeline.Approved> inWindow =
        tests.stream()
            .filter(t -> t.start().isBefore(windowTo) && t.end().isAfter(windowFrom))
            .toList();

    List<Overlap> overlaps = overlaps(inWindow);
    List<Scheduled> scheduled = new ArrayList<>();
    for (SharedPipeline.Approved t : inWindow) {
      scheduled.add(
          new Scheduled(
              t.name(),
              t.start().toString(),
              t.end().toString(),
              Fmt.round3(t.curve().peak()),
              t.verdictAlone(),
              daysOf(t.start(), t.end()).stream().map(LocalDate::toString).toList()));
    }
    List<Day> days = new ArrayList<>();
    if (first != null) {
      for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
        String date = d.toString();
        Verdict v = Verdict.READY;
        List<String> names = new ArrayList<>();
        for (Scheduled s : scheduled) {
          if (s.days().contains(date)) {
            names.add(s.profile());
            v = worse(v, s.verdict());
          }
        }
        int n = 0;
        Instant dayFrom = d.atStartOfDay(zone).toInstant();
        Instant dayTo = d.plusDays(1).atStartOfDay(zone).toInstant();
        for (Overlap o : overlaps) {
          if (Instant.parse(o.from()).isBefore(dayTo) && Instant.parse(o.to()).isAfter(dayFrom)) {
            n++;
            v = worse(v, o.verdict());
          }
        }
        days.add(new Day(date, v, names, n));
      }
    }
    return new Result(
        zone.getId(),
        first == null ? null : first.toString(),
        last == null ? null : last.toString(),
        Fmt.round3(capacityFor(inWindow)),
        scheduled,
        overlaps,
        days,
        unscheduled,
        timeline(inWindow));
  }

  private static Verdict worse(Verdict a, Verdict b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  private List<LocalDate> daysOf(Instant start, Instant end) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate last = end.minusMillis(1).atZone(zone).toLocalDate();
    for (LocalDate d = start.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  /** Stretches where the same two or more tests run, each judged at its tightest moment. */
  private List<Overlap> overlaps(List<SharedPipeline.Approved> tests) {
    TreeSet<Instant> cuts = new TreeSet<>();
    tests.forEach(
        t -> {
          cuts.add(t.start());
          cuts.add(t.end());
        });
    List<Overlap> out = new ArrayList<>();
    Instant runFrom = null;
    Set<SharedPipeline.Approved> runSet = null;
    Instant prev = null;
    for (Instant c : cuts) {
      if (prev != null) {
        Instant mid = prev.plusMillis(Math.max(1, (c.toEpochMilli() - prev.toEpochMilli()) / 2));
        Set<SharedPipeline.Approved> active = new LinkedHashSet<>();
        for (SharedPipeline.Approved t : tests) {
          if (!t.start().isAfter(mid) && t.end().isAfter(mid)) {
            active.add(t);
          }
        }
        if (runSet != null && !active.equals(runSet)) {
          out.add(judge(List.copyOf(runSet), runFrom, prev));
          runSet = null;
        }
        if (runSet == null && active.size() >= 2) {
          runSet = active;
          runFrom = prev;
        }
      }
      prev = c;
    }
    if (runSet != null) {
      out.add(judge(List.copyOf(runSet), runFrom, prev));
    }
    return out;
  }

  /** The moments where the sum of the tests or the live load can be highest: corners and hours. */
  private List<Instant> moments(List<SharedPipeline.Approved> tests, Instant from, Instant to) {
    TreeSet<Instant> at = new TreeSet<>();
    at.add(from);
    at.add(to.minusMillis(1));
    for (SharedPipeline.Approved t : tests) {
      for (RateCurve.Point p : t.curve().points()) {
        Instant i = t.start().plusMillis(Math.round(p.seconds() * 1000));
        if (!i.isBefore(from) && i.isBefore(to)) {
          at.add(i);
          at.add(i.minusMillis(1).isBefore(from) ? from : i.minusMillis(1));
        }
      }
    }
    ZonedDateTime hour = from.atZone(zone).truncatedTo(ChronoUnit.HOURS).plusHours(1);
    while (hour.toInstant().isBefore(to)) {
      at.add(hour.toInstant());
      at.add(hour.toInstant().minusMillis(1));
      hour = hour.plusHours(1);
    }
    return List.copyOf(at);
  }

  private double liveAt(Instant at) {
    Pipeline.LiveLoad live = pipe.liveLoad();
    if (live == null) {
      return 0;
    }
    return live.eventsPerSecond(at, zone);
  }

  private Overlap judge(List<SharedPipeline.Approved> tests, Instant from, Instant to) {
    int consumers = Math.min(pipe.consumers(), pipe.partitions());
    int maxConsumers = Math.min(pipe.autoscaling().maxConsumers(), pipe.partitions());
    double rps = pipe.capture().requestsPerSecond(pipe.capture().replicas());
    double maxRps = pipe.capture().requestsPerSecond(pipe.autoscaling().maxCaptureReplicas());
    Pipeline.LiveLoad live = pipe.liveLoad();
    double worstUse = -1;
    Instant worstAt = from;
    double worstHeadroom = 0;
    double worstLive = 0;
    double worstConsumerSeconds = 0;
    double worstRequests = 0;
    double combinedPeak = 0;
    int hotP = 0;
    double hotLoad = 0;
    double hotUse = 0;
    Map<String, Double> perToken = new HashMap<>();
    boolean overRateLimit = false;
    for (Instant at : moments(tests, from, to)) {
      double sum = 0;
      double consumerSeconds = 0; // consumer-seconds per second the tests need
      double requests = 0;
      perToken.clear();
      for (SharedPipeline.Approved t : tests) {
        double r = t.rateAt(at);
        sum += r;
        consumerSeconds += r / t.cMix();
        requests += r / t.eventsPerRequest();
        perToken.merge(String.valueOf(t.token()), r, Double::sum);
      }
      for (double r : perToken.values()) {
        overRateLimit |= r > pipe.rateLimit().perTokenEventsPerSecond();
      }
      double l = liveAt(at);
      double liveConsumers = l / liveCMix;
      double liveRequests = live == null ? 0 : l / live.eventsPerRequest();
      double use =
          Math.max((consumerSeconds + liveConsumers) / consumers, (requests + liveRequests) / rps);
      combinedPeak = Math.max(combinedPeak, sum);
      if (sum > 0 && use > worstUse) {
        worstUse = use;
        worstAt = at;
        worstLive = l;
        worstConsumerSeconds = consumerSeconds + liveConsumers;
        worstRequests = requests + liveRequests;
        // Headroom in the tests' own mix and batching at that moment.
        double cComb = sum / consumerSeconds;
        double eprComb = sum / requests;
        // (The per-token rate limit is each token's own, checked apart.)
        worstHeadroom =
            Math.max(
                0, Math.min((consumers - liveConsumers) * cComb, (rps - liveRequests) * eprComb));
      }
      for (int p = 0; p < pipe.partitions(); p++) {
        double load = 0;
        double busy = 0; // share of one consumer this partition needs
        for (SharedPipeline.Approved t : tests) {
          double x = t.partitionRateAt(p, at);
          load += x;
          busy += x / t.cMix();
        }
        double liveShare = l / pipe.partitions();
        busy += liveShare / liveCMix;
        if (busy > hotUse) {
          hotUse = busy;
          hotP = p;
          hotLoad = load + liveShare;
        }
      }
    }
    boolean overCapacity = worstUse > 1 + 1e-9;
    boolean hot = hotUse > 1 + 1e-9;
    boolean withinMax =
        worstConsumerSeconds <= maxConsumers + 1e-9 && worstRequests <= maxRps + 1e-9;
    List<SharedPartition> shared = sharedHotPartitions(tests);
    List<String> names = tests.stream().map(SharedPipeline.Approved::name).toList();
    List<String> reasons = new ArrayList<>();
    String list = String.join(" and ", names);
    if (overCapacity) {
      reasons.add(
          list
              + " together send up to "
              + Fmt.rate(combinedPeak)
              + "; at "
              + worstAt.atZone(zone).format(SharedPipeline.LOCAL)
              + " the live load leaves them "
              + Fmt.rate(worstHeadroom)
              + " of headroom"
              + (withinMax
                  ? ": the autoscaler's maxima would take it, after a reaction time of "
                      + Fmt.seconds(pipe.autoscaling().reactionTime().toSeconds())
                      + " of lag; scale before, or move one of them"
                  : ": more than the autoscaler's maxima take; move one of them"));
    }
    if (hot) {
      reasons.add(
          "Together they put "
              + Fmt.rate(hotLoad)
              + " on partition "
              + hotP
              + " (with its share of the live load), more than one consumer takes in order.");
    }
    for (SharedPartition s : shared) {
      reasons.add(
          "Hot ids of different tests share partition "
              + s.partition()
              + ": "
              + String.join(", ", s.distinctIds())
              + ".");
    }
    if (overRateLimit) {
      reasons.add("Tests with the same token together exceed its per-token rate limit.");
    }
    if (reasons.isEmpty()) {
      reasons.add(
          list
              + " fit together: up to "
              + Fmt.rate(combinedPeak)
              + " within the "
              + Fmt.rate(worstHeadroom)
              + " of headroom at their tightest moment.");
    }
    double cMixHot = 0;
    for (SharedPipeline.Approved t : tests) {
      cMixHot = Math.max(cMixHot, t.cMix());
    }
    return new Overlap(
        names,
        from.toString(),
        to.toString(),
        Fmt.round3(combinedPeak),
        worstAt.toString(),
        Fmt.round3(worstLive),
        Fmt.round3(worstHeadroom),
        overCapacity || hot || overRateLimit ? Verdict.NEEDS_SCALING : Verdict.READY,
        new Plan.PartitionLoad(hotP, Fmt.round3(hotLoad)),
        Fmt.round3(hotUse > 0 ? hotLoad / hotUse : cMixHot),
        withinMax,
        shared,
        reasons);
  }

  /** Partitions holding hot ids of two or more of the tests. */
  private static List<SharedPartition> sharedHotPartitions(List<SharedPipeline.Approved> tests) {
    Map<Integer, List<String>> ids = new java.util.TreeMap<>();
    Map<Integer, Set<String>> owners = new HashMap<>();
    for (SharedPipeline.Approved t : tests) {
      for (Plan.HotDistinctId h : t.hotDistinctIds()) {
        ids.computeIfAbsent(h.partition(), k -> new ArrayList<>())
            .add(t.name() + ":" + h.distinctId());
        owners.computeIfAbsent(h.partition(), k -> new java.util.HashSet<>()).add(t.name());
      }
    }
    List<SharedPartition> out = new ArrayList<>();
    ids.forEach(
        (p, list) -> {
          if (owners.get(p).size() >= 2) {
            out.add(new SharedPartition(p, list));
          }
        });
    return out;
  }

  /** Capacity now for the tests' mix (the first's when several): the chart's line. */
  private double capacityFor(List<SharedPipeline.Approved> tests) {
    if (tests.isEmpty()) {
      return 0;
    }
    SharedPipeline.Approved t = tests.get(0);
    return CapacityNow.of(pipe, t.eventsPerRequest(), t.cMix()).eventsPerSecond();
  }

  /**
   * Each test's rate and the live load around every test (half an hour either side), a hundred
   * points or one a minute per test window, with every corner of every test's curve.
   */
  private List<Point> timeline(List<SharedPipeline.Approved> tests) {
    TreeSet<Instant> at = new TreeSet<>();
    for (SharedPipeline.Approved t : tests) {
      Instant from = t.start().minus(30, ChronoUnit.MINUTES);
      Instant to = t.end().plus(30, ChronoUnit.MINUTES);
      long span = Math.max(60_000, (to.toEpochMilli() - from.toEpochMilli()) / 100);
      for (Instant i = from; !i.isAfter(to); i = i.plusMillis(span)) {
        at.add(i);
      }
      for (RateCurve.Point p : t.curve().points()) {
        at.add(t.start().plusMillis(Math.round(p.seconds() * 1000)));
      }
    }
    List<Point> out = new ArrayList<>();
    double cost = tests.isEmpty() ? 1 : tests.get(0).cMix() / liveCMix;
    for (Instant i : at) {
      Map<String, Double> rates = new java.util.LinkedHashMap<>();
      for (SharedPipeline.Approved t : tests) {
        rates.put(t.name(), Fmt.round3(t.rateAt(i)));
      }
      out.add(new Point(i.toString(), Fmt.round3(liveAt(i)), Fmt.round3(liveAt(i) * cost), rates));
    }
    return out;
  }
}
