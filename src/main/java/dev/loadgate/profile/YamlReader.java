package dev.loadgate.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML file into a {@link YamlNode} tree with line numbers, on Jackson's YAML parser. */
final class YamlReader {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlReader() {}

  static YamlNode read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ProfileException(file, 0, "", "no such file", "give a path or a name in profiles/");
    } catch (IOException e) {
      throw new ProfileException(
          file,
          0,
          "",
          "cannot be read: " + e.getMessage(),
          "check the file's permissions and encoding (UTF-8)");
    }
    return parse(file, text);
  }

  static YamlNode parse(Path file, String text) {
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ProfileException(
            file, 1, "", "the file is empty", "start from an example in profiles/");
      }
      YamlNode root = readValue(file, p, "");
      if (p.nextToken() != null) {
        throw new ProfileException(
            file,
            line(p.currentTokenLocation()),
            "",
            "more than one YAML document",
            "keep one document per file");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML").trim();
      throw new ProfileException(
          file,
          at == null ? 0 : line(at),
          "",
          "not valid YAML: " + msg,
          "check indentation, colons and quotes on that line");
    } catch (IOException e) {
      throw new ProfileException(
          file,
          0,
          "",
          "cannot be read: " + e.getMessage(),
          "check the file's permissions and encoding (UTF-8)");
    }
  }

  private static YamlNode readValue(Path file, JsonParser p, String path) throws IOException {
    int line = line(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> readMap(file, p, path, line);
      case START_ARRAY -> readList(file, p, path, line);
      case VALUE_STRING -> new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.STRING, line);
      case VALUE_NUMBER_INT -> new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.INT, line);
      case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(p.getText(), YamlNode.Scalar.Type.FLOAT, line);
      case VALUE_TRUE, VALUE_FALSE ->
          new YamlNode.Scalar(
              String.valueOf(t == JsonToken.VALUE_TRUE), YamlNode.Scalar.Type.BOOLEAN, line);
      case VALUE_NULL -> new YamlNode.Scalar(null, YamlNode.Scalar.Type.NULL, line);
      default ->
          throw new ProfileException(
              file,
              line,
              path,
              "unsupported YAML value (" + t + ")",
              "write plain values: YAML tags like !!binary are not read");
    };
  }

  private static YamlNode readMap(Path file, JsonParser p, String path, int line)
      throws IOException {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      int keyLine = line(p.currentTokenLocation());
      String child = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        throw new ProfileException(
            file,
            keyLine,
            child,
            "given twice (first on line " + keyLines.get(key) + ")",
            "keep one of them");
      }
      p.nextToken();
      entries.put(key, readValue(file, p, child));
      keyLines.put(key, keyLine);
    }
    return new YamlNode.MapNode(entries, keyLines, line);
  }

  private static YamlNode readList(Path file, JsonParser p, String path, int line)
      throws IOException {
    List<YamlNode> items = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      items.add(readValue(file, p, path + "[" + items.size() + "]"));
    }
    return new YamlNode.ListNode(items, line);
  }

  private static int line(JsonLocation at) {
    return at == null ? 0 : Math.max(at.getLineNr(), 0);
  }
}
