package dev.livemig.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.Rdma;
import dev.livemig.spec.Specs.TeamSpec;
import org.junit.jupiter.api.Test;

/**
 * Which NICs a migration's streams take: TCP/IP on one NIC (the least loaded team member) of the
 * first network both hosts can use; SMB one channel per NIC pair, RDMA only between unteamed NICs of
 * one kind, the notes saying why not; disabled and down NICs never.
 */
class TransportPlannerTest {
  static final NetworkSettings SETTINGS = NetworkSettings.from(Runs.config());

  /** The seed's R420: a 1 GbE team for TCP/IP, two iWARP NICs on SMB-1 and SMB-2, a disabled port. */
  static HostSpec r420(String name, Rdma second) {
    return new HostSpec(name, 192L << 30, 12, List.of(
        new NicSpec("lom1", 1e9, false, Rdma.NONE, "LM-1GbE"),
        new NicSpec("lm1", 1e9, true, Rdma.NONE, null),
        new NicSpec("lm2", 1e9, true, Rdma.NONE, null),
        new NicSpec("rdma1", 10e9, true, Rdma.IWARP, "SMB-1"),
        new NicSpec("rdma2", 10e9, true, second, "SMB-2")),
        List.of(new TeamSpec("lm-team", List.of("lm1", "lm2"), "LM-1GbE")));
  }

  static final HostSpec A = r420("a", Rdma.IWARP);
  static final HostSpec B = r420("b", Rdma.IWARP);

  static TransportPlanner.Route plan(String option, List<String> nets, HostSpec src, HostSpec dst,
      Map<String, Integer> streams, Set<String> down) throws TransportPlanner.NoRoute {
    return TransportPlanner.plan(option, nets, src, dst, streams, down, SETTINGS);
  }

  @Test
  void tcpTakesTheLeastLoadedTeamMemberNeverADisabledPort() throws Exception {
    var r = plan("tcpip", List.of("LM-1GbE"), A, B, Map.of(), Set.of());
    assertEquals("LM-1GbE", r.network());
    assertEquals(1, r.channels().size());
    var c = r.channels().get(0);
    assertEquals(List.of("a/lm1:tx", "b/lm1:rx"), c.links().subList(0, 2));
    assertFalse(c.rdma());
    assertEquals(SETTINGS.tcpEfficiency(), c.efficiency());
    assertTrue(c.links().contains(Nic.cpuLink("a")) && c.links().contains(Nic.cpuLink("b")), "TCP takes both hosts' CPU");
    assertTrue(c.capBps() > 0, "one TCP connection: capped by a core");
    // lm1 carries a stream at both ends: the next takes lm2
    var next = plan("tcpip", List.of("LM-1GbE"), A, B, Map.of("a/lm1:tx", 1, "b/lm1:rx", 1), Set.of());
    assertEquals(List.of("a/lm2:tx", "b/lm2:rx"), next.channels().get(0).links().subList(0, 2));
    // lm1 down at the source: lm2 whatever the load
    var down = plan("tcpip", List.of("LM-1GbE"), A, B, Map.of("a/lm2:tx", 5), Set.of("a/lm1:tx"));
    assertEquals("a/lm2:tx", down.channels().get(0).links().get(0));
  }

  @Test
  void tcpTakesTheFirstListedNetworkBothHostsCanUse() throws Exception {
    var r = plan("tcpip", List.of("Nowhere", "SMB-2", "SMB-1"), A, B, Map.of(), Set.of());
    assertEquals("SMB-2", r.network());
    assertEquals(List.of("a/rdma2:tx", "b/rdma2:rx"), r.channels().get(0).links().subList(0, 2));
    assertFalse(r.channels().get(0).rdma(), "TCP/IP never uses RDMA");
    var e = assertThrows(TransportPlanner.NoRoute.class,
        () -> plan("tcpip", List.of("LM-1GbE"), A, B, Map.of(), Set.of("a/lm1:tx", "a/lm2:tx")));
    assertTrue(e.getMessage().contains("no live-migration network [LM-1GbE] has a usable NIC on both a and b"), e.getMessage());
  }

  @Test
  void anEmptyListMeansEveryNetworkOfTheSourceTeamsFirst() throws Exception {
    var r = plan("smb", List.of(), A, B, Map.of(), Set.of());
    assertEquals("SMB-1+SMB-2", r.network(), "the team is looked at first, and left idle: RDMA is preferred");
    assertEquals(2, r.channels().size());
    assertEquals(List.of("network LM-1GbE: SMB Multichannel leaves a/lm1 -> b/lm1 idle (it uses the RDMA interfaces)"), r.notes());
  }

