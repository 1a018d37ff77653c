package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;

/**
 * The checks every run gets without asking: a drain or rolling maintenance that left VMs behind is a
 * miss unless the scenario's expect block allows it explicitly, with an expectation on that
 * measure's {@code vms-left} (e.g. {@code { measure = drain-hv1, metric = vms-left, value = 1,
 * tolerance = 0 }}). A drain without a measure cannot be allowed: name one.
 */
final class LeftBehind {
  private LeftBehind() {}

  static List<Runs.Check> checks(Specs.Scenario scenario, Report report) {
    List<Runs.Check> out = new ArrayList<>();
    report.measures().forEach((name, m) -> {
      if (m.vmsLeft() != null && m.vmsLeft() > 0 && !allowed(scenario, name)) out.add(miss(scenario, name, m.vmsLeft()));
    });
    if (report.drains() != null) {
      for (Report.DrainRecord d : report.drains()) {
        if (d.measure() == null && !d.rolling() && !d.left().isEmpty())
          out.add(miss(scenario, "(drain of " + d.host() + ", no measure)", d.left().size()));
      }
    }
    if (report.maintenance() != null) {
      for (Report.MaintenanceRecord w : report.maintenance()) {
        if (w.measure() == null && w.vmsLeft() > 0) out.add(miss(scenario, "(rolling maintenance, no measure)", w.vmsLeft()));
      }
    }
    return out;
  }

  private static boolean allowed(Specs.Scenario scenario, String measure) {
    for (Specs.Expectation e : scenario.expectations()) if (e.measure().equals(measure) && "vms-left".equals(e.metric())) return true;
    return false;
  }

  private static Runs.Check miss(Specs.Scenario scenario, String measure, int left) {
    return new Runs.Check(scenario.file(), new Specs.Expectation(0, measure, "vms-left", null, 0.0, false, null, 0.0),
        (double) left, null, true);
  }
}
