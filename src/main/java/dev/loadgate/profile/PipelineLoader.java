package dev.loadgate.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the pipeline's capacity file (SPEC §2). Every number is required: a guess here would hide
 * in every plan.
 */
public final class PipelineLoader {
  private static final Set<String> TOP_KEYS =
      Set.of(
          "partitions",
          "consumers",
          "consumer_events_per_second",
          "apps_cost_factor",
          "capture",
          "autoscaling",
          "overflow",
          "rate_limit",
          "policy",
          "live_load",
          "lanes",
          "consumer",
          "personless_cost_factor");
  private static final Set<String> CAPTURE_KEYS =
      Set.of(
          "replicas",
          "requests_per_second_per_replica",
          "max_request_bytes",
          "burst_seconds",
          "autoscaler");
  private static final Set<String> AUTOSCALING_KEYS =
      Set.of("reaction_time", "max_consumers", "max_capture_replicas");
  private static final Set<String> OVERFLOW_KEYS =
      Set.of(
          "enabled",
          "per_distinct_id_events_per_second",
          "burst",
          "limiter",
          "threshold",
          "window",
          "detection",
          "forced_keys");
  private static final Set<String> RATE_LIMIT_KEYS = Set.of("per_token_events_per_second");
  private static final Set<String> POLICY_KEYS =
      Set.of("max_ingestion_delay", "working_hours", "slo", "slo_window");
  private static final Set<String> LIVE_KEYS =
      Set.of(
          "events_per_request",
          "peak_factor",
          "weekly",
          "csv",
          "prometheus",
          "apps_share",
          "personless_share");
  private static final Set<String> LANE_KEYS = Set.of("consumers", "max_consumers", "autoscaler");
  private static final Set<String> CONSUMER_KEYS =
      Set.of("batch_size", "per_key_events_per_second");
  private static final Set<String> PER_KEY_KEYS = Set.of("person", "personless");
  private static final String LANES_HINT =
      "one consumer deployment per topic: main, overflow and historical, each { consumers: N,"
          + " max_consumers: M }";
  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final String WEEK_HINT =
      "seven rows mon tue wed thu fri sat sun, each [24 hourly events/s], hour 00 first";

  /** Used when the file has no {@code policy}: 90 s of delay, London office hours on weekdays. */
  public static final Pipeline.Policy DEFAULT_POLICY =
      new Pipeline.Policy(
          Duration.ofSeconds(90),
          new Pipeline.WorkingHours(
              ZoneId.of("Europe/London"), LocalTime.of(8, 0), LocalTime.of(17, 0), true));

  private PipelineLoader() {}

  public static Pipeline load(Path file) {
    return load(file, java.time.Instant.now());
  }

  /**
   * The pipeline file, with {@code live_load.prometheus} read over the weeks ending at {@code now}
   * (a review anyone can reproduce gives the same instant).
   */
  public static Pipeline load(Path file, java.time.Instant now) {
    return read(YamlReader.read(file), file, now);
  }

  public static Pipeline parse(Path file, String yaml) {
    return read(YamlReader.parse(file, yaml), file, java.time.Instant.now());
  }

