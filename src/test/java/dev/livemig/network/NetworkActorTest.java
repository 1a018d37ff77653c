package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.kernel.Kernel;
import dev.livemig.kernel.SimHarness;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fabric after a change: a stopped flow's share goes to the others, a new capacity applies from
 * its instant, a NIC that goes down fails the flows on both its links and one that comes back
 * carries new ones; and the series get coarser for long runs.
 */
class NetworkActorTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static void assertEndsAt(double seconds, Kernel.Finished f) {
    assertTrue(Math.abs(f.endTime() - seconds * S) < 10, "ended at " + f.endTime() / 1e9 + " s, not " + seconds);
  }

  @Test
  void aStoppedFlowLeavesItsShareToTheOthers() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("l", 8e9))), "network");
      sim.scheduleAt(0, net, new Network.StartFlow("a", List.of("l"), 1e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(0, net, new Network.StartFlow("b", List.of("l"), 2e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(S / 2, net, new Network.StopFlow("a"));
    });
    // b: 0.25 GB in the first half second (half the link), then 1.75 GB alone at 1 GB/s
    assertEquals("b", ((Network.FlowCompleted) probe.receiveMessage()).flowId());
    assertEndsAt(2.25, f);
  }

  @Test
  void aNewCapacityAppliesFromItsInstant() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("l", 8e9))), "network");
      sim.scheduleAt(0, net, new Network.StartFlow("a", List.of("l"), 1e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(S / 2, net, new Network.SetCapacity("l", 4e9));
    });
    // 0.5 GB in the first half second, the other 0.5 GB at 0.5 GB/s
    assertEquals("a", ((Network.FlowCompleted) probe.receiveMessage()).flowId());
    assertEndsAt(1.5, f);
  }

  @Test
  void aNicDownFailsTheFlowsOnEitherOfItsLinksAndUpCarriesNewOnes() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    var spec = new Specs.NicSpec("n1", 8e9, true, Specs.Rdma.NONE, "LM");
    String tx = Nic.txLink("h", "n1");
    String rx = Nic.rxLink("h", "n1");
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec(tx, 8e9), new Network.LinkSpec(rx, 8e9))),
          "network");
      var nic = sim.spawn(ctx, Nic.create(sim, "h", spec, net), "nic");
      sim.scheduleAt(0, net, new Network.StartFlow("out", List.of(tx), 8e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(0, net, new Network.StartFlow("in", List.of(rx), 8e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(S, nic, new Nic.SetUp(false));
      sim.scheduleAt(2 * S, nic, new Nic.SetUp(false)); // already down: nothing
      sim.scheduleAt(3 * S, nic, new Nic.SetUp(true));
      sim.scheduleAt(4 * S, net, new Network.StartFlow("later", List.of(tx, rx), 1e9, 1.0, 0, probe.ref()));
    });
    var first = (Network.FlowFailed) probe.receiveMessage();
    var second = (Network.FlowFailed) probe.receiveMessage();
    assertEquals(List.of("in", "out"), List.of(first.flowId(), second.flowId()).stream().sorted().toList());
    assertEquals(7e9, first.remainingBytes(), 1);
    assertEquals(new Network.FlowCompleted("later", "wire"), probe.receiveMessage());
  }

  @Test
  void aDisabledNicStaysDown() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    var spec = new Specs.NicSpec("n1", 8e9, false, Specs.Rdma.NONE, "LM");
    String tx = Nic.txLink("h", "n1");
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec(tx, 8e9))), "network");
      var nic = sim.spawn(ctx, Nic.create(sim, "h", spec, net), "nic");
      sim.scheduleAt(0, net, new Network.StartFlow("f", List.of(tx), 8e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(S, nic, new Nic.SetUp(false)); // a disabled NIC takes no events: the link is untouched
    });
    assertEquals(new Network.FlowCompleted("f", "wire"), probe.receiveMessage());
  }

  @Test
  void longRunsGetACoarserWholeSecondResolution() {
    var s = new NetworkSettings(0.9493, 0.97, S, 3600, null);
    assertEquals(S, s.seriesResolutionFor(0));
    assertEquals(S, s.seriesResolutionFor(3599 * S), "under 3,600 points: 1 s");
    assertEquals(S, s.seriesResolutionFor(3600 * S - 1));
    assertEquals(S, s.seriesResolutionFor(3600 * S), "exactly 3,600 s: still 1 s (3,600 points)");
    assertEquals(2 * S, s.seriesResolutionFor(3600 * S + 1), "one nanosecond more: 2 s");
    assertEquals(2 * S, s.seriesResolutionFor(7200 * S));
    assertEquals(3 * S, s.seriesResolutionFor(7200 * S + 1));
    assertEquals(87 * S, s.seriesResolutionFor(310_497 * S), "86 hours: 87 s, 3,569 points");
  }
}
