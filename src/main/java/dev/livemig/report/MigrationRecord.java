package dev.livemig.report;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;

/**
 * One move in the report. Times in simulated seconds since the start of the run. {@code guest}: what
 * the guest's users felt (absent for a move that never started). {@code limitedBy}: what held its memory
 * back for most of its bytes: wire, stream-cpu, compression-cpu, host-cpu, smb-limit or bandwidth-cap.
 *
 * <p>{@code builtAt} (the destination had built the VM, pre-copy began) and {@code pausedAt} /
 * {@code resumedAt} (the blackout) place the phases on the HTML report's timeline; they are not in
 * the JSON (null for a move that never got that far).
 */
@JsonPropertyOrder({"id", "vm", "from", "to", "kind", "transport", "network", "queuedAt", "startedAt",
    "finishedAt", "downtimeMs", "bytesSent", "wireBytes", "storageBytes", "limitedBy", "passes", "stopReason", "outcome",
    "failure", "flags", "notes", "guest"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationRecord(String id, String vm, String from, String to, String kind, String transport,
    String network, double queuedAt, Double startedAt, double finishedAt, double downtimeMs, long bytesSent,
    long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure, List<String> notes,
    GuestImpact guest, String limitedBy, @JsonIgnore Double builtAt, @JsonIgnore Double pausedAt,
    @JsonIgnore Double resumedAt, Long storageBytes, List<String> flags) {

  /**
   * A move as before issue 13: no storage bytes, no flags. {@code storageBytes}: what a move of another
   * kind, or of a VM with disks in the model, moved of storage; {@code flags}: what it left behind (a
   * guest unreachable after, a move forced past the support policy), each with its rule and fix.
   */
  public MigrationRecord(String id, String vm, String from, String to, String kind, String transport,
      String network, double queuedAt, Double startedAt, double finishedAt, double downtimeMs, long bytesSent,
      long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure, List<String> notes,
      GuestImpact guest, String limitedBy, Double builtAt, Double pausedAt, Double resumedAt) {
    this(id, vm, from, to, kind, transport, network, queuedAt, startedAt, finishedAt, downtimeMs, bytesSent, wireBytes,
        passes, stopReason, outcome, failure, notes, guest, limitedBy, builtAt, pausedAt, resumedAt, null, null);
  }

  /** A move without a named limit (nothing was sent, or a record made outside a run). */
  public MigrationRecord(String id, String vm, String from, String to, String kind, String transport,
      String network, double queuedAt, Double startedAt, double finishedAt, double downtimeMs, long bytesSent,
      long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure, List<String> notes,
      GuestImpact guest) {
    this(id, vm, from, to, kind, transport, network, queuedAt, startedAt, finishedAt, downtimeMs, bytesSent, wireBytes,
        passes, stopReason, outcome, failure, notes, guest, null);
  }

  /** A move without phase instants (one that never started, or built by a test). */
  public MigrationRecord(String id, String vm, String from, String to, String kind, String transport,
      String network, double queuedAt, Double startedAt, double finishedAt, double downtimeMs, long bytesSent,
      long wireBytes, List<PassRecord> passes, String stopReason, String outcome, String failure, List<String> notes,
      GuestImpact guest, String limitedBy) {
    this(id, vm, from, to, kind, transport, network, queuedAt, startedAt, finishedAt, downtimeMs, bytesSent, wireBytes,
        passes, stopReason, outcome, failure, notes, guest, limitedBy, null, null, null);
  }

  public double seconds() {
    return finishedAt - queuedAt;
  }

  /**
   * How many of its notes say it ran on a lesser transport than asked: compression fell back to
   * TCP/IP, or SMB ran over TCP on a channel (no RDMA pair, a team, a WAN without RDMA).
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public int fallbacks() {
    int n = 0;
    if (notes != null) {
      for (String note : notes) {
        if (note.contains(dev.livemig.migration.MigrationSource.FELL_BACK) || note.contains(dev.livemig.network.TransportPlanner.SMB_OVER_TCP)) n++;
      }
    }
    return n;
  }
}
