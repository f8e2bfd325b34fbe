package dev.loadgate.plan;

import dev.loadgate.profile.Pipeline;

/**
 * What to run before the date (SPEC §3, scaling plan): consumers for the peak at {@code c_mix} (at
 * least today's), partitions for them, capture replicas for the peak's requests, the rate limit
 * raised to the peak; each flagged when above the autoscaler's maximum.
 */
public final class ScalingPlan {
  private ScalingPlan() {}

  public static Plan.Scaling of(Pipeline pipe, double peak, int eventsPerRequest, double cMix) {
    return of(pipe, peak, peak, peak / eventsPerRequest, eventsPerRequest, cMix, 0, 0);
  }

  /**
   * On a shared pipeline: sized for the most the consumers and capture must take at once, the other
   * traffic included (from {@link HeadroomCheck}); {@code capacityAfter} is the headroom left
   * beside the other traffic at the tightest moment.
   */
  public static Plan.Scaling of(
      Pipeline pipe, double peak, int eventsPerRequest, double cMix, HeadroomCheck h) {
    CapacityNow t = h.tightest();
    return of(
        pipe,
        peak,
        h.consumersDemand(),
        h.requestsDemand(),
        eventsPerRequest,
        cMix,
        t.liveMixEventsPerSecond(),
        t.liveRequestsPerSecond());
  }

  private static Plan.Scaling of(
      Pipeline pipe,
      double peak,
      double consumersDemand,
      double requestsDemand,
      int eventsPerRequest,
      double cMix,
      double liveMix,
      double liveRequests) {
    double perReplica = pipe.capture().requestsPerSecondPerReplica();
    int consumers = (int) Math.max(pipe.consumers(), Math.ceil(consumersDemand / cMix));
    int partitions = Math.max(pipe.partitions(), consumers);
    int replicas =
        (int) Math.max(pipe.capture().replicas(), Math.ceil(requestsDemand / perReplica));
    double rateLimit = Math.max(pipe.rateLimit().perTokenEventsPerSecond(), peak);
    double after =
        Math.min(
            (replicas * perReplica - liveRequests) * eventsPerRequest,
            Math.min(Math.min(consumers, partitions) * cMix - liveMix, rateLimit));
    return new Plan.Scaling(
        consumers,
        partitions,
        replicas,
        rateLimit,
        consumers > pipe.autoscaling().maxConsumers(),
        replicas > pipe.autoscaling().maxCaptureReplicas(),
        Fmt.round3(after),
        new Plan.Today(
            pipe.consumers(),
            pipe.partitions(),
            pipe.capture().replicas(),
            pipe.autoscaling().maxConsumers(),
            pipe.autoscaling().maxCaptureReplicas()));
  }

  /**
   * The pipeline with the plan's checklist done (SPEC §9.6: its actions, the forced-overflow list
   * included), or, when it has none, with the scaling plan applied ({@link #apply}).
   */
  public static Pipeline applyActions(Pipeline pipe, Plan plan) {
    return plan.actions().isEmpty()
        ? apply(pipe, plan)
        : PipelineActions.apply(pipe, plan, plan.actions());
  }

  /**
   * The pipeline once the scaling plan is applied: its consumers, partitions, capture replicas and
   * rate limit (the autoscaler's maxima raised to them where they are above), and overflow switched
   * on where the plan asks for it ({@code enable_overflow}).
   */
  public static Pipeline apply(Pipeline pipe, Plan plan) {
    Plan.Scaling s = plan.scaling();
    boolean enableOverflow =
        plan.hotDistinctIds().stream().anyMatch(h -> h.action().equals("enable_overflow"));
    Pipeline.Capture c = pipe.capture();
    Pipeline.Autoscaling a = pipe.autoscaling();
    return new Pipeline(
            s.partitions(),
            s.consumers(),
            pipe.consumerEventsPerSecond(),
            pipe.appsCostFactor(),
            new Pipeline.Capture(
                s.captureReplicas(),
                c.requestsPerSecondPerReplica(),
                c.maxRequestBytes(),
                c.burstSeconds()),
            new Pipeline.Autoscaling(
                a.reactionTime(),
                Math.max(a.maxConsumers(), s.consumers()),
                Math.max(a.maxCaptureReplicas(), s.captureReplicas())),
            pipe.overflow()
                .with(
                    pipe.overflow().enabled() || enableOverflow,
                    pipe.overflow().perDistinctIdEventsPerSecond(),
                    pipe.overflow().burst()),
            new Pipeline.RateLimit(s.perTokenRateLimitEventsPerSecond()),
            pipe.policy(),
            pipe.liveLoad())
        .withIngestion(lanes(pipe, s), pipe.consumer(), pipe.personlessCostFactor());
  }

  /** Each lane at the plan's consumers for it, its maximum raised to them where they are above. */
  private static Pipeline.Lanes lanes(Pipeline pipe, Plan.Scaling s) {
    Pipeline.Lanes l = pipe.lanes();
    if (l == null || s.lanes() == null) {
      return l;
    }
    Pipeline.Lane[] out = new Pipeline.Lane[3];
    for (int i = 0; i < 3; i++) {
      Pipeline.Lane lane = l.get(i);
      int want = s.lanes().getOrDefault(Pipeline.Lanes.NAMES.get(i), lane.consumers());
      out[i] = new Pipeline.Lane(want, Math.max(lane.maxConsumers(), want));
    }
    return new Pipeline.Lanes(out[0], out[1], out[2]);
  }
}
