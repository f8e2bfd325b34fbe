package dev.loadgate.stack;

import dev.loadgate.plan.KeyPartitioner;
import dev.loadgate.profile.Pipeline;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.xnio.Options;

/**
 * A capture endpoint PostHog clients can send to, on Undertow: blocking handlers on a worker pool
 * make "answer 200 only once every event is in Kafka" a plain wait, while XNIO's IO threads keep
 * thousands of idle connections cheap. Records are keyed {@code token:distinct_id} and produced
 * with acks=all and idempotence; distinct_ids above their token bucket go keyless to the overflow
 * topic, as PostHog's capture does; {@code historical_migration} batches go to the historical
 * topic.
 */
public final class CaptureServer implements AutoCloseable {
  static final Set<String> CAPTURE_PATHS = Set.of("/e", "/i/v0/e", "/batch", "/capture");
  private static final long SEND_TIMEOUT_MS = 15_000;
  private static final int LOCK_STRIPES = 256;

  /**
   * What capture needs to know; tokens are the projects it accepts.
   *
   * @param gate capture's capacity in production mode, or null (local mode: no limit)
   */
  public record Config(
      String host, int port, Set<String> tokens, Pipeline pipeline, CaptureGate gate) {}

  private final Config config;
  private final StackMetrics metrics;
  private final byte[] runId;
  private final KafkaProducer<byte[], byte[]> producer;
  private final HotKeyRouter hotKeys;
  private final Map<String, TokenBucket> tokenBuckets = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Undertow server;
  private final int port;
  private volatile CapacityMonitor monitor;

  public CaptureServer(Config config, String bootstrap, StackMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.runId = metrics.runId.getBytes(StandardCharsets.UTF_8);
    this.hotKeys = new HotKeyRouter(config.pipeline().overflow(), System.nanoTime());
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
    this.producer =
        new KafkaProducer<>(
            producerConfig(bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
    // Fetch metadata now, so the first requests do not wait for it.
    Topics.ALL.forEach(producer::partitionsFor);

    this.server =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setWorkerThreads(64)
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
            .setSocketOption(Options.READ_TIMEOUT, 10_000)
            .setHandler(this::route)
            .build();
    server.start();
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  static Properties producerConfig(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // As PostHog's capture does (20 ms): requests spread their events over every partition, so a
    // short linger sends many one-record batches, which costs the broker far more than it saves.
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);

    // A batch buffer is held per partition with records waiting: 64 KB × partitions must fit in
    // buffer.memory, or send() blocks waiting for memory (seen at 256 KB × 64 partitions).
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);

    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "loadgate-capture");
    return p;
  }

  public int port() {
    return port;
  }

  /**
   * Serves the monitor's timeline at {@code GET /timeline} and arms it at {@code POST
   * /timeline/arm}.
   */
  void monitor(CapacityMonitor m) {
    m.router(hotKeys);
    this.monitor = m;
  }

  public String url() {
    return "http://" + config.host() + ":" + port;
  }

  @Override
  public void close() {
    server.stop();
    producer.close(java.time.Duration.ofSeconds(10));
  }

  private void route(HttpServerExchange ex) throws Exception {
    String path = ex.getRequestPath();
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    boolean counters =
        trimmed.equals("/metrics") || trimmed.equals("/stats") || trimmed.equals("/_health");
    if (ex.isInIoThread() && !counters) {
      // Capture waits for Kafka, /timeline may be hours of points: on the worker pool, never on
      // an IO thread that other connections share. The counters take a millisecond and are
      // answered on the IO thread, so a worker pool busy with capture never keeps a monitor
      // waiting (a soak at 50,000 ev/s saw /stats at 30-110 ms behind the workers).
      ex.dispatch(this::route);
      return;
    }
    if (trimmed.equals("/timeline/arm")) {
      if (!ex.getRequestMethod().equals(Methods.POST)) {
        answer(ex, 405, "{\"error\":\"use POST\"}");
      } else if (monitor == null) {
        answer(ex, 404, "{\"error\":\"no timeline on this stack\"}");
      } else {
        monitor.arm();
        answer(ex, 200, "{\"armed\":true}");
      }
      return;
    }
    if (trimmed.equals("/timeline")) {
      if (!ex.getRequestMethod().equals(Methods.GET)) {
        answer(ex, 405, "{\"error\":\"use GET\"}");
      } else if (monitor == null) {
        answer(ex, 404, "{\"error\":\"no timeline on this stack\"}");
      } else {
        answer(ex, 200, monitor.json());
      }
      return;
    }
    if (trimmed.equals("/metrics") || trimmed.equals("/stats") || trimmed.equals("/_health")) {
      if (!ex.getRequestMethod().equals(Methods.GET)) {
        answer(ex, 405, "{\"error\":\"use GET\"}");
        return;
      }
      switch (trimmed) {
        case "/metrics" -> {
          ex.getResponseHeaders()
              .put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          ex.getResponseSender()
              .send(metrics.prometheus() + (monitor == null ? "" : monitor.prometheus()));
        }
        case "/stats" -> {
          long start = System.nanoTime();
          String body = CapturePayload.JSON.writeValueAsString(metrics.stats());
          ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
          // W3C Server-Timing: how long building the answer took here, so a slow answer can be
          // told apart from one that waited for a CPU (the soak reports both).
          ex.getResponseHeaders()
              .put(
                  HttpString.tryFromString("Server-Timing"),
                  String.format(
                      java.util.Locale.ROOT, "build;dur=%.3f", (System.nanoTime() - start) / 1e6));
          ex.getResponseSender().send(body);
        }
        default -> ex.getResponseSender().send("ok");
      }
      return;
    }
    if (!CAPTURE_PATHS.contains(trimmed)) {
      answer(ex, 404, error("no such endpoint: " + path));
      return;
    }
    boolean post = ex.getRequestMethod().equals(Methods.POST);
    if (!post && !ex.getRequestMethod().equals(Methods.GET)) {
      ex.getResponseHeaders().put(Headers.ALLOW, "POST, GET");
      count(ex, 405, "{\"error\":\"capture takes POST (or GET with data=)\"}");
      return;
    }
    if (config.gate() != null && !config.gate().admit(System.nanoTime())) {
      // Over capture's capacity: shed at once, before the body is read, as an overloaded fleet
      // does; the client retries (docs/capacity-model.md, step 2).
      ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      count(ex, 503, "{\"error\":\"capture is at capacity: retry later\"}");
      return;
    }
    long max = config.pipeline().capture().maxRequestBytes();
    long declared = ex.getRequestContentLength();
    if (declared > max) {
      // Refused from the header: the body is not parsed (answer() drops it).
      count(
          ex,
          413,
          "{\"error\":\"request of " + declared + " bytes is over the " + max + "-byte limit\"}");
      return;
    }
    capture(ex);
  }

