package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;

/**
 * What shaped a run's figures without being asked for: a migration that ran on a lesser transport
 * than the scenario chose (compression fell back to TCP/IP, SMB ran over TCP), and a host whose VMs
 * ask for more cores than it has (its migrations get no spare core). Both are metrics of a measure
 * ({@code fallbacks}, {@code overcommitted-hosts}) and checks every run gets without asking, as
 * {@link LeftBehind}'s: a measure with either is a miss unless the expect block names that metric
 * for it (e.g. {@code { measure = drain-hv1, metric = overcommitted-hosts, value = 1, tolerance = 0
 * }}); a migration no measure covers that fell back is a miss that cannot be allowed: measure it.
 */
final class Caveats {
  private Caveats() {}

  static final String FALLBACKS = "fallbacks";
  static final String OVERCOMMITTED = "overcommitted-hosts";
  static final List<String> METRICS = List.of(FALLBACKS, OVERCOMMITTED);

  /**
   * The migrations a measure stands for: a migration's own record; a drain's, the moves of its VMs off
   * its host while it ran; a rolling maintenance's, the moves off its hosts during its window. Null
   * for a measure that is none of these (a site failure, a node add) or that the run did not produce.
   */
  static List<MigrationRecord> migrations(Report report, String measure) {
    Report.Measure m = report.measures().get(measure);
    if (m == null) return null;
    if (m.migration() != null) {
      for (MigrationRecord r : report.migrations()) if (r.id().equals(m.migration())) return List.of(r);
      return null;
    }
    List<MigrationRecord> out = new ArrayList<>();
    boolean found = false;
    if (report.drains() != null) {
      for (Report.DrainRecord d : report.drains()) {
        if (!measure.equals(d.measure())) continue;
        found = true;
        Set<String> vms = new java.util.HashSet<>();
        for (Report.DrainedVm v : d.vms()) vms.add(v.vm());
        for (MigrationRecord r : report.migrations()) {
          if (r.from().equals(d.host()) && vms.contains(r.vm()) && within(r, d.startedAt(), d.finishedAt())) out.add(r);
        }
      }
    }
    if (report.maintenance() != null) {
      for (Report.MaintenanceRecord w : report.maintenance()) {
        if (!measure.equals(w.measure())) continue;
        found = true;
        for (Report.HostWindow h : w.hosts()) {
          for (MigrationRecord r : report.migrations()) {
            if (r.from().equals(h.host()) && within(r, h.startedAt(), h.drainedAt())) out.add(r);
          }
        }
      }
    }
    return found ? out : null;
  }

  private static boolean within(MigrationRecord r, double from, double to) {
    return r.queuedAt() >= from - 1e-9 && r.queuedAt() <= to + 1e-9;
  }

  /** A measure's {@code fallbacks} (its moves that fell back) or {@code overcommitted-hosts}; null when not applicable. */
  static Double metric(Specs.Scenario scenario, Report report, String measure, String metric) {
    return scenario == null && OVERCOMMITTED.equals(metric) ? null : metric(report, measure, metric, overcommitted(scenario));
  }

  private static Double metric(Report report, String measure, String metric, Set<String> over) {
    List<MigrationRecord> moves = migrations(report, measure);
    if (moves == null) return null;
    if (FALLBACKS.equals(metric)) {
      int n = 0;
      for (MigrationRecord r : moves) if (r.fallbacks() > 0) n++;
      return (double) n;
    }
    Set<String> out = new LinkedHashSet<>();
    if (report.drains() != null) {
      for (Report.DrainRecord d : report.drains()) if (measure.equals(d.measure()) && over.contains(d.host())) out.add(d.host());
    }
    for (MigrationRecord r : moves) {
      if (over.contains(r.from())) out.add(r.from());
      if (r.to() != null && over.contains(r.to())) out.add(r.to());
    }
    return (double) out.size();
  }

  private static Set<String> overcommitted(Specs.Scenario scenario) {
    Set<String> over = new java.util.HashSet<>();
    if (scenario != null) for (Overcommit.Host h : Overcommit.of(scenario)) over.add(h.name());
    return over;
  }

  /** The implicit checks: a measure with a fallback or an overcommitted host its expect block does not name. */
  static List<Runs.Check> checks(Specs.Scenario scenario, Report report) {
    List<Runs.Check> out = new ArrayList<>();
    Set<String> covered = new java.util.HashSet<>();
    Set<String> over = overcommitted(scenario);
    for (String measure : report.measures().keySet()) {
      List<MigrationRecord> moves = migrations(report, measure);
      if (moves == null) continue;
      for (MigrationRecord r : moves) covered.add(r.id());
      for (String metric : METRICS) {
        Double v = metric(report, measure, metric, over);
        if (v != null && v > 0 && !named(scenario, measure, metric)) out.add(miss(scenario, measure, metric, v));
      }
    }
    int unmeasured = 0;
    for (MigrationRecord r : report.migrations()) if (r.fallbacks() > 0 && !covered.contains(r.id())) unmeasured++;
    if (unmeasured > 0) out.add(miss(scenario, "(migrations without a measure)", FALLBACKS, unmeasured));
    return out;
  }

  private static boolean named(Specs.Scenario scenario, String measure, String metric) {
    for (Specs.Expectation e : scenario.expectations()) if (e.measure().equals(measure) && metric.equals(e.metric())) return true;
    return false;
  }

  private static Runs.Check miss(Specs.Scenario scenario, String measure, String metric, double measured) {
    return new Runs.Check(scenario.file(), new Specs.Expectation(0, measure, metric, null, 0.0, false, null, 0.0), measured, null, true);
  }
}
