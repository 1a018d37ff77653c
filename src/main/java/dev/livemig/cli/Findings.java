package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.livemig.report.Report;

/**
 * The parts of a run's text summary an architect must not miss, each its own section after the
 * tables (so another command can print the same): VMs a drain or rolling maintenance left behind
 * (which, why, what would fix it). Every line fits {@link #WIDTH} columns.
 */
final class Findings {
  private Findings() {}

  /** The widest line the text output aims at. */
  static final int WIDTH = 100;

  /**
   * VMs a drain (or a rolling maintenance's drain) did not move: one paragraph per drain, one entry
   * per VM with its outcome, the reason and, for a VM not placed, what would make room; empty when
   * every drain moved everything.
   */
  static String leftBehind(Report report) {
    if (report.drains() == null) return "";
    StringBuilder sb = new StringBuilder();
    for (Report.DrainRecord d : report.drains()) {
      List<Report.DrainedVm> left = d.left();
      if (left.isEmpty()) continue;
      String what = d.rolling() ? "the rolling maintenance's drain of " + d.host() + " (patched with them on it)"
          : "the drain of " + d.host() + (d.measure() != null ? " (measure " + d.measure() + ": incomplete)" : "");
      sb.append('\n').append(wrap("LEFT BEHIND: " + what + " did not move " + left.size() + " of " + d.vms().size() + " VM"
          + (d.vms().size() == 1 ? "" : "s") + ": " + String.join(", ", left.stream().map(Report.DrainedVm::vm).toList()), "  "));
      for (Report.DrainedVm v : left) {
        sb.append(wrap("  " + v.vm() + ": " + v.outcome() + (v.reason() != null ? ": " + v.reason() : ""), "      "));
        if (v.fix() != null) sb.append(wrap("    fix: " + v.fix(), "      "));
      }
    }
    if (sb.length() > 0) {
      sb.append(wrap("  `livemig check` counts VMs left as a miss unless the expect block allows them: "
          + "{ measure = NAME, metric = vms-left, max = N }", "    "));
    }
    return sb.toString();
  }

  /** How many VMs a measure left behind, for the measures' table: empty when none (or not a drain). */
  static String vmsLeft(Report.Measure m) {
    if (m.vmsLeft() == null || m.vmsLeft() == 0) return "";
    return String.format(Locale.ROOT, "INCOMPLETE: %d VM%s left", m.vmsLeft(), m.vmsLeft() == 1 ? "" : "s");
  }

  /** {@code text} wrapped at {@link #WIDTH} columns on spaces, later lines starting with {@code indent}; ends with a newline. */
  static String wrap(String text, String indent) {
    String clean = Terminal.clean(text);
    String lead = clean.substring(0, clean.length() - clean.stripLeading().length());
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(lead);
    int empty = lead.length(); // a line holds no word while it is this long
    for (String word : clean.stripLeading().split(" ")) {
      String prefix = lines.isEmpty() ? "" : indent;
      if (line.length() > empty && prefix.length() + line.length() + 1 + word.length() > WIDTH) {
        lines.add(prefix + line);
        line.setLength(0);
        empty = 0;
      }
      if (line.length() > empty) line.append(' ');
      line.append(word);
    }
    lines.add((lines.isEmpty() ? "" : indent) + line);
    return String.join("\n", lines) + "\n";
  }
}
