package dev.loadgate.stack;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One fuzzer input as a capture request: the first byte picks the headers and query (content type,
 * Content-Encoding, {@code compression=}, a small or the default size limit), the rest is the body.
 * A plain framing, so the same corpus files drive {@code CapturePayload.parse} in-process and a
 * real socket in {@code FuzzCorpusOverHttpIT}.
 */
record CaptureFuzzInput(
    String contentType,
    String contentEncoding,
    Map<String, String> query,
    long maxBytes,
    byte[] body) {

  static final String[] CONTENT_TYPES = {
    null, "application/json", "application/x-www-form-urlencoded", "text/plain"
  };
  static final String[] COMPRESSIONS = {null, "gzip-js", "base64", "lz64"};

  static CaptureFuzzInput of(byte[] input) {
    int flags = input.length == 0 ? 0 : input[0] & 0xff;
    byte[] body = input.length == 0 ? new byte[0] : Arrays.copyOfRange(input, 1, input.length);
    Map<String, String> query = new HashMap<>();
    String compression = COMPRESSIONS[(flags >> 3) & 3];
    if (compression != null) {
      query.put("compression", compression);
    }
    return new CaptureFuzzInput(
        CONTENT_TYPES[flags & 3],
        (flags & 4) != 0 ? "gzip" : null,
        query,
        (flags & 32) != 0 ? 1024 : 20 * 1024 * 1024,
        body);
  }
}
