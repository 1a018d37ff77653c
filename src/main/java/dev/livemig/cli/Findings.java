package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * The parts of a run's text summary an architect must not miss, each its own section after the
 * tables (so another command can print the same): VMs a drain or rolling maintenance left behind
 * (which, why, what would fix it). Every line fits {@link #WIDTH} columns.
 */
final class Findings {
  private Findings() {}

  /**
   * The load-time warnings of the scenarios (an overcommitted host, ...) on standard error, each
   * said once however many variants share it.
   */
  static void warn(java.util.Collection<dev.livemig.spec.Specs.Scenario> scenarios) {
    java.util.Set<String> said = new java.util.LinkedHashSet<>();
    for (dev.livemig.spec.Specs.Scenario s : scenarios) said.addAll(dev.livemig.scenario.LoadWarnings.of(s));
    for (String w : said) System.err.println(Terminal.clean(w));
    System.err.flush();
  }

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

  /**
   * What the transport did that a migration's row does not show (compression fell back to TCP/IP,
   * a link went down, SMB ran over TCP): one entry per note, with the migration and its VM.
   */
  static String notes(Report report) {
    StringBuilder sb = new StringBuilder();
    for (MigrationRecord m : report.migrations()) {
      if (m.notes() == null) continue;
      for (String n : m.notes()) sb.append(wrap("  " + m.id() + " " + m.vm() + ": " + n, "      "));
    }
    return sb.length() == 0 ? "" : "\nnotes (what the transport did):\n" + sb;
  }

  /** At most this many migrations are listed in the guests' section; the rest are counted. */
  static final int GUESTS_LISTED = 20;

  /**
   * What the guests' users felt (pings lost, the TCP session dropped and its stall, throttling,
   * post-copy's degraded time and the window in which a host failure would have lost the VM): one
   * entry per migration that felt anything; one line saying nothing was felt otherwise.
   */
  static String guests(Report report) {
    List<String> felt = new ArrayList<>();
    int probed = 0;
    for (MigrationRecord m : report.migrations()) {
      var g = m.guest();
      if (g == null) continue;
      probed++;
      List<String> parts = new ArrayList<>();
      if (g.pingsLost() > 0) parts.add(g.pingsLost() + " of " + g.pingsSent() + " pings lost");
      if (g.sessionsDropped() > 0) parts.add("TCP session dropped");
      else if (g.sessionStallMs() > 1000) parts.add(String.format(Locale.ROOT, "TCP session stalled %.1f s", g.sessionStallMs() / 1000));
      if (g.throttle() != null) parts.add(String.format(Locale.ROOT, "throttled for %s (mean %.1f %%, max %.1f %% of its writes)",
          TextTime.of(g.throttle().seconds()), g.throttle().meanPercent(), g.throttle().maxPercent()));
      if (g.postCopy() != null) parts.add(String.format(Locale.ROOT, "post-copy: degraded %s; %s",
          TextTime.of(g.postCopy().seconds()), g.postCopy().risk()));
      if (!parts.isEmpty()) felt.add(m.id() + " " + m.vm() + ": " + String.join("; ", parts));
    }
    if (probed == 0) return "";
    if (felt.isEmpty()) return "\nguests: no ping lost, no TCP session dropped, no throttling, no post-copy (" + probed
        + " migration" + (probed == 1 ? "" : "s") + ")\n";
    StringBuilder sb = new StringBuilder("\nwhat the guests' users felt (" + felt.size() + " of " + probed + " migrations):\n");
    for (String f : felt.subList(0, Math.min(GUESTS_LISTED, felt.size()))) sb.append(wrap("  " + f, "      "));
    if (felt.size() > GUESTS_LISTED) sb.append("  ... and ").append(felt.size() - GUESTS_LISTED).append(" more (see --json or --csv)\n");
    return sb.toString();
  }

  /** How many VMs a measure left behind, for the measures' table: empty when none (or not a drain). */
  /**
   * Why a measure does not stand for what it names: VMs a drain left behind, or a measured move that
   * did not complete (its time is the time to its failure, rejection or refusal); empty when it does.
   */
  static String incomplete(Report report, Report.Measure m) {
    if (m.migration() != null) {
      for (MigrationRecord r : report.migrations()) {
        if (r.id().equals(m.migration()) && !"completed".equals(r.outcome())) return "INCOMPLETE: " + r.id() + " " + r.outcome();
      }
      return "";
    }
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
