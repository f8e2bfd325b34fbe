package dev.loadgate.report;

import dev.loadgate.plan.Plan;
import dev.loadgate.plan.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The review document's checklist of what to set in the pipeline for the test, in its own settings
 * (SPEC §9.6), and what the plan says once every item is done.
 */
final class ActionBlocks {
  private ActionBlocks() {}

  static List<ReviewDocument.Block> of(Plan p) {
    List<ReviewDocument.Block> b = new ArrayList<>();
    if (p.actions().isEmpty()) {
      return b;
    }
    b.add(new ReviewDocument.Heading(2, "Checklist: what to set in the pipeline"));
    List<String> items = new ArrayList<>();
    for (Plan.Action a : p.actions()) {
      boolean list = a.value() instanceof String;
      items.add(
          "[ ] "
              + (a.from() == null ? "Before the test" : "Before " + when(a.from()))
              + ": "
              + (list
                  ? "add " + a.value() + " to " + a.setting()
                  : "set " + a.setting() + " to " + value(a.value()))
              + (a.until() == null
                  ? " (keep it)"
                  : "; " + (list ? "remove it" : "restore it") + " after " + when(a.until()))
              + ". Why: "
              + a.why()
              + ".");
    }
    b.add(new ReviewDocument.Bullets(items));
    Plan.AfterActions after = p.afterActions();
    if (after != null) {
      b.add(
          new ReviewDocument.Paragraph(
              after.verdict() == Verdict.READY
                  ? "With every item done the plan is READY."
                  : "With every item done the plan is still "
                      + after.verdict()
                      + ": "
                      + String.join(" ", after.stillInTheWay()),
              false,
              after.verdict()));
    }
    return b;
  }

  /** An instant as the checklist reads it: "2026-12-16 08:45 UTC". */
  private static String when(String iso) {
    return iso.replace('T', ' ').replaceAll(":00Z$", " UTC").replaceAll("Z$", " UTC");
  }

  private static String value(Object v) {
    return v instanceof Double d && d == Math.rint(d)
        ? String.valueOf(d.longValue())
        : String.valueOf(v);
  }
}
