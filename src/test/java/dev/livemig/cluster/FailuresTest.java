package dev.livemig.cluster;

import static dev.livemig.scenario.TestScenarios.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * The scenario's failures as the cluster manager applies them (Failures, issue 19's mutation
 * survivors): a NIC taken down by an event stays down across its host's crash and return, one that
 * came back up comes back with the host; a host that crashes twice is one crash; a queued move into a
 * crashed host is rejected with the reason; a VM restarted cold runs (and writes) where it booted,
 * and `wait for migrations` waits for its boot; a whole site's hosts are down before any of its VMs
 * is placed again, so none restarts on the site.
 */
class FailuresTest {
  static final String HOSTS = TestScenarios.THREE_HOSTS;

  static String outcome(MigrationRecord m) {
    return m.vm() + " " + m.from() + "->" + m.to() + " " + m.outcome() + (m.failure() == null ? "" : ": " + m.failure());
  }

  @Test
  void aNicDownByAnEventStaysDownAcrossItsHostsCrashAndOneBackUpComesBack() {
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle }, { name = w, host = a, memory = 1 GiB, workload = idle } ]
        cluster.live-migration { retries = 0 }
        events = [
          { at = 5 s, nic-down { host = b, nic = n1 } }
          { at = 10 s, nic-up { host = b, nic = n1 } }
          { at = 20 s, host-down { host = b } }
          { at = 30 s, host-up { host = b } }
          { at = 40 s, nic-down { host = c, nic = n1 } }
          { at = 50 s, host-down { host = c } }
          { at = 60 s, host-up { host = c } }
        ]
        steps = [
          { wait { for = 70 s } }
          { migrate { vm = v, to = b } }
          { migrate { vm = w, to = c } }
        ]
        """);
    assertEquals(List.of("v a->b completed",
        "w a->c rejected: no live-migration network [LM] has a usable NIC on both a and c"),
        r.migrations().stream().map(FailuresTest::outcome).toList());
  }

  @Test
  void aHostThatCrashesTwiceIsOneCrash() {
    Report r = run(HOSTS + """
        vms = [ { name = v, host = b, memory = 1 GiB, workload = idle } ]
        events = [ { at = 5 s, host-down { host = b } }, { at = 6 s, host-down { host = b } } ]
        steps = [ { wait { for = 100 s } } ]
        """);
    assertEquals(1, r.crashes().size());
    assertEquals(List.of("v"), r.crashes().get(0).vms().stream().map(x -> x.vm()).toList());
    assertEquals("a", r.crashes().get(0).vms().get(0).restartedOn());
  }

  @Test
  void aQueuedStepsMoveIntoACrashedHostIsRejected() {
    // one slot per host: w's move holds a's, v's waits for it; b crashes meanwhile.
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle }, { name = w, host = a, memory = 4 GiB, workload = idle } ]
        cluster.live-migration { simultaneous = 1 }
        events = [ { at = 5 s, host-down { host = b } } ]
        steps = [
          { migrate { vm = w, to = c, async = true } }
          { migrate { vm = v, to = b, async = true } }
          { wait { for = migrations } }
        ]
        """);
    MigrationRecord v = r.migrations().stream().filter(m -> m.vm().equals("v")).findFirst().orElseThrow();
    assertEquals("v a->b rejected: destination b went down", outcome(v));
    assertEquals(5.0, v.finishedAt());
  }

  @Test
  void aVmRestartedColdRunsWhereItBootedAndTheWaitForMigrationsWaitsForItsBoot() {
    // a crashes at 1 s: v boots on b (the most free memory, first listed) for boot-time (60 s).
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 4 GiB, workload = sql-vmm } ]
        events = [ { at = 1 s, host-down { host = a } } ]
        steps = [
          { wait { for = 2 s } }
          { wait { for = migrations } }
          { migrate { vm = v, to = c, measure = after } }
        ]
        """);
    var restart = r.crashes().get(0).vms().get(0);
    assertEquals("b", restart.restartedOn());
    double boot = Runs.config().getDuration("livemig.cluster.boot-time").toNanos() / 1e9;
    assertEquals(boot, restart.downSeconds(), 1e-9);
    MigrationRecord m = r.migrations().get(0);
    assertEquals(1 + boot, m.queuedAt(), 1e-9, "the wait ended when v had booted");
    assertEquals("v b->c completed", outcome(m));
    assertTrue(m.passes().get(0).dirtiedPages() > 0, "v runs on b, writing: " + m.passes().get(0));
  }

  @Test
  void aSitesHostsAreAllDownBeforeAnyOfItsVmsIsPlacedAgain() {
    // dc1 has two hosts; the first one's VMs would fit on the second. The site fails: every VM
    // restarts on dc2, none is booted on dc1-hv2 and cut off.
    Report r = run("""
        hosts = [
          { name = dc1-hv1, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = dc1-hv2, memory = 128 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = dc2-hv1, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [ { name = v1, host = dc1-hv1, memory = 8 GiB }, { name = v2, host = dc1-hv1, memory = 8 GiB } ]
        topology {
          switches = [ { name = s1, ports = 8, port-speed = 10 Gbps }, { name = s2, ports = 8, port-speed = 10 Gbps } ]
          plug = [ { switch = s1, nics = ["dc1-hv1/n1", "dc1-hv2/n1"] }, { switch = s2, nics = ["dc2-hv1/n1"] } ]
          sites = [ { name = dc1, switches = [s1] }, { name = dc2, switches = [s2] } ]
          wan = [ { between = [dc1, dc2], speed = 10 Gbps, rtt = 5 ms } ]
          replication = [ { between = [dc1, dc2], mode = async, speed = 2 Gbps, lag = 30 s } ]
        }
        events = [ { at = 10 s, site-down { site = dc1, measure = lost } } ]
        steps = [ { wait { for = 300 s } } ]
        """);
    for (var crash : r.crashes()) {
      for (var v : crash.vms()) {
        assertEquals("dc2-hv1", v.restartedOn(), crash.host() + ": " + v);
        assertNull(v.reason(), v.toString());
      }
    }
    assertEquals(List.of("v1", "v2"), r.crashes().stream().flatMap(c -> c.vms().stream()).map(x -> x.vm()).sorted().toList());
    assertEquals(30.0, r.measures().get("lost").dataAtRiskSeconds(), "the replication lag");
  }
}
