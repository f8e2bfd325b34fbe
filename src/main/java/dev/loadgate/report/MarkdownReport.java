package dev.loadgate.report;

import dev.loadgate.plan.Plan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The review document as Markdown ({@code plan.md}), with its charts as PNG files beside it. */
public final class MarkdownReport {
  private MarkdownReport() {}

  /** Writes {@code dir/plan.md} and {@code dir/plan-*.png}; returns the Markdown file. */
  public static Path write(Plan plan, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    for (ReviewDocument.Block block : ReviewDocument.of(plan, true)) {
      if (block instanceof ReviewDocument.Chart c) {
        String file = "plan-" + c.name() + ".png";
        try (OutputStream out = Files.newOutputStream(dir.resolve(file))) {
          Charts.png(c.draw().apply(plan), out);
        }
        md.append("![").append(c.alt()).append("](").append(file).append(")\n\n");
      } else {
        block(md, block);
      }
    }
    Path file = dir.resolve("plan.md");
    Files.writeString(file, md.toString());
    return file;
  }

  /** One block other than a chart. */
  static void block(StringBuilder md, ReviewDocument.Block block) {
    if (block instanceof ReviewDocument.Heading h) {
      md.append("#".repeat(h.level())).append(' ').append(escape(h.text())).append("\n\n");
    } else if (block instanceof ReviewDocument.Paragraph p) {
      md.append(p.strong() ? "**" + escape(p.text()) + "**" : escape(p.text())).append("\n\n");
    } else if (block instanceof ReviewDocument.Bullets b) {
      b.items().forEach(i -> md.append("- ").append(escape(i)).append('\n'));
      md.append('\n');
    } else if (block instanceof ReviewDocument.Table t) {
      table(md, t);
    }
  }

  private static void table(StringBuilder md, ReviewDocument.Table t) {
    row(md, t.header());
    md.append('|');
    t.header().forEach(h -> md.append(" --- |"));
    md.append('\n');
    t.rows().forEach(r -> row(md, r));
    md.append('\n');
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(escape(c).replace("|", "\\|")).append(" |"));
    md.append('\n');
  }

  /** Keeps ids like {@code $identify} or {@code user_*_1} from turning into Markdown syntax. */
  private static String escape(String s) {
    return s.replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;");
  }
}
