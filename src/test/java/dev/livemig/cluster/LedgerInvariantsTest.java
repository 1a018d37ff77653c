package dev.livemig.cluster;

import static dev.livemig.cluster.LedgerTest.GIB;
import static dev.livemig.cluster.LedgerTest.host;
import static dev.livemig.cluster.LedgerTest.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * The ledger's invariants (issue 19's mutation survivors of Ledger), each shown to hold and to break:
 * a VM with two moves the cluster made itself pending at once (running, queued or waiting to retry,
 * in any pair) is named, a step's move beside one drain's move is not; a VM down and not booting
 * needs its reason in its crash (another VM's reason does not count), a booting one does not; the
 * memory of a VM booting and of a move waiting to retry is counted at its host; a leak is reported
 * with the host's figures and the moves into it.
 */
class LedgerInvariantsTest {
  final List<Specs.HostSpec> hosts = List.of(host("a"), host("b"));
  final Specs.VmSpec v = vm("v", "a");
  final Specs.VmSpec w = vm("w", "b");
  final Ledger l = new Ledger(hosts, List.of(v, w));
  final HostBook book = new HostBook(hosts);
  final Batch drain = new Batch(Batch.Kind.DRAIN, "a", null, false, 0, null, null);

  LedgerInvariantsTest() {
    book.reserve("a", 8 * GIB);
    book.reserve("b", 8 * GIB);
  }

  Move move(String id, Batch b) {
    book.reserve("b", 8 * GIB);
    return new Move(id, 0, v, "a", "b", null, 0, b);
  }

  @Test
  void aVmWithTwoMovesOfTheClusterPendingIsNamedWhicheverTwo() {
    String twice = "VM v is moved twice at once: [m1 a -> b (DRAIN), m2 a -> b (DRAIN)]";
    // running and queued
    Move m1 = move("m1", drain);
    l.started(m1);
    assertEquals(List.of(), l.invariants(book));
    Move m2 = move("m2", drain);
    l.queued(m2);
    assertEquals(List.of(twice), l.invariants(book));
    // queued and waiting to retry
    l.stopped(m1);
    l.retrying(m1);
    assertEquals(List.of("VM v is moved twice at once: [m2 a -> b (DRAIN), m1 a -> b (DRAIN)]"), l.invariants(book));
    // running and waiting to retry
    l.unqueued(m2);
    l.started(m2);
    assertEquals(List.of("VM v is moved twice at once: [m2 a -> b (DRAIN), m1 a -> b (DRAIN)]"), l.invariants(book));
  }

  @Test
  void aStepsMoveBesideOneDrainMoveIsFine() {
    l.started(move("m1", drain));
    l.queued(move("m2", null));
    assertEquals(List.of(), l.invariants(book));
  }

  @Test
  void aVmDownNeedsItsReasonInItsCrashUnlessItIsBooting() {
    int crash = l.crash("b", 5);
    book.release("b", 8 * GIB);
    l.markDown("w", new Ledger.Down(5, crash, false));
    assertEquals(List.of("VM w is down without a reason in the crash of b"), l.invariants(book));
    l.crash(crash).vms().add(new Ledger.Restart("v", null, null, "another VM's reason"));
    assertEquals(List.of("VM w is down without a reason in the crash of b"), l.invariants(book));
    l.crash(crash).vms().add(new Ledger.Restart("w", null, null, "not restarted: no room"));
    assertEquals(List.of(), l.invariants(book));
  }

  @Test
  void aBootingVmsMemoryIsCountedWhereItBoots() {
    int crash = l.crash("b", 5);
    book.release("b", 8 * GIB);
    l.markDown("w", new Ledger.Down(5, crash, true));
    l.place("w", "a");
    book.reserve("a", 8 * GIB);
    assertEquals(List.of(), l.invariants(book), "booting: no reason needed, its memory is on a");
  }

  @Test
  void aMoveWaitingToRetryKeepsItsDestinationsMemory() {
    Move m = move("m1", null);
    l.retrying(m);
    assertEquals(List.of(), l.conservation(book));
    book.release("b", 8 * GIB);
    assertEquals(List.of("host b counts 8.0 GiB in use, its VMs and moves take 16.0 GiB (VMs on it: [w]; moves into it: [m1 v])"),
        l.conservation(book));
  }
}