  private static Pipeline read(YamlNode root, Path file, java.time.Instant now) {
    Section s = Section.root(file, root, TOP_KEYS, "a pipeline file");
    int partitions = intAtLeast(s, "partitions", 1);
    int consumers = intAtLeast(s, "consumers", 1);
    Map<String, Double> rates = rates(s);
    double appsCost = s.number("apps_cost_factor").orElse(1.0);
    if (appsCost < 1) {
      throw s.error(
          "apps_cost_factor",
          s.line("apps_cost_factor"),
          "must be at least 1, found " + Section.fmt(appsCost),
          "apps add work per event; 1.5 means 50% more time");
    }
    Section c = required(s, "capture", CAPTURE_KEYS);
    Pipeline.Capture capture =
        new Pipeline.Capture(
            intAtLeast(c, "replicas", 1),
            c.positive("requests_per_second_per_replica")
                .orElseThrow(() -> missing(c, "requests_per_second_per_replica")),
            c.whole("max_request_bytes", 1).orElse(20L * 1024 * 1024),
            c.positive("burst_seconds").orElse(Pipeline.Capture.DEFAULT_BURST_SECONDS),
            c.section("autoscaler", AutoscalerLoader.CAPTURE_KEYS)
                .map(AutoscalerLoader::capture)
                .orElse(null));
    Section a = required(s, "autoscaling", AUTOSCALING_KEYS);
    Pipeline.Autoscaling autoscaling =
        new Pipeline.Autoscaling(
            a.duration("reaction_time").orElseThrow(() -> missing(a, "reaction_time")),
            intAtLeast(a, "max_consumers", 1),
            intAtLeast(a, "max_capture_replicas", 1));
    if (autoscaling.maxConsumers() < consumers) {
      throw a.error(
          "max_consumers",
          a.line("max_consumers"),
          "is "
              + autoscaling.maxConsumers()
              + ", fewer than the "
              + consumers
              + " consumers running today",
          "the autoscaler's maximum is at least what runs now");
    }
    if (autoscaling.maxCaptureReplicas() < capture.replicas()) {
      throw a.error(
          "max_capture_replicas",
          a.line("max_capture_replicas"),
          "is "
              + autoscaling.maxCaptureReplicas()
              + ", fewer than the "
              + capture.replicas()
              + " replicas running today",
          "the autoscaler's maximum is at least what runs now");
    }
    Pipeline.Overflow overflow = OverflowLoader.overflow(required(s, "overflow", OVERFLOW_KEYS));
    Section r = required(s, "rate_limit", RATE_LIMIT_KEYS);
    Pipeline.RateLimit rateLimit =
        new Pipeline.RateLimit(
            r.positive("per_token_events_per_second")
                .orElseThrow(() -> missing(r, "per_token_events_per_second")));
    Pipeline.Policy policy =
        s.section("policy", POLICY_KEYS).map(PolicyLoader::policy).orElse(DEFAULT_POLICY);
    Pipeline.LiveLoad live =
        s.section("live_load", LIVE_KEYS).map(l -> liveLoad(l, policy, now)).orElse(null);
    Pipeline.Lanes lanes =
        s.section("lanes", Set.copyOf(Pipeline.Lanes.NAMES))
            .map(PipelineLoader::lanes)
            .orElse(null);
    Double personlessCost = s.number("personless_cost_factor").orElse(null);
    if (personlessCost != null && !(personlessCost > 0 && personlessCost <= 1)) {
      throw s.error(
          "personless_cost_factor",
          s.line("personless_cost_factor"),
          "must be above 0 and at most 1, found " + Section.fmt(personlessCost),
          "what a personless event costs as a share of its type's cost: 0.4 means 40%");
    }
    Pipeline.Consumer consumer =
        s.section("consumer", CONSUMER_KEYS)
            .map(k -> consumer(k, rates, personlessCost == null ? 1 : personlessCost))
            .orElse(null);
    return new Pipeline(
        partitions,
        consumers,
        rates,
        appsCost,
        capture,
        autoscaling,
        overflow,
        rateLimit,
        policy,
        live,
        lanes,
        consumer,
        personlessCost);
  }

  /** {@code lanes}: each topic's deployment, all three, none above its maximum. */
  private static Pipeline.Lanes lanes(Section l) {
    Pipeline.Lane[] lanes = new Pipeline.Lane[3];
    for (int i = 0; i < 3; i++) {
      String name = Pipeline.Lanes.NAMES.get(i);
      Section lane =
          l.section(name, LANE_KEYS)
              .orElseThrow(() -> l.error(name, l.line(), "is missing", LANES_HINT));
      int consumers = intAtLeast(lane, "consumers", 1);
      int max = intAtLeast(lane, "max_consumers", 1);
      if (max < consumers) {
        throw lane.error(
            "max_consumers",
            lane.line("max_consumers"),
            "is " + max + ", fewer than the " + consumers + " consumers this lane runs today",
            "the autoscaler's maximum is at least what runs now");
      }
      lanes[i] =
          new Pipeline.Lane(
              consumers,
              max,
              lane.section("autoscaler", AutoscalerLoader.LANE_KEYS)
                  .map(AutoscalerLoader::lane)
                  .orElse(null));
    }
    return new Pipeline.Lanes(lanes[0], lanes[1], lanes[2]);
  }

