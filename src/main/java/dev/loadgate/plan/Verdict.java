package dev.loadgate.plan;

/** The answer for the capacity review, in order of precedence. */
public enum Verdict {
  /** A required answer is missing, or the customer has not answered the product questions. */
  NEEDS_ANSWERS,
  /** The load is a denial of service: it rises faster than the pipeline can react. */
  REJECT,
  /** A genuine load test that does not fit today's pipeline: scale first (see the scaling plan). */
  NEEDS_SCALING,
  /** Fits the pipeline as it runs today. */
  READY
}
