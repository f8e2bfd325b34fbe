package dev.loadgate.simulation;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the load generator saw, counted from the client side so it holds for any target: requests by
 * outcome, events sent and acked (per step of the load shape, by send time), and response times.
 */
public final class RunTally {
  private final LoadShape shape;
  private final LongAdder ok = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder noResponse = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong firstErrorNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastErrorNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final AtomicLongArray eventsSentPerStep;
  private final AtomicLongArray eventsAckedPerStep;
  private final ConcurrentHistogram latencyMillis = new ConcurrentHistogram(3);

  /** The answers to refused attempts (503) alone: the client's retry clock starts after them. */
  private final ConcurrentHistogram refusedLatencyMillis = new ConcurrentHistogram(3);

  /** Requests sent so far; the n-th request is numbered n. */
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();

  private volatile long startNanos = System.nanoTime();

  /** Request attempts (retries included) by the second of the load they left in. */
  private final java.util.concurrent.ConcurrentHashMap<Integer, LongAdder> attemptsBySecond =
      new java.util.concurrent.ConcurrentHashMap<>();

  private volatile double firstRequestSeconds;

  /** Every response time, kept only when asked (a test holds the merge of shards to them). */
  private volatile java.util.Queue<Long> raw;

  /**
   * What a shard's tally holds, for merging N shards into one run (SPEC §5): counters summed, the
   * latency histogram added (HdrHistogram, compressed, base64), never percentiles averaged.
   *
   * @param eventsSentPerStep by step of the whole load's shape
   * @param offeredEventsBySecond attempts' events by second of the load
   * @param latencyHistogram the client's response times in ms
   */
  public record Counts(
      RunSummary.Requests requests,
      long[] eventsSentPerStep,
      long[] eventsAckedPerStep,
      long[] offeredEventsBySecond,
      String latencyHistogram) {}

  public RunTally(LoadShape shape) {
    this.shape = shape;
    this.firstRequestSeconds = shape.firstRequestSeconds();
    this.eventsSentPerStep = new AtomicLongArray(shape.steps().size());
    this.eventsAckedPerStep = new AtomicLongArray(shape.steps().size());
  }

  /**
   * A request is about to be sent; returns the step it belongs to. An at-once step's requests are
   * the first ones after the steps before it (they leave in one instant, together with the next
   * step's first requests, so time cannot tell them apart); every other step's are those sent in
   * its time window.
   */
  public int sending() {
    long request = sequence.incrementAndGet();
    if (request == 1) {
      // The first request leaves at a known offset of the injection: measure from there, so the
      // instants Gatling spends starting up are not counted against the first stage.
      startNanos = System.nanoTime() - (long) (firstRequestSeconds * 1e9);
    }
    int step = shape.atOnceStepOf(request);
    if (step < 0) {
      step = shape.stepAt((System.nanoTime() - startNanos) / 1e9);
    }
    if (step >= 0) {
      eventsSentPerStep.addAndGet(step, shape.eventsPerRequest());
    }
    return step;
  }

  /**
   * The answer to a request sent in {@code step}: its HTTP status (0 when none came) and response
   * time.
   */
  public void answered(int step, int status, long millis) {
    if (status == 200) {
      ok.increment();
      if (step >= 0) {
        eventsAckedPerStep.addAndGet(step, shape.eventsPerRequest());
      }
    } else if (status == 429) {
      rateLimited.increment();
    } else if (status >= 400 && status < 500) {
      clientErrors.increment();
    } else if (status >= 500) {
      serverErrors.increment();
      if (status == 503) {
        refusedLatencyMillis.recordValue(Math.max(0, millis));
      }
    } else {
      noResponse.increment();
    }
    if (status > 0) {
      latencyMillis.recordValue(Math.max(0, millis));
      java.util.Queue<Long> r = raw;
      if (r != null) {
        r.add(Math.max(0, millis));
      }
    }
  }

  /** A request attempt leaves now (the first or a retry): what capture is offered. */
  public void attempt() {
    int second = (int) Math.floor(secondsSinceStart());
    attemptsBySecond.computeIfAbsent(second, k -> new LongAdder()).increment();
  }

  /** Events offered to capture in each second of the load, retries included, from second 0. */
  public long[] offeredEventsBySecond() {
    int last = attemptsBySecond.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
    long[] out = new long[last + 1];
    attemptsBySecond.forEach((k, v) -> out[k] = v.sum() * shape.eventsPerRequest());
    return out;
  }

