package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/** The cluster manager's queueing, placement, drains and crash handling, on whole scenarios. */
class ClusterManagerTest {

  static Report run(String file) throws Exception {
    return Runs.run(Runs.load(new File(file), List.of()), ScenarioRun.Options.none()).report();
  }

  static MigrationRecord byVm(Report r, String vm) {
    return r.migrations().stream().filter(m -> m.vm().equals(vm)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void withOneSlotPerHostTheSecondMigrationIntoAHostWaitsForTheFirst() throws Exception {
    Report r = run("scenarios/serial-2008r2.conf");
    MigrationRecord a = byVm(r, "vm-a");
    MigrationRecord b = byVm(r, "vm-b");
    assertEquals(0.0, b.queuedAt());
    assertTrue(b.startedAt() >= a.finishedAt(), "b started at " + b.startedAt() + " before a ended at " + a.finishedAt());
  }

  @Test
  void aDrainMovesEveryVmOffTheHostLargestFirstRespectingDestinationMemory() {
    String text = """
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = b, memory = 20 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = c, memory = 20 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [
          { name = small, host = a, memory = 4 GiB }
          { name = big, host = a, memory = 16 GiB }
          { name = huge, host = a, memory = 32 GiB }
          { name = vip, host = a, memory = 2 GiB, priority = high }
        ]
        cluster.live-migration { simultaneous = 1 }
        steps = [ { drain { host = a, measure = drain } } ]
        """;
    Report r = Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
    var d = r.drains().get(0);
    List<String> order = d.vms().stream().map(Report.DrainedVm::vm).toList();
    // high priority first, then largest first; huge fits nowhere and stays with the reason.
    assertEquals(List.of("vip", "huge", "big", "small"), order);
    assertEquals("not-placed", d.vms().get(1).outcome());
    assertTrue(d.vms().get(1).reason().contains("no up host has 32.0 GiB free"), d.vms().get(1).reason());
    Map<String, String> to = new HashMap<>();
    for (var v : d.vms()) to.put(v.vm(), v.to());
    assertEquals("b", to.get("vip")); // most free memory first: b and c tie, b is listed first
    assertEquals("c", to.get("big"));
    assertEquals("b", to.get("small"));
    assertEquals((16L + 4 + 2) << 30, d.bytesMoved());
    // each VM after the first waited for the one before it (the job shows 50 % meanwhile)
    assertTrue(d.vms().get(2).queueWait() > 0);
  }

  @Test
  void aCrashedHostsVmsRestartElsewhereAndEveryVmIsAccountedFor() throws Exception {
    Report r = run("scenarios/drain-with-host-failure.conf");
    // Where each VM is at the end: its last completed move, or its restart, or down.
    Map<String, String> where = new HashMap<>(Map.of("a1", "hv1", "a2", "hv1", "a3", "hv1", "b1", "hv2", "c1", "hv3"));
    record Change(double at, String vm, String host) {}
    List<Change> changes = new java.util.ArrayList<>();
    for (MigrationRecord m : r.migrations()) if (m.outcome().equals("completed")) changes.add(new Change(m.finishedAt(), m.vm(), m.to()));
    for (var c : r.crashes()) {
      for (var v : c.vms()) {
        changes.add(new Change(c.at(), v.vm(), null));
        if (v.restartedOn() != null) changes.add(new Change(c.at() + v.downSeconds(), v.vm(), v.restartedOn()));
      }
    }
    changes.sort(java.util.Comparator.comparingDouble(Change::at));
    for (Change c : changes) where.put(c.vm(), c.host());
    assertEquals("hv2", where.get("a1"));
    assertNull(where.get("c1"), "c1 could not restart: no room");
    var last = r.crashes().get(1);
    var c1 = last.vms().stream().filter(v -> v.vm().equals("c1")).findFirst().orElseThrow();
    assertNotNull(c1.reason());
    assertEquals(5, where.size());
    // The migration into the failed host failed, and its VM was placed again.
    assertEquals("failed", r.migrations().get(0).outcome());
    assertTrue(r.migrations().stream().anyMatch(m -> m.vm().equals("a1") && m.outcome().equals("completed") && m.to().equals("hv3")));
  }

  @Test
  void compressedMigrationsFromOneHostShareItsSpareCores() {
    // 12 cores, the VMs keep 7 busy: 5 spare. Two compressed migrations at once must not use 2 x 4.
    String text = """
        hosts = [
          { name = a, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps }, { name = n2, speed = 1 Gbps } ]
            teams = [ { name = t, members = [n1, n2], network = LM } ] }
          { name = b, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps }, { name = n2, speed = 1 Gbps } ]
            teams = [ { name = t, members = [n1, n2], network = LM } ] }
        ]
        vms = [
          { name = v1, host = a, memory = 4 GiB, workload = sql-vmm, cpu = 1 }
          { name = v2, host = a, memory = 4 GiB, workload = sql-vmm, cpu = 1 }
          { name = busy, host = a, memory = 8 GiB, cpu = 5 }
        ]
        cluster.live-migration { performance-option = compression, networks = [LM], simultaneous = 2 }
        steps = [
          { migrate { vm = v1, to = b, async = true } }
          { migrate { vm = v2, to = b, async = true } }
          { wait { for = migrations } }
        ]
        """;
    Report r = Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
    double peak = r.series().cpuCores().get("a").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertTrue(peak <= 12.0 + 1e-9, "host a used " + peak + " cores of 12");
    assertTrue(peak > 7.0, "compression used no spare core: " + peak);
    for (MigrationRecord m : r.migrations()) assertEquals("completed", m.outcome());
  }

  @Test
  void aRollingMaintenanceSaysWhichHostWasPatchedWithVmsItCouldNotMove() {
    String text = """
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = b, memory = 16 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [
          { name = fits, host = a, memory = 8 GiB }
          { name = toobig, host = a, memory = 32 GiB }
        ]
        steps = [ { rolling-maintenance { hosts = [a, b], patch-time = 10 minutes, measure = window } } ]
        """;
    Report r = Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
    var hosts = r.maintenance().get(0).hosts();
    assertEquals(1, hosts.get(0).vmsLeft(), "toobig stayed on a");
    assertEquals(0, hosts.get(1).vmsLeft());
    assertEquals("not-placed", r.drains().get(0).vms().stream().filter(v -> v.vm().equals("toobig")).findFirst()
        .orElseThrow().outcome());
    // the window is the two patches and the moves of 'fits' (off a, back to a), one after another
    double moves = r.migrations().stream().filter(m -> m.vm().equals("fits")).mapToDouble(MigrationRecord::seconds).sum();
    assertEquals(2, r.migrations().size(), "fits moved off a and back; toobig never moved");
    assertEquals(1200 + moves, r.measures().get("window").seconds(), 1e-6, "two patches of 10 minutes and two moves");
  }
}
