package dev.loadgate.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgate.profile.Durations;
import dev.loadgate.profile.IntakeProfile;
import dev.loadgate.profile.Stage;
import dev.loadgate.profile.TopDistinctId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intake questionnaire as one self-contained web page ({@code loadgate intake form}): the
 * profile's JSON Schema inlined (the page builds and checks its fields from it, so it cannot drift
 * from what the parser takes), the questions in the pipeline team's order with why each matters, a
 * live preview of the profile YAML and a download. No network: scripts and styles are inline.
 */
public final class IntakeForm {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IntakeForm() {}

  /**
   * @param schema the intake profile's JSON Schema (profiles/schema/intake-profile.schema.json)
   * @param from answers to fill in (a profile sent back half done), or null
   * @param token a token to fill in when {@code from} has none, or null
   */
  public static String render(JsonNode schema, IntakeProfile from, String token) {
    return render(schema, from, token, false);
  }

  /** The same page as {@code loadgate intake serve} serves it: the live plan and a save button. */
  public static String renderServed(JsonNode schema, IntakeProfile from, String token) {
    return render(schema, from, token, true);
  }

  private static String render(JsonNode schema, IntakeProfile from, String token, boolean served) {
    Map<String, Object> prefill = from == null ? new LinkedHashMap<>() : answers(from);
    if (token != null && !prefill.containsKey("token")) {
      prefill.put("token", token);
    }
    List<String> missing = from == null ? List.of() : from.missingAnswers();
    try {
      return resource("form.html")
          .replace("__SCHEMA__", script(JSON.writeValueAsString(schema)))
          .replace("__PREFILL__", script(JSON.writeValueAsString(prefill)))
          .replace("__MISSING__", script(JSON.writeValueAsString(missing)))
          .replace("__SERVED__", String.valueOf(served))
          .replace("__SCRIPT__", resource("form.js"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The intake profile's JSON Schema, as the jar carries it (from profiles/schema/). */
  public static JsonNode schema() {
    try (InputStream in =
        IntakeForm.class.getResourceAsStream("/schema/intake-profile.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("the intake profile's schema is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code dir/index.html}; returns it. */
  public static Path write(Path dir, JsonNode schema, IntakeProfile from, String token)
      throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("index.html");
    Files.writeString(file, render(schema, from, token));
    return file;
  }

  /** A profile's answers, keyed as the form's fields (the profile's own field paths). */
  static Map<String, Object> answers(IntakeProfile p) {
    Map<String, Object> a = new LinkedHashMap<>();
    put(a, "customer", p.customer());
    put(a, "kind", p.kind() == null ? null : p.kind().yaml());
    put(a, "token", p.token());
    put(a, "product_questions_answered", p.productQuestionsAnswered());
    if (p.scheduleStart() != null) {
      a.put("schedule", Map.of("start", p.scheduleStart().toString()));
    }
    if (!p.stages().isEmpty()) {
      List<Map<String, Object>> stages = new ArrayList<>();
      for (Stage s : p.stages()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", Durations.write(s.duration()));
        m.put("target", s.targetEventsPerSecond());
        stages.add(m);
      }
      a.put("stages", stages);
    }
    put(a, "peak_events_per_second", p.peakEventsPerSecond());
    put(a, "total_duration", p.totalDuration() == null ? null : Durations.write(p.totalDuration()));
    if (p.batching() != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("events_per_request", p.batching().eventsPerRequest());
      b.put("endpoint", p.batching().endpoint());
      a.put("batching", b);
    }
    Map<String, Object> ids = new LinkedHashMap<>();
    if (!p.missingAnswers().contains("distinct_ids.total")) {
      ids.put("total", p.distinctIds().total());
    }
    put(ids, "total_events", p.distinctIds().totalEvents());
    if (!p.distinctIds().top().isEmpty()) {
      List<Map<String, Object>> top = new ArrayList<>();
      for (TopDistinctId t : p.distinctIds().top()) {
        top.add(Map.of("distinct_id", t.distinctId(), "events", t.events()));
      }
      ids.put("top", top);
    }
    if (!ids.isEmpty()) {
      a.put("distinct_ids", ids);
    }
    if (!p.eventTypes().isEmpty()) {
      a.put("event_types", p.eventTypes());
    }
    put(a, "apps_enabled", p.appsEnabled());
    put(a, "payload_bytes", p.payloadBytes());
    put(a, "personless_share", p.personlessShare());
    return a;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /** JSON inside a script element: nothing in it may close the element. */
  private static String script(String json) {
    return json.replace("</", "<\\/");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = IntakeForm.class.getResourceAsStream("/intake/" + name)) {
      if (in == null) {
        throw new IOException("missing resource intake/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