  private void capture(HttpServerExchange ex) {
    long start = System.nanoTime();
    try {
      ex.startBlocking();
      long max = config.pipeline().capture().maxRequestBytes();
      byte[] body =
          ex.getRequestMethod().equals(Methods.GET)
              ? queryData(ex)
              : CapturePayload.readBody(
                  ex.getInputStream(),
                  ex.getRequestContentLength(),
                  max,
                  "request body is over the " + max + "-byte limit");
      Map<String, String> query = new HashMap<>();
      ex.getQueryParameters().forEach((k, v) -> query.put(k, v.peekFirst()));
      CapturePayload.Batch batch =
          CapturePayload.parse(
              body,
              ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE),
              ex.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING),
              query,
              max);
      if (!config.tokens().contains(batch.token())) {
        throw new CaptureException(401, "unknown token " + batch.token());
      }
      metrics.eventsReceived.add(batch.events().size());
      rateLimit(ex, batch);
      produce(batch);
      count(ex, 200, "{\"status\":1}");
    } catch (CaptureException e) {
      count(ex, e.status, error(e.getMessage()));
    } catch (KafkaUnavailable e) {
      count(ex, 503, error("Kafka cannot take the events now: " + e.getMessage()));
    } catch (IOException e) {
      count(ex, 400, error("request body could not be read: " + e.getMessage()));
    } finally {
      metrics.captureLatencyMicros.recordValue(Math.max(0, (System.nanoTime() - start) / 1000));
    }
  }

  private void rateLimit(HttpServerExchange ex, CapturePayload.Batch batch) {
    double rate = config.pipeline().rateLimit().perTokenEventsPerSecond();
    long now = System.nanoTime();
    TokenBucket bucket =
        tokenBuckets.computeIfAbsent(
            batch.token(), t -> new TokenBucket(rate, rate, now)); // one second's worth
    synchronized (bucket) {
      if (!bucket.tryTake(batch.events().size(), now)) {
        long retry = (long) Math.ceil(Math.max(1, bucket.secondsUntil(batch.events().size(), now)));
        ex.getResponseHeaders().put(Headers.RETRY_AFTER, String.valueOf(retry));
        throw new CaptureException(
            429, "token " + batch.token() + " is over its " + (long) rate + " events/s rate limit");
      }
    }
  }

  /** Sends every event and waits for Kafka to acknowledge all of them. */
  private void produce(CapturePayload.Batch batch) {
    Pipeline.Overflow overflow = config.pipeline().overflow();
    BatchAcks acks = new BatchAcks(metrics::produced);
    long[] seqs = new long[batch.events().size()];
    int overflowed = 0;
    long capturedAt = System.currentTimeMillis();
    byte[] token = batch.token().getBytes(StandardCharsets.UTF_8);
    try {
      for (int e = 0; e < seqs.length; e++) {
        CapturePayload.Event event = batch.events().get(e);
        String key = KeyPartitioner.key(batch.token(), event.distinctId());
        Object lock = locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
        // Number and send under one lock per key, so capture order is Kafka order for a key.
        synchronized (lock) {
          long seq = metrics.recordSeq.incrementAndGet();
          seqs[e] = seq;
          HotKeyRouter.Route route =
              batch.historical() || !overflow.enabled()
                  ? HotKeyRouter.Route.KEYED
                  : hotKeys.route(key);
          boolean toOverflow = route.overflow();
          String topic =
              batch.historical() ? Topics.HISTORICAL : toOverflow ? Topics.OVERFLOW : Topics.MAIN;
          byte[] keyBytes = toOverflow ? null : key.getBytes(StandardCharsets.UTF_8);
          // Keyless, on a partition drawn per event, as PostHog's capture does (librdkafka's
          // random partitioner); Kafka's Java client would stick to one partition for a whole
          // batch.size of events, and one consumer would take the overflow alone.
          Integer partition =
              toOverflow
                  ? java.util.concurrent.ThreadLocalRandom.current()
                      .nextInt(config.pipeline().partitions())
                  : null;
          producer.send(
              new ProducerRecord<>(
                  topic,
                  partition,
                  keyBytes,
                  event.raw(),
                  EventHeaders.of(
                      event.uuid(),
                      event.distinctId(),
                      token,
                      runId,
                      seq,
                      capturedAt,
                      route == HotKeyRouter.Route.OVERFLOW_PERSONLESS)),
              acks.callback());
          if (toOverflow) {
            overflowed++;
          }
        }
      }
      if (!acks.sealed().await(SEND_TIMEOUT_MS)) {
        throw unconfirmed(
            batch, seqs, "no acknowledgement within " + SEND_TIMEOUT_MS / 1000 + " s");
      }
      if (acks.failure() != null) {
        Exception f = acks.failure();
        throw unconfirmed(batch, seqs, f.getClass().getSimpleName() + ": " + f.getMessage());
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      // send() refused a record (no metadata, buffer full): the ones before it may be on their way
      acks.sealed();
      throw unconfirmed(batch, seqs, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unconfirmed(batch, seqs, "interrupted");
    }
    metrics.acked(seqs, batch.events());
    metrics.eventsOverflowed.add(overflowed);
    if (batch.historical()) {
      metrics.eventsHistorical.add(batch.events().size());
    }
  }

  /**
   * The batch is answered 503 and the client will send all of it again; what was numbered may still
   * reach Kafka, so the reconciliation keeps those records' uuids to tell re-sent copies.
   */
  private KafkaUnavailable unconfirmed(CapturePayload.Batch batch, long[] seqs, String why) {
    for (int e = 0; e < seqs.length; e++) {
      if (seqs[e] > 0) {
        metrics.unconfirmed(seqs[e], batch.events().get(e).uuid());
      }
    }
    return new KafkaUnavailable(why);
  }

  private static byte[] queryData(HttpServerExchange ex) {
    var data = ex.getQueryParameters().get("data");
    if (data == null || data.isEmpty()) {
      throw new CaptureException(400, "GET capture needs a data= query parameter");
    }
    return data.peekFirst().getBytes(StandardCharsets.UTF_8);
  }

  private void count(HttpServerExchange ex, int status, String body) {
    metrics.request(status);
    answer(ex, status, body);
  }

  private static void answer(HttpServerExchange ex, int status, String body) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    if (status == 413 && !dropRestOfBody(ex)) {
      ex.setPersistent(false);
      ex.getResponseHeaders().put(new HttpString("Connection"), "close");
    }
    ex.getResponseSender().send(body);
  }

  /** What capture reads and drops of a body it refused as too large, to answer it reliably... */
  static final long DROP_LIMIT_BYTES = 32L * 1024 * 1024;

  /** ...and for how long at most: a client trickling a huge body does not hold a worker. */
  static final long DROP_LIMIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  /**
   * Reads what is left of a refused request's body and drops it, up to {@link #DROP_LIMIT_BYTES}. A
   * server that answers and closes while the client is still sending makes the client's socket
   * reset, and the reset can discard the answer before the client reads it: the client sees "no
   * response" instead of 413 (seen in HostileInputIT). Reading the rest first, as nginx's lingering
   * close does, delivers the 413 and keeps the connection. False when the body is longer than that
   * (declared or found), takes longer than {@link #DROP_LIMIT_NANOS}, or the client stops sending
   * (the read timeout): then the connection closes.
   */
  private static boolean dropRestOfBody(HttpServerExchange ex) {
    if (ex.getRequestContentLength() > DROP_LIMIT_BYTES) {
      return false;
    }
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    byte[] sink = new byte[64 * 1024];
    long dropped = 0;
    long start = System.nanoTime();
    try {
      java.io.InputStream in = ex.getInputStream();
      for (int n; (n = in.read(sink)) >= 0; ) {
        dropped += n;
        if (dropped > DROP_LIMIT_BYTES || System.nanoTime() - start > DROP_LIMIT_NANOS) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code {"error": message}}, written by Jackson: any character in a message stays valid JSON.
   */
  static String error(String message) {
    try {
      return CapturePayload.JSON.writeValueAsString(Map.of("error", String.valueOf(message)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Kafka did not take the events: answered 503 so the client retries. */
  static final class KafkaUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
