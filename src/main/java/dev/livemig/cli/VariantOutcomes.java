package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Overcommit;
import dev.livemig.spec.Specs;

/**
 * How a variant's outcome differs in kind, one word or count per kind, for a comparison's columns:
 * moves that did not complete, moves that fell back to a lesser transport, VMs drains left behind,
 * pings the guests lost, the overcommitted hosts. Empty text: none of that kind.
 */
final class VariantOutcomes {
  private VariantOutcomes() {}

  /** One kind: its column's name, and the text of a variant (its report and the scenario it ran). */
  record Kind(String column, Text text) {}

  @FunctionalInterface
  interface Text {
    String of(Report r, Specs.Scenario s);
  }

  static final List<Kind> KINDS = List.of(
      new Kind("not completed", (r, s) -> notCompleted(r)),
      new Kind("fell back", (r, s) -> fellBack(r)),
      new Kind("VMs left", (r, s) -> vmsLeft(r)),
      new Kind("pings lost", (r, s) -> pingsLost(r)),
      new Kind("overcommitted", (r, s) -> String.join(", ", overcommitted(s).stream().map(Overcommit.Host::name).toList())));

  /** Outcomes other than completed, counted: {@code 1 failed, 2 rejected}. */
  static String notCompleted(Report r) {
    Map<String, Integer> counts = new TreeMap<>();
    for (MigrationRecord m : r.migrations()) if (!"completed".equals(m.outcome())) counts.merge(m.outcome(), 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  /** Moves that ran on a lesser transport than asked: {@code 26 of 31}. */
  static String fellBack(Report r) {
    int n = 0;
    for (MigrationRecord m : r.migrations()) if (m.fallbacks() > 0) n++;
    return n == 0 ? "" : n + " of " + r.migrations().size();
  }

  /** VMs the drains (and rolling maintenance's drains) did not move. */
  static String vmsLeft(Report r) {
    int n = 0;
    if (r.drains() != null) for (Report.DrainRecord d : r.drains()) n += d.left().size();
    return n == 0 ? "" : String.valueOf(n);
  }

  /** Pings the guests lost over every move: {@code 12 of 640}. */
  static String pingsLost(Report r) {
    long lost = 0;
    long sent = 0;
    for (MigrationRecord m : r.migrations()) {
      if (m.guest() == null) continue;
      lost += m.guest().pingsLost();
      sent += m.guest().pingsSent();
    }
    return lost == 0 ? "" : lost + " of " + sent;
  }

  static List<Overcommit.Host> overcommitted(Specs.Scenario s) {
    return s == null ? List.of() : Overcommit.of(s);
  }

  /** What every variant shares of a kind, in words, for a line under the table. */
  static String common(Kind k, String text, Specs.Scenario s) {
    switch (k.column()) {
      case "not completed" -> { return "moves that did not complete: " + text; }
      case "fell back" -> { return text + " moves ran on a lesser transport than asked (the notes say why)"; }
      case "VMs left" -> { return text + " VM" + ("1".equals(text) ? "" : "s") + " left behind by its drains"; }
      case "pings lost" -> { return text + " pings lost by the guests"; }
      default -> { }
    }
    List<String> parts = new ArrayList<>();
    for (Overcommit.Host h : overcommitted(s)) {
      parts.add(String.format(Locale.ROOT, "host %s is overcommitted: its %d VMs ask for %.1f cores, it has %d", h.name(), h.vms(),
          h.peakCores(), h.cores()));
    }
    return String.join("; ", parts) + " (its migrations get no spare core)";
  }
}
