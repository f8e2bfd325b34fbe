package dev.loadgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.measure.SyntheticEvents;
import dev.loadgate.stack.EventHeaders;
import dev.loadgate.stack.EventProcessor;
import dev.loadgate.stack.StackMetrics;
import dev.loadgate.stack.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How many events per second does one partition's consumer take, by event mix and key spread? This
 * is the per-partition capacity the plan calls {@code c_mix}, measured on the stack's own consumer
 * code ({@link EventProcessor}) with records made in memory, so Kafka's fetch is not in the number.
 *
 * <ul>
 *   <li>{@code pageview}: every event a $pageview (the {@code default} rate);
 *   <li>{@code identify_heavy}: half $identify, each merging a new anonymous id into a person (the
 *       record is built per operation for that, ~0.2 µs of the score);
 *   <li>{@code pageview_apps}: pageviews of a project with apps on (the apps cost factor);
 *   <li>{@code pageview_personless}: pageviews sent with {@code $process_person_profile: false}
 *       (the personless cost factor; with {@code one_person}, one key's personless serial rate).
 * </ul>
 *
 * {@code spread}: {@code many} distinct_ids (10,000), or {@code one_person} for every event: one
 * key's events one after another, its serial rate ({@code consumer.per_key_events_per_second}).
 *
 * <p>Run: {@code mvn test-compile exec:exec@jmh -Djmh.args="ConsumerBenchmark"}; then {@code
 * loadgate calibrate} turns the scores into {@code consumer_events_per_second}. What you should
 * see: identify_heavy well below pageview (merges move distinct_ids between persons), apps below
 * pageview by the apps step's cost.
 *
 * <p>{@code processOneEventPaired} is what the nightly gate holds: blocks of {@value #BLOCK} events
 * through the consumer's code and, timed apart in the same fork ({@link PairedClock}), through a
 * reference of the same kind that shares none of it (Jackson's {@code readTree} of the same bytes
 * and a count per distinct_id in a {@code HashMap}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConsumerBenchmark {
  static final int RECORDS = 8192;

  @Param({"pageview", "identify_heavy", "pageview_apps", "pageview_personless"})
  String mix;

  @Param({"many", "one_person"})
  String spread;

  private ConsumerRecord<byte[], byte[]>[] records;
  private EventProcessor processor;
  private EventProcessor pairedProcessor;
  private int next;
  private long anon;
  private final ObjectMapper json = new ObjectMapper();
  private final HashMap<String, long[]> perKey = new HashMap<>();

  /**
   * The paired benchmark's consumer starts every iteration with no persons: an $identify merges a
   * new anonymous id into a growing store, so without this each iteration measured a bigger store
   * than the last (the ratio fell from 0.73 to 0.39 within one fork) and the gate saw the state,
   * not the code. Every iteration now does the same work.
   */
  @Setup(Level.Iteration)
  public void freshPersons() {
    pairedProcessor = new EventProcessor(Set.of("phc_apps"), new StackMetrics(1, false));
  }

  /** Events per timed block: a few microseconds each, so the clock's own cost is lost in it. */
  static final int BLOCK = 16;

  @Setup
  @SuppressWarnings("unchecked")
  public void records() {
    if (!Set.of("pageview", "identify_heavy", "pageview_apps", "pageview_personless").contains(mix)
        || !Set.of("many", "one_person").contains(spread)) {
      throw new IllegalArgumentException("unknown mix or spread: " + mix + ", " + spread);
    }
    String token = mix.equals("pageview_apps") ? "phc_apps" : "phc_bench";
    processor = new EventProcessor(Set.of("phc_apps"), new StackMetrics(1, false));
    records = new ConsumerRecord[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      String id = spread.equals("many") ? "user-" + (i % 10_000) : "the-one";
      boolean identify = mix.equals("identify_heavy") && i % 2 == 0;
      byte[] json =
          identify
              ? SyntheticEvents.identify(id, i)
              : mix.equals("pageview_personless")
                  ? SyntheticEvents.personlessPageview(id, i)
                  : SyntheticEvents.pageview(id, i);
      records[i] =
          new ConsumerRecord<>(
              Topics.MAIN,
              0,
              i,
              System.currentTimeMillis(),
              TimestampType.CREATE_TIME,
              0,
              0,
              (token + ":" + id).getBytes(StandardCharsets.UTF_8),
              json,
              EventHeaders.of(
                  UUID.randomUUID(), id, token, "bench", i + 1, System.currentTimeMillis()),
              Optional.empty());
    }
  }

  @Benchmark
  public int processOneEvent() {
    int i = next++ & (RECORDS - 1);
    processor.process(record(i));
    return i;
  }

  /** The record for index {@code i}, a fresh $identify where the mix asks for one. */
  private ConsumerRecord<byte[], byte[]> record(int i) {
    ConsumerRecord<byte[], byte[]> r = records[i];
    if (mix.equals("identify_heavy") && (i & 1) == 0) {
      // A fresh anonymous id every time, so each $identify really merges two persons.
      r = identify(r, anon++);
    }
    return r;
  }

  /** The consumer's code beside its reference, a block each, timed apart (see PairedClock). */
  @Benchmark
  @OperationsPerInvocation(BLOCK)
  public void processOneEventPaired(PairedClock clock, Blackhole bh) {
    int from = next;
    next += BLOCK;
    boolean referenceFirst = clock.referenceFirst();
    long t0 = System.nanoTime();
    if (referenceFirst) {
      referenceBlock(from, bh);
    } else {
      consumerBlock(from, bh);
    }
    long t1 = System.nanoTime();
    if (referenceFirst) {
      consumerBlock(from, bh);
    } else {
      referenceBlock(from, bh);
    }
    long t2 = System.nanoTime();
    clock.add(referenceFirst ? t2 - t1 : t1 - t0, referenceFirst ? t1 - t0 : t2 - t1);
  }

  private void consumerBlock(int from, Blackhole bh) {
    for (int i = 0; i < BLOCK; i++) {
      bh.consume(pairedProcessor.process(record((from + i) & (RECORDS - 1))));
    }
  }

  private void referenceBlock(int from, Blackhole bh) {
    try {
      for (int i = 0; i < BLOCK; i++) {
        ConsumerRecord<byte[], byte[]> r = records[(from + i) & (RECORDS - 1)];
        bh.consume(json.readTree(r.value()).path("event").asText());
        perKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new long[1])[0]++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ConsumerRecord<byte[], byte[]> identify(
      ConsumerRecord<byte[], byte[]> template, long anon) {
    String id = EventHeaders.text(template.headers(), EventHeaders.DISTINCT_ID);
    byte[] json = SyntheticEvents.identify(id, anon);
    return new ConsumerRecord<>(
        template.topic(),
        template.partition(),
        template.offset(),
        template.timestamp(),
        TimestampType.CREATE_TIME,
        0,
        0,
        template.key(),
        json,
        template.headers(),
        Optional.empty());
  }
}