  /**
   * {@code consumer}: the batch and the per-key rates. One key's events run one after another on
   * one consumer, so a key can never run faster than that consumer takes its events: a per-key rate
   * above the {@code default} type's rate (÷ the personless cost factor for personless events) is
   * refused with that reason.
   */
  private static Pipeline.Consumer consumer(
      Section c, Map<String, Double> rates, double personlessCost) {
    int batch = intAtLeast(c, "batch_size", 1);
    Section k =
        c.section("per_key_events_per_second", PER_KEY_KEYS)
            .orElseThrow(() -> missing(c, "per_key_events_per_second"));
    double person = k.positive("person").orElseThrow(() -> missing(k, "person"));
    double personless = k.positive("personless").orElseThrow(() -> missing(k, "personless"));
    double typeRate = rates.get(Pipeline.DEFAULT_TYPE);
    if (person > typeRate) {
      throw k.error(
          "person",
          k.line("person"),
          "is "
              + Section.fmt(person)
              + " ev/s, above the "
              + Section.fmt(typeRate)
              + " ev/s one consumer takes (consumer_events_per_second.default)",
          "one key's events run one after another on one consumer, so no faster than it");
    }
    if (personless > typeRate / personlessCost + 1e-9) {
      throw k.error(
          "personless",
          k.line("personless"),
          "is "
              + Section.fmt(personless)
              + " ev/s, above the "
              + Section.fmt(typeRate / personlessCost)
              + " ev/s one consumer takes of personless events (default ÷ personless_cost_factor)",
          "one key's events run one after another on one consumer, so no faster than it");
    }
    if (personless < person) {
      throw k.error(
          "personless",
          k.line("personless"),
          "is "
              + Section.fmt(personless)
              + " ev/s, slower than with persons ("
              + Section.fmt(person)
              + ")",
          "a personless event skips the person writes: its key runs at least as fast");
    }
    return new Pipeline.Consumer(batch, person, personless);
  }

  /** A share in [0, 1] under {@code key}, or null when not given. */
  private static Double share(Section s, String key, String hint) {
    Double v = s.number(key).orElse(null);
    if (v != null && !(v >= 0 && v <= 1)) {
      throw s.error(key, s.line(key), "must be a share from 0 to 1, found " + Section.fmt(v), hint);
    }
    return v;
  }

