package dev.loadgate.prometheus;

/**
 * Prometheus could not answer: not reached, the query refused (with Prometheus' own reason), or an
 * answer that is not the query API's. The message is one line a person can act on.
 */
public final class PrometheusException extends RuntimeException {
  public PrometheusException(String message) {
    super(message);
  }
}
