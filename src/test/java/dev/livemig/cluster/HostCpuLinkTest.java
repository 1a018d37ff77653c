package dev.livemig.cluster;

import static dev.livemig.scenario.TestScenarios.of;
import static dev.livemig.scenario.TestScenarios.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.Test;

/**
 * A host's spare CPU for TCP streams (its CPU link) is set from what its VMs use when a migration
 * starts or ends there; the sum is kept between changes of the host's VMs (issue 11). It must still
 * follow a VM's CPU schedule: a step after the last sum counts at the next start, though no VM came
 * or went meanwhile.
 */
class HostCpuLinkTest {

  @Test
  void aVmsCpuStepBetweenTwoMigrationsCountsAtTheNextStart() {
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, cores = 4, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, cores = 16, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [
          { name = busy, host = a, memory = 2 GiB, cpu = [ { at = 0 s, cores = 0.5 }, { at = 60 s, cores = 4 } ] }
          { name = m1, host = a, memory = 4 GiB, cpu = 0 }
          { name = m2, host = a, memory = 4 GiB, cpu = 0 }
          { name = m3, host = a, memory = 4 GiB, cpu = 0 }
        ]
        steps = [
          { migrate { vm = m1, to = b } }
          { wait { for = 120 s } }
          { migrate { vm = m2, to = b, async = true } }
          { migrate { vm = m3, to = b } }
        ]
        """);
    // m1 (busy at 0.5 of a's 4 cores): its one stream is bound by its own core. m2 and m3 start
    // after busy took all 4 cores: a keeps its 1 spare core, which the two streams share.
    MigrationRecord m1 = of(r, "m1").get(0);
    MigrationRecord m2 = of(r, "m2").get(0);
    MigrationRecord m3 = of(r, "m3").get(0);
    assertEquals("stream-cpu", m1.limitedBy());
    assertEquals("host-cpu", m2.limitedBy());
    assertEquals("host-cpu", m3.limitedBy());
    double copy1 = m1.pausedAt() - m1.builtAt();
    double copy2 = m2.pausedAt() - m2.builtAt();
    assertEquals(2.0, copy2 / copy1, 0.1, "two streams on one spare core: each at half a core");
  }
}
