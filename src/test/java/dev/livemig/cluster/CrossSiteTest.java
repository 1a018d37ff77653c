package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * A live migration between replicated sites (CrossSite, issue 17; issue 19's mutation survivors), on
 * the stretch-cluster scenario with its replication changed: asynchronous replication lagging exactly
 * livemig.topology.max-async-lag is allowed, a tenth of a second more is refused with both figures;
 * the storage failover in the blackout is livemig.topology.storage-failover plus, for asynchronous
 * replication with a write rate, the lag's writes shipped over the replication link; none without one.
 */
class CrossSiteTest {
  static final double FAILOVER = Runs.config().getDuration("livemig.topology.storage-failover").toNanos() / 1e9;
  static final double MAX_LAG = Runs.config().getDuration("livemig.topology.max-async-lag").toNanos() / 1e9;

  static Report run(String replicationToDc3) throws Exception {
    String text = Files.readString(Path.of("scenarios/stretch-cluster.conf"))
        .replace("{ between = [dc1, dc3], mode = async, speed = 1 Gbps, lag = 5 s, write-rate = 200 Mbps }", replicationToDc3)
        .replaceAll("(?s)\nexpect = \\[.*?\n\\]", "");
    assertTrue(text.contains(replicationToDc3));
    return Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
  }

  static MigrationRecord far(Report r) {
    return r.migrations().stream().filter(m -> m.vm().equals("sql-far")).findFirst().orElseThrow();
  }

  static String note(Report r, String vm) {
    MigrationRecord m = r.migrations().stream().filter(x -> x.vm().equals(vm)).findFirst().orElseThrow();
    List<String> notes = m.notes().stream().filter(n -> n.startsWith("storage failover")).toList();
    assertEquals(1, notes.size(), m.notes().toString());
    return notes.get(0);
  }

  @Test
  void aLagOfExactlyTheBoundIsAllowedAndItsWritesAreShippedInTheBlackout() throws Exception {
    // 30 s behind at 200 Mbps of writes: 750 MB over 1 Gbps, 6 s, before the swap
    double lag = MAX_LAG;
    Report r = run("{ between = [dc1, dc3], mode = async, speed = 1 Gbps, lag = %.0f s, write-rate = 200 Mbps }".formatted(lag));
    MigrationRecord m = far(r);
    assertEquals("completed", m.outcome(), m.failure());
    double failover = FAILOVER + lag * 200e6 / 1e9;
    assertEquals(String.format(java.util.Locale.ROOT, "storage failover dc1 -> dc3 (asynchronous replication): %.3f s in the blackout",
        failover), note(r, "sql-far"));
    assertTrue(m.downtimeMs() > failover * 1e3 && m.downtimeMs() < failover * 1e3 + 1000, m.downtimeMs() + " ms");
    assertEquals(String.format(java.util.Locale.ROOT, "storage failover dc1 -> dc2 (synchronous replication): %.3f s in the blackout",
        FAILOVER), note(r, "sql-near"));
  }

  @Test
  void aLagAboveTheBoundIsRefusedWithBothFigures() throws Exception {
    Report r = run("{ between = [dc1, dc3], mode = async, speed = 1 Gbps, lag = %.1f s, write-rate = 200 Mbps }".formatted(MAX_LAG + 0.1));
    MigrationRecord m = far(r);
    assertEquals("rejected", m.outcome());
    assertEquals(String.format(java.util.Locale.ROOT, "asynchronous replication from dc1 to dc3 lags %.1f s, above the %.1f s a cross-site"
        + " live migration allows (livemig.topology.max-async-lag): the VM stays on dc1-hv1", MAX_LAG + 0.1, MAX_LAG), m.failure());
  }

  @Test
  void withoutAWriteRateNothingIsShippedBeforeTheSwap() throws Exception {
    Report r = run("{ between = [dc1, dc3], mode = async, speed = 1 Gbps, lag = 20 s }");
    assertEquals(String.format(java.util.Locale.ROOT, "storage failover dc1 -> dc3 (asynchronous replication): %.3f s in the blackout",
        FAILOVER), note(r, "sql-far"));
  }
}
