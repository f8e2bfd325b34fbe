package dev.loadgate.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The output of the top-ids query as CSV ({@code count,distinct_id}). A header row is optional;
 * when present it may put the columns in either order. Ids may be quoted ("a,b" and "" escapes).
 */
final class TopCsv {
  private static final String FIELD = "distinct_ids.top_csv";
  private static final String HINT = "each row is count,distinct_id, as the query prints it";

  private TopCsv() {}

  static List<TopDistinctId> read(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProfileException(
          csv,
          0,
          FIELD,
          "cannot be read: " + e.getMessage(),
          "check the file's permissions and encoding (UTF-8)");
    }
    int countCol = 0;
    int idCol = 1;
    List<TopDistinctId> rows = new ArrayList<>();
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    boolean first = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = i == 0 ? stripBom(lines.get(i)) : lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      List<String> cols = split(csv, i + 1, line);
      if (first) {
        first = false;
        int c = indexOf(cols, "count");
        int d = indexOf(cols, "distinct_id");
        if (c >= 0 && d >= 0) {
          countCol = c;
          idCol = d;
          continue;
        }
      }
      if (cols.size() != 2) {
        throw new ProfileException(
            csv, i + 1, FIELD, "expected 2 columns, found " + cols.size(), HINT);
      }
      String count = cols.get(countCol).trim();
      String id = cols.get(idCol);
      long events;
      try {
        events = Long.parseLong(count);
      } catch (NumberFormatException e) {
        throw new ProfileException(
            csv, i + 1, FIELD, "count '" + count + "' is not a whole number", HINT);
      }
      if (events < 0) {
        throw new ProfileException(csv, i + 1, FIELD, "count " + events + " is negative", HINT);
      }
      if (id.isEmpty()) {
        throw new ProfileException(csv, i + 1, FIELD, "distinct_id is empty", HINT);
      }
      Integer firstLine = seen.putIfAbsent(id, i + 1);
      if (firstLine != null) {
        throw new ProfileException(
            csv,
            i + 1,
            FIELD,
            "distinct_id '"
                + id
                + "' is listed twice (lines "
                + firstLine
                + " and "
                + (i + 1)
                + ")",
            ProfileLoader.DUPLICATE_HINT);
      }
      rows.add(new TopDistinctId(id, events));
    }
    return rows;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  private static int indexOf(List<String> cols, String name) {
    for (int i = 0; i < cols.size(); i++) {
      String c = cols.get(i).trim().toLowerCase(Locale.ROOT);
      if (c.equals(name) || (name.equals("count") && c.equals("count(*)"))) {
        return i;
      }
    }
    return -1;
  }

  /** RFC 4180 fields of one line. */
  static List<String> split(Path csv, int lineNo, String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(ch);
        }
      } else if (ch == '"' && cur.toString().isBlank()) {
        quoted = true;
        wasQuoted = true;
        cur.setLength(0);
      } else if (ch == ',') {
        out.add(wasQuoted ? cur.toString() : cur.toString().trim());
        cur.setLength(0);
        wasQuoted = false;
      } else if (wasQuoted && !Character.isWhitespace(ch)) {
        throw new ProfileException(
            csv,
            lineNo,
            FIELD,
            "text after a closing quote in column " + (out.size() + 1),
            "quote the whole id, with \"\" for a quote inside it");
      } else if (!wasQuoted) {
        cur.append(ch);
      }
    }
    if (quoted) {
      throw new ProfileException(
          csv,
          lineNo,
          FIELD,
          "a quote is not closed",
          "quote the whole id, with \"\" for a quote inside it");
    }
    out.add(wasQuoted ? cur.toString() : cur.toString().trim());
    return out;
  }
}
