package dev.livemig.migration;

import java.util.List;

/**
 * What a migration reports when it ends, times in simulated nanoseconds. {@code outcome} is
 * {@code completed} or {@code failed}; on failure {@code failure} says why and the VM is running
 * on the source. {@code notes} say what the transport did (a fallback from compression, a channel
 * lost and its bytes moved to the others, SMB over TCP where RDMA could not be used). {@code guest}
 * is what the guest's users felt (pings, a TCP session, throttling, post-copy). {@code limitedBy}: what
 * held the migration's memory back for most of its bytes (wire, stream-cpu, compression-cpu, host-cpu,
 * smb-limit, bandwidth-cap), null when nothing was sent. With post-copy the
 * outcome can also be {@code lost}: a failure while the VM's memory was split between the hosts.
 */
public record MigrationResult(String id, String vm, String from, String to, String transport, String network,
    long startedAt, long builtAt, long pausedAt, long resumedAt, long finishedAt, long bytesSent,
    long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure,
    List<String> notes, List<CpuUse> cpu, GuestImpact guest, String limitedBy, Move move) {

  /** A plain live migration's result (no {@link Move}: the report shows it as before). */
  public MigrationResult(String id, String vm, String from, String to, String transport, String network,
      long startedAt, long builtAt, long pausedAt, long resumedAt, long finishedAt, long bytesSent,
      long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure,
      List<String> notes, List<CpuUse> cpu, GuestImpact guest, String limitedBy) {
    this(id, vm, from, to, transport, network, startedAt, builtAt, pausedAt, resumedAt, finishedAt, bytesSent, wireBytes,
        passes, stopReason, outcome, failure, notes, cpu, guest, limitedBy, null);
  }

  /**
   * A move with a plan (issue 13): its kind, the bytes of storage it moved over the network (virtual
   * disks and, for quick and quick-storage, the saved state written and read), and its flags (rule:
   * what it left behind, the fix).
   */
  public record Move(String kind, long storageBytes, List<String> flags) {}

  /** This result with {@code failure} as its failure. */
  public MigrationResult withFailure(String why) {
    return new MigrationResult(id, vm, from, to, transport, network, startedAt, builtAt, pausedAt, resumedAt, finishedAt,
        bytesSent, wireBytes, passes, stopReason, outcome, why, notes, cpu, guest, limitedBy, move);
  }


  /** Cores used on a host by the migration (its streams, compression, decompression) from {@code from} to {@code to} (nanoseconds). */
  public record CpuUse(String host, long from, long to, double cores) {}

  public long downtimeNanos() {
    return pausedAt >= 0 && resumedAt >= pausedAt ? resumedAt - pausedAt : 0;
  }
}