  /** Microsoft: "Only network interfaces of same type (RDMA, RSS or none) and speed will be used simultaneously". */
  @Test
  void smbMultichannelUsesOneKindAndTheFastestSpeedOnly() throws Exception {
    HostSpec tcp = new HostSpec("t", 192L << 30, 12, List.of(
        new NicSpec("ten", 10e9, true, Rdma.NONE, "LM-10"),
        new NicSpec("one", 1e9, true, Rdma.NONE, "LM-1"),
        new NicSpec("ten2", 10e9, true, Rdma.NONE, "LM-10b")), List.of());
    HostSpec tcp2 = new HostSpec("u", tcp.memoryBytes(), 12, tcp.nics(), List.of());
    var r = plan("smb", List.of("LM-1", "LM-10", "LM-10b"), tcp, tcp2, Map.of(), Set.of());
    assertEquals("LM-10+LM-10b", r.network());
    assertEquals(List.of("t/ten:tx", "t/ten2:tx"), r.channels().stream().map(c -> c.links().get(0)).toList());
    assertEquals(List.of("network LM-10 has no RDMA NIC pair: SMB runs over TCP there",
        "network LM-10b has no RDMA NIC pair: SMB runs over TCP there",
        "network LM-1: SMB Multichannel leaves t/one -> u/one idle (it uses the faster interfaces)"), r.notes());
    // the 10 GbE NICs down: the 1 GbE one serves
    var down = plan("smb", List.of("LM-1", "LM-10", "LM-10b"), tcp, tcp2, Map.of(), Set.of("t/ten:tx", "t/ten2:tx"));
    assertEquals("LM-1", down.network());
  }

  @Test
  void smbDirectPairsRdmaNicsOfOneKindEachAChannel() throws Exception {
    var r = plan("smb-direct", List.of("SMB-1", "SMB-2"), A, B, Map.of(), Set.of());
    assertEquals("SMB-1+SMB-2", r.network());
    assertEquals(2, r.channels().size());
    for (var c : r.channels()) {
      assertTrue(c.rdma(), c.description());
      assertEquals(SETTINGS.rdmaEfficiency(), c.efficiency());
      assertTrue(c.links().contains(Nic.smbLimitLink("a")), "SMB obeys the bandwidth limit");
      assertFalse(c.links().contains(Nic.cpuLink("a")), "RDMA leaves the CPU alone");
      assertEquals(0, c.capBps());
      assertTrue(c.description().endsWith("(RDMA)"), c.description());
    }
    assertEquals(List.of(), r.notes());
  }

  @Test
  void rdmaNeedsTheSameKindAtBothEndsAndNoTeam() throws Exception {
    HostSpec roce = r420("c", Rdma.ROCE); // rdma2 is RoCE here, iWARP at a
    var smb = plan("smb", List.of("SMB-1", "SMB-2", "LM-1GbE"), A, roce, Map.of(), Set.of());
    assertEquals(1, smb.channels().size(), "RDMA on SMB-1; SMB over TCP on SMB-2 and the team stay idle");
    assertTrue(smb.channels().get(0).rdma());
    assertEquals(List.of("network SMB-2: SMB Multichannel leaves a/rdma2 -> c/rdma2 idle (it uses the RDMA interfaces)",
        "network LM-1GbE: SMB Multichannel leaves a/lm1 -> c/lm1 idle (it uses the RDMA interfaces)"), smb.notes());
    // SMB-1 down: SMB runs over TCP on the rest, with several connections' cores per channel
    var overTcp = plan("smb", List.of("SMB-1", "SMB-2", "LM-1GbE"), A, roce, Map.of(), Set.of("a/rdma1:tx"));
    assertEquals("SMB-2", overTcp.network(), "10 GbE before the 1 GbE team");
    assertEquals(List.of("network SMB-2 has no RDMA NIC pair: SMB runs over TCP there",
        "network LM-1GbE: SMB Multichannel leaves a/lm1 -> c/lm1 idle (it uses the faster interfaces)"), overTcp.notes());
    assertEquals(SETTINGS.tcpEfficiency(), overTcp.channels().get(0).efficiency());
    var tcpip = plan("tcpip", List.of("SMB-2"), A, roce, Map.of(), Set.of());
    assertTrue(overTcp.channels().get(0).capBps() > tcpip.channels().get(0).capBps(), "SMB over TCP: several connections' cores");

    var direct = plan("smb-direct", List.of("SMB-1", "SMB-2"), A, roce, Map.of(), Set.of());
    assertEquals(1, direct.channels().size());
    assertEquals("SMB-1", direct.network().split("\\+")[0]);
    assertEquals(List.of("network SMB-2 has no RDMA NIC pair: SMB Direct does not use it"), direct.notes());
    var e = assertThrows(TransportPlanner.NoRoute.class,
        () -> plan("smb-direct", List.of("LM-1GbE"), A, B, Map.of(), Set.of()));
    assertTrue(e.getMessage().contains("usable RDMA NIC on both a and b"), e.getMessage());
  }

