package dev.loadgate.plan;

/**
 * A ramp up to a peak ({@code LOAD_TEST}), or a large volume all at once ({@code DOS}): the rate
 * rises within one autoscaling reaction time by more than the whole pipeline takes today.
 */
public enum Classification {
  LOAD_TEST,
  DOS
}
