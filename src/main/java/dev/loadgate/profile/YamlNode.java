package dev.loadgate.profile;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each value was written, so that every error can
 * name its line. Jackson's own JsonNode forgets locations, which is why the readers here build this
 * instead.
 */
sealed interface YamlNode permits YamlNode.MapNode, YamlNode.ListNode, YamlNode.Scalar {
  int line();

  /** What a person would call this node in an error message. */
  String describe();

  record MapNode(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line)
      implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record ListNode(List<YamlNode> items, int line) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar with the type YAML resolved for it; {@code text} is null only for NULL. */
  record Scalar(String text, Type type, int line) implements YamlNode {
    enum Type {
      STRING,
      INT,
      FLOAT,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "the text '" + text + "'";
        case INT, FLOAT -> "the number " + text;
        case BOOLEAN -> "the boolean " + text;
        case NULL -> "nothing (null)";
      };
    }
  }
}
