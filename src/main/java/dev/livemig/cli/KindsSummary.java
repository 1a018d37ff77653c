package dev.livemig.cli;

import java.util.Locale;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * The run summary's part for the kinds of move and the rules (issue 13): each move of another kind
 * than live, or of a VM with storage in the model (kind, downtime, storage moved), what the moves
 * left flagged (a guest unreachable after, a move forced past the support policy), each with its
 * rule and fix (the VMs a drain left on their host are said by the summary's left-behind part).
 * Empty when the report has none of these.
 */
final class KindsSummary {
  private KindsSummary() {}

  static String of(Report report) {
    StringBuilder sb = new StringBuilder();
    Table t = new Table("id", "VM", "kind", "downtime ms", "storage GiB", "outcome").rightAlign(3, 4);
    StringBuilder flags = new StringBuilder();
    int rows = 0;
    for (MigrationRecord m : report.migrations()) {
      if (m.storageBytes() == null && "live".equals(m.kind())) continue;
      t.add(m.id(), m.vm(), m.kind(), String.format(Locale.ROOT, "%.2f", m.downtimeMs()),
          String.format(Locale.ROOT, "%.2f", m.storageBytes() == null ? 0 : m.storageBytes() / (double) (1L << 30)), m.outcome());
      rows++;
      if (m.flags() != null) for (String f : m.flags()) flags.append("  ").append(m.id()).append(' ').append(Terminal.clean(f)).append('\n');
    }
    if (rows > 0) sb.append('\n').append(t);
    if (flags.length() > 0) sb.append("\nflagged:\n").append(flags);
    return sb.toString();
  }
}
