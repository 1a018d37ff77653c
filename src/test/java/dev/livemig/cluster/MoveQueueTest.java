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
 * The cluster manager's queue of moves (Moves, issue 19's mutation survivors), on small scenarios: a
 * migrate step refused at once and why; a synchronous step waits for its move even when it is queued;
 * where a VM already is is decided when its move starts; a queued move whose destination entered
 * maintenance is placed again (a drain's) or rejected (a step's); a move that ends after its VM
 * resumed on the destination is complete, whichever host crashes during the source's cleanup; a
 * source that crashes takes its VM down, and it restarts cold elsewhere. The ledger's invariants are
 * checked after every event meanwhile (livemig.check-invariants, set by the build).
 */
class MoveQueueTest {
  static final String HOSTS = TestScenarios.THREE_HOSTS;

  static String outcome(MigrationRecord m) {
    return m.from() + "->" + m.to() + " " + m.outcome() + (m.failure() == null ? "" : ": " + m.failure());
  }

  @Test
  void aMigrateStepThatCannotRunIsRejectedAtOnceWithTheReason() {
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = c, memory = 128 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [
          { name = v, host = a, memory = 4 GiB }
          { name = big, host = c, memory = 100 GiB }
        ]
        events = [ { at = 1 s, host-down { host = c } } ]
        steps = [
          { wait { for = 2 s } }
          { migrate { vm = big, to = b } }
          { migrate { vm = v, to = c } }
          { migrate { vm = v, to = a } }
          { drain { host = b } }
          { migrate { vm = v, to = b } }
        ]
        """);
    List<String> got = r.migrations().stream().map(MoveQueueTest::outcome).toList();
    assertEquals(List.of(
        "c->b rejected: VM big is down (its host crashed)",
        "a->c rejected: host c is down",
        // (the loader takes every move for done: after the one to c it thinks v on c)
        "a->a rejected: VM v is already on a",
        "a->b rejected: host b is maintenance"), got);
    for (MigrationRecord m : r.migrations()) assertEquals(2.0, m.finishedAt(), m.id() + " rejected when its step ran");
  }

  @Test
  void aSynchronousStepWaitsForItsMoveRunningOrQueued() {
    // One slot per host: w's move holds a's; v's is queued behind it, and the step waits for it.
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 2 GiB }, { name = w, host = a, memory = 2 GiB } ]
        cluster.live-migration { simultaneous = 1 }
        steps = [
          { migrate { vm = w, to = c, async = true } }
          { migrate { vm = v, to = b } }
          { migrate { vm = v, to = a } }
          { migrate { vm = w, to = a } }
        ]
        """);
    MigrationRecord w1 = of(r, "w").get(0);
    List<MigrationRecord> v = of(r, "v");
    assertEquals(List.of("a->b completed", "b->a completed"), v.stream().map(MoveQueueTest::outcome).toList());
    assertEquals(0.0, v.get(0).queuedAt());
    assertEquals(w1.finishedAt(), v.get(0).startedAt(), 1e-9, "queued behind w for a's slot");
    assertEquals(v.get(0).finishedAt(), v.get(1).queuedAt(), 1e-9, "the step waited for the queued move");
    assertEquals(v.get(1).finishedAt(), of(r, "w").get(1).queuedAt(), 1e-9, "and for the running one");
  }

  @Test
  void whereAVmAlreadyIsIsDecidedWhenItsMoveStarts() {
    // v is being moved to b, then asked back to a: the move back is not "already on a", it runs after.
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 2 GiB } ]
        steps = [
          { migrate { vm = v, to = b, async = true } }
          { migrate { vm = v, to = a, async = true } }
          { wait { for = migrations } }
        ]
        """);
    List<MigrationRecord> v = of(r, "v");
    assertEquals(List.of("a->b completed", "b->a completed"), v.stream().map(MoveQueueTest::outcome).toList());
    assertEquals(0.0, v.get(1).queuedAt());
    assertEquals(v.get(0).finishedAt(), v.get(1).startedAt(), 1e-9, "started when the first ended");
  }

  @Test
  void aQueuedMoveWhoseDestinationEnteredMaintenanceIsPlacedAgainOrRejected() {
    // One slot per host: a's drain moves big first (to b, the most free, first listed), small waits
    // for the slot with c as its destination; c enters maintenance meanwhile: small goes to d.
    // The step's move of solo to c, queued behind the drain's, is rejected.
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = d, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [ { name = big, host = a, memory = 16 GiB }, { name = small, host = a, memory = 8 GiB }
                { name = solo, host = a, memory = 1 GiB } ]
        cluster.live-migration { simultaneous = 1 }
        steps = [
          { drain { host = a, async = true, measure = drain } }
          { wait { for = 1 s } }
          { drain { host = c } }
          { wait { for = migrations } }
        ]
        """);
    assertEquals(List.of("a->b completed"), of(r, "big").stream().map(MoveQueueTest::outcome).toList());
    assertEquals(List.of("a->d completed"), of(r, "small").stream().map(MoveQueueTest::outcome).toList());
    var drained = r.drains().get(0).vms().stream().filter(x -> x.vm().equals("small")).findFirst().orElseThrow();
    assertEquals("d", drained.to());
    assertEquals("completed", drained.outcome());
  }

  @Test
  void aQueuedStepsMoveIntoAHostThatEnteredMaintenanceIsRejected() {
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 2 GiB }, { name = w, host = a, memory = 2 GiB } ]
        cluster.live-migration { simultaneous = 1 }
        steps = [
          { migrate { vm = w, to = c, async = true } }
          { migrate { vm = v, to = b, async = true } }
          { drain { host = b } }
          { wait { for = migrations } }
        ]
        """);
    MigrationRecord v = of(r, "v").get(0);
    assertEquals("a->b rejected: destination b is maintenance", outcome(v));
    assertEquals(0.0, v.finishedAt(), "when b entered maintenance, before a's slot came free");
    assertEquals("a->c completed", outcome(of(r, "w").get(0)));
  }

  /** One quick move of an 8 GiB VM from a to b (the VM on a CSV), and {@code events}. */
  static Report quick(String events) {
    return run(HOSTS + """
        storage = [ { name = csv1, kind = csv } ]
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle, disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ] } ]
        events = [ %s ]
        steps = [ { migrate { vm = v, to = b, kind = quick } }, { wait { for = 300 s } } ]
        """.formatted(events));
  }

  @Test
  void aMoveWhoseVmResumedIsCompleteWhicheverHostCrashesDuringTheCleanup() {
    MigrationRecord clean = quick("").migrations().get(0);
    assertEquals("completed", clean.outcome());
    // the source's cleanup and memory freeing after the resume: more than a second
    assertTrue(clean.finishedAt() - clean.resumedAt() > 1, clean.finishedAt() + " " + clean.resumedAt());
    String at = String.format(java.util.Locale.ROOT, "%.3f s", clean.resumedAt() + 0.5);

    // The source crashes: its abort comes after the commit point, the VM runs on b.
    Report r = quick("{ at = " + at + ", host-down { host = a } }");
    MigrationRecord m = r.migrations().get(0);
    assertEquals("a->b completed", outcome(m));
    assertEquals(clean.downtimeMs(), m.downtimeMs(), 1e-9);
    assertEquals(List.of(), r.crashes().get(0).vms(), "v had left a");

    // The destination crashes: the move completed, and v goes down with b and restarts on a.
    r = quick("{ at = " + at + ", host-down { host = b } }");
    m = r.migrations().get(0);
    assertEquals("a->b completed", outcome(m));
    var crash = r.crashes().get(0);
    assertEquals("b", crash.host());
    assertEquals(1, crash.vms().size());
    assertEquals("v", crash.vms().get(0).vm());
    assertEquals("a", crash.vms().get(0).restartedOn(), "the up host with the most free memory");
  }

  @Test
  void aSourceThatCrashesMidMigrationTakesTheVmDownAndItRestartsElsewhere() {
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle } ]
        events = [ { at = 30 s, host-down { host = a } } ]
        steps = [ { migrate { vm = v, to = b } }, { wait { for = 300 s } } ]
        """);
    MigrationRecord m = r.migrations().get(0);
    assertEquals("a->b failed: source a went down", outcome(m));
    assertEquals(30.0, m.finishedAt());
    assertEquals(1, r.migrations().size(), "not retried: the VM is down");
    var crash = r.crashes().get(0);
    assertEquals(List.of("v"), crash.vms().stream().map(x -> x.vm()).toList());
    assertEquals("b", crash.vms().get(0).restartedOn(), "b and c tie on free memory: b is listed first");
  }

  @Test
  void aSharedNothingMoveAbortedInItsLiveLegReportsTheLegsStreams() {
    // The 1 GiB disk is mirrored in ~9 s, then the memory moves live (~72 s over 1 GbE): b crashes in it.
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, cluster-member = false, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, cluster-member = false, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle, disks = [ { storage = local, size = 2 GiB, used = 1 GiB } ] } ]
        events = [ { at = 40 s, host-down { host = b } } ]
        steps = [ { migrate { vm = v, to = b, kind = shared-nothing } }, { wait { for = 100 s } } ]
        """);
    MigrationRecord m = r.migrations().get(0);
    assertEquals("a->b failed: destination b went down", outcome(m));
    assertEquals(40.0, m.finishedAt());
    assertEquals(1L << 30, m.storageBytes(), "the disk was mirrored");
    // The live leg's first pass ran from the mirror's end to the crash at ~1 Gbps: what it carried.
    assertTrue(m.wireBytes() > 2e9 && m.wireBytes() < (8L << 30), "the live leg's stream stopped mid-pass: " + m.wireBytes());
    assertEquals(m.wireBytes(), m.bytesSent(), 1, "the memory it delivered");
    assertEquals("shared-nothing", m.kind());
    assertEquals(0, m.guest().pingsLost(), "never paused");
    assertEquals(0, m.guest().sessionsDropped());
    assertEquals(0.0, m.guest().sessionStallMs());
  }

  @Test
  void aDrainTakesEqualVmsInTheOrderTheScenarioListsThemAndLeavesAMovingVmToItsMove() {
    // zeta is listed before alpha (same size, same priority); v is already being moved to c.
    Report r = run(HOSTS + """
        vms = [ { name = v, host = a, memory = 2 GiB }, { name = zeta, host = a, memory = 4 GiB }, { name = alpha, host = a, memory = 4 GiB } ]
        cluster.live-migration { simultaneous = 1 }
        steps = [
          { migrate { vm = v, to = c, async = true } }
          { drain { host = a, measure = drain } }
        ]
        """);
    var d = r.drains().get(0);
    assertEquals(List.of("zeta", "alpha"), d.vms().stream().map(x -> x.vm()).toList(), "v was left to its move");
    assertEquals(List.of("a->c completed"), of(r, "v").stream().map(MoveQueueTest::outcome).toList());
  }

  @Test
  void aVmThatResumedOnAHostThatCrashesIsListedInThatHostsLatestCrash() {
    MigrationRecord clean = quick("").migrations().get(0);
    String at = String.format(java.util.Locale.ROOT, "%.3f s", clean.resumedAt() + 0.5);
    // c crashed before (empty); b crashes in v's cleanup: v is b's, in b's crash (the second).
    Report r = quick("{ at = 1 s, host-down { host = c } }, { at = " + at + ", host-down { host = b } }");
    assertEquals("a->b completed", outcome(r.migrations().get(0)));
    assertEquals(List.of("c", "b"), r.crashes().stream().map(x -> x.host()).toList());
    assertEquals(List.of(), r.crashes().get(0).vms());
    assertEquals(List.of("v"), r.crashes().get(1).vms().stream().map(x -> x.vm()).toList());
  }

  @Test
  void aStepsMoveOfAVmADrainHasQueuedWaitsForTheDrainsMove() {
    // u's move holds b's slot; the drain of a queues v for b (the most free memory) behind it; a step
    // then asks v to d (a and d have free slots): a VM's moves start in the order they were asked for,
    // so v waits, goes to b with the drain, then on to d; the step's move does not overtake the drain's.
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 128 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = d, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [ { name = u, host = c, memory = 8 GiB, workload = idle }, { name = v, host = a, memory = 2 GiB, workload = idle } ]
        cluster.live-migration { simultaneous = 1 }
        steps = [
          { migrate { vm = u, to = b, async = true } }
          { drain { host = a, async = true, measure = drain } }
          { migrate { vm = v, to = d, async = true } }
          { wait { for = migrations } }
        ]
        """);
    assertEquals(List.of("a->b completed", "b->d completed"), of(r, "v").stream().map(MoveQueueTest::outcome).toList());
    var d = r.drains().get(0);
    assertEquals(1, d.vms().size());
    assertEquals("completed", d.vms().get(0).outcome());
    assertEquals("b", d.vms().get(0).to());
    assertTrue(of(r, "v").get(0).startedAt() >= of(r, "u").get(0).finishedAt(), "the drain's move waited for b's slot");
    assertTrue(of(r, "v").get(1).startedAt() >= of(r, "v").get(0).finishedAt(), "the step's move waited for the drain's");
  }
}
