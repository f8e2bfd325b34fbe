package dev.loadgate.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The customer's answers to the intake questionnaire (SPEC §1), checked and typed. Unanswered
 * questions are null or empty here and listed in {@link #missingAnswers()}: they are not errors.
 *
 * @param name the file name without {@code .yaml}
 * @param peakEventsPerSecond the peak as answered without a ramp (only when {@code stages} is
 *     missing)
 * @param totalDuration the duration as answered without a ramp (only when {@code stages} is
 *     missing)
 * @param eventTypes share of events per type, normalised to sum to 1 (insertion order kept)
 * @param personlessShare the share of events sent with {@code $process_person_profile: false} (SPEC
 *     §9.3); null when unanswered (taken as 0: every event creates or updates a person)
 * @param missingAnswers field paths of required answers that were not given
 */
public record IntakeProfile(
    String name,
    Path file,
    String customer,
    Kind kind,
    String token,
    Boolean productQuestionsAnswered,
    OffsetDateTime scheduleStart,
    List<Stage> stages,
    Double peakEventsPerSecond,
    Duration totalDuration,
    Batching batching,
    DistinctIds distinctIds,
    Map<String, Double> eventTypes,
    Boolean appsEnabled,
    Integer payloadBytes,
    Double personlessShare,
    List<String> missingAnswers) {

  public IntakeProfile {
    stages = List.copyOf(stages);
    eventTypes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventTypes));
    missingAnswers = List.copyOf(missingAnswers);
  }

  /** The same profile scheduled to start at {@code start} (a suggested start, planned again). */
  public IntakeProfile startingAt(OffsetDateTime start) {
    return new IntakeProfile(
        name,
        file,
        customer,
        kind,
        token,
        productQuestionsAnswered,
        start,
        stages,
        peakEventsPerSecond,
        totalDuration,
        batching,
        distinctIds,
        eventTypes,
        appsEnabled,
        payloadBytes,
        personlessShare,
        missingAnswers);
  }

  /** The personless share, 0 when unanswered. */
  public double personless() {
    return personlessShare == null ? 0 : personlessShare;
  }

  public boolean complete() {
    return missingAnswers.isEmpty();
  }
}
