package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.kernel.SimHarness;
import dev.livemig.spec.Specs;
import dev.livemig.spec.TopologySpec;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Paths through switches: shortest in hops, spread over equal next hops by the streams they carry,
 * around links that are down; the planner puts them between a channel's ports and caps TCP by
 * window and loss over a WAN; the fabric shares every link of a path max-min fairly and reroutes a
 * flow when a link of its path goes down.
 */
class TopologyTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** Two racks (a, b) under two spines, a third rack (c) at a second site 20 ms away. */
  static TopologySpec leafSpine() {
    var sw = List.of(new TopologySpec.Switch("tor-a", 8, 10e9, "spine1", 20e9),
        new TopologySpec.Switch("tor-b", 8, 10e9, "spine1", 20e9),
        new TopologySpec.Switch("spine1", 8, 40e9, null, 0), new TopologySpec.Switch("spine2", 8, 40e9, null, 0),
        new TopologySpec.Switch("tor-c", 8, 10e9, null, 0));
    var plugs = List.of(new TopologySpec.Plug("a1", "n", "tor-a", 1), new TopologySpec.Plug("a2", "n", "tor-a", 2),
        new TopologySpec.Plug("b1", "n", "tor-b", 1), new TopologySpec.Plug("c1", "n", "tor-c", 1));
    var links = List.of(new TopologySpec.SwitchLink("tor-a", "spine2", 20e9), new TopologySpec.SwitchLink("tor-b", "spine2", 20e9));
    var sites = List.of(new TopologySpec.Site("dc1", List.of("spine1", "tor-a", "tor-b", "spine2"), "spine1", List.of("a1", "a2", "b1")),
        new TopologySpec.Site("dc2", List.of("tor-c"), "tor-c", List.of("c1")));
    var wans = List.of(new TopologySpec.Wan("dc1", "dc2", 10e9, 20_000_000L, 1e-6, false));
    return new TopologySpec(sw, plugs, links, sites, wans, List.of());
  }

  @Test
  void sameSwitchIsAnEmptyPathAndOtherRacksGoUpAndDown() {
    Topology t = Topology.of(leafSpine());
    assertEquals(List.of(), t.path("a1", "n", "a2", "n", Set.of(), Map.of()).links());
    assertEquals(List.of("tor-a>spine1:uplink", "spine1>tor-b:downlink"), t.path("a1", "n", "b1", "n", Set.of(), Map.of()).links());
    assertNull(t.path("a1", "unplugged", "b1", "n", Set.of(), Map.of()));
  }

  @Test
  void equalNextHopsAreSpreadByStreamsAndDownLinksAvoided() {
    Topology t = Topology.of(leafSpine());
    // spine1 carries a stream: the other equal-cost path (via spine2) is taken
    var p = t.path("a1", "n", "b1", "n", Set.of(), Map.of("tor-a>spine1:uplink", 1));
    assertEquals(List.of("tor-a>spine2:link", "spine2>tor-b:link"), p.links());
    var around = t.path("a1", "n", "b1", "n", Set.copyOf(t.linksBetween("tor-a", "spine1")), Map.of());
    assertEquals(List.of("tor-a>spine2:link", "spine2>tor-b:link"), around.links());
    Set<String> down = new java.util.HashSet<>(t.linksBetween("tor-a", "spine1"));
    down.addAll(t.linksBetween("tor-a", "spine2"));
    assertNull(t.path("a1", "n", "b1", "n", down, Map.of()));
  }

  @Test
  void aWanPathHasItsRttLossAndNoRdmaUnlessAllowed() {
    Topology t = Topology.of(leafSpine());
    var p = t.path("a1", "n", "c1", "n", Set.of(), Map.of());
    assertEquals(List.of("tor-a>spine1:uplink", "dc1>dc2:wan"), p.links());
    assertEquals(20_000_000L, p.wanRttNanos());
    assertEquals(1e-6, p.loss(), 1e-15);
    assertTrue(p.wan());
    assertEquals(false, p.rdmaAllowed());
    assertEquals("wan", Topology.limiterKind("dc1>dc2:wan"));
    assertEquals("switch-uplink", Topology.limiterKind("spine1>tor-b:downlink"));
    assertNull(Topology.limiterKind("a1/n:tx"));
  }

  static Specs.HostSpec host(String name, boolean rdma) {
    return new Specs.HostSpec(name, 1L << 40, 16, List.of(new Specs.NicSpec("n", 10e9, true,
        rdma ? Specs.Rdma.IWARP : Specs.Rdma.NONE, "LM")), List.of());
  }

  static NetworkSettings settings() {
    return new NetworkSettings(0.9493, 0.97, S, 3600, new NetworkSettings.Cpu(2.5e9, 40e9, 4, 600e6, 1, 1.0),
        new NetworkSettings.Tcp(16_776_960, 1460, 1.2247, 200_000));
  }

  @Test
  void thePlannerPutsThePathBetweenThePortsAndCapsTcpOverTheWan() throws Exception {
    Topology t = Topology.of(leafSpine());
    var route = TransportPlanner.plan("tcpip", List.of(), host("a1", false), host("c1", false), Map.of(), Set.of(),
        settings(), t);
    var c = route.channels().get(0);
    assertEquals(List.of("a1/n:tx", "tor-a>spine1:uplink", "dc1>dc2:wan", "c1/n:rx", "a1:cpu", "c1:cpu"), c.links());
    // Mathis: 1460 B x 8 / 20.2 ms x 1.2247 / sqrt(1e-6) = 708 Mbps, below the window (6.6 Gbps) and a core (2.5 Gbps)
    assertEquals("tcp-loss", c.capKind());
    assertEquals(1460 * 8 / 0.0202 * 1.2247 / 1e-3, c.capBps(), 1);
    // Without a topology: the two ports only, a core's cap
    var flat = TransportPlanner.plan("tcpip", List.of(), host("a1", false), host("c1", false), Map.of(), Set.of(), settings());
    assertEquals(List.of("a1/n:tx", "c1/n:rx", "a1:cpu", "c1:cpu"), flat.channels().get(0).links());
    assertEquals("stream-cpu", flat.channels().get(0).capKind());
  }

  @Test
  void rdmaDoesNotCrossAWanThatDoesNotAllowIt() throws Exception {
    Topology t = Topology.of(leafSpine());
    var smb = TransportPlanner.plan("smb", List.of(), host("a1", true), host("c1", true), Map.of(), Set.of(), settings(), t);
    assertEquals(false, smb.channels().get(0).rdma());
    assertTrue(smb.notes().stream().anyMatch(n -> n.contains("does not carry RDMA")), smb.notes().toString());
    var inside = TransportPlanner.plan("smb", List.of(), host("a1", true), host("b1", true), Map.of(), Set.of(), settings(), t);
    assertEquals(true, inside.channels().get(0).rdma());
    var e = org.junit.jupiter.api.Assertions.assertThrows(TransportPlanner.NoRoute.class, () -> TransportPlanner.plan(
        "smb-direct", List.of(), host("a1", true), host("c1", true), Map.of(), Set.of(), settings(), t));
    assertTrue(e.getMessage().contains("RDMA"), e.getMessage());
  }

  @Test
  void everyLinkOfAPathIsSharedMaxMinAndAFlowIsReroutedWhenItsUplinkGoesDown() {
    Topology t = Topology.of(leafSpine());
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    List<Network.LinkSpec> nics = List.of(new Network.LinkSpec("a1/n:tx", 10e9), new Network.LinkSpec("a2/n:tx", 10e9),
        new Network.LinkSpec("b1/n:rx", 40e9));
    var up = t.path("a1", "n", "b1", "n", Set.of(), Map.of()).links();
    List<String> p1 = new java.util.ArrayList<>(List.of("a1/n:tx"));
    p1.addAll(up);
    p1.add("b1/n:rx");
    List<String> p2 = new java.util.ArrayList<>(List.of("a2/n:tx"));
    p2.addAll(up);
    p2.add("b1/n:rx");
    var f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, nics, t), "network");
      // two 10 Gbps NICs behind a 20 Gbps uplink: 10 each; 10 GB each would take 8 s
      sim.scheduleAt(0, net, new Network.StartFlow("f1", p1, 10e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(0, net, new Network.StartFlow("f2", p2, 10e9, 1.0, 0, probe.ref()));
      // the uplink fails at 4 s: both go on via spine2 (20 Gbps too)
      sim.scheduleAt(4 * S, net, new Network.SetLink("tor-a>spine1:uplink", false));
      sim.scheduleAt(4 * S, net, new Network.SetLink("spine1>tor-a:downlink", false));
    });
    var r1 = (Network.FlowRerouted) probe.receiveMessage();
    var r2 = (Network.FlowRerouted) probe.receiveMessage();
    assertEquals(List.of("f1", "f2"), List.of(r1.flowId(), r2.flowId()));
    assertEquals(List.of("a1/n:tx", "tor-a>spine2:link", "spine2>tor-b:link", "b1/n:rx"), r1.links());
    var a = (Network.FlowCompleted) probe.receiveMessage();
    var b = (Network.FlowCompleted) probe.receiveMessage();
    assertEquals(List.of("f1", "f2"), List.of(a.flowId(), b.flowId()));
    assertTrue(Math.abs(f.endTime() - 8 * S) < 10, "ended at " + f.endTime() / 1e9);
  }

  @Test
  void anUplinkBottleneckIsNamedAndAFlowWithoutAnotherPathFails() {
    var spec = new TopologySpec(List.of(new TopologySpec.Switch("tor-a", 8, 10e9, "spine", 10e9),
        new TopologySpec.Switch("tor-b", 8, 10e9, "spine", 10e9), new TopologySpec.Switch("spine", 8, 40e9, null, 0)),
        List.of(new TopologySpec.Plug("a1", "n", "tor-a", 1), new TopologySpec.Plug("a2", "n", "tor-a", 2),
            new TopologySpec.Plug("b1", "n", "tor-b", 1)), List.of(), List.of(), List.of(), List.of());
    Topology t = Topology.of(spec);
    TestProbe<Network.FlowEvent> probe = kit.createTestProbe();
    List<Network.LinkSpec> nics = List.of(new Network.LinkSpec("a1/n:tx", 10e9), new Network.LinkSpec("a2/n:tx", 10e9),
        new Network.LinkSpec("b1/n:rx", 40e9));
    var up = List.of("a1/n:tx", "tor-a>spine:uplink", "spine>tor-b:downlink", "b1/n:rx");
    var up2 = List.of("a2/n:tx", "tor-a>spine:uplink", "spine>tor-b:downlink", "b1/n:rx");
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, nics, t), "network");
      sim.scheduleAt(0, net, new Network.StartFlow("f1", up, 5e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(0, net, new Network.StartFlow("f2", up2, 50e9, 1.0, 0, probe.ref()));
      sim.scheduleAt(20 * S, net, new Network.SetLink("tor-a>spine:uplink", false));
    });
    assertEquals(new Network.FlowCompleted("f1", "switch-uplink"), probe.receiveMessage());
    var failed = (Network.FlowFailed) probe.receiveMessage();
    assertEquals("f2", failed.flowId());
    assertEquals("tor-a>spine:uplink", failed.link());
  }
}
