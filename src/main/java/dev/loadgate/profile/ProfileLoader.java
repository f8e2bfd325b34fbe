package dev.loadgate.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an intake profile (SPEC §1). Malformed input throws {@link ProfileException}; a question
 * left unanswered is recorded in {@link IntakeProfile#missingAnswers()} instead.
 */
public final class ProfileLoader {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "customer",
          "kind",
          "token",
          "product_questions_answered",
          "schedule",
          "stages",
          "peak_events_per_second",
          "total_duration",
          "batching",
          "distinct_ids",
          "event_types",
          "apps_enabled",
          "payload_bytes",
          "personless_share");
  private static final Set<String> SCHEDULE_KEYS = Set.of("start");
  private static final Set<String> STAGE_KEYS = Set.of("duration", "target");
  private static final Set<String> BATCHING_KEYS = Set.of("events_per_request", "endpoint");
  private static final Set<String> DISTINCT_ID_KEYS =
      Set.of("total", "total_events", "top", "top_csv");
  private static final Set<String> TOP_ROW_KEYS = Set.of("distinct_id", "events");

  private ProfileLoader() {}

  /** Loads {@code file}; the profile's name is the file name without {@code .yaml}. */
  public static IntakeProfile load(Path file) {
    return read(file, YamlReader.read(file));
  }

  /** Loads a profile from text, as if it were the file {@code file} (for tests and tools). */
  public static IntakeProfile parse(Path file, String yaml) {
    return read(file, YamlReader.parse(file, yaml));
  }

  /** The profile name of a file: {@code profiles/acme.yaml} is {@code acme}. */
  public static String nameOf(Path file) {
    String n = file.getFileName().toString();
    return n.replaceFirst("\\.ya?ml$", "");
  }

  private static IntakeProfile read(Path file, YamlNode root) {
    Section s = Section.root(file, root, TOP_KEYS, "an intake profile");
    String name = nameOf(file);
    List<String> missing = new ArrayList<>();

    String customer = s.string("customer").filter(c -> !c.isBlank()).orElse(null);
    if (customer == null) {
      missing.add("customer");
    }
    Kind kind = s.string("kind").map(k -> kind(s, k)).orElse(null);
    if (kind == null) {
      missing.add("kind");
    }
    String token = s.string("token").map(t -> token(s, t)).orElse("phc_" + name);
    Boolean productAnswered = s.bool("product_questions_answered").orElse(null);
    if (productAnswered == null) {
      missing.add("product_questions_answered");
    }
    OffsetDateTime start =
        s.section("schedule", SCHEDULE_KEYS)
            .flatMap(sc -> sc.string("start").map(v -> start(sc, v)))
            .orElse(null);
    if (start == null) {
      missing.add("schedule.start");
    }

    List<Stage> stages = stages(s);
    Double peak = s.positive("peak_events_per_second").orElse(null);
    Duration totalDuration = s.duration("total_duration").orElse(null);
    if (stages.isEmpty()) {
      missing.add("stages");
      if (peak == null) {
        missing.add("peak_events_per_second");
      }
      if (totalDuration == null) {
        missing.add("total_duration");
      }
    } else {
      checkAgreesWithStages(s, stages, peak, totalDuration);
      peak = null;
      totalDuration = null;
    }

    Batching batching = batching(s, missing);
    DistinctIds distinctIds = distinctIds(s, missing);
    Map<String, Double> eventTypes = eventTypes(s);
    if (eventTypes.isEmpty()) {
      missing.add("event_types");
    }
    Boolean apps = s.bool("apps_enabled").orElse(null);
    if (apps == null) {
      missing.add("apps_enabled");
    }
    Integer payloadBytes =
        s.whole("payload_bytes", 1).map(v -> (int) Math.min(v, Integer.MAX_VALUE)).orElse(null);
    Double personless = s.number("personless_share").orElse(null);
    if (personless != null && !(personless >= 0 && personless <= 1)) {
      throw s.error(
          "personless_share",
          s.line("personless_share"),
          "must be a share from 0 to 1, found " + Section.fmt(personless),
          "the share of events sent with $process_person_profile: false: 0.3 means 30%");
    }

    return new IntakeProfile(
        name,
        file,
        customer,
        kind,
        token,
        productAnswered,
        start,
        stages,
        peak,
        totalDuration,
        batching,
        distinctIds,
        eventTypes,
        apps,
        payloadBytes,
        personless,
        missing);
  }

  private static Kind kind(Section s, String text) {
    Kind k = Kind.fromYaml(text);
    if (k == null) {
      Set<String> allowed = Set.of("load_test", "historical_import");
      throw s.error(
          "kind",
          s.line("kind"),
          "'" + text + "' is not a kind of load",
          Section.suggest(text, allowed).replace("known fields here", "kinds"));
    }
    return k;
  }

  private static String token(Section s, String t) {
    if (t.isBlank() || !t.matches("[A-Za-z0-9_\\-]+")) {
      throw s.error(
          "token",
          s.line("token"),
          "'" + t + "' is not a project API token",
          "letters, digits, '_' and '-' only, like phc_acme");
    }
    return t;
  }

  private static OffsetDateTime start(Section sc, String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw sc.error(
          "start",
          sc.line("start"),
          "'" + text + "' is not an ISO-8601 date-time with an offset",
          "write it like 2026-12-08T09:00:00+01:00");
    }
  }

  private static List<Stage> stages(Section s) {
    List<YamlNode> items = s.list("stages").orElse(List.of());
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Section st = s.item("stages", i, items.get(i), STAGE_KEYS);
      Duration d =
          st.duration("duration")
              .orElseThrow(
                  () ->
                      st.error(
                          "duration",
                          st.line(),
                          "is missing",
                          "every stage needs a duration and a target, like { duration: 15m, target: 2000 }"));
      double target =
          st.nonNegative("target")
              .orElseThrow(
                  () ->
                      st.error(
                          "target",
                          st.line(),
                          "is missing",
                          "every stage needs a duration and a target (events/second)"));
      stages.add(new Stage(d, target));
    }
    if (!stages.isEmpty() && stages.stream().allMatch(st -> st.targetEventsPerSecond() == 0)) {
      throw s.error(
          "stages",
          s.line("stages"),
          "every stage has target 0, so the load sends nothing",
          "give the peak rate in events/second as a target");
    }
    return stages;
  }

  private static void checkAgreesWithStages(
      Section s, List<Stage> stages, Double peak, Duration total) {
    double stagePeak = stages.stream().mapToDouble(Stage::targetEventsPerSecond).max().orElse(0);
    if (peak != null && Math.abs(peak - stagePeak) > 1e-9 * Math.max(1, stagePeak)) {
      throw s.error(
          "peak_events_per_second",
          s.line("peak_events_per_second"),
          Section.fmt(peak) + " disagrees with the stages' peak of " + Section.fmt(stagePeak),
          "remove it: with stages, the peak is derived from them");
    }
    Duration stageTotal =
        stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
    if (total != null && !total.equals(stageTotal)) {
      throw s.error(
          "total_duration",
          s.line("total_duration"),
          Durations.format(total)
              + " disagrees with the stages' total of "
              + Durations.format(stageTotal),
          "remove it: with stages, the duration is derived from them");
    }
  }

  private static Batching batching(Section s, List<String> missing) {
    var b = s.section("batching", BATCHING_KEYS);
    Long epr = b.flatMap(x -> x.whole("events_per_request", 1)).orElse(null);
    if (epr == null) {
      missing.add("batching.events_per_request");
      return null;
    }
    if (epr > 1_000_000) {
      throw b.get()
          .error(
              "events_per_request",
              b.get().line("events_per_request"),
              epr + " events in one request is more than any capture endpoint accepts",
              "real SDKs batch 1 to a few thousand events");
    }
    String endpoint = b.get().string("endpoint").map(e -> endpoint(b.get(), e)).orElse(null);
    return new Batching(epr.intValue(), endpoint);
  }

  private static String endpoint(Section b, String text) {
    String e = text.startsWith("/") ? text : "/" + text;
    e = e.endsWith("/") ? e : e + "/";
    if (!Batching.ENDPOINTS.contains(e)) {
      throw b.error(
          "endpoint",
          b.line("endpoint"),
          "'" + text + "' is not a capture endpoint",
          "one of " + String.join(" ", Batching.ENDPOINTS));
    }
    return e;
  }

  private static DistinctIds distinctIds(Section s, List<String> missing) {
    var d = s.section("distinct_ids", DISTINCT_ID_KEYS);
    if (d.isEmpty()) {
      missing.add("distinct_ids.total");
      missing.add("distinct_ids.top");
      return new DistinctIds(0, null, List.of());
    }
    Section ds = d.get();
    long total = ds.whole("total", 1).orElse(0L);
    if (total == 0) {
      missing.add("distinct_ids.total");
    }
    Long totalEvents = ds.whole("total_events", 1).orElse(null);
    if (ds.has("top") && ds.has("top_csv")) {
      throw ds.error(
          "top_csv",
          ds.line("top_csv"),
          "both top and top_csv are given",
          "keep one: top inline, or top_csv for the query's CSV output");
    }
    List<TopDistinctId> top;
    if (ds.has("top_csv")) {
      String rel = ds.string("top_csv").orElseThrow();
      Path csv = ds.file().resolveSibling(rel);
      if (!Files.isRegularFile(csv)) {
        throw ds.error(
            "top_csv",
            ds.line("top_csv"),
            "no such file: " + csv.normalize(),
            "the path is relative to the profile file");
      }
      top = TopCsv.read(csv);
    } else {
      top = topRows(ds);
    }
    if (top.isEmpty()) {
      missing.add("distinct_ids.top");
    }
    if (total > 0 && top.size() > total) {
      throw ds.error(
          "total",
          ds.line("total"),
          "is " + total + " but the top list alone has " + top.size() + " ids",
          "total counts every distinct id in the load");
    }
    DistinctIds ids = new DistinctIds(total, totalEvents, sortByEvents(top));
    if (totalEvents != null && ids.topEvents() > totalEvents) {
      throw ds.error(
          "total_events",
          ds.line("total_events"),
          "is " + totalEvents + " but the top ids alone have " + ids.topEvents() + " events",
          "total_events is the count the top list was taken from");
    }
    return ids;
  }

  private static List<TopDistinctId> topRows(Section ds) {
    List<YamlNode> rows = ds.list("top").orElse(List.of());
    List<TopDistinctId> top = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Section r = ds.item("top", i, rows.get(i), TOP_ROW_KEYS);
      String id =
          r.string("distinct_id")
              .filter(x -> !x.isEmpty())
              .orElseThrow(
                  () ->
                      r.error(
                          "distinct_id",
                          r.line(),
                          "is missing",
                          "each row is { distinct_id: ..., events: ... }"));
      long events =
          r.whole("events", 0)
              .orElseThrow(
                  () ->
                      r.error(
                          "events",
                          r.line(),
                          "is missing",
                          "each row is { distinct_id: ..., events: ... }"));
      Integer first = seen.putIfAbsent(id, i);
      if (first != null) {
        throw r.error(
            "distinct_id",
            r.line(),
            "'" + id + "' is listed twice (rows " + (first + 1) + " and " + (i + 1) + ")",
            DUPLICATE_HINT);
      }
      top.add(new TopDistinctId(id, events));
    }
    return top;
  }

  static final String DUPLICATE_HINT = "the query groups by distinct_id, so each id appears once";

  private static List<TopDistinctId> sortByEvents(List<TopDistinctId> top) {
    List<TopDistinctId> sorted = new ArrayList<>(top);
    sorted.sort((a, b) -> Long.compare(b.events(), a.events()));
    return sorted;
  }

  private static Map<String, Double> eventTypes(Section s) {
    Map<String, YamlNode> entries = s.entries("event_types").orElse(Map.of());
    Map<String, Double> shares = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
      String field = "event_types." + e.getKey();
      if (!(e.getValue() instanceof YamlNode.Scalar sc)) {
        throw new ProfileException(
            s.file(),
            e.getValue().line(),
            field,
            "must be a share between 0 and 1, found " + e.getValue().describe(),
            "give the fraction of events of this type, e.g. 0.8 for 80%");
      }
      double share = s.number(field, sc);
      if (share < 0 || share > 1) {
        throw new ProfileException(
            s.file(),
            sc.line(),
            field,
            "share " + Section.fmt(share) + " is outside 0..1",
            "give the fraction of events of this type, e.g. 0.8 for 80%");
      }
      shares.put(e.getKey(), share);
      sum += share;
    }
    if (!shares.isEmpty() && sum <= 0) {
      throw s.error(
          "event_types",
          s.line("event_types"),
          "every share is 0",
          "give the fraction of events of each type");
    }
    final double total = sum;
    shares.replaceAll((k, v) -> v / total);
    return shares;
  }
}
