package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Locks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Hostile and broken requests against a real capture server (and broker), each with the status it
 * must get, while a client keeps sending valid events: every hostile class gets its status, every
 * valid event alongside gets 200. Prints the table (class -> status -> still serving) for the
 * record.
 */
@ResourceLock(Locks.SHARED_STACK)
class HostileInputIT {
  private static LocalStack stack;
  private static String url;

  @RegisterExtension
  static final BeforeAllCallback START =
      context -> {
        stack = SharedStack.get(context);
        url = stack.captureUrl();
      };

  record Case(String name, int status, Supplier<HttpResponse<String>> send) {}

  private static HttpResponse<String> post(String path, byte[] body, String... headers) {
    return Http.post(url + path, body, headers);
  }

  private static HttpResponse<String> post(String path, String body, String... headers) {
    return Http.post(url + path, body, headers);
  }

  static List<Case> cases() {
    byte[] oneMegPlus = new byte[1_000_001];
    Arrays.fill(oneMegPlus, (byte) ' ');
    byte[] gzipped =
        Http.gzip(
            "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"h\"}"
                .getBytes(StandardCharsets.UTF_8));
    String tiny =
        IntStream.range(0, 100_000)
            .mapToObj(i -> "{\"event\":\"e\",\"distinct_id\":\"t" + i + "\"}")
            .collect(Collectors.joining(","));
    String nested = "[".repeat(100_000) + "]".repeat(100_000);
    byte[] badUtf8 =
        concat(
            "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\""
                .getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
            "\"}".getBytes(StandardCharsets.UTF_8));
    return List.of(
        new Case("invalid JSON", 400, () -> post("/e/", "{\"api_key\":\"phc_it\",")),
        new Case(
            "truncated gzip",
            400,
            () ->
                post(
                    "/e/", Arrays.copyOf(gzipped, gzipped.length / 2), "Content-Encoding", "gzip")),
        new Case(
            "corrupt gzip",
            400,
            () -> post("/e/", new byte[] {0x1f, (byte) 0x8b, 8, 0, 9, 9, 9, 9})),
        new Case(
            "gzip bomb (50 MB of zeros)",
            413,
            () -> post("/batch/", Http.gzip(new byte[50_000_000]), "Content-Encoding", "gzip")),
        new Case(
            "base64 garbage",
            400,
            () -> post("/e/", "%%%not base64%%%", "Content-Type", "text/plain")),
        new Case("oversize by Content-Length", 413, () -> post("/batch/", oneMegPlus)),
        new Case(
            "oversize while streaming (chunked)",
            413,
            () ->
                Http.send(
                    HttpRequest.newBuilder(URI.create(url + "/batch/"))
                        .POST(
                            HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(oneMegPlus)))
                        .build())),
        new Case(
            "100,000 tiny events in one batch",
            413,
            () -> post("/batch/", "{\"api_key\":\"phc_it\",\"batch\":[" + tiny + "]}")),
        new Case(
            "mixed tokens in one batch",
            400,
            () ->
                post(
                    "/batch/",
                    "{\"api_key\":\"phc_it\",\"batch\":[{\"event\":\"a\",\"distinct_id\":\"m\"},"
                        + "{\"api_key\":\"phc_limited\",\"event\":\"b\",\"distinct_id\":\"m\"}]}")),
        new Case(
            "distinct_id an object",
            400,
            () ->
                post("/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":{\"a\":1}}")),
        new Case(
            "distinct_id an array",
            400,
            () -> post("/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":[1,2]}")),
        new Case(
            "distinct_id an integer (PostHog takes it as text)",
            200,
            () -> post("/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":12345}")),
        new Case(
            "distinct_id of 10,000 characters",
            400,
            () ->
                post(
                    "/e/",
                    "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\""
                        + "d".repeat(10_000)
                        + "\"}")),
        new Case(
            "missing event name",
            400,
            () -> post("/e/", "{\"api_key\":\"phc_it\",\"distinct_id\":\"a\"}")),
        new Case(
            "missing distinct_id",
            400,
            () -> post("/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\"}")),
        new Case(
            "properties nested 100,000 deep",
            400,
            () ->
                post(
                    "/e/",
                    "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"n\",\"properties\":{\"p\":"
                        + nested
                        + "}}")),
        new Case("invalid UTF-8", 400, () -> post("/e/", badUtf8)),
        new Case("empty body", 400, () -> post("/e/", new byte[0])),
        new Case(
            "empty batch", 400, () -> post("/batch/", "{\"api_key\":\"phc_it\",\"batch\":[]}")),
        new Case("array of non-objects", 400, () -> post("/batch/", "[1,2,3]")),
        new Case(
            "XML with an XML content type",
            400,
            () -> post("/e/", "<event><name>x</name></event>", "Content-Type", "application/xml")),
        new Case(
            "NUL and control bytes", 400, () -> post("/e/", new byte[] {'{', 0, 1, 2, 3, '}'})),
        new Case(
            "unknown token",
            401,
            () ->
                post("/e/", "{\"api_key\":\"phc_nobody\",\"event\":\"x\",\"distinct_id\":\"a\"}")),
        new Case("no token", 401, () -> post("/e/", "{\"event\":\"x\",\"distinct_id\":\"a\"}")),
        new Case(
            "wrong method (PUT)",
            405,
            () ->
                Http.send(
                    HttpRequest.newBuilder(URI.create(url + "/e/"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build())),
        new Case("unknown path", 404, () -> post("/track/", "{}")));
  }

  @Test
  void everyHostileClassGetsItsStatusWhileValidTrafficIsServed() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    Map<Integer, AtomicInteger> valid = new ConcurrentHashMap<>();
    List<Exception> clientErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread client =
        new Thread(
            () -> {
              int i = 0;
              while (!done.get()) {
                int status;
                try {
                  status =
                      Http.post(
                              url + "/e/",
                              "{\"api_key\":\"phc_it\",\"event\":\"ok\",\"distinct_id\":\"valid-"
                                  + (i++ % 50)
                                  + "\"}")
                          .statusCode();
                } catch (RuntimeException e) {
                  // no answer at all: kept, and the test fails with it below
                  clientErrors.add(e);
                  status = -1;
                }
                valid.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                sleep(20);
              }
            },
            "valid-client");
    client.start();
    long rssBefore = rssKb();
    List<String> table = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<Case> cases = cases();
    for (Case c : cases) {
      int before = valid.getOrDefault(200, new AtomicInteger()).get();
      HttpResponse<String> r = c.send().get();
      // Served meanwhile: the valid client gets a 200 after the hostile request was answered.
      boolean serving;
      try {
        org.awaitility.Awaitility.await(c.name() + ": valid traffic answered 200")
            .atMost(java.time.Duration.ofSeconds(10))
            .pollInterval(java.time.Duration.ofMillis(10))
            .until(() -> valid.getOrDefault(200, new AtomicInteger()).get() > before);
        serving = true;
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        serving = false;
      }
      table.add(
          String.format(
              Locale.ROOT,
              "| %-40s | %d | %s |",
              c.name(),
              r.statusCode(),
              serving ? "yes" : "NO"));
      if (r.statusCode() != c.status()) {
        wrong.add(
            c.name() + ": expected " + c.status() + ", got " + r.statusCode() + " " + r.body());
      }
      if (!serving) {
        wrong.add(c.name() + ": valid traffic got no 200 meanwhile");
      }
    }
    done.set(true);
    client.join();
    System.out.println(
        "| hostile class | status | valid traffic still served |\n" + String.join("\n", table));
    System.out.printf(
        Locale.ROOT,
        "hostile classes: test JVM (stack in process) RSS %d MB before, %d MB after%n",
        rssBefore / 1024,
        rssKb() / 1024);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertTrue(clientErrors.isEmpty(), "the valid client got no answer: " + clientErrors);
    Map<Integer, Integer> statuses = new TreeMap<>();
    valid.forEach((k, v) -> statuses.put(k, v.get()));
    assertEquals(
        Map.of(200, statuses.getOrDefault(200, 0)), statuses, "every valid request got 200");
  }

  @Test
  void thousandsOfIdleConnectionsDoNotStopCapture() throws Exception {
    URI u = URI.create(url);
    List<Socket> idle = new ArrayList<>();
    long rssBefore = rssKb();
    // Both ends live in this JVM: stay well inside its open-file limit.
    int connections = (int) Math.min(2_000, (maxOpenFiles() - 400) / 2);
    try {
      for (int i = 0; i < connections; i++) {
        Socket s = new Socket(u.getHost(), u.getPort());
        if (i % 2 == 0) {
          // half of them start a request and never finish its headers
          OutputStream o = s.getOutputStream();
          o.write("POST /e/ HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          o.flush();
        }
        idle.add(s);
      }
      HttpResponse<String> r =
          Http.post(
              url + "/e/", "{\"api_key\":\"phc_it\",\"event\":\"x\",\"distinct_id\":\"idle\"}");
      assertEquals(200, r.statusCode(), "served beside " + connections + " idle connections");
      long rssDuring = rssKb();
      System.out.printf(
          Locale.ROOT,
          "idle-connection flood: %d sockets, test JVM (stack in process) RSS %d MB -> %d MB%n",
          connections,
          rssBefore / 1024,
          rssDuring / 1024);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  private static long maxOpenFiles() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unlimited
    }
    return 1_024;
  }

  /** This JVM's resident set (the stack runs in it), from /proc; 0 where there is none. */
  private static long rssKb() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
