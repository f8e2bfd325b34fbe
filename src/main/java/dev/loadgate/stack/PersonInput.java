package dev.loadgate.stack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Set;

/**
 * What person processing reads of an event: its type and the few properties that merge or update a
 * person ({@code $set}, {@code $set_once}, {@code $anon_distinct_id}, {@code alias}), in one
 * streaming pass over the event's JSON. The whole event is still parsed (a malformed event is
 * found), but only those properties become a tree: building the whole event as a tree was a quarter
 * of a consumer's CPU, for fields nobody read.
 *
 * <p>It answers as {@code readTree(event).path("event").asText()} and {@code .path("properties")}
 * would for what {@link PersonStore} reads (PersonInputTest holds it to that).
 */
record PersonInput(String type, JsonNode properties) {
  /** An event with this property false is processed without a person (SPEC §9.3). */
  static final String PERSONLESS_FLAG = "$process_person_profile";

  private static final Set<String> PERSON_FIELDS =
      Set.of("$set", "$set_once", "$anon_distinct_id", "alias", PERSONLESS_FLAG);

  /** Event types that merge persons: they process a person whatever the flag says. */
  private static final Set<String> MERGES =
      Set.of("$identify", "$create_alias", "$merge_dangerously");

  /**
   * Whether this event skips person processing: its flag false, or {@code forced}: capture stamped
   * it personless (a rerouted hot key); a merge still processes its person (SPEC §9.3).
   */
  boolean personless(boolean forced) {
    JsonNode flag = properties.path(PERSONLESS_FLAG);
    return (forced || (flag.isBoolean() && !flag.asBoolean())) && !MERGES.contains(type);
  }

  /** An event that could not be read: no type, no properties. */
  static final PersonInput UNREADABLE = new PersonInput("", MissingNode.getInstance());

  /**
   * @throws IOException when the event is not valid JSON (or nested too deeply)
   */
  static PersonInput read(byte[] event) throws IOException {
    try (JsonParser p = CapturePayload.JSON.getFactory().createParser(event)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        // An empty body, an array or a scalar: readTree's path("event") is missing there too.
        p.skipChildren();
        return UNREADABLE;
      }
      String type = "";
      JsonNode properties = MissingNode.getInstance();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "event" -> type = v == JsonToken.VALUE_STRING ? p.getText() : tree(p).asText();
          case "properties" -> properties = v == JsonToken.START_OBJECT ? properties(p) : tree(p);
          default -> p.skipChildren();
        }
      }
      return new PersonInput(type, properties);
    }
  }

  private static ObjectNode properties(JsonParser p) throws IOException {
    ObjectNode kept = CapturePayload.JSON.createObjectNode();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (PERSON_FIELDS.contains(field)) {
        kept.set(field, tree(p));
      } else {
        p.skipChildren();
      }
    }
    return kept;
  }

  /** The current value as readTree makes it (a JSON null is a NullNode, not Java's null). */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNode n = CapturePayload.JSON.readTree(p);
    return n == null ? NullNode.getInstance() : n;
  }
}
