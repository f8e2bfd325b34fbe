package dev.loadgate.measure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generators run as their own JVM, so the load does not share a process with the capture
 * server it measures: {@code http URL CLIENTS SECONDS} posts {@link CaptureBench}'s batches of 100
 * events (where wrk is missing); {@code soak URL CLIENTS EVENTS SECONDS} drives {@link Soak}. Each
 * prints "events seconds failed".
 */
public final class BenchLoad {
  public static final String TOKEN = "phc_bench";
  public static final int BATCH = 100;
  static final int DISTINCT_IDS = 10_000;
  private static final int BODIES = 64;

  private BenchLoad() {}

  public static void main(String[] args) throws Exception {
    long[] r =
        switch (args[0]) {
          case "http" -> http(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
          case "soak" ->
              soak(
                  args[1],
                  Integer.parseInt(args[2]),
                  Long.parseLong(args[3]),
                  Long.parseLong(args[4]));
          default ->
              throw new IllegalArgumentException(
                  "http URL CLIENTS SECONDS | soak URL CLIENTS EVENTS SECONDS");
        };
    System.out.println(r[0] + " " + (r[1] / 1e9) + " " + r[2]);
  }

  /** Event {@code n}, of one of {@code distinctIds} ids; its URL makes it unique. */
  static String event(long n, int distinctIds) {
    return SyntheticEvents.pageviewJson("user-" + (n % distinctIds), n, ",\"$lib\":\"web\"");
  }

  /**
   * A web event of ~240 bytes, the size the capture benchmark sends (and gives Kafka's
   * ProducerPerformance as its record size): event {@code n} of {@link #DISTINCT_IDS} ids.
   */
  static String captureEvent(int n) {
    return SyntheticEvents.pageviewJson(
        "user-" + (n % DISTINCT_IDS),
        n,
        ",\"$lib\":\"web\",\"$os\":\"Linux\",\"$screen_width\":1920,"
            + "\"$referrer\":\"https://www.google.com/\",\"$device_type\":\"Desktop\"");
  }

  /** The {@link #BODIES} request bodies both capture generators send, round robin. */
  static List<byte[]> captureBodies() {
    List<byte[]> bodies = new ArrayList<>();
    for (int b = 0; b < BODIES; b++) {
      StringBuilder s = new StringBuilder("{\"api_key\":\"" + TOKEN + "\",\"batch\":[");
      for (int i = 0; i < BATCH; i++) {
        s.append(i == 0 ? "" : ",").append(captureEvent(b * BATCH + i));
      }
      bodies.add(s.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static long[] http(String url, int clients, int seconds) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<byte[]> bodies = captureBodies();
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    runClients(
        clients,
        first -> {
          int n = first;
          while (System.nanoTime() < end) {
            post(client, url, bodies.get(n++ % BODIES), acked, failed);
          }
        });
    return new long[] {acked.get(), System.nanoTime() - start, failed.get()};
  }

  /**
   * One batch to capture: a 200 counts its {@link #BATCH} events acked, any other answer or none a
   * failed request.
   *
   * @return the status, or -1 when there was no answer
   */
  private static int post(
      HttpClient client, String url, byte[] body, AtomicLong acked, AtomicLong failed) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        acked.addAndGet(BATCH);
      } else {
        failed.incrementAndGet();
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.incrementAndGet();
      return -1;
    } catch (Exception e) {
      failed.incrementAndGet();
      return -1;
    }
  }

  /** Runs {@code clients} threads, each given its index, and waits for all of them. */
  private static void runClients(int clients, java.util.function.IntConsumer client)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      int index = t;
      Thread th = new Thread(() -> client.accept(index));
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
  }

  /** Distinct ids the soak cycles through: past every per-id cap the stack has. */
  static final int SOAK_DISTINCT_IDS = 1_000_000;

  /**
   * Unique events (no uuid: capture assigns one) in batches of {@link #BATCH}, from {@code clients}
   * connections at full speed, until {@code events} are acked or {@code seconds} have passed; the
   * distinct ids cycle through {@link #SOAK_DISTINCT_IDS}, so the stack's per-id state meets its
   * bounds. Each batch is built as it is sent (~10 µs, beside a request of ~1 ms).
   */
  private static long[] soak(String url, int clients, long events, long seconds)
      throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    runClients(
        clients,
        t -> {
          while (System.nanoTime() < end && acked.get() < events) {
            long b = batches.getAndIncrement();
            StringBuilder s = new StringBuilder(BATCH * 260);
            s.append("{\"api_key\":\"").append(TOKEN).append("\",\"batch\":[");
            for (int i = 0; i < BATCH; i++) {
              s.append(i == 0 ? "" : ",").append(event(b * BATCH + i, SOAK_DISTINCT_IDS));
            }
            byte[] body = s.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            int status = post(client, url, body, acked, failed);
            if (status > 0 && status != 200) {
              // Over the token's rate limit (429) or Kafka away (503): back off as an SDK would,
              // instead of spinning on refusals and taking the stack's CPU.
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
            }
            if (Thread.currentThread().isInterrupted()) {
              return;
            }
          }
        });
    return new long[] {acked.get(), System.nanoTime() - start, failed.get()};
  }
}
