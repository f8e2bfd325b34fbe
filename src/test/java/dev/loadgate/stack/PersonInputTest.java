package dev.loadgate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming read answers what person processing asks exactly as Jackson's whole tree would (the
 * consumer read the event with {@code readTree} before): the oracle here is Jackson's tree.
 */
class PersonInputTest {
  static List<String> events() {
    return List.of(
        "{\"event\":\"$pageview\",\"distinct_id\":\"u1\",\"properties\":{\"$current_url\":\"https://e.com\",\"$browser\":\"Firefox\"}}",
        "{\"event\":\"$identify\",\"properties\":{\"$anon_distinct_id\":\"anon-1\",\"$set\":{\"email\":\"a@b.c\",\"plan\":\"pro\"},\"$set_once\":{\"first\":\"x\"}}}",
        "{\"properties\":{\"alias\":\"other\",\"nested\":{\"a\":[1,2,{\"b\":null}]}},\"event\":\"$create_alias\"}",
        "{\"event\":\"$merge_dangerously\",\"properties\":{\"alias\":42}}",
        "{\"event\":\"$identify\",\"properties\":{\"$anon_distinct_id\":null}}",
        "{\"event\":\"$identify\",\"properties\":{\"$anon_distinct_id\":[\"a\"],\"$set\":\"not an object\"}}",
        "{\"event\":123,\"properties\":[1,2]}",
        "{\"event\":null,\"properties\":null}",
        "{\"event\":{\"x\":1},\"properties\":\"text\"}",
        "{\"event\":\"first\",\"event\":\"second\",\"properties\":{\"$set\":{\"a\":1}},\"properties\":{\"$set\":{\"b\":2}}}",
        "{\"event\":\"$pageview\",\"properties\":{\"$set\":{\"a\":1},\"$set\":{\"c\":3}}}",
        "{\"event\":\"$pageview\"}",
        "{}",
        "[{\"event\":\"in an array\"}]",
        "\"just a string\"",
        "17",
        "",
        "{\"event\":\"trailing\"} {\"more\":1}",
        "{\"event\":\"\\u0024identify\",\"properties\":{\"$anon_distinct_id\":\"\\u00e9t\\u00e9\"}}");
  }

  @ParameterizedTest
  @MethodSource("events")
  void answersAsTheWholeTreeWould(String event) throws IOException {
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    JsonNode tree = CapturePayload.JSON.readTree(bytes);
    PersonInput in = PersonInput.read(bytes);

    assertEquals(tree.path("event").asText(), in.type());
    JsonNode expected = tree.path("properties");
    for (String field : List.of("$set", "$set_once", "$anon_distinct_id", "alias")) {
      // What PersonStore reads: path(f) for $set/$set_once, get(f) for the ids.
      assertEquals(expected.path(field), in.properties().path(field), field);
      assertEquals(expected.get(field), in.properties().get(field), field);
    }
    assertEquals(expected.isObject(), in.properties().isObject());
  }

  @Test
  void keepsOnlyWhatPersonProcessingReads() throws IOException {
    PersonInput in =
        PersonInput.read(
            "{\"event\":\"$identify\",\"properties\":{\"$browser\":\"Firefox\",\"$set\":{\"a\":1}}}"
                .getBytes(StandardCharsets.UTF_8));
    assertFalse(in.properties().has("$browser"));
    assertEquals(1, in.properties().path("$set").path("a").asInt());
  }

  @Test
  void malformedEventsAreRefusedLikeTheTreeRefusesThem() {
    for (String bad :
        List.of(
            "{\"event\":\"x\",\"properties\":{\"a\":}",
            "{\"event\":\"x\"",
            "{\"event\":\"x\",\"properties\":{\"unused\":[1,2,}}",
            "[".repeat(100) + "]".repeat(100),
            "{\"event\":\"x\",\"properties\":" + "{\"a\":".repeat(80) + "1" + "}".repeat(81))) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThrows(IOException.class, () -> CapturePayload.JSON.readTree(bytes));
      assertThrows(IOException.class, () -> PersonInput.read(bytes), bad);
    }
  }

  @org.junit.jupiter.api.Test
  void anEventSaysItSkipsItsPersonWithTheFlagFalseUnlessItMerges() throws Exception {
    org.junit.jupiter.api.Assertions.assertTrue(
        PersonInput.read(
                "{\"event\":\"$pageview\",\"properties\":{\"$process_person_profile\":false}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .personless(false));
    for (String body :
        List.of(
            "{\"event\":\"$pageview\",\"properties\":{\"$process_person_profile\":true}}",
            "{\"event\":\"$pageview\",\"properties\":{\"$process_person_profile\":\"false\"}}",
            "{\"event\":\"$pageview\",\"properties\":{}}",
            "{\"event\":\"$identify\",\"properties\":{\"$process_person_profile\":false}}",
            "{\"event\":\"$create_alias\",\"properties\":{\"$process_person_profile\":false}}")) {
      org.junit.jupiter.api.Assertions.assertFalse(
          PersonInput.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .personless(false),
          body);
    }
  }

  @org.junit.jupiter.api.Test
  void captureStampingAnEventPersonlessSkipsItsPersonUnlessItMerges() throws Exception {
    org.junit.jupiter.api.Assertions.assertTrue(
        PersonInput.read(
                "{\"event\":\"$pageview\",\"properties\":{\"$process_person_profile\":true}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .personless(true),
        "capture's stamp wins over the event's own flag");
    org.junit.jupiter.api.Assertions.assertFalse(
        PersonInput.read(
                "{\"event\":\"$identify\",\"properties\":{}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .personless(true),
        "a merge keeps its person");
  }
}