  /** {@code live_load}: its batch size, peak factor, and a week of hours written out or as CSV. */
  private static Pipeline.LiveLoad liveLoad(
      Section l, Pipeline.Policy policy, java.time.Instant now) {
    int epr = intAtLeast(l, "events_per_request", 1);
    double peakFactor = l.number("peak_factor").orElseThrow(() -> missing(l, "peak_factor"));
    if (peakFactor < 1) {
      throw l.error(
          "peak_factor",
          l.line("peak_factor"),
          "must be at least 1, found " + Section.fmt(peakFactor),
          "minute-level peaks above the hourly mean: 1.2 means 20% above it");
    }
    List<String> sources = List.of("weekly", "csv", "prometheus").stream().filter(l::has).toList();
    if (sources.size() != 1) {
      throw l.error(
          sources.isEmpty() ? "weekly" : sources.get(1),
          sources.isEmpty() ? l.line() : l.line(sources.get(1)),
          sources.isEmpty()
              ? "has neither weekly, csv nor prometheus"
              : String.join(" and ", sources) + " are both given",
          "keep one: weekly ("
              + WEEK_HINT
              + "), csv: live-load.csv, or prometheus: {url: ..., query: ...}");
    }
    if (l.has("prometheus")) {
      Section p = l.section("prometheus", LiveLoadPrometheus.KEYS).orElseThrow();
      LiveLoadPrometheus.Read read =
          LiveLoadPrometheus.read(p, policy.workingHours().zone(), now, System::getenv);
      return new Pipeline.LiveLoad(
          epr,
          peakFactor,
          read.week().hourly(),
          read.week().weeks(),
          read.source(),
          appsShare(l),
          personlessShare(l),
          false,
          read.csv());
    }
    if (l.has("csv")) {
      String rel = l.string("csv").orElseThrow();
      Path csv = l.file() == null ? Path.of(rel) : l.file().resolveSibling(rel);
      LiveLoadCsv.Week week = LiveLoadCsv.read(csv, policy.workingHours().zone());
      return new Pipeline.LiveLoad(
          epr,
          peakFactor,
          week.hourly(),
          week.weeks(),
          csv.getFileName().toString(),
          appsShare(l),
          personlessShare(l));
    }
    Section w = l.section("weekly", Set.copyOf(DAYS)).orElseThrow(() -> missing(l, "weekly"));
    double[] hourly = new double[Pipeline.LiveLoad.HOURS_OF_WEEK];
    for (int d = 0; d < DAYS.size(); d++) {
      String day = DAYS.get(d);
      List<YamlNode> hours =
          w.list(day)
              .orElseThrow(
                  () ->
                      w.error(
                          day, l.line("weekly"), "is missing: a week has seven days", WEEK_HINT));
      if (hours.size() != 24) {
        throw w.error(
            day,
            w.line(day),
            "has " + hours.size() + " hourly values, a day has 24",
            "one events/s value per hour, hour 00 first");
      }
      for (int h = 0; h < 24; h++) {
        String key = day + "[" + h + "]";
        if (!(hours.get(h) instanceof YamlNode.Scalar sc)) {
          throw w.error(
              key,
              hours.get(h).line(),
              "must be events/s, found " + hours.get(h).describe(),
              WEEK_HINT);
        }
        double v = w.number(key, sc);
        if (v < 0) {
          throw w.error(
              key,
              sc.line(),
              "is negative (" + Section.fmt(v) + ") at hour " + String.format("%02d:00", h),
              "events/s the pipeline carries in that hour: 0 or more");
        }
        hourly[d * 24 + h] = v;
      }
    }
    return new Pipeline.LiveLoad(
        epr, peakFactor, hourly, 0, "weekly", appsShare(l), personlessShare(l));
  }

  private static Double appsShare(Section l) {
    return share(
        l, "apps_share", "the share of live events whose project runs apps: 0.3 means 30%");
  }

  private static Double personlessShare(Section l) {
    return share(
        l,
        "personless_share",
        "the share of live events sent with $process_person_profile: false: 0.3 means 30%");
  }

  private static Map<String, Double> rates(Section s) {
    Map<String, YamlNode> entries =
        s.entries("consumer_events_per_second")
            .orElseThrow(() -> missing(s, "consumer_events_per_second"));
    Map<String, Double> rates = new HashMap<>();
    for (var e : entries.entrySet()) {
      String field = "consumer_events_per_second." + e.getKey();
      if (!(e.getValue() instanceof YamlNode.Scalar sc)) {
        throw new ProfileException(
            s.file(),
            e.getValue().line(),
            field,
            "must be events/second, found " + e.getValue().describe(),
            "one `event_type: events/second` per line, like `$identify: 500`");
      }
      double v = s.number(field, sc);
      if (v <= 0) {
        throw new ProfileException(
            s.file(),
            sc.line(),
            field,
            "must be greater than 0, found " + Section.fmt(v),
            "one consumer's events/second for this event type");
      }
      rates.put(e.getKey(), v);
    }
    if (!rates.containsKey(Pipeline.DEFAULT_TYPE)) {
      throw s.error(
          "consumer_events_per_second",
          s.line("consumer_events_per_second"),
          "has no 'default' rate",
          "add default: <events/second> for event types not listed");
    }
    return rates;
  }

  private static int intAtLeast(Section s, String key, int min) {
    long v = s.whole(key, min).orElseThrow(() -> missing(s, key));
    if (v > Integer.MAX_VALUE) {
      throw s.error(key, s.line(key), "is too large: " + v, "at most 2,147,483,647");
    }
    return (int) v;
  }

  private static Section required(Section s, String key, Set<String> keys) {
    return s.section(key, keys).orElseThrow(() -> missing(s, key));
  }

  private static ProfileException missing(Section s, String key) {
    return s.error(
        key,
        s.line(),
        "is missing",
        "every pipeline number is required; see profiles/pipeline.yaml");
  }
}
