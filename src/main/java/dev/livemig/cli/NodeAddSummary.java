package dev.livemig.cli;

import java.util.Locale;
import dev.livemig.report.NodeAddReport;
import dev.livemig.report.Report;

/** What {@code run} prints of each node add: its outcome, why and the fix, the quorum, the steps and the tour. */
final class NodeAddSummary {
  private NodeAddSummary() {}

  static String of(Report report, boolean colour) {
    StringBuilder sb = new StringBuilder();
    for (NodeAddReport a : report.nodeAdds()) {
      sb.append('\n');
      String outcome = switch (a.outcome()) {
        case "added" -> "added to the cluster";
        case "refused" -> "REFUSED at step " + a.failedStep() + " (nothing was changed)";
        default -> "FAILED at step " + a.failedStep() + (a.steps().stream().anyMatch(s -> "rolled-back".equals(s.outcome()))
            ? ", rolled back (not in the cluster)" : " (nothing was changed)");
      };
      sb.append("node add ").append(a.host()).append(": ")
          .append(colour ? Colour.paint(outcome, "added".equals(a.outcome()) ? Colour.GREEN : Colour.RED) : outcome).append('\n');
      if (a.reason() != null) for (String why : a.reason().split("; ")) sb.append(Findings.wrap("  why: " + why, "       "));
      if (a.fix() != null) sb.append(Findings.wrap("  fix: " + a.fix(), "       "));
      sb.append(Findings.wrap("  quorum: " + a.quorumBefore()
          + (a.quorumBefore().equals(a.quorumAfter()) ? " (unchanged)" : " -> " + a.quorumAfter()), "          "));
      Table t = new Table("step", "", "outcome", "at s", "seconds", "detail").rightAlign(0, 3, 4);
      if (colour) t.paint(2, NodeAddSummary::paint);
      for (NodeAddReport.Step s : a.steps()) {
        t.add(s.n(), s.name(), s.outcome(), s.startedAt() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.startedAt()),
            s.seconds() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.seconds()), s.detail() == null ? "" : Terminal.clean(s.detail()));
      }
      sb.append(t.fit(Findings.WIDTH, 2));
      if (!a.tour().isEmpty()) {
        Table tt = new Table("tour", "seconds", "downtime ms", "pings lost").rightAlign(1, 2, 3);
        for (NodeAddReport.TourMove m : a.tour()) {
          tt.add(m.from() + " -> " + m.to(), String.format(Locale.ROOT, "%.2f", m.seconds()),
              String.format(Locale.ROOT, "%.2f", m.downtimeMs()), m.pingsLost());
        }
        sb.append(tt.fit(Findings.WIDTH, 1));
      }
    }
    return sb.toString();
  }

  private static String paint(String cell) {
    String c = cell.trim();
    return c.equals("passed") ? Colour.paint(cell, Colour.GREEN) : c.equals("failed") ? Colour.paint(cell, Colour.RED)
        : c.equals("rolled-back") ? Colour.paint(cell, Colour.YELLOW) : cell;
  }
}
