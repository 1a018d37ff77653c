package dev.livemig.advise;

import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;

/**
 * Runs a round of the search: every scenario once, the reports in the same order. On this machine's
 * cores, or on a Pekko Cluster's workers: the search decides only from the reports, which are the
 * same bytes either way, so the answer is too.
 */
public interface Runner {
  /** {@code names}: how a failure names each run ({@code layout, seed=N}); {@code round}: the progress bar's name. */
  List<Report> run(List<Specs.Scenario> scenarios, List<String> names, String round) throws Exception;
}
