package dev.loadgate.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code loadgate stack --faults}: kills and restarts the embedded broker, or crashes a consumer,
 * on request, for fault drills and the simulation's {@code -Dfault.broker} / {@code
 * -Dfault.consumer}. Its own port, loopback only, POST only, off unless asked for: nothing on the
 * capture port can stop the broker.
 */
public final class FaultServer {
  private final HttpServer server;

  private FaultServer(HttpServer server) {
    this.server = server;
  }

  /** Seconds before a crashed consumer's replacement joins. */
  static final int CONSUMER_REPLACED_AFTER_SECONDS = 5;

  public static FaultServer start(LocalStack stack) throws IOException {
    EmbeddedKafka broker = stack.kafka() instanceof EmbeddedKafka b ? b : null;
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/faults/kafka/kill",
        ex ->
            answer(
                ex,
                () -> {
                  requireEmbedded(broker);
                  broker.kill();
                  return "killed the broker (SIGKILL)";
                }));
    s.createContext(
        "/faults/kafka/restart",
        ex ->
            answer(
                ex,
                () -> {
                  requireEmbedded(broker);
                  broker.restart();
                  return "restarted the broker";
                }));
    s.createContext(
        "/faults/consumer/kill",
        ex ->
            answer(
                ex,
                () -> {
                  if (!stack
                      .consumers()
                      .main()
                      .crashOne(java.time.Duration.ofSeconds(CONSUMER_REPLACED_AFTER_SECONDS))) {
                    throw new IllegalStateException("no consumer to kill");
                  }
                  return "crashed a consumer mid-batch (no commit); a new one joined after "
                      + CONSUMER_REPLACED_AFTER_SECONDS
                      + " s";
                }));
    s.start();
    return new FaultServer(s);
  }

  private static void requireEmbedded(EmbeddedKafka broker) {
    if (broker == null) {
      throw new IllegalStateException("the broker is not the embedded one (--kafka-bootstrap)");
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  interface Action {
    String run() throws Exception;
  }

  private static void answer(HttpExchange ex, Action action) throws IOException {
    int status;
    String body;
    if (!"POST".equals(ex.getRequestMethod())) {
      status = 405;
      body = "POST only";
    } else {
      try {
        body = action.run();
        status = 200;
        System.out.println("loadgate stack: fault: " + body);
      } catch (Exception e) {
        status = 409;
        body = String.valueOf(e.getMessage());
      }
    }
    byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }
}
