package dev.loadgate.stack;

import dev.loadgate.plan.Autoscaler;
import dev.loadgate.plan.LaneScaler;
import dev.loadgate.profile.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stack's autoscalers in production mode, as the model runs them ({@code IngestionModel}):
 * without lanes one for the consumers and capture together; with lanes (SPEC §9.1) capture's own,
 * on the requests it is offered and whether it refuses, and one per consumer deployment, on what
 * its topics receive, whether one of its partitions lags and its backlog. Each is the very rule the
 * model steps ({@link LaneScaler}): the simple rule, or Kubernetes' HPA fed by KEDA's lag scaler (a
 * lane) or by CPU (capture) where the pipeline gives an {@code autoscaler} block, on the scaled
 * clock.
 */
final class StackAutoscalers {
  /** What the monitor saw at one tick, overall and per topic (index in {@link Topics#ALL}). */
  record Signals(
      boolean refusing,
      double offeredRequestsPerSecond,
      double producedEventsPerSecond,
      boolean lagging,
      long backlog,
      double[] producedByTopic,
      boolean[] laggingByTopic,
      long[] backlogByTopic) {}

  private final ConsumerLanes lanes;
  private final CaptureGate gate;
  private final Autoscaler joint;
  private final LaneScaler capture;
  private final LaneScaler[] perLane;

  /**
   * @param limits the autoscaler's limits (without lanes: all of them; with lanes: capture's, and
   *     each lane's with its own maximum)
   * @param pipeline the pipeline as scaled (its lanes and autoscaler blocks), or null for one group
   */
  StackAutoscalers(
      Autoscaler.Limits limits, Pipeline pipeline, ConsumerLanes lanes, CaptureGate gate) {
    this.lanes = lanes;
    this.gate = gate;
    int replicas = gate == null ? 0 : gate.replicas();
    Pipeline.Lanes laneSizes = pipeline == null ? null : pipeline.lanes();
    if (laneSizes == null || !lanes.separate()) {
      joint = new Autoscaler(limits, new Autoscaler.Sizes(lanes.consumers(), replicas));
      capture = null;
      perLane = new LaneScaler[0];
      return;
    }
    joint = null;
    capture =
        LaneScaler.capture(
            pipeline.capture().autoscaler(),
            new Autoscaler.Limits(
                1,
                limits.partitions(),
                limits.consumerEventsPerSecond(),
                limits.maxCaptureReplicas(),
                limits.captureRequestsPerSecondPerReplica(),
                limits.reactionSeconds()),
            replicas);
    perLane = new LaneScaler[lanes.lanes().size()];
    for (int i = 0; i < perLane.length; i++) {
      ConsumerLanes.Lane l = lanes.lanes().get(i);
      Pipeline.Lane lane = laneSizes.get(l.topics().get(0));
      perLane[i] =
          LaneScaler.lane(
              lane,
              new Autoscaler.Limits(
                  lane.maxConsumers(),
                  limits.partitions(),
                  limits.consumerEventsPerSecond(),
                  limits.maxCaptureReplicas(),
                  limits.captureRequestsPerSecondPerReplica(),
                  limits.reactionSeconds()),
              l.consumers().consumers(),
              replicas);
    }
  }

  /**
   * Brings up what was asked for once its time has come: consumers join their groups, capture takes
   * its new replicas. True when an autoscaler stepped.
   */
  boolean apply(double t) {
    if (joint != null) {
      if (!joint.apply(t)) {
        return false;
      }
      lanes.main().scaleTo(joint.running().consumers());
      setReplicas(joint.running().captureReplicas());
      return true;
    }
    boolean changed = false;
    if (capture.apply(t)) {
      setReplicas(capture.running().captureReplicas());
      changed = true;
    }
    for (int i = 0; i < perLane.length; i++) {
      if (perLane[i].apply(t)) {
        lanes.lanes().get(i).consumers().scaleTo(perLane[i].running().consumers());
        changed = true;
      }
    }
    return changed;
  }

  private void setReplicas(int replicas) {
    if (gate != null) {
      gate.replicas(replicas, System.nanoTime());
    }
  }

  /** Each autoscaler looks at its signals; a description of what was asked, or null. */
  String decide(double t, Signals s) {
    if (joint != null) {
      if (joint.decide(
          t,
          new Autoscaler.Signals(
              s.refusing(),
              s.lagging(),
              s.offeredRequestsPerSecond(),
              s.producedEventsPerSecond(),
              s.backlog()))) {
        Autoscaler.Sizes want = joint.pending();
        return want.consumers() + " consumers, " + want.captureReplicas() + " capture replicas";
      }
      return null;
    }
    StringBuilder asked = new StringBuilder();
    if (capture.decide(
        t, new Autoscaler.Signals(s.refusing(), false, s.offeredRequestsPerSecond(), 0, 0))) {
      asked.append(capture.asked().captureReplicas()).append(" capture replicas");
    }
    for (int i = 0; i < perLane.length; i++) {
      ConsumerLanes.Lane l = lanes.lanes().get(i);
      double produced = 0;
      boolean lagging = false;
      long backlog = 0;
      for (int topic : l.topics()) {
        produced += s.producedByTopic()[topic];
        lagging |= s.laggingByTopic()[topic];
        backlog += s.backlogByTopic()[topic];
      }
      if (perLane[i].decide(t, new Autoscaler.Signals(false, lagging, 0, produced, backlog))) {
        asked.append(asked.length() > 0 ? ", " : "");
        asked
            .append(perLane[i].asked().consumers())
            .append(' ')
            .append(l.name())
            .append(" consumers");
      }
    }
    return asked.length() == 0 ? null : asked.toString();
  }

  /** Capture's replicas now, as the autoscalers run them. */
  int captureReplicas() {
    return joint != null ? joint.running().captureReplicas() : capture.running().captureReplicas();
  }

  /**
   * Seconds the last scale-out took to settle in the groups that grew from {@code before} to now;
   * null while one is still rebalancing, or when none grew.
   */
  Double rebalanceSeconds(Map<String, Integer> before, int consumersBefore) {
    if (!lanes.separate()) {
      double r = lanes.main().lastRebalanceSeconds();
      return lanes.main().consumers() > consumersBefore && r >= 0 ? r : null;
    }
    Double most = null;
    for (ConsumerLanes.Lane l : lanes.lanes()) {
      int was = before.getOrDefault(l.name(), 0);
      if (l.consumers().consumers() > was) {
        double r = l.consumers().lastRebalanceSeconds();
        if (!(r >= 0)) {
          return null;
        }
        most = most == null ? r : Math.max(most, r);
      }
    }
    return most;
  }

  /** Members per lane now (empty with one group). */
  Map<String, Integer> laneSizes() {
    return new LinkedHashMap<>(lanes.sizes());
  }
}