  /** When the load started (its first request's scheduled start), as epoch milliseconds. */
  public long startEpochMillis() {
    return System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** An attempt got a 503 or no answer and will be retried. */
  public void retrying() {
    retries.increment();
  }

  /**
   * An attempt was answered 503 or not at all: the span of these is what clients saw of an outage.
   */
  public void serverUnavailable() {
    long now = System.nanoTime();
    firstErrorNanos.compareAndSet(0, now);
    lastErrorNanos.accumulateAndGet(now, Math::max);
  }

  /** Seconds from the first to the last 503 or unanswered attempt; 0 if there was none. */
  public double errorSpanSeconds() {
    long first = firstErrorNanos.get();
    return first == 0 ? 0 : (lastErrorNanos.get() - first) / 1e9;
  }

  /** Seconds since the load started (0 before its first request). */
  public double secondsSinceStart() {
    return sequence.get() == 0 ? 0 : (System.nanoTime() - startNanos) / 1e9;
  }

  public boolean started() {
    return sequence.get() > 0;
  }

  /**
   * When the injector sends the first request, from the start of the load: by default the start of
   * the first step that sends any; the simulation sets it from the injector's own schedule (Gatling
   * ramps from 0 send their first user a second in).
   */
  public void firstRequestAt(double seconds) {
    this.firstRequestSeconds = seconds;
  }

  /** Keep every response time from now on ({@link #rawLatencies()}). */
  public void keepRawLatencies() {
    raw = new java.util.concurrent.ConcurrentLinkedQueue<>();
  }

  /** Every response time kept, ms, or an empty list when not kept. */
  public java.util.List<Long> rawLatencies() {
    java.util.Queue<Long> r = raw;
    return r == null ? java.util.List.of() : java.util.List.copyOf(r);
  }

  /** This tally's counts, to merge with other shards'. */
  public Counts counts() {
    long[] sent = new long[eventsSentPerStep.length()];
    long[] acked = new long[sent.length];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = eventsSentPerStep.get(i);
      acked[i] = eventsAckedPerStep.get(i);
    }
    Histogram h = latencyMillis.copy();
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return new Counts(
        requests(),
        sent,
        acked,
        offeredEventsBySecond(),
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n)));
  }

  /**
   * Adds a shard's counts to this tally (of the whole load's shape): requests and events summed,
   * step by step and second by second, histograms added.
   */
  public void add(Counts c) {
    RunSummary.Requests r = c.requests();
    sequence.addAndGet(r.sent());
    ok.add(r.ok());
    rateLimited.add(r.rateLimited());
    clientErrors.add(r.clientErrors());
    serverErrors.add(r.serverErrors());
    noResponse.add(r.noResponse());
    retries.add(r.retries());
    for (int i = 0; i < c.eventsSentPerStep().length && i < eventsSentPerStep.length(); i++) {
      eventsSentPerStep.addAndGet(i, c.eventsSentPerStep()[i]);
      eventsAckedPerStep.addAndGet(i, c.eventsAckedPerStep()[i]);
    }
    long[] offered = c.offeredEventsBySecond();
    for (int s = 0; s < offered.length; s++) {
      long requests = offered[s] / shape.eventsPerRequest();
      if (requests > 0) {
        attemptsBySecond.computeIfAbsent(s, k -> new LongAdder()).add(requests);
      }
    }
    try {
      latencyMillis.add(
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(c.latencyHistogram())), 0));
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalArgumentException("a shard's latency histogram does not decode", e);
    }
  }

  public RunSummary.Requests requests() {
    return new RunSummary.Requests(
        sequence.get(),
        ok.sum(),
        rateLimited.sum(),
        clientErrors.sum(),
        serverErrors.sum(),
        noResponse.sum(),
        retries.sum());
  }

  public long eventsSent() {
    return sequence.get() * shape.eventsPerRequest();
  }

  public long eventsAcked() {
    return ok.sum() * shape.eventsPerRequest();
  }

  public long eventsSent(int step) {
    return eventsSentPerStep.get(step);
  }

  public long eventsAcked(int step) {
    return eventsAckedPerStep.get(step);
  }

  /** Response time at a percentile, ms; 0 before any answer. */
  public long latencyMillis(double percentile) {
    return latencyMillis.getTotalCount() == 0 ? 0 : latencyMillis.getValueAtPercentile(percentile);
  }

  /** The mean time capture took to answer a refused attempt (503), 0 when none was. */
  public double meanRefusedLatencyMillis() {
    return refusedLatencyMillis.getTotalCount() == 0 ? 0 : refusedLatencyMillis.getMean();
  }

  public long maxLatencyMillis() {
    return latencyMillis.getTotalCount() == 0 ? 0 : latencyMillis.getMaxValue();
  }

  public LoadShape shape() {
    return shape;
  }
}
