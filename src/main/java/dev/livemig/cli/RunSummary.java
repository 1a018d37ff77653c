package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * The text summary of one run, section by section (each within {@link Findings#WIDTH} columns):
 * the migrations (every row, or in summary mode their counts and the rows that did not complete),
 * drains, rolling maintenance, crashes, the measures, then what the architect must not miss
 * ({@link Findings}). A new section is one more method here.
 */
final class RunSummary {
  private RunSummary() {}

  /** How many migrations a run may have before its summary leaves out their rows (unless asked). */
  static final int ROWS_AUTO = 100;

  /** How much of the migrations table to print: every row, or counts and the rows that went wrong. */
  enum Rows { ALL, SUMMARY, AUTO }

  static String of(Report report, boolean colour, Rows rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("scenario ").append(Terminal.clean(report.scenario())).append(" (seed ").append(report.seed()).append(")\n\n");
    boolean all = rows == Rows.ALL || rows == Rows.AUTO && report.migrations().size() <= ROWS_AUTO;
    sb.append(migrations(report, colour, all));
    sb.append(drains(report));
    sb.append(KindsSummary.of(report));
    sb.append(maintenance(report));
    sb.append(crashes(report));
    sb.append(NodeAddSummary.of(report, colour));
    sb.append(measures(report, colour));
    sb.append(Findings.notes(report));
    sb.append(Findings.guests(report));
    sb.append(Findings.leftBehind(report));
    return sb.toString();
  }

  /** The stop reasons that mean pre-copy did not converge (shown beside the outcome). */
  private static final java.util.Set<String> FORCED = java.util.Set.of("pass-limit", "sent-limit");

  static String migrations(Report report, boolean colour, boolean all) {
    List<MigrationRecord> shown = new ArrayList<>();
    for (MigrationRecord m : report.migrations()) if (all || !"completed".equals(m.outcome())) shown.add(m);
    StringBuilder sb = new StringBuilder();
    if (!all) sb.append(Findings.wrap(counts(report) + (shown.isEmpty() ? "" : "; those that did not complete below")
        + " (--rows all prints every one)", "  "));
    if (shown.isEmpty()) return sb.toString();
    if (!all) sb.append('\n');
    boolean limits = shown.stream().anyMatch(m -> m.limitedBy() != null && !"wire".equals(m.limitedBy()));
    List<String> header = new ArrayList<>(List.of("id", "VM", "from -> to", "transport", "passes", "wait",
        "copy", "total", "down ms"));
    if (limits) header.add("limited by");
    header.add("outcome");
    Table t = new Table(header.toArray(String[]::new)).rightAlign(4, 5, 6, 7, 8);
    if (colour) t.paint(header.size() - 1, Colour::outcome);
    for (MigrationRecord m : shown) {
      long precopy = m.passes().stream().filter(p -> p.kind().equals("precopy")).count();
      String outcome = m.outcome() + (m.failure() != null ? ": " + m.failure() : "")
          + (m.stopReason() != null && FORCED.contains(m.stopReason()) ? " (" + m.stopReason() + ")" : "");
      List<Object> row = new ArrayList<>(List.of(m.id(), m.vm(), m.from() + " -> " + m.to(), m.transport(), precopy,
          m.startedAt() == null ? "-" : TextTime.of(m.startedAt() - m.queuedAt()),
          m.builtAt() == null || m.pausedAt() == null ? "-" : TextTime.of(m.pausedAt() - m.builtAt()),
          TextTime.of(m.seconds()), String.format(Locale.ROOT, "%.2f", m.downtimeMs())));
      if (limits) row.add(m.limitedBy() == null ? "-" : m.limitedBy());
      row.add(outcome);
      t.add(row.toArray());
    }
    sb.append(t.fit(Findings.WIDTH, 1));
    sb.append(Findings.wrap("wait: queued for a slot; copy: pre-copy, built VM to pause; total: request to the source's "
        + "cleanup; down: the blackout" + (limits ? "" : "; every one limited by the wire"), "  "));
    return sb.toString();
  }

  /** {@code 12000 migrations: 11998 completed, 2 failed}. */
  static String counts(Report report) {
    java.util.Map<String, Integer> by = new java.util.TreeMap<>();
    for (MigrationRecord m : report.migrations()) by.merge(m.outcome(), 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    Integer done = by.remove("completed");
    if (done != null) parts.add(done + " completed");
    by.forEach((k, v) -> parts.add(v + " " + k));
    int n = report.migrations().size();
    return n + " migration" + (n == 1 ? "" : "s") + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
  }

  static String drains(Report report) {
    if (report.drains() == null || report.drains().isEmpty()) return "";
    Table dt = new Table("drain", "start", "end", "VMs moved", "not moved", "GiB", "took", "mean Gbps", "peak Gbps")
        .rightAlign(1, 2, 3, 4, 5, 6, 7, 8);
    for (Report.DrainRecord d : report.drains()) {
      long moved = d.vms().stream().filter(v -> "completed".equals(v.outcome())).count();
      dt.add(d.host(), TextTime.of(d.startedAt()), TextTime.of(d.finishedAt()), moved, d.vms().size() - moved,
          String.format(Locale.ROOT, "%.1f", d.bytesMoved() / (double) (1L << 30)), TextTime.of(d.seconds()),
          String.format(Locale.ROOT, "%.2f", d.meanGbps()), String.format(Locale.ROOT, "%.2f", d.peakGbps()));
    }
    return "\n" + dt.fit(Findings.WIDTH, 1);
  }

  /** Each rolling maintenance: each host's part of the window and its share, and VMs left on it while patched. */
  static String maintenance(Report report) {
    if (report.maintenance() == null || report.maintenance().isEmpty()) return "";
    StringBuilder sb = new StringBuilder();
    for (Report.MaintenanceRecord w : report.maintenance()) {
      sb.append('\n').append("rolling maintenance from ").append(TextTime.of(w.startedAt())).append(" to ")
          .append(TextTime.of(w.finishedAt())).append(" (").append(TextTime.of(w.seconds())).append(")\n");
      Table t = new Table("host", "drained in", "patched", "back in", "took", "share", "VMs left").rightAlign(1, 2, 3, 4, 5, 6);
      for (Report.HostWindow h : w.hosts()) {
        t.add(h.host(), TextTime.of(h.drainedAt() - h.startedAt()), TextTime.of(h.patchedAt() - h.drainedAt()),
            TextTime.of(h.finishedAt() - h.patchedAt()), TextTime.of(h.seconds()),
            String.format(Locale.ROOT, "%.1f %%", h.share() * 100), h.vmsLeft());
      }
      sb.append(t.fit(Findings.WIDTH, 1));
    }
    return sb.toString();
  }

  static String crashes(Report report) {
    if (report.crashes() == null || report.crashes().isEmpty()) return "";
    // a VM restarted on another site from replicated storage: the writes it may have lost (issue 17)
    boolean risk = report.crashes().stream().anyMatch(c -> c.vms().stream().anyMatch(v -> v.dataAtRiskSeconds() != null));
    Table ct = (risk ? new Table("crash", "at", "VM", "down", "restarted on", "data at risk")
        : new Table("crash", "at", "VM", "down", "restarted on")).rightAlign(1, 3);
    for (Report.CrashRecord c : report.crashes()) {
      // a host that did not crash (a VM lost in post-copy through a link): said beside its name
      String host = c.cause() == null ? c.host() : c.host() + " (" + c.cause() + ")";
      if (c.vms().isEmpty()) { // a host that held no VM: nothing to restart, but it went down
        if (!risk) ct.add(host, TextTime.of(c.at()), "-", "-", "(no VM ran on it)");
        else ct.add(host, TextTime.of(c.at()), "-", "-", "(no VM ran on it)", "-");
      }
      for (Report.CrashedVm v : c.vms()) {
        String down = v.downSeconds() != null ? TextTime.of(v.downSeconds()) : "-";
        String on = v.restartedOn() != null ? v.restartedOn() : "(still down: " + v.reason() + ")";
        if (!risk) ct.add(host, TextTime.of(c.at()), v.vm(), down, on);
        else ct.add(host, TextTime.of(c.at()), v.vm(), down, on,
            v.dataAtRiskSeconds() == null ? "-" : "last " + TextTime.of(v.dataAtRiskSeconds()) + " of writes");
      }
    }
    return "\n" + ct.fit(Findings.WIDTH, 1);
  }

  static String measures(Report report, boolean colour) {
    if (report.measures().isEmpty()) return "";
    boolean left = report.measures().values().stream().anyMatch(v -> !Findings.incomplete(report, v).isEmpty());
    Table mt = left ? new Table("measure", "time", "complete").rightAlign(1) : new Table("measure", "time").rightAlign(1);
    if (left && colour) mt.paint(2, c -> c.startsWith("INCOMPLETE") ? Colour.paint(c, Colour.RED) : c);
    report.measures().forEach((k, v) -> {
      String incomplete = Findings.incomplete(report, v);
      if (left) mt.add(k, TextTime.of(v.seconds()), incomplete.isEmpty() ? "yes" : incomplete);
      else mt.add(k, TextTime.of(v.seconds()));
    });
    return "\n" + mt.fit(Findings.WIDTH, 1);
  }
}