  @Test
  void aTeamCountsOnceInSmbAndADownNicNotAtAll() throws Exception {
    var r = plan("smb", List.of("LM-1GbE", "SMB-1"), A, B, Map.of("a/lm1:tx", 1), Set.of("b/rdma1:rx"));
    assertEquals("LM-1GbE", r.network(), "SMB-1 is down at the destination");
    assertEquals(1, r.channels().size(), "two team members, one channel");
    assertEquals("a/lm2:tx", r.channels().get(0).links().get(0), "the member without a stream");
    assertTrue(TransportPlanner.isSmb("smb") && TransportPlanner.isSmb("smb-direct"));
    assertFalse(TransportPlanner.isSmb("tcpip") || TransportPlanner.isSmb("compression"));
  }

  /** Two hosts with a 2 x 10 GbE team on LM, balanced as {@code mode}. */
  static HostSpec teamed(String name, String mode) {
    return new HostSpec(name, 192L << 30, 16, List.of(
        new NicSpec("t1", 10e9, true, Rdma.NONE, null),
        new NicSpec("t2", 10e9, true, Rdma.NONE, null)),
        List.of(new TeamSpec("team", List.of("t1", "t2"), "LM", mode)));
  }

  static String member(TransportPlanner.Route r, String host, String dir) {
    for (String l : r.channels().get(0).links()) if (l.startsWith(host + "/") && l.endsWith(":" + dir)) return l;
    throw new AssertionError(r.channels().get(0).links().toString());
  }

  @Test
  void aTeamThatHashesPlacesEachConnectionByItsHashNotByLoad() throws Exception {
    HostSpec a = teamed("a", "address-hash"), b = teamed("b", "address-hash");
    java.util.Map<String, Integer> txs = new java.util.HashMap<>();
    boolean shared = false;
    for (int m = 1; m <= 8; m++) {
      var r = TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of("a/t1:tx", 3, "b/t1:rx", 3), Set.of(), SETTINGS, null, 1,
          "m" + m + ".0");
      // the same connection always hashes to the same members, whatever the load
      assertEquals(r.channels().get(0).links(), TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of(), Set.of(), SETTINGS,
          null, 1, "m" + m + ".0").channels().get(0).links());
      shared |= txs.merge(member(r, "a", "tx"), 1, Integer::sum) > 1;
    }
    assertEquals(2, txs.size(), "eight connections use both members: " + txs);
    assertTrue(shared, "and some share one, which least-loaded would never do");
    // dynamic takes the least-loaded member whatever the connection
    var d = TransportPlanner.plan("tcpip", List.of("LM"), teamed("a", "dynamic"), teamed("b", "dynamic"),
        Map.of("a/t1:tx", 3, "b/t1:rx", 3), Set.of(), SETTINGS, null, 1, "m1.0");
    assertEquals("a/t2:tx", member(d, "a", "tx"));
    // hyper-v-port: the management OS is one virtual-switch port, one member for every connection
    HostSpec pa = teamed("a", "hyper-v-port"), pb = teamed("b", "hyper-v-port");
    java.util.Set<String> ports = new java.util.HashSet<>();
    for (int m = 1; m <= 8; m++)
      ports.add(member(TransportPlanner.plan("tcpip", List.of("LM"), pa, pb, Map.of(), Set.of(), SETTINGS, null, 1, "m" + m + ".0"),
          "a", "tx"));
    assertEquals(1, ports.size(), ports.toString());
    // the screen says when the hash put it on the busier member
    String busy = member(TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of(), Set.of(), SETTINGS, null, 1, "m1.0"), "a", "tx");
    var said = TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of(busy, 2), Set.of(), SETTINGS, null, 1, "m1.0");
    assertTrue(said.notes().stream().anyMatch(n -> n.startsWith("team team on a (address-hash) sends this stream on ")
        && n.contains("with 2 other stream(s) while")), said.notes().toString());
    // its member down: the connection hashes over the members left
    String first = member(TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of(), Set.of(), SETTINGS, null, 1, "m1.0"), "a", "tx");
    var moved = TransportPlanner.plan("tcpip", List.of("LM"), a, b, Map.of(), Set.of(first), SETTINGS, null, 1, "m1.0");
    assertFalse(member(moved, "a", "tx").equals(first));
  }

  @Test
  void jumboFramesCarryMorePayloadPerByteWhenBothEndsHaveThem() throws Exception {
    HostSpec jumbo = new HostSpec("a", 192L << 30, 12, List.of(new NicSpec("n", 10e9, true, Rdma.NONE, "LM", 9000)), List.of());
    HostSpec plain = new HostSpec("b", 192L << 30, 12, List.of(new NicSpec("n", 10e9, true, Rdma.NONE, "LM")), List.of());
    HostSpec jumbo2 = new HostSpec("c", 192L << 30, 12, List.of(new NicSpec("n", 10e9, true, Rdma.NONE, "LM", 9000)), List.of());
    assertEquals(SETTINGS.tcpEfficiency(), plan("tcpip", List.of("LM"), jumbo, plain, Map.of(), Set.of()).channels().get(0).efficiency());
    double both = plan("tcpip", List.of("LM"), jumbo, jumbo2, Map.of(), Set.of()).channels().get(0).efficiency();
    assertEquals(8960.0 / 9038.0, both, 1e-3); // (MTU - 40) / (MTU + 38), ~99 %
  }
}
