package dev.livemig.scenario;

import java.util.List;
import dev.livemig.report.NodeAddReport;
import dev.livemig.report.Report;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.Specs;

/** The metrics an expectation can name on an add-node step's measure (its entry of {@code nodeAdds}). */
final class NodeAddMetrics {
  private NodeAddMetrics() {}

  /**
   * outcome: 0 refused, 1 failed (rolled back), 2 added (an expectation writes the word); failed-step:
   * the step that failed, 0 when none; tour-*: the test VM's moves (completed or not), their seconds,
   * the pings they lost, the longest blackout; rolled-back-steps: the steps undone.
   */
  static final List<String> METRICS = List.of("outcome", "failed-step", "tour-moves", "tour-seconds", "tour-pings-lost",
      "tour-max-downtime-ms", "rolled-back-steps");

  /** The metric of the node add measured as {@code measure}; null when no node add is measured so. */
  static Double metric(Report report, String measure, String metric) {
    NodeAddReport a = null;
    for (NodeAddReport n : report.nodeAdds()) if (measure.equals(n.measure())) a = n;
    if (a == null) return null;
    return switch (metric) {
      case "outcome" -> (double) Specs.Expectation.OUTCOMES.indexOf(a.outcome());
      case "failed-step" -> a.failedStep() == null ? 0.0 : a.failedStep();
      case "tour-moves" -> (double) a.tour().size();
      case "tour-seconds" -> a.tour().stream().mapToDouble(NodeAddReport.TourMove::seconds).sum();
      case "tour-pings-lost" -> (double) a.tour().stream().mapToInt(NodeAddReport.TourMove::pingsLost).sum();
      case "tour-max-downtime-ms" -> a.tour().stream().mapToDouble(NodeAddReport.TourMove::downtimeMs).max().orElse(0);
      case "rolled-back-steps" -> (double) a.steps().stream().filter(s -> "rolled-back".equals(s.outcome())).count();
      default -> null;
    };
  }

  /**
   * Checks every run gets without asking (as {@link LeftBehind}'s): a node add that did not add its
   * node is a miss unless the expect block names its outcome (e.g. {@code { measure = add-hv4,
   * metric = outcome, value = failed }}). A node add without a measure cannot be allowed: name one.
   */
  static List<Runs.Check> checks(Specs.Scenario scenario, Report report) {
    List<Runs.Check> out = new java.util.ArrayList<>();
    for (NodeAddReport a : report.nodeAdds()) {
      if ("added".equals(a.outcome()) || allowed(scenario, a.measure())) continue;
      String measure = a.measure() != null ? a.measure() : "(add-node of " + a.host() + ", no measure)";
      var added = new Specs.Expectation(0, measure, "outcome", (double) Specs.Expectation.OUTCOMES.indexOf("added"), 0.0, false, null, null);
      out.add(new Runs.Check(scenario.file(), added, (double) Specs.Expectation.OUTCOMES.indexOf(a.outcome()), null, true));
    }
    return out;
  }

  private static boolean allowed(Specs.Scenario scenario, String measure) {
    for (Specs.Expectation e : scenario.expectations()) if (e.measure().equals(measure) && "outcome".equals(e.metric())) return true;
    return false;
  }
}
