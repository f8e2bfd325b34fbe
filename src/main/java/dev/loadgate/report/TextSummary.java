package dev.loadgate.report;

import dev.loadgate.plan.Plan;
import java.util.List;

/** The review document for a terminal: the same blocks as the reports, without charts. */
public final class TextSummary {
  private TextSummary() {}

  public static String render(Plan plan) {
    StringBuilder t = new StringBuilder();
    for (ReviewDocument.Block block : ReviewDocument.of(plan, false)) {
      block(t, block);
    }
    return t.toString();
  }

  /** One block for the terminal; charts are left out. */
  static void block(StringBuilder t, ReviewDocument.Block block) {
    if (block instanceof ReviewDocument.Heading x) {
      t.append(x.level() == 1 ? x.text() : "\n" + x.text().toUpperCase(java.util.Locale.ROOT))
          .append('\n');
    } else if (block instanceof ReviewDocument.Paragraph x) {
      t.append(x.strong() ? ">> " + x.text() : x.text()).append('\n');
    } else if (block instanceof ReviewDocument.Bullets x) {
      x.items().forEach(i -> t.append("  - ").append(i).append('\n'));
    } else if (block instanceof ReviewDocument.Table x) {
      table(t, x);
    }
  }

  private static void table(StringBuilder t, ReviewDocument.Table x) {
    int[] width = new int[x.header().size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = x.header().get(i).length();
      for (List<String> row : x.rows()) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    line(t, x.header(), width);
    for (List<String> row : x.rows()) {
      line(t, row, width);
    }
  }

  private static void line(StringBuilder t, List<String> cells, int[] width) {
    t.append(' ');
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      t.append(' ').append(i == cells.size() - 1 ? c : c + " ".repeat(width[i] - c.length() + 1));
    }
    t.append('\n');
  }
}
