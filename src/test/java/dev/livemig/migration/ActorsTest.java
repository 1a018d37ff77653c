package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.kernel.Kernel;
import dev.livemig.kernel.SimHarness;
import dev.livemig.memory.Workload;
import dev.livemig.network.Network;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Model actors one at a time, with test probes as their peers, on simulated time. */
class ActorsTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void theVmAnswersThePagesItsGuestDirtiedSinceTheLastHarvest() {
    TestProbe<Vm.Harvested> probe = kit.createTestProbe();
    var spec = new Specs.VmSpec("v", "a", 1L << 30, "seq", new Workload.Sequential(1000, 0, 1L << 18));
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var vm = sim.spawn(ctx, Vm.create(sim, spec), "vm");
      sim.scheduleAt(0, vm, new Vm.StartTracking());
      sim.scheduleAt(2 * S, vm, new Vm.Harvest(probe.ref()));
      sim.scheduleAt(5 * S, vm, new Vm.Harvest(probe.ref()));
      sim.scheduleAt(6 * S, vm, new Vm.Pause(probe.ref()));
      sim.scheduleAt(9 * S, vm, new Vm.Harvest(probe.ref())); // paused: the guest wrote nothing
    });
    assertEquals(new Vm.Harvested("v", 2000), probe.receiveMessage());
    assertEquals(new Vm.Harvested("v", 3000), probe.receiveMessage());
    assertEquals(new Vm.Harvested("v", 1000), probe.receiveMessage());
    assertEquals(new Vm.Harvested("v", 0), probe.receiveMessage());
    assertNull(f.failure());
    assertEquals(9 * S, f.endTime());
  }

  @Test
  void theNetworkCompletesFlowsAtTheirSimulatedEnd() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("l", 8e9))), "network");
      // 1 GB/s shared by two flows: the 0.5 GB flow ends at 1 s, the 2 GB one at 2.5 s.
      sim.scheduleAt(0, net, new Network.StartFlow("short", List.of("l"), 0.5e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(0, net, new Network.StartFlow("long", List.of("l"), 2e9, 1.0, 0, probe.ref()));
    });
    // Both share the link until the short one ends: the wire held each back.
    assertEquals(new Network.FlowCompleted("short", "wire"), probe.receiveMessage());
    assertEquals(new Network.FlowCompleted("long", "wire"), probe.receiveMessage());
    assertTrue(Math.abs(f.endTime() - 2.5 * S) < 10, "ended at " + f.endTime());
  }

  @Test
  void aFlowAtItsOwnCapIsHeldBackByItsCapAndAFullHostCpuLinkByTheHost() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("nic", 10e9),
          new Network.LinkSpec("h:cpu", 3e9))), "network");
      // One stream capped at 2 Gbps on an idle 10 Gbps link: its own cap (a core) holds it back.
      sim.scheduleAt(0, net, new Network.StartFlow("capped", List.of("nic"), 0.25e9, 1.0, 2e9, probe.ref()));
      // Two uncapped streams through a host CPU link of 3 Gbps: the host's CPU holds them back.
      sim.scheduleAt(10 * S, net, new Network.StartFlow("a", List.of("nic", "h:cpu"), 0.1e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(10 * S, net, new Network.StartFlow("b", List.of("nic", "h:cpu"), 0.1e9, 1.0, 0, probe.ref()));
    });
    assertEquals(new Network.FlowCompleted("capped", "stream-cpu"), probe.receiveMessage());
    assertEquals(new Network.FlowCompleted("a", "host-cpu"), probe.receiveMessage());
    assertEquals(new Network.FlowCompleted("b", "host-cpu"), probe.receiveMessage());
  }

  @Test
  void aLinkGoingDownFailsTheFlowsOnIt() {
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("l", 8e9))), "network");
      sim.scheduleAt(0, net, new Network.StartFlow("f", List.of("l"), 2e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(S, net, new Network.SetLink("l", false));
    });
    Network.FlowEvent e = probe.receiveMessage();
    assertTrue(e instanceof Network.FlowFailed ff && ff.link().equals("l") && Math.abs(ff.remainingBytes() - 1e9) < 1, e.toString());
  }
}
