package dev.loadgate.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The pipeline file's {@code overflow} block: capture's hot-key limiter (SPEC §9.4). */
final class OverflowLoader {
  /** PostHog capture's global limiter counts each key over a minute. */
  static final Duration WINDOW = Duration.ofSeconds(60);

  /** Until the replicas' counts meet in the shared store: the limiter's sync. */
  static final Duration DETECTION = Duration.ofSeconds(15);

  private OverflowLoader() {}

  static Pipeline.Overflow overflow(Section o) {
    boolean enabled =
        o.bool("enabled")
            .orElseThrow(() -> o.error("enabled", o.line(), "is missing", "true or false"));
    Pipeline.Limiter limiter = limiter(o);
    List<String> forced = forcedKeys(o);
    if (limiter == Pipeline.Limiter.TOKEN_BUCKET) {
      for (String k : List.of("threshold", "window", "detection")) {
        if (o.has(k)) {
          throw o.error(
              k,
              o.line(k),
              "applies to limiter: global_window only",
              "the token bucket takes per_distinct_id_events_per_second and burst");
        }
      }
      return new Pipeline.Overflow(
          enabled,
          o.positive("per_distinct_id_events_per_second")
              .orElseThrow(() -> missing(o, "per_distinct_id_events_per_second")),
          o.positive("burst").orElseThrow(() -> missing(o, "burst")),
          limiter,
          0,
          Duration.ZERO,
          Duration.ZERO,
          forced);
    }
    double threshold =
        o.positive("threshold")
            .orElseThrow(
                () ->
                    o.error(
                        "threshold",
                        o.line(),
                        "is missing",
                        "events of one token:distinct_id within the window before capture reroutes it, like 5000"));
    Duration window = o.duration("window").orElse(WINDOW);
    if (window.isZero()) {
      throw o.error(
          "window", o.line("window"), "is 0", "the window the limiter counts over, like 60s");
    }
    Duration detection = o.duration("detection").orElse(DETECTION);
    double equivalent = threshold / (window.toNanos() / 1e9);
    return new Pipeline.Overflow(
        enabled,
        o.positive("per_distinct_id_events_per_second").orElse(equivalent),
        o.positive("burst").orElse(threshold),
        limiter,
        threshold,
        window,
        detection,
        forced);
  }

  private static Pipeline.Limiter limiter(Section o) {
    String name = o.string("limiter").orElse(Pipeline.Limiter.TOKEN_BUCKET.yaml());
    for (Pipeline.Limiter l : Pipeline.Limiter.values()) {
      if (l.yaml().equals(name)) {
        return l;
      }
    }
    throw o.error(
        "limiter",
        o.line("limiter"),
        "'" + name + "' is not a limiter",
        "global_window (capture's global rate limiter) or token_bucket (the older per-key bucket)");
  }

  private static List<String> forcedKeys(Section o) {
    List<String> keys = new ArrayList<>();
    for (YamlNode item : o.list("forced_keys").orElse(List.of())) {
      String k = item instanceof YamlNode.Scalar s ? s.text() : null;
      if (k == null || k.indexOf(':') <= 0 || k.endsWith(":")) {
        throw o.error(
            "forced_keys",
            o.line("forced_keys"),
            "'" + (k == null ? item : k) + "' is not a token:distinct_id",
            "capture's forced-overflow list names keys as token:distinct_id, like \"phc_acme:bot-7\"");
      }
      keys.add(k);
    }
    return keys;
  }

  private static ProfileException missing(Section s, String key) {
    return s.error(
        key,
        s.line(),
        "is missing",
        "every pipeline number is required; see profiles/pipeline.yaml");
  }
}
