package dev.loadgate.profile;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** The pipeline file's {@code policy}: the delay, working hours and SLO tiers (SPEC §2, §9.6). */
final class PolicyLoader {
  private static final Set<String> HOURS_KEYS = Set.of("zone", "from", "to", "weekdays_only");
  private static final Set<String> SLO_KEYS = Set.of("within", "objective");
  private static final String SLO_HINT =
      "a list of tiers, like - { within: 5s, objective: 0.999 } (99.9% of events within 5 s)";

  private PolicyLoader() {}

  static Pipeline.Policy policy(Section p) {
    Duration delay =
        p.duration("max_ingestion_delay").orElse(PipelineLoader.DEFAULT_POLICY.maxIngestionDelay());
    Pipeline.WorkingHours hours =
        p.section("working_hours", HOURS_KEYS)
            .map(
                h -> {
                  ZoneId zone =
                      h.string("zone")
                          .map(z -> zone(h, z))
                          .orElse(PipelineLoader.DEFAULT_POLICY.workingHours().zone());
                  LocalTime from =
                      h.string("from")
                          .map(t -> time(h, "from", t))
                          .orElse(PipelineLoader.DEFAULT_POLICY.workingHours().from());
                  LocalTime to =
                      h.string("to")
                          .map(t -> time(h, "to", t))
                          .orElse(PipelineLoader.DEFAULT_POLICY.workingHours().to());
                  if (!to.isAfter(from)) {
                    throw h.error(
                        "to",
                        h.line("to"),
                        "ends at " + to + ", not after it starts at " + from,
                        "working hours within one day, like from: \"08:00\" to: \"17:00\"");
                  }
                  return new Pipeline.WorkingHours(
                      zone, from, to, h.bool("weekdays_only").orElse(true));
                })
            .orElse(PipelineLoader.DEFAULT_POLICY.workingHours());
    return new Pipeline.Policy(
        delay, hours, sloTiers(p), p.duration("slo_window").orElse(Pipeline.Policy.SLO_WINDOW));
  }

  /** {@code policy.slo}: tiers of (within, objective), each delay longer than the one before. */
  private static List<Pipeline.SloTier> sloTiers(Section p) {
    List<YamlNode> items = p.list("slo").orElse(List.of());
    List<Pipeline.SloTier> tiers = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Section t = p.item("slo", i, items.get(i), SLO_KEYS);
      Duration within =
          t.duration("within")
              .orElseThrow(() -> t.error("within", t.line(), "is missing", SLO_HINT));
      if (within.isZero()) {
        throw t.error(
            "within",
            t.line("within"),
            "is 0",
            "a delay the events must be ingested within, like 5s");
      }
      double objective =
          t.positive("objective")
              .orElseThrow(() -> t.error("objective", t.line(), "is missing", SLO_HINT));
      if (objective >= 1) {
        throw t.error(
            "objective",
            t.line("objective"),
            "is " + Section.fmt(objective) + ", not a share below 1",
            "the share of events within the delay, like 0.999; an objective of 1 leaves no error budget");
      }
      if (!tiers.isEmpty() && within.compareTo(tiers.get(tiers.size() - 1).within()) <= 0) {
        throw t.error(
            "within",
            t.line("within"),
            "is not longer than the tier before it",
            "list the tiers shortest delay first, each delay once");
      }
      tiers.add(new Pipeline.SloTier(within, objective));
    }
    return tiers;
  }

  private static ZoneId zone(Section h, String z) {
    try {
      return ZoneId.of(z);
    } catch (DateTimeException e) {
      throw h.error(
          "zone",
          h.line("zone"),
          "'" + z + "' is not a time zone",
          "an IANA zone like Europe/London");
    }
  }

  private static LocalTime time(Section h, String key, String t) {
    try {
      return LocalTime.parse(t.length() == 4 ? "0" + t : t);
    } catch (DateTimeParseException e) {
      throw h.error(
          key, h.line(key), "'" + t + "' is not a time of day", "quote it, like \"08:00\"");
    }
  }
}
