package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Collections;
import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.Test;

/**
 * The topology scenarios say what held each migration back and what a fault did (issue 17): an
 * oversubscribed uplink, a WAN link, loss over a long round trip; a rerouted and a failed stream; a
 * refused cross-site move; a site failure's cold restarts with the data at risk.
 */
class TopologyScenariosTest {

  static Report run(String name) throws Exception {
    return Runs.run(Runs.load(new File("scenarios/" + name + ".conf"), List.of()), ScenarioRun.Options.none()).report();
  }

  static MigrationRecord migration(Report r, String id) {
    for (MigrationRecord m : r.migrations()) if (m.id().equals(id)) return m;
    throw new AssertionError("no migration " + id);
  }

  @Test
  void fourRackDrainsAreUplinkBoundAndTheUplinkSeriesShowsItFull() throws Exception {
    Report r = run("rack-uplink-bottleneck");
    for (MigrationRecord m : r.migrations()) {
      boolean alone = m.from().equals("a5");
      assertEquals(alone ? "wire" : "switch-uplink", m.limitedBy(), m.id() + " from " + m.from());
    }
    List<Double> up = r.series().linkGbps().get("tor-a>spine:uplink");
    assertNotNull(up, "no uplink series in " + r.series().linkGbps().keySet());
    // 40 Gbps of line rate, 0.97 of it payload (SMB Direct)
    assertEquals(40 * 0.97, Collections.max(up), 0.01);
    // one host alone: its two NICs, 19.4 Gbps, half the uplink
    assertEquals(19.4, up.get(5), 0.01);
  }

  @Test
  void theFarSiteIsLossBoundTheNearOneWanBoundAndBothFailStorageOverInTheBlackout() throws Exception {
    Report r = run("stretch-cluster");
    MigrationRecord near = migration(r, "m1");
    MigrationRecord far = migration(r, "m2");
    assertEquals("wan", near.limitedBy());
    assertEquals("tcp-loss", far.limitedBy());
    assertTrue(far.notes().stream().anyMatch(n -> n.contains("Mathis")), far.notes().toString());
    assertTrue(near.notes().stream().anyMatch(n -> n.startsWith("storage failover dc1 -> dc2 (synchronous")), near.notes().toString());
    assertTrue(near.downtimeMs() > 5000 && far.downtimeMs() > 6000, near.downtimeMs() + " " + far.downtimeMs());
    assertTrue(r.series().linkGbps().containsKey("dc1>dc3:wan"));
  }

  @Test
  void aStreamIsReroutedAroundADownUplinkAndFailsWhenNoPathIsLeft() throws Exception {
    Report r = run("uplink-failure");
    assertEquals("completed", migration(r, "m1").outcome());
    assertTrue(migration(r, "m1").notes().stream().anyMatch(n -> n.contains("rerouted over")), migration(r, "m1").notes().toString());
    assertEquals("failed", migration(r, "m2").outcome());
    assertTrue(migration(r, "m2").failure().contains("went down"), migration(r, "m2").failure());
    assertEquals("rejected", migration(r, "m2.1").outcome());
    assertTrue(migration(r, "m2.1").failure().startsWith("no path through the switches"), migration(r, "m2.1").failure());
    assertEquals("completed", migration(r, "m3").outcome());
  }

  @Test
  void aLaggingReplicaRefusesTheMoveAndASiteFailureRestartsEveryVmOnTheOtherSite() throws Exception {
    Report r = run("site-failure");
    assertEquals("rejected", migration(r, "m1").outcome());
    assertTrue(migration(r, "m1").failure().contains("lags 45.0 s"), migration(r, "m1").failure());
    int restarted = 0;
    for (Report.CrashRecord c : r.crashes()) {
      for (Report.CrashedVm vm : c.vms()) {
        assertTrue(vm.restartedOn().startsWith("dc2-"), vm.toString());
        assertEquals(45.0, vm.dataAtRiskSeconds());
        assertEquals(65.0, vm.downSeconds(), 1e-9);
        restarted++;
      }
    }
    assertEquals(3, restarted);
    assertEquals(45.0, r.measures().get("dc1-lost").dataAtRiskSeconds());
  }
}
