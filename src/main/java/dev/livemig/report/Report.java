package dev.livemig.report;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON report of one run (README, "The JSON report"): times in simulated seconds, keys in a
 * stable order, so the same scenario and seed give the same bytes.
 */
@JsonPropertyOrder({"scenario", "seed", "measures", "migrations", "drains", "maintenance", "crashes", "series"})
public record Report(String scenario, long seed, Map<String, Measure> measures, List<MigrationRecord> migrations,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DrainRecord> drains,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MaintenanceRecord> maintenance,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CrashRecord> crashes, Series series)
    implements dev.livemig.distribution.CrossNode {

  /**
   * Utilisation over simulated time, one value per bucket of {@code resolution} seconds: payload
   * Gbit/s sent by each NIC that carried a migration ({@code host/nic}), and cores busy on each host
   * (its VMs' CPU plus compression).
   */
  @JsonPropertyOrder({"resolution", "nicGbps", "cpuCores"})
  public record Series(double resolution, Map<String, List<Double>> nicGbps, Map<String, List<Double>> cpuCores) {}

  /**
   * A named measurement: how long a measured migration, drain or rolling maintenance took from its
   * request to its end; for a migration also the payload throughput of its first (full) pass in
   * Gbit/s, its blackout, and its id in {@code migrations} (where the other metrics of an
   * expectation come from: passes, bytes sent, pings lost, ...).
   */
  @JsonPropertyOrder({"seconds", "copyGbps", "downtimeMs", "migration"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Measure(double seconds, Double copyGbps, Double downtimeMs, String migration) {
    /** A measure that is not one migration (a drain, a rolling maintenance). */
    public Measure(double seconds, Double copyGbps, Double downtimeMs) {
      this(seconds, copyGbps, downtimeMs, null);
    }
  }

  /** One host drained: when, how much memory moved, and each VM's move. */
  @JsonPropertyOrder({"host", "startedAt", "finishedAt", "seconds", "bytesMoved", "meanGbps", "peakGbps", "vms"})
  public record DrainRecord(String host, double startedAt, double finishedAt, double seconds, long bytesMoved,
      double meanGbps, double peakGbps, List<DrainedVm> vms) {}

  /**
   * One VM of a drain: where it went, how long it waited for a slot (the manager's job shows 50 %
   * meanwhile), how long its copy and blackout took, and its outcome (completed, failed,
   * not-placed with the reason).
   */
  @JsonPropertyOrder({"vm", "to", "queueWait", "copySeconds", "downtimeMs", "outcome", "reason"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DrainedVm(String vm, String to, Double queueWait, Double copySeconds, Double downtimeMs,
      String outcome, String reason) {}

  /** A rolling maintenance window and each host's share of it. */
  @JsonPropertyOrder({"startedAt", "finishedAt", "seconds", "hosts"})
  public record MaintenanceRecord(double startedAt, double finishedAt, double seconds, List<HostWindow> hosts) {}

  /**
   * One host's part of a rolling maintenance; {@code vmsLeft} counts the VMs the drain could not move
   * (no room, a failure): they were still on the host while it was patched, so the report says so.
   */
  @JsonPropertyOrder({"host", "startedAt", "drainedAt", "patchedAt", "finishedAt", "seconds", "share", "vmsLeft"})
  public record HostWindow(String host, double startedAt, double drainedAt, double patchedAt, double finishedAt,
      double seconds, double share, int vmsLeft) {}

  /** A host that crashed: the VMs it took down, where each restarted (cold) and how long it was down. */
  @JsonPropertyOrder({"host", "at", "vms"})
  public record CrashRecord(String host, double at, List<CrashedVm> vms) {}

  @JsonPropertyOrder({"vm", "restartedOn", "downSeconds", "reason"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrashedVm(String vm, String restartedOn, Double downSeconds, String reason) {}
}
