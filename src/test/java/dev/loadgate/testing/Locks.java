package dev.loadgate.testing;

/**
 * The resources integration tests hold while JUnit runs classes side by side (see {@code
 * junit.parallel} in the pom).
 */
public final class Locks {
  private Locks() {}

  /**
   * The one stack {@code SharedStack} starts for a run: classes that reconcile its global counters
   * use it one at a time.
   */
  public static final String SHARED_STACK = "loadgate.shared-stack";
}
