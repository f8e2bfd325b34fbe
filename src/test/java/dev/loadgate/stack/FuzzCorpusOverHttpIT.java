package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadgate.testing.Locks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The fuzzer's corpus through a real socket to a running stack: every input gets a 2xx or a 4xx
 * (never a 500, never a hang), and valid traffic sent between them is served as usual.
 */
@ResourceLock(Locks.SHARED_STACK)
class FuzzCorpusOverHttpIT {
  static final Path CORPUS =
      Path.of(
          "src/test/resources/dev/loadgate/stack/CapturePayloadFuzzTestInputs/anyBodyIsEventsOrA4xx");

  private static LocalStack stack;

  @RegisterExtension
  static final BeforeAllCallback START = context -> stack = SharedStack.get(context);

  @Test
  void everyCorpusInputIsAnsweredWithA2xxOrA4xxAndValidTrafficGoesOn() throws Exception {
    List<Path> inputs;
    try (Stream<Path> files = Files.list(CORPUS)) {
      inputs = files.filter(Files::isRegularFile).sorted().toList();
    }
    assertTrue(inputs.size() >= 10, "the committed corpus: " + inputs.size() + " inputs");
    List<String> wrong = new ArrayList<>();
    int valid = 0;
    for (Path file : inputs) {
      CaptureFuzzInput in = CaptureFuzzInput.of(Files.readAllBytes(file));
      String compression = in.query().get("compression");
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create(
                      stack.captureUrl()
                          + "/batch/"
                          + (compression == null ? "" : "?compression=" + compression)))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(in.body()));
      if (in.contentType() != null) {
        b.header("Content-Type", in.contentType());
      }
      if (in.contentEncoding() != null) {
        b.header("Content-Encoding", in.contentEncoding());
      }
      HttpResponse<String> r = Http.send(b.build());
      if (r.statusCode() >= 500 || r.statusCode() < 200 || r.statusCode() / 100 == 3) {
        wrong.add(file.getFileName() + ": " + r.statusCode() + " " + r.body());
      }
      // A valid request beside each input: capture keeps serving.
      HttpResponse<String> ok =
          Http.post(
              stack.captureUrl() + "/e/",
              "{\"api_key\":\"phc_it\",\"event\":\"fuzz-beside\",\"distinct_id\":\"fz"
                  + valid
                  + "\"}",
              "Content-Type",
              "application/json");
      assertEquals(200, ok.statusCode(), "valid traffic beside " + file.getFileName());
      valid++;
    }
    assertTrue(wrong.isEmpty(), "answered other than 2xx/4xx: " + wrong);
    assertEquals(inputs.size(), valid);
  }
}
