package dev.livemig.migration;

import java.util.List;

/**
 * What a migration reports when it ends, times in simulated nanoseconds. {@code outcome} is
 * {@code completed} or {@code failed}; on failure {@code failure} says why and the VM is running
 * on the source.
 */
public record MigrationResult(String id, String vm, String from, String to, String transport, String network,
    long startedAt, long builtAt, long pausedAt, long resumedAt, long finishedAt, long bytesSent,
    List<PassRecord> passes, String stopReason, String outcome, String failure) {

  public long downtimeNanos() {
    return pausedAt >= 0 && resumedAt >= pausedAt ? resumedAt - pausedAt : 0;
  }
}
