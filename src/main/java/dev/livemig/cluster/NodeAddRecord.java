package dev.livemig.cluster;

import java.util.List;

/**
 * One node add, as the ledger keeps it (simulated nanoseconds): the host, its outcome ({@code added},
 * {@code failed} and rolled back, or {@code refused} before anything changed), the step that failed
 * with the reason and the fix, the quorum before and after, each step of the checklist and each move
 * of the test-VM tour, and the add-node step's measure (null when it names none).
 */
public record NodeAddRecord(String host, String outcome, Integer failedStep, String reason, String fix,
    String quorumBefore, String quorumAfter, long startedAt, long finishedAt, List<Step> steps, List<TourMove> tour,
    String measure) {

  /** One step of the checklist: passed, failed, not-reached or rolled-back. */
  public record Step(int n, String name, String outcome, long startedAt, long nanos, String detail) {}

  /** One live migration of the test VM: how long it took, its blackout, and the pings it lost. */
  public record TourMove(String from, String to, long nanos, double downtimeMs, int pingsSent, int pingsLost,
      String outcome) {}
}
