package dev.livemig.report;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON report of one run (README, "The JSON report"): times in simulated seconds, keys in a
 * stable order, so the same scenario and seed give the same bytes.
 */
@JsonPropertyOrder({"scenario", "seed", "measures", "migrations"})
public record Report(String scenario, long seed, Map<String, Measure> measures, List<MigrationRecord> migrations) {

  /** A named measurement: a measured migration's duration from request to end. */
  @JsonPropertyOrder({"seconds"})
  public record Measure(double seconds) {}
}
