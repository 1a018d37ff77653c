package dev.livemig.report;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.livemig.cluster.NodeAddRecord;
import dev.livemig.kernel.SimTime;

/**
 * One node add in the JSON report ({@code nodeAdds}): the host, its outcome (added, failed, refused),
 * the step that failed with the reason and the fix (null when added), the quorum before and after,
 * each step of the checklist and each move of the test-VM tour, in simulated seconds; {@code measure}:
 * the add-node step's measure (not written: the expectations' metrics find the node add by it).
 */
@JsonPropertyOrder({"host", "outcome", "failedStep", "reason", "fix", "quorumBefore", "quorumAfter", "steps", "tour"})
public record NodeAddReport(String host, String outcome, Integer failedStep, String reason, String fix,
    String quorumBefore, String quorumAfter, List<Step> steps, List<TourMove> tour,
    @com.fasterxml.jackson.annotation.JsonIgnore String measure) {

  /** A step: passed, failed, not-reached (no start, no detail) or rolled-back. */
  @JsonPropertyOrder({"n", "name", "outcome", "startedAt", "seconds", "detail"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(int n, String name, String outcome, Double startedAt, Double seconds, String detail) {}

  /** A live migration of the test VM: its time, blackout and the pings it lost. */
  @JsonPropertyOrder({"from", "to", "seconds", "downtimeMs", "pingsLost"})
  public record TourMove(String from, String to, double seconds, double downtimeMs, int pingsLost) {}

  static List<NodeAddReport> of(List<NodeAddRecord> records) {
    List<NodeAddReport> out = new ArrayList<>();
    for (NodeAddRecord r : records) {
      List<Step> steps = new ArrayList<>();
      for (NodeAddRecord.Step s : r.steps()) {
        boolean reached = s.startedAt() >= 0;
        steps.add(new Step(s.n(), s.name(), s.outcome(), reached ? secs(s.startedAt()) : null, reached ? secs(s.nanos()) : null,
            s.detail()));
      }
      List<TourMove> tour = new ArrayList<>();
      for (NodeAddRecord.TourMove m : r.tour()) {
        tour.add(new TourMove(m.from(), m.to(), secs(m.nanos()), Math.round(m.downtimeMs() * 1e3) / 1e3, m.pingsLost()));
      }
      out.add(new NodeAddReport(r.host(), r.outcome(), r.failedStep(), r.reason(), r.fix(), r.quorumBefore(), r.quorumAfter(),
          List.copyOf(steps), List.copyOf(tour), r.measure()));
    }
    return List.copyOf(out);
  }

  private static double secs(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
