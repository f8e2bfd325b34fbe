package dev.loadgate.prometheus;

/**
 * Prometheus could not answer: not reached, the query refused (with Prometheus' own reason), or an
 * answer that is not the query API's. The message is one line a person can act on; {@link #kind}
 * says which, so a caller can name the setting to fix (the url, or the query).
 */
public final class PrometheusException extends RuntimeException {
  /** Why there is no answer. */
  public enum Kind {
    /** Not reached, or no answer in time: the url (or the server) is at fault. */
    UNREACHABLE,
    /** Prometheus answered and refused the query: the query is at fault. */
    REFUSED,
    /** Something answered, not Prometheus' API: the url points elsewhere. */
    NOT_THE_API
  }

  private final Kind kind;

  public PrometheusException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
