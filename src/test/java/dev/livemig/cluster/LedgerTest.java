package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/** The ledger's indexes and its conservation invariant, on their own. */
class LedgerTest {
  static final long GIB = 1L << 30;

  static Specs.HostSpec host(String name) {
    return new Specs.HostSpec(name, 64 * GIB, 8, List.of(), List.of());
  }

  static Specs.VmSpec vm(String name, String host) {
    return new Specs.VmSpec(name, host, 8 * GIB, "idle", new Workload.Idle());
  }

  final List<Specs.HostSpec> hosts = List.of(host("a"), host("b"));
  final List<Specs.VmSpec> vms = List.of(vm("v2", "a"), vm("v1", "a"), vm("w", "b"));

  HostBook book() {
    HostBook b = new HostBook(hosts);
    for (Specs.VmSpec v : vms) b.reserve(v.host(), v.memoryBytes());
    return b;
  }

  @Test
  void theVmsOfAHostComeByNameAndFollowTheirMoves() {
    Ledger l = new Ledger(hosts, vms);
    assertEquals(List.of("v1", "v2"), List.copyOf(l.vmsOn("a")));
    l.place("v1", "b");
    assertEquals(Set.of("v2"), l.vmsOn("a"));
    assertEquals(List.of("v1", "w"), List.copyOf(l.vmsOn("b")));
    assertEquals("b", l.location("v1"));
  }

  @Test
  void aVmsQueuedAndRunningMovesAreIndexedSoASecondQueuedMoveIsSeen() {
    Ledger l = new Ledger(hosts, vms);
    Move m1 = new Move("m1", 0, vms.get(0), "a", "b", null, 0, null);
    Move m2 = new Move("m2", 0, vms.get(0), "a", "b", null, 0, null);
    l.queued(m1);
    assertTrue(l.isQueued("v2"));
    l.queued(m2);
    assertEquals(List.of(m1, m2), l.queuedMoves("v2")); // a VM queued twice: easy to refuse
    l.unqueued(m1);
    l.started(m1);
    assertTrue(l.isMigrating("v2"));
    assertEquals(m1, l.runningMove("v2"));
    l.unqueued(m2);
    l.stopped(m1);
    assertFalse(l.isQueued("v2"));
    assertFalse(l.isMigrating("v2"));
  }

  @Test
  void conservationHoldsWhenMemoryFollowsTheVmsAndTheMovesAndFailsOtherwise() {
    Ledger l = new Ledger(hosts, vms);
    HostBook b = book();
    assertEquals(List.of(), l.conservation(b));
    Move m = new Move("m1", 0, vms.get(0), "a", "b", null, 0, null);
    b.reserve("b", 8 * GIB); // reserved at the destination when queued ...
    l.queued(m);
    assertEquals(List.of(), l.conservation(b));
    l.unqueued(m);
    l.started(m);
    assertEquals(List.of(), l.conservation(b));
    l.stopped(m); // ... and the source's released when it completes
    b.release("a", 8 * GIB);
    l.place("v2", "b");
    assertEquals(List.of(), l.conservation(b));
    b.release("b", 8 * GIB); // a leak: memory counted nowhere
    assertEquals(1, l.conservation(b).size());
  }

  @Test
  void aCrashedVmThatDidNotRestartTakesNoMemory() {
    Ledger l = new Ledger(hosts, vms);
    HostBook b = book();
    int crash = l.crash("b", 5);
    b.release("b", 8 * GIB);
    l.markDown("w", new Ledger.Down(5, crash, false));
    assertEquals(List.of(), l.conservation(b));
    assertEquals(0, l.lastCrashOf("b"));
  }
}
