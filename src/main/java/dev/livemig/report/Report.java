package dev.livemig.report;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON report of one run (README, "The JSON report"): times in simulated seconds, keys in a
 * stable order, so the same scenario and seed give the same bytes.
 */
@JsonPropertyOrder({"scenario", "seed", "measures", "migrations", "drains", "maintenance", "crashes", "nodeAdds", "series"})
public record Report(String scenario, long seed, Map<String, Measure> measures, List<MigrationRecord> migrations,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<DrainRecord> drains,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MaintenanceRecord> maintenance,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CrashRecord> crashes,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<NodeAddReport> nodeAdds, Series series)
    implements dev.livemig.distribution.CrossNode {

  /** A report without node adds. */
  public Report(String scenario, long seed, Map<String, Measure> measures, List<MigrationRecord> migrations,
      List<DrainRecord> drains, List<MaintenanceRecord> maintenance, List<CrashRecord> crashes, Series series) {
    this(scenario, seed, measures, migrations, drains, maintenance, crashes, List.of(), series);
  }

  /**
   * Utilisation over simulated time, one value per bucket of {@code resolution} seconds: payload
   * Gbit/s sent by each NIC that carried a migration ({@code host/nic}), and cores busy on each host
   * (its VMs' CPU plus compression); with a topology, {@code linkGbps}: payload Gbit/s over each
   * switch uplink ({@code tor>spine:uplink}, {@code spine>tor:downlink}), link between switches and
   * WAN link that carried a migration.
   */
  @JsonPropertyOrder({"resolution", "nicGbps", "cpuCores", "linkGbps"})
  public record Series(double resolution,
      @com.fasterxml.jackson.databind.annotation.JsonSerialize(contentUsing = SeriesValues.class) Map<String, List<Double>> nicGbps,
      @com.fasterxml.jackson.databind.annotation.JsonSerialize(contentUsing = SeriesValues.class) Map<String, List<Double>> cpuCores,
      @JsonInclude(JsonInclude.Include.NON_EMPTY)
      @com.fasterxml.jackson.databind.annotation.JsonSerialize(contentUsing = SeriesValues.class) Map<String, List<Double>> linkGbps) {
    public Series(double resolution, Map<String, List<Double>> nicGbps, Map<String, List<Double>> cpuCores) {
      this(resolution, nicGbps, cpuCores, Map.of());
    }
  }

  /**
   * A named measurement: how long a measured migration, drain or rolling maintenance took from its
   * request to its end; for a migration also the payload throughput of its first (full) pass in
   * Gbit/s, its blackout, and its id in {@code migrations} (where the other metrics of an
   * expectation come from: passes, bytes sent, pings lost, ...). A drain or rolling maintenance that
   * left VMs behind says how many ({@code vmsLeft}) and {@code complete: false}; both are absent when
   * every VM moved. A site failure's measure: how long until the last of its VMs ran again on the
   * other site, and {@code dataAtRiskSeconds}, the most writes one of them may have lost (the
   * replication lag; 0 when synchronous).
   */
  @JsonPropertyOrder({"seconds", "copyGbps", "downtimeMs", "migration", "vmsLeft", "complete", "dataAtRiskSeconds"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Measure(double seconds, Double copyGbps, Double downtimeMs, String migration, Integer vmsLeft,
      Double dataAtRiskSeconds) {
    public Measure(double seconds, Double copyGbps, Double downtimeMs, String migration) {
      this(seconds, copyGbps, downtimeMs, migration, null, null);
    }

    public Measure(double seconds, Double copyGbps, Double downtimeMs, String migration, Integer vmsLeft) {
      this(seconds, copyGbps, downtimeMs, migration, vmsLeft, null);
    }

    /** A measure that is not one migration (a drain, a rolling maintenance). */
    public Measure(double seconds, Double copyGbps, Double downtimeMs) {
      this(seconds, copyGbps, downtimeMs, null, null, null);
    }

    /** False when VMs were left behind; absent (null) otherwise. */
    @com.fasterxml.jackson.annotation.JsonProperty("complete")
    public Boolean complete() {
      return vmsLeft != null && vmsLeft > 0 ? Boolean.FALSE : null;
    }
  }

  /**
   * One host drained: when, how much memory moved, and each VM's move. Not in the JSON: the measure
   * its step named ({@code measure}) and whether it is a rolling maintenance's drain ({@code rolling}).
   */
  @JsonPropertyOrder({"host", "startedAt", "finishedAt", "seconds", "bytesMoved", "meanGbps", "peakGbps", "vms"})
  public record DrainRecord(String host, double startedAt, double finishedAt, double seconds, long bytesMoved,
      double meanGbps, double peakGbps, List<DrainedVm> vms, @JsonIgnore String measure, @JsonIgnore boolean rolling) {
    public DrainRecord(String host, double startedAt, double finishedAt, double seconds, long bytesMoved,
        double meanGbps, double peakGbps, List<DrainedVm> vms) {
      this(host, startedAt, finishedAt, seconds, bytesMoved, meanGbps, peakGbps, vms, null, false);
    }

    /** The VMs it did not move (not placed, not moved, failed). */
    @JsonIgnore
    public List<DrainedVm> left() {
      return vms.stream().filter(v -> !"completed".equals(v.outcome())).toList();
    }
  }

  /**
   * One VM of a drain: where it went, how long it waited for a slot (the manager's job shows 50 %
   * meanwhile), how long its copy and blackout took, and its outcome (completed, failed,
   * not-placed with the reason). Not in the JSON: for a VM not placed, what would have made room
   * ({@code fix}, said on the screen).
   */
  @JsonPropertyOrder({"vm", "to", "kind", "queueWait", "copySeconds", "downtimeMs", "outcome", "reason"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DrainedVm(String vm, String to, Double queueWait, Double copySeconds, Double downtimeMs,
      String outcome, String reason, @JsonIgnore String fix, String kind) {
    public DrainedVm(String vm, String to, Double queueWait, Double copySeconds, Double downtimeMs, String outcome, String reason) {
      this(vm, to, queueWait, copySeconds, downtimeMs, outcome, reason, null, null);
    }

    /** A VM not placed, with what would have made room. */
    public DrainedVm(String vm, String to, Double queueWait, Double copySeconds, Double downtimeMs, String outcome, String reason,
        String fix) {
      this(vm, to, queueWait, copySeconds, downtimeMs, outcome, reason, fix, null);
    }
  }

  /** A rolling maintenance window and each host's share of it. */
  @JsonPropertyOrder({"startedAt", "finishedAt", "seconds", "hosts"})
  public record MaintenanceRecord(double startedAt, double finishedAt, double seconds, List<HostWindow> hosts,
      @JsonIgnore String measure) {
    public MaintenanceRecord(double startedAt, double finishedAt, double seconds, List<HostWindow> hosts) {
      this(startedAt, finishedAt, seconds, hosts, null);
    }

    /** The VMs its hosts still held while patched. */
    @JsonIgnore
    public int vmsLeft() {
      int n = 0;
      for (HostWindow h : hosts) n += h.vmsLeft();
      return n;
    }
  }

  /**
   * One host's part of a rolling maintenance; {@code vmsLeft} counts the VMs the drain could not move
   * (no room, a failure): they were still on the host while it was patched, so the report says so.
   */
  @JsonPropertyOrder({"host", "startedAt", "drainedAt", "patchedAt", "finishedAt", "seconds", "share", "vmsLeft"})
  public record HostWindow(String host, double startedAt, double drainedAt, double patchedAt, double finishedAt,
      double seconds, double share, int vmsLeft) {}

  /**
   * A host that crashed: the VMs it took down, where each restarted (cold) and how long it was down;
   * {@code cause} (absent for a crash): why VMs went down on a host that did not crash (a VM lost in
   * post-copy through a link, its source and destination both up).
   */
  @JsonPropertyOrder({"host", "at", "cause", "vms"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrashRecord(String host, double at, String cause, List<CrashedVm> vms) {
    public CrashRecord(String host, double at, List<CrashedVm> vms) {
      this(host, at, null, vms);
    }
  }

  /**
   * A VM its host's crash took down; {@code dataAtRiskSeconds}: when it restarted on another site from
   * replicated storage, the writes it may have lost: the replication lag (0 when synchronous).
   */
  @JsonPropertyOrder({"vm", "restartedOn", "downSeconds", "reason", "dataAtRiskSeconds"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CrashedVm(String vm, String restartedOn, Double downSeconds, String reason, Double dataAtRiskSeconds) {
    public CrashedVm(String vm, String restartedOn, Double downSeconds, String reason) {
      this(vm, restartedOn, downSeconds, reason, null);
    }
  }
}
