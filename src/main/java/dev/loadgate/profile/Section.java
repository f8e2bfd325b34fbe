package dev.loadgate.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mapping in a YAML file, read strictly: only the keys it declares are allowed (a typo names the
 * nearest known key), and every value is checked for its type, naming file, line and field path.
 */
final class Section {
  private final Path file;
  private final String path;
  private final YamlNode.MapNode node;

  static final String MAPPING_HINT =
      "put its fields on the lines below it, indented, as in profiles/example.yaml";
  static final String NUMBER_HINT = "write digits only, like 2000 or 0.8";

  private Section(Path file, String path, YamlNode.MapNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static Section root(Path file, YamlNode root, Set<String> knownKeys, String what) {
    if (!(root instanceof YamlNode.MapNode map)) {
      throw new ProfileException(
          file,
          root.line(),
          "",
          what + " must be a mapping of fields, found " + root.describe(),
          "start from an example in profiles/");
    }
    Section s = new Section(file, "", map);
    s.rejectUnknown(knownKeys);
    return s;
  }

  /** A nested mapping, or empty when the key is absent or null. */
  Optional<Section> section(String key, Set<String> knownKeys) {
    return value(key)
        .map(
            v -> {
              if (!(v instanceof YamlNode.MapNode map)) {
                throw error(
                    key, v.line(), "must be a mapping, found " + v.describe(), MAPPING_HINT);
              }
              Section s = new Section(file, field(key), map);
              s.rejectUnknown(knownKeys);
              return s;
            });
  }

  /** A free-form mapping of names to numbers (event types, per-type rates). */
  Optional<Map<String, YamlNode>> entries(String key) {
    return value(key)
        .map(
            v -> {
              if (!(v instanceof YamlNode.MapNode map)) {
                throw error(
                    key,
                    v.line(),
                    "must be a mapping of name: number, found " + v.describe(),
                    "one `name: number` per line, indented under it");
              }
              return map.entries();
            });
  }

  Optional<List<YamlNode>> list(String key) {
    return value(key)
        .map(
            v -> {
              if (!(v instanceof YamlNode.ListNode list)) {
                throw error(
                    key,
                    v.line(),
                    "must be a list, found " + v.describe(),
                    "one `- { ... }` item per line, indented under it");
              }
              return list.items();
            });
  }

  /** A list item that must be a mapping with the given keys. */
  Section item(String key, int index, YamlNode item, Set<String> knownKeys) {
    String itemPath = field(key) + "[" + index + "]";
    if (!(item instanceof YamlNode.MapNode map)) {
      throw new ProfileException(
          file,
          item.line(),
          itemPath,
          "must be a mapping, found " + item.describe(),
          "each item is `- { field: value, ... }`; remove an empty `-`");
    }
    Section s = new Section(file, itemPath, map);
    s.rejectUnknown(knownKeys);
    return s;
  }

  /**
   * A text value; unquoted scalars YAML reads as numbers or booleans are taken as written (token:
   * 123).
   */
  Optional<String> string(String key) {
    return scalar(key).map(YamlNode.Scalar::text);
  }

  Optional<Boolean> bool(String key) {
    return scalar(key)
        .map(
            s -> {
              if (s.type() != YamlNode.Scalar.Type.BOOLEAN) {
                throw error(
                    key,
                    s.line(),
                    "must be true or false, found " + s.describe(),
                    "write true or false, without quotes");
              }
              return Boolean.parseBoolean(s.text());
            });
  }

  Optional<Double> number(String key) {
    return scalar(key).map(s -> number(key, s));
  }

  double number(String key, YamlNode.Scalar s) {
    if (s.type() != YamlNode.Scalar.Type.INT && s.type() != YamlNode.Scalar.Type.FLOAT) {
      throw error(
          key,
          s.line(),
          "must be a number, found " + s.describe(),
          "write digits only, like 2000 or 0.8");
    }
    double v;
    try {
      v = Double.parseDouble(s.text());
    } catch (NumberFormatException e) {
      // YAML 1.1 reads 1_000, 0x1F or 0o17 as numbers; we take plain digits only
      throw error(key, s.line(), "'" + s.text() + "' is not a plain number", NUMBER_HINT);
    }
    if (!Double.isFinite(v)) {
      throw error(key, s.line(), "must be a finite number, found " + s.text(), NUMBER_HINT);
    }
    return v;
  }

  /** A number that must be zero or more. */
  Optional<Double> nonNegative(String key) {
    return number(key)
        .map(
            v -> {
              if (v < 0) {
                throw error(
                    key,
                    line(key),
                    "must not be negative, found " + fmt(v),
                    "rates and counts are 0 or more");
              }
              return v;
            });
  }

  /** A number that must be above zero. */
  Optional<Double> positive(String key) {
    return number(key)
        .map(
            v -> {
              if (v <= 0) {
                throw error(
                    key,
                    line(key),
                    "must be greater than 0, found " + fmt(v),
                    "a rate or size above zero");
              }
              return v;
            });
  }

  /** A whole number that must be at least {@code min}. */
  Optional<Long> whole(String key, long min) {
    return scalar(key)
        .map(
            s -> {
              if (s.type() != YamlNode.Scalar.Type.INT) {
                throw error(
                    key,
                    s.line(),
                    "must be a whole number, found " + s.describe(),
                    "write digits only, like 100");
              }
              long v;
              try {
                v = Long.parseLong(s.text());
              } catch (NumberFormatException e) {
                throw s.text().matches("[-+]?[0-9]+")
                    ? error(
                        key,
                        s.line(),
                        "is too large: " + s.text(),
                        "at most 9,223,372,036,854,775,807")
                    : error(
                        key,
                        s.line(),
                        "'" + s.text() + "' is not a plain whole number",
                        "write digits only, like 100");
              }
              if (v < min) {
                throw error(
                    key,
                    s.line(),
                    "must be at least " + min + ", found " + v,
                    "a whole number of " + min + " or more");
              }
              return v;
            });
  }

  Optional<Duration> duration(String key) {
    return scalar(key)
        .map(
            s -> {
              try {
                return Durations.parse(s.text());
              } catch (IllegalArgumentException e) {
                throw error(key, s.line(), e.getMessage(), Durations.HINT);
              }
            });
  }

  boolean has(String key) {
    return value(key).isPresent();
  }

  int line(String key) {
    Integer l = node.keyLines().get(key);
    return l == null ? node.line() : l;
  }

  int line() {
    return node.line();
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Path file() {
    return file;
  }

  ProfileException error(String key, int line, String problem, String hint) {
    return new ProfileException(file, line, field(key), problem, hint);
  }

  private Optional<YamlNode.Scalar> scalar(String key) {
    return value(key)
        .map(
            v -> {
              if (!(v instanceof YamlNode.Scalar s)) {
                throw error(
                    key,
                    v.line(),
                    "must be a single value, found " + v.describe(),
                    "write one value after the colon, not a list or indented fields");
              }
              return s;
            });
  }

  /** The value under key; a YAML null counts as absent (an unanswered question). */
  private Optional<YamlNode> value(String key) {
    YamlNode v = node.entries().get(key);
    if (v instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL) {
      return Optional.empty();
    }
    return Optional.ofNullable(v);
  }

  private void rejectUnknown(Set<String> knownKeys) {
    for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
      String key = e.getKey();
      if (!knownKeys.contains(key)) {
        throw new ProfileException(
            file, line(key), field(key), "unknown field", suggest(key, knownKeys));
      }
    }
  }

  /** "did you mean 'x'?" for a near miss, else the list of fields allowed here. */
  static String suggest(String key, Set<String> knownKeys) {
    Optional<String> nearest =
        knownKeys.stream()
            .min(
                Comparator.comparingInt((String k) -> Levenshtein.distance(key, k))
                    .thenComparing(k -> k));
    if (nearest.isPresent()) {
      int d = Levenshtein.distance(key, nearest.get());
      if (d <= Math.max(2, key.length() / 3)) {
        return "did you mean '" + nearest.get() + "'?";
      }
    }
    List<String> sorted = new ArrayList<>(knownKeys);
    sorted.sort(null);
    return "known fields here: " + String.join(", ", sorted);
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
