package dev.loadgate.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Folds the model's steps into timeline points of a fixed span ({@link IngestionModel.Moment}). */
final class ModelTimeline {
  private final double span;
  private final List<IngestionModel.Moment> moments = new ArrayList<>();
  private double start = Double.NaN;
  private double seconds;
  private double offered;
  private double refused;
  private double admitted;
  private double consumed;
  private double worst;
  private double longestWait;
  private double stepLongestWait;
  private double backlog;
  private Autoscaler.Sizes sizes;
  private Map<String, Integer> lanes;
  private double capacity;

  ModelTimeline(double span) {
    this.span = span;
  }

  /** An event consumed in the current step waited {@code wait}. */
  void served(double wait) {
    stepLongestWait = Math.max(stepLongestWait, wait);
  }

  /** One step's totals; {@code lanes} the consumers per lane (empty with one consumer group). */
  void add(
      double t,
      double dt,
      double offeredEvents,
      double refusedRequests,
      double admittedEvents,
      double consumedEvents,
      double backlogEvents,
      double worstPartition,
      Autoscaler.Sizes s,
      Map<String, Integer> lanes,
      double capacityEventsPerSecond) {
    if (Double.isNaN(start)) {
      start = t;
    }
    offered += offeredEvents;
    refused += refusedRequests;
    admitted += admittedEvents;
    consumed += consumedEvents;
    worst = Math.max(worst, worstPartition);
    longestWait = Math.max(longestWait, stepLongestWait);
    stepLongestWait = 0;
    backlog = backlogEvents;
    sizes = s;
    this.lanes = lanes;
    capacity = capacityEventsPerSecond;
    seconds += dt;
    if (seconds >= span - 1e-9) {
      flush();
    }
  }

  private void flush() {
    moments.add(
        new IngestionModel.Moment(
            start,
            offered / seconds,
            refused / seconds,
            admitted / seconds,
            consumed / seconds,
            backlog,
            worst,
            longestWait,
            sizes.consumers(),
            sizes.captureReplicas(),
            capacity,
            lanes));
    start = Double.NaN;
    seconds = 0;
    offered = 0;
    refused = 0;
    admitted = 0;
    consumed = 0;
    worst = 0;
    longestWait = 0;
  }

  List<IngestionModel.Moment> moments() {
    if (seconds > 0) {
      flush();
    }
    return moments;
  }
}
