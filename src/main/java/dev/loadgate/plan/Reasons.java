package dev.loadgate.plan;

import dev.loadgate.profile.Durations;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan's reasons and what to tell the customer, each written from numbers already computed: one
 * method per rule, called in the order the review reads them (verdict-deciding ones first).
 */
final class Reasons {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

  final List<String> reasons = new ArrayList<>();
  final List<String> tell = new ArrayList<>();
  private final Pipeline pipe;

  Reasons(Pipeline pipe) {
    this.pipe = pipe;
  }

  void missingAnswers(IntakeProfile p) {
    if (p.missingAnswers().isEmpty()) {
      return;
    }
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

  void productQuestions(IntakeProfile p) {
    if (Boolean.FALSE.equals(p.productQuestionsAnswered())) {
      reasons.add(
          "The customer has not answered the product questions (product_questions_answered: false): a load that validates the product is not a load test; settle those questions first.");
    }
  }

  void classification(
      Classification classification, RateCurve.Rise rise, CapacityNow now, double peak) {
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
    if (classification != Classification.DOS) {
      reasons.add(
          riseText
              + ", within the "
              + now.describe(pipe)
              + ": a ramp the autoscaler can follow, so it is a genuine load test.");
      return;
    }
    reasons.add(
        riseText
            + ", more than the "
            + now.describe(pipe)
            + ": a large volume all at once rather than a ramp up to a peak, so it is treated as a denial of service.");
    int epr = now.eventsPerRequest();
    double batchedCapacity =
        Math.min(now.capture() * (epr == 1 ? 100 : 1), Math.min(now.consumers(), now.rateLimit()));
    double reaction = pipe.autoscaling().reactionTime().toMillis() / 1000.0;
    String ramp = Fmt.seconds(reaction * Math.ceil(peak / batchedCapacity));
    if (epr == 1) {
      reasons.add(
          "Single-event requests (events_per_request = 1) make capture the limit: "
              + pipe.capture().replicas()
              + " replicas × "
              + Fmt.num(pipe.capture().requestsPerSecondPerReplica())
              + " req/s = "
              + Fmt.rate(now.capture())
              + "; with 100 events per request capture alone would take "
              + Fmt.rate(now.capture() * 100)
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
  }

  void overCapacity(double peak, CapacityNow now, Plan.Scaling scaling) {
    reasons.add(
        (now.shared() ? "At its tightest moment the load's " : "The peak of ")
            + Fmt.rate(peak)
            + (now.shared() ? " exceeds the headroom there (" : " exceeds capacity now (")
            + Fmt.rate(now.eventsPerSecond())
            + ", limited by "
            + now.bottleneck().replace('_', ' ')
            + "): after scaling to "
            + scaling.consumers()
            + " consumers, "
            + scaling.partitions()
            + " partitions and "
            + scaling.captureReplicas()
            + " capture replicas the pipeline takes "
            + Fmt.rate(scaling.capacityAfterEventsPerSecond())
            + (now.shared() ? " beside the other traffic" : "")
            + ".");
  }

  void overRateLimit(double peak, double rateLimit, String token) {
    reasons.add(
        "The peak of "
            + Fmt.rate(peak)
            + " is above the per-token rate limit of "
            + Fmt.rate(rateLimit)
            + ": capture would answer 429 to the rest; raise the limit for "
            + token
            + " to at least "
            + Fmt.rate(peak)
            + " for the test.");
    tell.add(
        "Above "
            + Fmt.rate(rateLimit)
            + " capture answers 429 (Too Many Requests) unless we raise your project's limit before the test; retry 429s with back-off.");
  }

  void hotPartition(HotSpots spots, double cMix, boolean historical) {
    reasons.add(
        "Hot partition: partition "
            + spots.hottest()
            + " peaks at "
            + Fmt.rate(spots.hottestLoad())
            + ", above the "
            + Fmt.rate(cMix)
            + " one consumer takes in order (c_mix), "
            + Fmt.num(spots.skew())
            + "× the mean partition; more consumers cannot help a single partition, so "
            + (historical
                ? "it lags until the import's rate falls (historical events are never overflowed)."
                : "its hot distinct_ids must overflow."));
  }

  void hotIds(
      HotSpots spots,
      Pipeline.Overflow overflow,
      boolean historical,
      double cMix,
      double tailExponent) {
    List<Plan.HotDistinctId> hot = spots.hot();
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
      String what =
          historical
              ? "; this is a historical import, whose events capture keeps keyed and never overflows, so they stay on their partitions."
              : overflow.enabled()
                  ? "; capture overflows their events to any partition, so their per-distinct_id order is not kept."
                  : "; overflow is disabled in the pipeline, so they pile onto their partitions: enable overflow for this test.";
      reasons.add(
          hot.size()
              + " distinct_id"
              + (hot.size() == 1 ? " exceeds" : "s exceed")
              + " the overflow limit of "
              + Fmt.rate(overflow.perDistinctIdEventsPerSecond())
              + ": "
              + ids
              + (hot.size() > 5 ? " and " + (hot.size() - 5) + " more" : "")
              + what);
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
    if (spots.tailHot() > 0 && !historical) {
      reasons.add(
          "The Zipf tail fitted to the top counts (exponent "
              + String.format(Locale.ROOT, "%.2f", tailExponent)
              + ") puts about "
              + Fmt.num(spots.tailHot())
              + " more distinct_id"
              + (spots.tailHot() == 1 ? "" : "s")
              + " beyond the top list above the overflow limit: ask for a longer top list if ordering matters for them.");
    }
    if ((!hot.isEmpty() || spots.tailHot() > 0) && !historical) {
      tell.add(
          "Events of your busiest distinct_ids (above "
              + Fmt.rate(overflow.perDistinctIdEventsPerSecond())
              + " each"
              + (hot.isEmpty() ? "" : ", e.g. " + hot.get(0).distinctId())
              + ") are spread over partitions to keep ingestion flowing, so they may be processed out of order.");
    }
  }

  void orderingRisk(Map<String, Double> mix) {
    String types =
        mix.entrySet().stream()
            .filter(e -> CapacityPlanner.MERGE_EVENTS.contains(e.getKey()) && e.getValue() > 0)
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

  void preProvision(Plan.Scaling scaling) {
    if (scaling.consumersPreProvision()) {
      reasons.add(
          "Pre-provision "
              + scaling.consumers()
              + " consumers before the test: above the autoscaler's maximum of "
              + pipe.autoscaling().maxConsumers()
              + ".");
    }
    if (scaling.captureReplicasPreProvision()) {
      reasons.add(
          "Pre-provision "
              + scaling.captureReplicas()
              + " capture replicas before the test: above the autoscaler's maximum of "
              + pipe.autoscaling().maxCaptureReplicas()
              + ".");
    }
  }

  /**
   * What the per-partition model found: the worst lagging partition with its numbers and the ids
   * that wait with it, and the events capture refused for capacity.
   */
  void backlog(
      IngestionModel.Result model,
      HotSpots spots,
      double cMix,
      double policy,
      boolean historical,
      double totalEvents) {
    IngestionModel.PartitionLag worst = model.worst();
    if (worst != null && worst.maxDelaySeconds() > policy) {
      boolean keyedTopic = !worst.topic().equals(IngestionTopics.OVERFLOW);
      List<String> ids = keyedTopic ? spots.idsOn(worst.partition()) : List.of();
      boolean aboveOneConsumer = keyedTopic && spots.load()[worst.partition()] > cMix;
      reasons.add(
          "With today's pipeline and its autoscaler, ingestion falls behind by up to "
              + Fmt.seconds(worst.maxDelaySeconds())
              + " on partition "
              + worst.partition()
              + " of "
              + worst.topic()
              + " (backlog of up to "
              + Fmt.num(worst.maxBacklogEvents())
              + " events, behind for "
              + Fmt.seconds(worst.laggingSeconds())
              + "), more than the policy's "
              + Fmt.seconds(policy)
              + (model.lagging().size() > 1
                  ? "; "
                      + (model.lagging().size() - 1)
                      + (model.lagging().size() == 2
                          ? " more partition lags"
                          : " more partitions lag")
                  : "")
              + (model.drained() ? "" : "; the backlog does not drain within 30 days")
              + (aboveOneConsumer
                  ? ": it takes "
                      + Fmt.rate(spots.load()[worst.partition()])
                      + " at the peak, more than the "
                      + Fmt.rate(cMix)
                      + " one consumer gives a partition, so it lags whatever the autoscaler does"
                  : "")
              + (ids.isEmpty()
                  ? ""
                  : "; waiting with it: "
                      + String.join(", ", ids.subList(0, Math.min(5, ids.size()))))
              + ".");
      if (historical) {
        tell.add(
            "Your import will be ingested with a delay of up to "
                + Fmt.seconds(worst.maxDelaySeconds())
                + (ids.isEmpty()
                    ? ""
                    : ": the events of "
                        + ids.get(0)
                        + " are processed in order, at most "
                        + Fmt.rate(cMix))
                + "; send it at a lower rate, or over a longer window, to shorten that.");
      }
    }
    if (model.rejectedEvents() >= 1) {
      String givenUp = Fmt.num(model.rejectedEvents());
      boolean one = givenUp.equals("1");
      reasons.add(
          "Capture refuses requests above its capacity (503) until the autoscaler adds replicas: "
              + givenUp
              + (one ? " event (" : " events (")
              + Fmt.percent(model.rejectedEvents() / Math.max(1, totalEvents))
              + (one ? " of the load) is" : " of the load) are")
              + " given up by the SDKs after their "
              + RetrySchedule.SDK.retries()
              + " retries.");
      tell.add(
          "Above our capture capacity requests are answered 503; SDKs retry for about 15 s and then drop the events: ramp up instead of starting at full rate.");
    }
  }

  void oversizeRequests(int epr, int payloadBytes) {
    reasons.add(
        "A request of "
            + epr
            + " events × "
            + Fmt.num(payloadBytes)
            + " bytes is "
            + Fmt.num((double) epr * payloadBytes)
            + " bytes, above capture's limit of "
            + Fmt.num(pipe.capture().maxRequestBytes())
            + " bytes: every request would get 413; ask for smaller batches.");
    tell.add(
        "Send at most "
            + Fmt.num(Math.floor((double) pipe.capture().maxRequestBytes() / payloadBytes))
            + " events per request: larger requests are refused with 413.");
  }

  void schedule(ScheduleCheck when) {
    Pipeline.WorkingHours hours = pipe.policy().workingHours();
    String window =
        when.start().format(WHEN) + " → " + when.end().format(WHEN) + " " + hours.zone();
    if (!when.weekday()) {
      reasons.add(
          "The load window ("
              + window
              + ") is not all on Monday–Friday: move it to a weekday, when the team is at work.");
      tell.add(
          "Please move the test to a weekday (Monday–Friday), during "
              + hours.from()
              + "–"
              + hours.to()
              + " "
              + hours.zone()
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
              + hours.from()
              + "–"
              + hours.to()
              + "): the team should be around while it runs.");
    }
  }

  void historicalImport() {
    tell.add(
        "Send the import with historical_migration: true (the SDK's historical migration mode), so it does not compete with live events.");
    reasons.add(
        "Historical import: the customer's SDK must send with historical_migration so these events go to the historical topic and do not delay live ingestion.");
  }

  void fits(double peak, CapacityNow now, HotSpots spots) {
    reasons.add(
        "Fits today's pipeline: peak "
            + Fmt.rate(peak)
            + (now.shared() ? " within the headroom at its tightest (" : " within capacity now (")
            + Fmt.rate(now.eventsPerSecond())
            + "), hottest partition "
            + Fmt.rate(spots.hottestLoad())
            + " within c_mix ("
            + Fmt.rate(now.cMix())
            + ").");
  }

  /** Whether the live traffic runs on another lane than this load's (an import beside it). */
  private boolean otherLane() {
    return pipe.liveLoad() != null && pipe.liveLoad().otherLane();
  }

  /**
   * The load on a shared pipeline: its tightest moment with the numbers, and a better start when
   * one would change the verdict (a READY slot later beats NEEDS_SCALING now).
   */
  void sharedPipeline(Plan.Headroom h, Verdict verdict, List<Plan.SuggestedStart> starts) {
    StringBuilder r = new StringBuilder();
    r.append(
            h.tightestAt() != null
                ? "At its tightest, "
                : "Without a start date, at the busiest hour, ")
        .append(h.tightestLocal())
        .append(", the pipeline carries ")
        .append(Fmt.rate(h.liveEventsPerSecond()))
        .append(" of live traffic");
    if (h.livePeakFactor() > 1) {
      r.append(" (the hour's mean × peak factor ")
          .append(Fmt.factor(h.livePeakFactor()))
          .append(')');
    }
    if (h.approvedEventsPerSecond() > 0) {
      r.append(" and ")
          .append(Fmt.rate(h.approvedEventsPerSecond()))
          .append(" of approved tests (")
          .append(String.join(", ", h.approvedTests()))
          .append(')');
    }
    if (otherLane() && h.bottleneck().equals("consumers")) {
      // The live traffic is main's: this lane's consumers are the load's alone (SPEC §9.1).
      r.append(" on the main lane; this load's lane has its consumers to itself and shares only")
          .append(" capture with it: it takes ")
          .append(Fmt.rate(h.headroomEventsPerSecond()))
          .append(" (limited by its consumers); the load sends up to ");
    } else {
      r.append(", leaving ")
          .append(Fmt.rate(h.headroomEventsPerSecond()))
          .append(" of headroom (limited by ")
          .append(h.bottleneck().replace('_', ' '))
          .append("); the load sends up to ");
    }
    r.append(Fmt.rate(h.loadEventsPerSecond()))
        .append(" then, ")
        .append(
            h.spareEventsPerSecond() >= 0
                ? Fmt.rate(h.spareEventsPerSecond()) + " to spare."
                : Fmt.rate(-h.spareEventsPerSecond()) + " more than the headroom.");
    reasons.add(r.toString());
    if (starts == null || starts.isEmpty()) {
      return;
    }
    Plan.SuggestedStart best = starts.get(0);
    if (best.verdict().ordinal() > verdict.ordinal()) {
      reasons.add(
          "Starting at "
              + best.local()
              + " instead it is "
              + best.verdict()
              + " ("
              + Fmt.rate(best.minHeadroomEventsPerSecond())
              + " of headroom left at its tightest moment): move the test rather than scale for it.");
      tell.add(
          "Please start the test at "
              + best.local()
              + " (or another of the suggested starts): the pipeline has room for it then.");
    }
  }

  /** The hottest partition is over only with the other traffic on it. */
  void hotPartitionBeside(double withOthers, HotSpots spots, double cMix) {
    reasons.add(
        "With its share of the other traffic, partition "
            + spots.hottest()
            + " carries up to "
            + Fmt.rate(withOthers)
            + " (this load's "
            + Fmt.rate(spots.hottestLoad())
            + " alone), more than one consumer takes in order ("
            + Fmt.rate(cMix)
            + ").");
  }
}
