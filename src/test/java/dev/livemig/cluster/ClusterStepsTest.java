package dev.livemig.cluster;

import static dev.livemig.scenario.TestScenarios.run;
import static dev.livemig.scenario.TestScenarios.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * The cluster manager's steps (issue 19's mutation survivors of ClusterManager and Moves), on small
 * scenarios: `wait for migrations` waits for every move, a retry due included; a failed move is
 * retried as often as `retries` says, no more; a rolling maintenance's measure is its own window,
 * whenever it starts; a second rolling maintenance starts when the first has ended; a `configure`
 * step's SMB bandwidth limit applies to the migrations after it, and lifting it lifts it.
 */
class ClusterStepsTest {
  @Test
  void waitForMigrationsWaitsForTheRetryAndAMoveIsRetriedAsOftenAsSaid() {
    // v's move loses b's NIC at 5 s; retried 10 s later (retry-delay), it loses it again at 20 s:
    // one retry (retries = 1), then it is given up. The wait ends then; w's move 5 s later (b's NIC is up).
    Report r = run(TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle }, { name = w, host = a, memory = 1 GiB, workload = idle } ]
        cluster.live-migration { retries = 1, retry-delay = 10 s }
        events = [
          { at = 5 s, nic-down { host = b, nic = n1 } }
          { at = 8 s, nic-up { host = b, nic = n1 } }
          { at = 20 s, nic-down { host = b, nic = n1 } }
          { at = 23 s, nic-up { host = b, nic = n1 } }
        ]
        steps = [
          { migrate { vm = v, to = b, async = true } }
          { wait { for = migrations } }
          { wait { for = 5 s } }
          { migrate { vm = w, to = b } }
        ]
        """);
    List<MigrationRecord> v = of(r, "v");
    assertEquals(List.of("m1", "m1.1"), v.stream().map(MigrationRecord::id).toList());
    assertEquals(List.of("failed", "failed"), v.stream().map(MigrationRecord::outcome).toList());
    assertEquals(5.0, v.get(0).finishedAt());
    assertEquals(0.0, v.get(1).queuedAt(), "a retry keeps its move's queue time");
    assertEquals(15.0, v.get(1).startedAt(), "retried after the retry delay");
    assertEquals(20.0, v.get(1).finishedAt());
    MigrationRecord w = of(r, "w").get(0);
    assertEquals(25.0, w.queuedAt(), "the wait ended when the retry had failed, not when the first attempt did");
    assertEquals("completed", w.outcome());
  }

  static final String ROLLING = """
      hosts = [
        { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
      ]
      vms = [ { name = x, host = a, memory = 2 GiB, workload = idle }, { name = y, host = c, memory = 2 GiB, workload = idle } ]
      """;

  @Test
  void aRollingMaintenanceMeasuresItsOwnWindow() {
    Report r = run(ROLLING + """
        steps = [
          { wait { for = 100 s } }
          { rolling-maintenance { hosts = [a, b], patch-time = 10 minutes, measure = window } }
        ]
        """);
    var m = r.maintenance().get(0);
    assertEquals(100.0, m.startedAt());
    double moves = of(r, "x").stream().mapToDouble(MigrationRecord::seconds).sum();
    assertEquals(2, of(r, "x").size(), "x off a and back");
    assertEquals(1200 + moves, r.measures().get("window").seconds(), 1e-6, "two patches and x's two moves, from 100 s");
    assertEquals(m.finishedAt() - m.startedAt(), r.measures().get("window").seconds(), 1e-6);
  }

  @Test
  void aSecondRollingMaintenanceStartsWhenTheFirstHasEnded() {
    Report r = run(ROLLING + """
        steps = [
          { rolling-maintenance { hosts = [a], patch-time = 10 minutes, async = true } }
          { rolling-maintenance { hosts = [c], patch-time = 10 minutes, measure = second } }
        ]
        """);
    assertEquals(2, r.maintenance().size());
    var first = r.maintenance().get(0);
    var second = r.maintenance().get(1);
    assertEquals("a", first.hosts().get(0).host());
    assertEquals("c", second.hosts().get(0).host());
    assertEquals(first.finishedAt(), second.startedAt(), 1e-9);
    assertEquals(second.finishedAt() - second.startedAt(), r.measures().get("second").seconds(), 1e-6);
    assertTrue(second.startedAt() >= 600, "after a's 10-minute patch");
  }

  @Test
  void aConfigureStepSetsAndLiftsTheSmbBandwidthLimit() {
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = r1, speed = 10 Gbps, rdma = roce, network = SMB } ] }
          { name = b, memory = 64 GiB, nics = [ { name = r1, speed = 10 Gbps, rdma = roce, network = SMB } ] }
        ]
        vms = [ { name = v, host = a, memory = 4 GiB, workload = idle } ]
        cluster.live-migration { performance-option = smb-direct, networks = [SMB] }
        steps = [
          { migrate { vm = v, to = b, measure = free } }
          { configure { smb-bandwidth-limit = 2 Gbps } }
          { migrate { vm = v, to = a, measure = limited } }
          { configure { smb-bandwidth-limit = 0 bps } }
          { migrate { vm = v, to = b, measure = lifted } }
        ]
        """);
    double free = r.measures().get("free").copyGbps();
    assertTrue(free > 8, "SMB Direct on 10 GbE: " + free);
    assertEquals(2.0, r.measures().get("limited").copyGbps(), 0.01, "the limit is on payload");
    assertEquals(free, r.measures().get("lifted").copyGbps(), 1e-9);
  }

  @Test
  void aRollingMaintenanceSkipsAHostThatIsDownAndMayLeaveTheVmsWhereTheyWent() {
    Report r = run(ROLLING + """
        events = [ { at = 1 s, host-down { host = b } } ]
        steps = [
          { wait { for = 2 s } }
          { rolling-maintenance { hosts = [b, a], patch-time = 10 minutes, return = false } }
        ]
        """);
    var hosts = r.maintenance().get(0).hosts();
    assertEquals(List.of("b", "a"), hosts.stream().map(h -> h.host()).toList());
    var b = hosts.get(0);
    assertEquals(2.0, b.startedAt());
    assertEquals(List.of(2.0, 2.0, 2.0), List.of(b.drainedAt(), b.patchedAt(), b.finishedAt()), "down: neither drained nor patched");
    var a = hosts.get(1);
    assertEquals(2.0, a.startedAt(), "a's turn at once");
    assertEquals(600.0, a.finishedAt() - a.drainedAt(), 1e-9, "patched, nothing returned");
    List<MigrationRecord> x = of(r, "x");
    assertEquals(1, x.size(), "x left a and stays away");
    assertEquals("c", x.get(0).to(), "b is down: c");
  }

  @Test
  void aDrainLeavesAVmWaitingToRetryToItsRetry() {
    // v's move to b fails at 5 s (b's NIC); a is drained at 6 s, while v waits to retry (at 15 s):
    // the drain moves w only, and v's retry takes it to b.
    Report r = run(TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle }, { name = w, host = a, memory = 1 GiB, workload = idle } ]
        cluster.live-migration { retries = 1, retry-delay = 10 s }
        events = [ { at = 5 s, nic-down { host = b, nic = n1 } }, { at = 8 s, nic-up { host = b, nic = n1 } } ]
        steps = [
          { migrate { vm = v, to = b, async = true } }
          { wait { for = 6 s } }
          { drain { host = a, async = true } }
          { wait { for = migrations } }
        ]
        """);
    assertEquals(List.of("w"), r.drains().get(0).vms().stream().map(x -> x.vm()).toList());
    List<MigrationRecord> v = of(r, "v");
    assertEquals(List.of("failed", "completed"), v.stream().map(MigrationRecord::outcome).toList());
    assertEquals(15.0, v.get(1).startedAt());
  }
}
