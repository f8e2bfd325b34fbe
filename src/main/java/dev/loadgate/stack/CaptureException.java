package dev.loadgate.stack;

/** A request capture refuses, with the HTTP status and a message that says what is wrong. */
final class CaptureException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;

  CaptureException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
