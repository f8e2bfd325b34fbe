package dev.loadgate.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgate.plan.CapacityPlanner;
import dev.loadgate.plan.Plan;
import dev.loadgate.plan.SharedPipeline;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Pipeline;
import dev.loadgate.profile.ProfileException;
import dev.loadgate.profile.ProfileLoader;
import dev.loadgate.report.IntakeForm;
import dev.loadgate.report.PlanJson;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code loadgate intake serve}: the intake form, served for a call where engineer and customer
 * fill it in together, with the real plan beside it as the answers change ({@code POST /plan}, the
 * YAML the page previews) and the profile saved into the profiles folder on request ({@code POST
 * /save?name=N}). Binds to loopback unless told otherwise.
 */
public final class IntakeServer implements AutoCloseable {
  private final Pipeline pipeline;
  private final Path profilesDir;
  private final String page;
  private final Undertow server;
  private final int port;
  private final String host;

  public IntakeServer(
      String host, int port, Pipeline pipeline, Path profilesDir, IntakeProfile from) {
    this.pipeline = pipeline;
    this.profilesDir = profilesDir;
    this.host = host;
    this.page = IntakeForm.renderServed(IntakeForm.schema(), from, null);
    this.server = Undertow.builder().addHttpListener(port, host).setHandler(this::route).build();
    server.start();
    this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
  }

  private void route(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      ex.dispatch(this::route);
      return;
    }
    String path = ex.getRequestPath();
    if (path.equals("/") && ex.getRequestMethod().equals(Methods.GET)) {
      send(ex, 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/plan") && ex.getRequestMethod().equals(Methods.POST)) {
      plan(ex, body(ex));
    } else if (path.equals("/save") && ex.getRequestMethod().equals(Methods.POST)) {
      save(
          ex,
          ex.getQueryParameters().containsKey("name")
              ? ex.getQueryParameters().get("name").getFirst()
              : "",
          body(ex));
    } else {
      send(ex, 404, "application/json", "{\"error\":\"GET /, POST /plan or POST /save?name=N\"}");
    }
  }

  /** The plan of the answers so far: verdict, reasons, questions, what to tell the customer. */
  private void plan(HttpServerExchange ex, String yaml) throws IOException {
    try {
      IntakeProfile p = ProfileLoader.parse(Path.of("intake.yaml"), yaml);
      Plan plan =
          CapacityPlanner.plan(
              p, pipeline, new SharedPipeline.Context(Instant.now(), java.util.List.of()));
      ObjectNode out = PlanJson.MAPPER.createObjectNode();
      out.put("verdict", plan.verdict().name());
      out.put(
          "classification", plan.classification() == null ? null : plan.classification().name());
      out.set("reasons", PlanJson.MAPPER.valueToTree(plan.reasons()));
      out.set("missing_answers", PlanJson.MAPPER.valueToTree(plan.missingAnswers()));
      out.set("tell_customer", PlanJson.MAPPER.valueToTree(plan.tellCustomer()));
      send(ex, 200, "application/json", PlanJson.MAPPER.writeValueAsString(out));
    } catch (ProfileException e) {
      send(ex, 400, "application/json", error(e.getMessage()));
    }
  }

  /** The answers as profiles/NAME.yaml: a new file only, a name of letters, digits and dashes. */
  private void save(HttpServerExchange ex, String name, String yaml) throws IOException {
    if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      send(ex, 400, "application/json", error("name: lower-case letters, digits and dashes"));
      return;
    }
    try {
      ProfileLoader.parse(Path.of(name + ".yaml"), yaml);
    } catch (ProfileException e) {
      send(ex, 400, "application/json", error(e.getMessage()));
      return;
    }
    Path file = profilesDir.resolve(name + ".yaml");
    if (Files.exists(file)) {
      send(ex, 409, "application/json", error(file + " exists: choose another name"));
      return;
    }
    Files.createDirectories(profilesDir);
    // Written aside and renamed: the profile appears whole, never as an empty file a reader
    // (IntakeServeIT, a planner watching the folder) could catch between create and write.
    Path tmp = Files.createTempFile(profilesDir, "." + name, ".yaml.tmp");
    try {
      Files.writeString(tmp, yaml);
      Files.move(tmp, file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      send(ex, 409, "application/json", error(file + " exists: choose another name"));
      return;
    } finally {
      Files.deleteIfExists(tmp);
    }
    send(
        ex,
        201,
        "application/json",
        "{\"saved\":" + PlanJson.MAPPER.writeValueAsString(file.toString()) + "}");
  }

  private static String error(String message) throws IOException {
    return "{\"error\":" + PlanJson.MAPPER.writeValueAsString(message) + "}";
  }

  private static String body(HttpServerExchange ex) throws IOException {
    ex.startBlocking();
    byte[] b = ex.getInputStream().readNBytes(1 << 20);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void send(HttpServerExchange ex, int status, String type, String body) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    ex.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop();
  }
}
