package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's bookkeeping defects, each on its reproduction (src/test/resources/repros/), with what
 * the report must say now. The ledger's invariants are checked after every event meanwhile
 * (livemig.check-invariants, set by the build).
 */
class BookkeepingTest {
  private static Report run(String repro) throws Exception {
    var o = Runs.run(Runs.load(new File("src/test/resources/repros/" + repro), List.of()), ScenarioRun.Options.none());
    assertNull(o.kernel().failure());
    return o.report();
  }

  private static Map<String, Long> completedMovesPerVm(Report r) {
    return r.migrations().stream().filter(m -> "completed".equals(m.outcome()))
        .collect(Collectors.groupingBy(MigrationRecord::vm, Collectors.counting()));
  }

  @Test
  void aVmQueuedToMoveIsNotQueuedAgainByADrain() throws Exception {
    Report r = run("dup-migration-drain-after-async-migrate.conf");
    // v0 and v1 were asked to move to hv2 (async, waiting for the one slot); the drain of hv1 leaves them to those moves.
    assertEquals(Map.of("v0", 1L, "v1", 1L), completedMovesPerVm(r));
    for (MigrationRecord m : r.migrations()) assertEquals("hv2", m.to(), m.id() + " " + m.vm());
  }

  @Test
  void reservationsBalanceAfterADrainOfVmsAlreadyMoving() throws Exception {
    Report r = run("dup-migration-memory-counted-twice.conf");
    assertEquals(Map.of("v0", 1L, "v1", 1L), completedMovesPerVm(r));
    // hv2 (16 GiB) really holds v0 and v1 (8 GiB each): v9's move is refused for want of room, not for a leaked reservation.
    MigrationRecord v9 = r.migrations().stream().filter(m -> m.vm().equals("v9")).findFirst().orElseThrow();
    assertEquals("rejected", v9.outcome());
    assertTrue(v9.failure().contains("host hv2 has 0.0 GiB free"), v9.failure());
  }

  @Test
  void aBootIsCutOffWhenItsHostCrashes() throws Exception {
    Report r = run("boot-survives-host-crash.conf");
    Report.CrashRecord hv1 = r.crashes().stream().filter(c -> c.host().equals("hv1")).findFirst().orElseThrow();
    Report.CrashRecord hv2 = r.crashes().stream().filter(c -> c.host().equals("hv2")).findFirst().orElseThrow();
    Report.CrashedVm aFirst = hv1.vms().stream().filter(v -> v.vm().equals("a")).findFirst().orElseThrow();
    assertNull(aFirst.restartedOn(), "a did not finish booting on hv2, which crashed at 20 s");
    assertTrue(aFirst.reason().contains("cut off"), aFirst.reason());
    // hv2's crash lists a (booting there) and b: no host had room for them.
    assertEquals(List.of("a", "b"), hv2.vms().stream().map(Report.CrashedVm::vm).sorted().toList());
    for (Report.CrashedVm v : hv2.vms()) assertTrue(v.restartedOn() == null && v.reason() != null, v.toString());
  }

  @Test
  void rollingMaintenanceFinishesWhenALaterHostCannotBeDrained() throws Exception {
    Report r = run("npe-rolling-maintenance-nic-down.conf");
    Report.MaintenanceRecord w = r.maintenance().get(0);
    Report.HostWindow hv1 = w.hosts().stream().filter(h -> h.host().equals("hv1")).findFirst().orElseThrow();
    assertEquals(1, hv1.vmsLeft(), "vm01 could not leave hv1 (its only NIC was down)");
  }
}
