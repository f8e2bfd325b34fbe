package dev.loadgate.plan;

import dev.loadgate.profile.Durations;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Kind;
import dev.loadgate.profile.Pipeline;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

  private CapacityPlanner() {}

  public static Plan plan(IntakeProfile p, Pipeline pipe) {
    List<String> reasons = new ArrayList<>();
    List<String> assumptions = new ArrayList<>();
    List<String> tell = new ArrayList<>();

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

    // Capacity now.
    double cMix = ConsumerMix.eventsPerSecond(mix, pipe, apps);
    int P = pipe.partitions();
    double captureCap =
        pipe.capture().replicas() * pipe.capture().requestsPerSecondPerReplica() * epr;
    double consumerCap = Math.min(pipe.consumers(), P) * cMix;
    double rateLimit = pipe.rateLimit().perTokenEventsPerSecond();
    double capacityNow = Math.min(captureCap, Math.min(consumerCap, rateLimit));
    String bottleneck =
        capacityNow == captureCap
            ? "capture"
            : capacityNow == consumerCap ? "consumers" : "rate_limit";

    double peak = curve == null ? 0 : curve.peak();
    double durationSeconds = curve == null ? 0 : curve.durationSeconds();
    double stageEvents = curve == null ? 0 : curve.totalEvents();
    double reaction = pipe.autoscaling().reactionTime().toMillis() / 1000.0;
    RateCurve.Rise rise =
        curve == null ? new RateCurve.Rise(0, -reaction, 0, 0, 0) : curve.maxRise(reaction);
    Classification classification =
        curve == null
            ? null
            : rise.eventsPerSecond() > capacityNow ? Classification.DOS : Classification.LOAD_TEST;

    // Skew: shares of the top ids and the tail, and the load they put on each partition at the
    // peak.
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
    double[] load = new double[P];
    Arrays.fill(load, skew.tailShare() * peak / P);
    List<Plan.TopId> topIds = new ArrayList<>();
    for (SkewModel.IdShare id : skew.top()) {
      int part = KeyPartitioner.partition(p.token(), id.distinctId(), P);
      load[part] += id.share() * peak;
      topIds.add(
          new Plan.TopId(
              id.distinctId(), part, id.events(), id.share(), Fmt.round3(id.share() * peak)));
    }
    int hottest = 0;
    for (int i = 1; i < P; i++) {
      if (load[i] > load[hottest]) {
        hottest = i;
      }
    }
    double partitionSkew = peak > 0 ? load[hottest] / (peak / P) : 0;

    // Hot distinct_ids: above the per-id overflow limit at the peak.
    Pipeline.Overflow overflow = pipe.overflow();
    String action = overflow.enabled() ? "overflow" : "enable_overflow";
    List<Plan.HotDistinctId> hot = new ArrayList<>();
    for (Plan.TopId id : topIds) {
      if (id.peakEventsPerSecond() > overflow.perDistinctIdEventsPerSecond()) {
        hot.add(
            new Plan.HotDistinctId(
                id.distinctId(),
                id.partition(),
                id.peakEventsPerSecond(),
                id.share(),
                action,
                id.peakEventsPerSecond() > cMix));
      }
    }
    long tailHot = peak > 0 ? skew.tailIdsAbove(overflow.perDistinctIdEventsPerSecond() / peak) : 0;
    double mergeShare =
        mix.entrySet().stream()
            .filter(e -> MERGE_EVENTS.contains(e.getKey()))
            .mapToDouble(Map.Entry::getValue)
            .sum();
    boolean orderingRisk = (!hot.isEmpty() || tailHot > 0) && mergeShare > 0;

    // Scaling plan: enough consumers for the peak, partitions for them, capture for the requests.
    double peakRps = peak / epr;
    int consumers = (int) Math.max(pipe.consumers(), Math.ceil(peak / cMix));
    int partitions = Math.max(P, consumers);
    int replicas =
        (int)
            Math.max(
                pipe.capture().replicas(),
                Math.ceil(peakRps / pipe.capture().requestsPerSecondPerReplica()));
    double neededRateLimit = Math.max(rateLimit, peak);
    double capacityAfter =
        Math.min(
            replicas * pipe.capture().requestsPerSecondPerReplica() * epr,
            Math.min(Math.min(consumers, partitions) * cMix, neededRateLimit));
    Plan.Scaling scaling =
        new Plan.Scaling(
            consumers,
            partitions,
            replicas,
            neededRateLimit,
            consumers > pipe.autoscaling().maxConsumers(),
            replicas > pipe.autoscaling().maxCaptureReplicas(),
            Fmt.round3(capacityAfter),
            new Plan.Today(
                pipe.consumers(),
                P,
                pipe.capture().replicas(),
                pipe.autoscaling().maxConsumers(),
                pipe.autoscaling().maxCaptureReplicas()));

    // Backlog and delay under the autoscaler, from today's sizes.
    Autoscaler.Result backlog =
        curve == null
            ? new Autoscaler.Result(0, 0, List.of(), true)
            : Autoscaler.simulate(
                curve,
                new Autoscaler.Limits(
                    pipe.consumers(),
                    pipe.autoscaling().maxConsumers(),
                    P,
                    cMix,
                    pipe.capture().replicas(),
                    pipe.autoscaling().maxCaptureReplicas(),
                    pipe.capture().requestsPerSecondPerReplica() * epr,
                    rateLimit,
                    reaction));

    ScheduleCheck when =
        p.scheduleStart() == null || curve == null
            ? null
            : ScheduleCheck.of(p.scheduleStart(), durationSeconds, pipe.policy().workingHours());

    // Verdict, by precedence.
    boolean productOk = Boolean.TRUE.equals(p.productQuestionsAnswered());
    boolean overCapacity = peak > capacityNow;
    boolean hotPartition = load[hottest] > cMix;
    boolean overRateLimit = peak > rateLimit;
    Verdict verdict;
    if (!p.missingAnswers().isEmpty() || !productOk) {
      verdict = Verdict.NEEDS_ANSWERS;
    } else if (classification == Classification.DOS) {
      verdict = Verdict.REJECT;
    } else if (overCapacity || hotPartition || overRateLimit) {
      verdict = Verdict.NEEDS_SCALING;
    } else {
      verdict = Verdict.READY;
    }

    // Reasons, each with the numbers behind it. Verdict-deciding ones first.
    if (!p.missingAnswers().isEmpty()) {
      reasons.add(
          p.missingAnswers().size()
              + " required answer"
              + (p.missingAnswers().size() == 1 ? " is" : "s are")
              + " missing ("
              + String.join(", ", p.missingAnswers())
              + "): send these questions back to the customer before planning capacity.");
      tell.add(
          "Before we can approve the test we need: " + String.join(", ", p.missingAnswers()) + ".");
      if (p.missingAnswers().contains("stages") && p.peakEventsPerSecond() != null) {
        reasons.add(
            "The peak ("
                + Fmt.rate(p.peakEventsPerSecond())
                + ") and duration are answered but not the ramp-up: without stages the load must be assumed to arrive at full rate at once.");
      }
    }
    if (Boolean.FALSE.equals(p.productQuestionsAnswered())) {
      reasons.add(
          "The customer has not answered the product questions (product_questions_answered: false): a load that validates the product is not a load test; settle those questions first.");
    }
    if (classification != null) {
      String riseText =
          "Within "
              + Durations.format(pipe.autoscaling().reactionTime())
              + " (the autoscaler's reaction time) the rate rises by "
              + Fmt.rate(rise.eventsPerSecond())
              + " (from "
              + Fmt.rate(rise.fromRate())
              + (rise.fromSeconds() < 0
                  ? " before the start"
                  : " at " + Fmt.seconds(rise.fromSeconds()))
              + " to "
              + Fmt.rate(rise.toRate())
              + " at "
              + Fmt.seconds(rise.toSeconds())
              + " from the start)";
      String capText =
          capacityText(capacityNow, bottleneck, captureCap, consumerCap, rateLimit, epr, pipe);
      if (classification == Classification.DOS) {
        reasons.add(
            riseText
                + ", more than the "
                + capText
                + ": a large volume all at once rather than a ramp up to a peak, so it is treated as a denial of service.");
        double batchedCapacity =
            Math.min(captureCap * (epr == 1 ? 100 : 1), Math.min(consumerCap, rateLimit));
        String ramp = Fmt.seconds(reaction * Math.ceil(peak / batchedCapacity));
        if (epr == 1) {
          reasons.add(
              "Single-event requests (events_per_request = 1) make capture the limit: "
                  + pipe.capture().replicas()
                  + " replicas × "
                  + Fmt.num(pipe.capture().requestsPerSecondPerReplica())
                  + " req/s = "
                  + Fmt.rate(captureCap)
                  + "; with 100 events per request capture alone would take "
                  + Fmt.rate(captureCap * 100)
                  + ".");
          tell.add(
              "Batch events (e.g. 100 per request to /batch/) and ramp up to "
                  + Fmt.rate(peak)
                  + " over at least "
                  + ramp
                  + ": sent as single requests all at once, this load is indistinguishable from a denial of service.");
        } else {
          tell.add(
              "Ramp up to "
                  + Fmt.rate(peak)
                  + " over at least "
                  + ramp
                  + " (at most "
                  + Fmt.rate(batchedCapacity)
                  + " more per "
                  + Durations.format(pipe.autoscaling().reactionTime())
                  + "): all at once, this load is indistinguishable from a denial of service.");
        }
      } else {
        reasons.add(
            riseText
                + ", within the "
                + capText
                + ": a ramp the autoscaler can follow, so it is a genuine load test.");
      }
    }
    if (curve != null && overCapacity) {
      reasons.add(
          "The peak of "
              + Fmt.rate(peak)
              + " exceeds capacity now ("
              + Fmt.rate(capacityNow)
              + ", limited by "
              + bottleneck.replace('_', ' ')
              + "): after scaling to "
              + consumers
              + " consumers, "
              + partitions
              + " partitions and "
              + replicas
              + " capture replicas the pipeline takes "
              + Fmt.rate(capacityAfter)
              + ".");
    }
    if (curve != null && overRateLimit) {
      reasons.add(
          "The peak of "
              + Fmt.rate(peak)
              + " is above the per-token rate limit of "
              + Fmt.rate(rateLimit)
              + ": capture would answer 429 to the rest; raise the limit for "
              + p.token()
              + " to at least "
              + Fmt.rate(peak)
              + " for the test.");
      tell.add(
          "Above "
              + Fmt.rate(rateLimit)
              + " capture answers 429 (Too Many Requests) unless we raise your project's limit before the test; retry 429s with back-off.");
    }
    if (hotPartition) {
      reasons.add(
          "Hot partition: partition "
              + hottest
              + " peaks at "
              + Fmt.rate(load[hottest])
              + ", above the "
              + Fmt.rate(cMix)
              + " one consumer takes in order (c_mix), "
              + Fmt.num(partitionSkew)
              + "× the mean partition; more consumers cannot help a single partition, so its hot distinct_ids must overflow.");
    }
    if (!hot.isEmpty()) {
      String ids =
          hot.stream()
              .limit(5)
              .map(
                  h ->
                      h.distinctId()
                          + " ("
                          + Fmt.rate(h.peakEventsPerSecond())
                          + ", partition "
                          + h.partition()
                          + ")")
              .collect(Collectors.joining(", "));
      reasons.add(
          hot.size()
              + " distinct_id"
              + (hot.size() == 1 ? " exceeds" : "s exceed")
              + " the overflow limit of "
              + Fmt.rate(overflow.perDistinctIdEventsPerSecond())
              + ": "
              + ids
              + (hot.size() > 5 ? " and " + (hot.size() - 5) + " more" : "")
              + (overflow.enabled()
                  ? "; capture overflows their events to any partition, so their per-distinct_id order is not kept."
                  : "; overflow is disabled in the pipeline, so they pile onto their partitions: enable overflow for this test."));
    }
    List<Plan.HotDistinctId> unservable =
        hot.stream().filter(Plan.HotDistinctId::aboveConsumerCapacity).toList();
    if (!unservable.isEmpty()) {
      reasons.add(
          unservable.stream()
                  .map(h -> h.distinctId() + " (" + Fmt.rate(h.peakEventsPerSecond()) + ")")
                  .collect(Collectors.joining(", "))
              + " alone "
              + (unservable.size() == 1 ? "is" : "are each")
              + " above c_mix ("
              + Fmt.rate(cMix)
              + "): no number of partitions or consumers can serve "
              + (unservable.size() == 1 ? "it" : "them")
              + " in order.");
    }
    if (tailHot > 0) {
      reasons.add(
          "The Zipf tail fitted to the top counts (exponent "
              + String.format(Locale.ROOT, "%.2f", skew.tailExponent())
              + ") puts about "
              + Fmt.num(tailHot)
              + " more distinct_id"
              + (tailHot == 1 ? "" : "s")
              + " beyond the top list above the overflow limit: ask for a longer top list if ordering matters for them.");
    }
    if (!hot.isEmpty() || tailHot > 0) {
      tell.add(
          "Events of your busiest distinct_ids (above "
              + Fmt.rate(overflow.perDistinctIdEventsPerSecond())
              + " each"
              + (hot.isEmpty() ? "" : ", e.g. " + hot.get(0).distinctId())
              + ") are spread over partitions to keep ingestion flowing, so they may be processed out of order.");
    }
    if (orderingRisk) {
      String types =
          mix.entrySet().stream()
              .filter(e -> MERGE_EVENTS.contains(e.getKey()) && e.getValue() > 0)
              .map(e -> e.getKey() + " " + Fmt.percent(e.getValue()))
              .collect(Collectors.joining(", "));
      reasons.add(
          "Ordering risk: overflowed distinct_ids also send "
              + types
              + " of their events; the order of their person merges is no longer guaranteed: tell the customer.");
      tell.add(
          "For those distinct_ids, "
              + types
              + " events may be applied out of order, so person merges and aliases can resolve differently than in a live setup.");
    }
    if (scaling.consumersPreProvision()) {
      reasons.add(
          "Pre-provision "
              + consumers
              + " consumers before the test: above the autoscaler's maximum of "
              + pipe.autoscaling().maxConsumers()
              + ".");
    }
    if (scaling.captureReplicasPreProvision()) {
      reasons.add(
          "Pre-provision "
              + replicas
              + " capture replicas before the test: above the autoscaler's maximum of "
              + pipe.autoscaling().maxCaptureReplicas()
              + ".");
    }
    double policyDelay = pipe.policy().maxIngestionDelay().toMillis() / 1000.0;
    if (curve != null && backlog.maxDelaySeconds() > policyDelay) {
      reasons.add(
          "With today's pipeline and its autoscaler, ingestion falls behind by up to "
              + Fmt.seconds(backlog.maxDelaySeconds())
              + " (backlog of "
              + Fmt.num(backlog.maxBacklogEvents())
              + " events), more than the policy's "
              + Fmt.seconds(policyDelay)
              + (backlog.drained() ? "" : "; the backlog does not drain within 30 days")
              + ".");
    }
    if (p.batching() != null
        && p.payloadBytes() != null
        && (long) epr * p.payloadBytes() > pipe.capture().maxRequestBytes()) {
      reasons.add(
          "A request of "
              + epr
              + " events × "
              + Fmt.num(p.payloadBytes())
              + " bytes is "
              + Fmt.num((double) epr * p.payloadBytes())
              + " bytes, above capture's limit of "
              + Fmt.num(pipe.capture().maxRequestBytes())
              + " bytes: every request would get 413; ask for smaller batches.");
      tell.add(
          "Send at most "
              + Fmt.num(Math.floor((double) pipe.capture().maxRequestBytes() / p.payloadBytes()))
              + " events per request: larger requests are refused with 413.");
    }
    if (when != null) {
      String window =
          when.start().format(WHEN)
              + " → "
              + when.end().format(WHEN)
              + " "
              + pipe.policy().workingHours().zone();
      if (!when.weekday()) {
        reasons.add(
            "The load window ("
                + window
                + ") is not all on Monday–Friday: move it to a weekday, when the team is at work.");
        tell.add(
            "Please move the test to a weekday (Monday–Friday), during "
                + pipe.policy().workingHours().from()
                + "–"
                + pipe.policy().workingHours().to()
                + " "
                + pipe.policy().workingHours().zone()
                + ".");
      }
      if (when.euOverlapHours() + 1e-9 < when.windowHours()) {
        reasons.add(
            "Only "
                + String.format(Locale.ROOT, "%.1f", when.euOverlapHours())
                + " h of the "
                + String.format(Locale.ROOT, "%.1f", when.windowHours())
                + " h load window ("
                + window
                + ") fall inside working hours ("
                + pipe.policy().workingHours().from()
                + "–"
                + pipe.policy().workingHours().to()
                + "): the team should be around while it runs.");
      }
    }
    if (p.kind() == Kind.HISTORICAL_IMPORT) {
      tell.add(
          "Send the import with historical_migration: true (the SDK's historical migration mode), so it does not compete with live events.");
      reasons.add(
          "Historical import: the customer's SDK must send with historical_migration so these events go to the historical topic and do not delay live ingestion.");
    }
    if (verdict == Verdict.READY) {
      reasons.add(
          "Fits today's pipeline: peak "
              + Fmt.rate(peak)
              + " within capacity now ("
              + Fmt.rate(capacityNow)
              + "), hottest partition "
              + Fmt.rate(load[hottest])
              + " within c_mix ("
              + Fmt.rate(cMix)
              + ").");
    }

    List<Double> loads = new ArrayList<>(P);
    for (double l : load) {
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
        reasons,
        p.missingAnswers(),
        assumptions,
        tell,
        Fmt.round3(peak),
        Fmt.round3(peakRps),
        Math.round(stageEvents),
        Math.round(durationSeconds),
        reaction,
        Fmt.round3(rise.eventsPerSecond()),
        new Plan.Window(rise.fromSeconds(), rise.toSeconds()),
        Fmt.round3(capacityNow),
        new Plan.CapacityParts(
            Fmt.round3(captureCap), Fmt.round3(consumerCap), rateLimit, bottleneck),
        Fmt.round3(cMix),
        new Plan.PartitionLoad(hottest, Fmt.round3(load[hottest])),
        Fmt.round3(partitionSkew),
        hot,
        tailHot,
        orderingRisk,
        new Plan.Overflow(overflow.enabled(), overflow.perDistinctIdEventsPerSecond()),
        scaling,
        schedule,
        Fmt.round3(backlog.maxDelaySeconds()),
        Math.round(backlog.maxBacklogEvents()),
        policyDelay,
        P,
        loads,
        topIds,
        new Plan.Tail(
            skew.tailIds(),
            Fmt.round3(skew.tailShare()),
            Fmt.round3(skew.tailExponent()),
            Fmt.round3(skew.tailHeadShare() * peak)),
        curve == null ? List.of() : curve.points(),
        backlog.capacitySteps());
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

  private static String capacityText(
      double capacityNow,
      String bottleneck,
      double captureCap,
      double consumerCap,
      double rateLimit,
      int epr,
      Pipeline pipe) {
    String how =
        switch (bottleneck) {
          case "capture" ->
              "capture takes with "
                  + (epr == 1 ? "single-event requests" : epr + " events per request")
                  + ": "
                  + pipe.capture().replicas()
                  + " replicas × "
                  + Fmt.num(pipe.capture().requestsPerSecondPerReplica())
                  + " req/s";
          case "consumers" ->
              "consumers take: "
                  + Math.min(pipe.consumers(), pipe.partitions())
                  + " × "
                  + Fmt.rate(consumerCap / Math.min(pipe.consumers(), pipe.partitions()));
          default -> "per-token rate limit allows";
        };
    return Fmt.rate(capacityNow) + " the pipeline takes today (" + how + ")";
  }
}
