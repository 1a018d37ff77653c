package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Specs.Expectation;

/**
 * A measured migration's outcome, and the check every run gets without asking (as {@link
 * LeftBehind}'s): a measured migration that did not complete (it failed, was lost, rejected or
 * refused: the VM is not on the destination) is a miss unless the expect block names its outcome
 * (e.g. {@code { measure = move-a, metric = outcome, value = failed }}) or, for a refusal, its
 * {@code refused} metric. Its seconds alone would meet a bound: 5 s to a failure is not a 5 s move.
 */
final class MoveOutcomes {
  private MoveOutcomes() {}

  /** The record of the migration measured as {@code measure}; null when the measure is not a migration's. */
  static MigrationRecord record(Report report, String measure) {
    Report.Measure m = report.measures().get(measure);
    if (m == null || m.migration() == null) return null;
    for (MigrationRecord r : report.migrations()) if (r.id().equals(m.migration())) return r;
    return null;
  }

  /** The {@code outcome} metric of a migration's measure (its word's index), or null when not a migration's. */
  static Double metric(Report report, String measure) {
    MigrationRecord r = record(report, measure);
    return r == null ? null : (double) Expectation.OUTCOMES.indexOf(r.outcome());
  }

  static List<Runs.Check> checks(Specs.Scenario scenario, Report report) {
    List<Runs.Check> out = new ArrayList<>();
    for (String measure : report.measures().keySet()) {
      MigrationRecord r = record(report, measure);
      if (r == null || "completed".equals(r.outcome()) || allowed(scenario, measure, r.outcome())) continue;
      var completed = new Expectation(0, measure, "outcome", (double) Expectation.OUTCOMES.indexOf("completed"), 0.0, false, null, null);
      out.add(new Runs.Check(scenario.file(), completed, (double) Expectation.OUTCOMES.indexOf(r.outcome()), null, true));
    }
    return out;
  }

  private static boolean allowed(Specs.Scenario scenario, String measure, String outcome) {
    for (Expectation e : scenario.expectations()) {
      if (!e.measure().equals(measure)) continue;
      if ("outcome".equals(e.metric()) || "refused".equals(e.metric()) && "refused".equals(outcome)) return true;
    }
    return false;
  }
}
