package dev.livemig.report;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON report of one run (README, "The JSON report"): times in simulated seconds, keys in a
 * stable order, so the same scenario and seed give the same bytes.
 */
@JsonPropertyOrder({"scenario", "seed", "measures", "migrations", "series"})
public record Report(String scenario, long seed, Map<String, Measure> measures, List<MigrationRecord> migrations,
    Series series) {

  /**
   * Utilisation over simulated time, one value per bucket of {@code resolution} seconds: payload
   * Gbit/s sent by each NIC that carried a migration ({@code host/nic}), and cores busy on each host
   * (its VMs' CPU plus compression).
   */
  @JsonPropertyOrder({"resolution", "nicGbps", "cpuCores"})
  public record Series(double resolution, Map<String, List<Double>> nicGbps, Map<String, List<Double>> cpuCores) {}

  /**
   * A named measurement of one migration: its duration from request to end, the payload throughput
   * of its first (full) pass in Gbit/s, and its blackout.
   */
  @JsonPropertyOrder({"seconds", "copyGbps", "downtimeMs"})
  public record Measure(double seconds, double copyGbps, double downtimeMs) {}
}
