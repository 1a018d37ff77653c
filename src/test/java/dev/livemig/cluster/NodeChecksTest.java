package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.NodeModel.Identity;
import dev.livemig.spec.NodeModel.VSwitch;
import org.junit.jupiter.api.Test;

/** The checklist's checks, each difference one line; the recommended quorum by version and count. */
class NodeChecksTest {
  static final VSwitch EXT = new VSwitch("External", "external", "vm-team", "VM");
  static final Identity NODE = new Identity("Dell PowerEdge R420", Map.of("nic", "16.2"), List.of("KB1", "KB2"),
      List.of("hyper-v", "failover-clustering"), List.of(EXT), List.of("Q", "CSV1"), true);

  static Identity with(String hardware, Map<String, String> drivers, List<String> updates, List<String> roles,
      List<VSwitch> switches, List<String> luns) {
    return new Identity(hardware, drivers, updates, roles, switches, luns, false);
  }

  static final Map<String, Identity> MEMBERS = new java.util.TreeMap<>(Map.of("hv1", NODE, "hv2", NODE, "hv3", NODE));

  @Test
  void anIdenticalNodePassesEveryCheck() {
    assertTrue(NodeChecks.identity("hv4", NODE, MEMBERS).ok());
    assertTrue(NodeChecks.roles("hv4", NODE).ok());
    assertTrue(NodeChecks.vswitches("hv4", NODE, MEMBERS).ok());
    assertTrue(NodeChecks.disks("hv4", NODE, List.of("Q", "CSV1")).ok());
  }

  @Test
  void identityDriftListsEachDifferenceWithTheHostsOnEachSide() {
    Identity drift = with("Dell PowerEdge R430", Map.of("nic", "17.0", "raid", "6.8"), List.of("KB1", "KB9"),
        NODE.roles(), NODE.vswitches(), NODE.luns());
    Map<String, Identity> members = new java.util.TreeMap<>(MEMBERS);
    members.put("hv3", with(NODE.hardware(), Map.of("nic", "16.3"), NODE.updates(), NODE.roles(), NODE.vswitches(), NODE.luns()));
    var f = NodeChecks.identity("hv4", drift, members);
    assertEquals(List.of(
        "hardware: hv4 has 'Dell PowerEdge R430' but hv1, hv2, hv3 have 'Dell PowerEdge R420'",
        "driver nic: hv4 has '17.0' but hv1, hv2 have '16.2' and hv3 has '16.3'",
        "driver raid: hv4 has '6.8' but hv1, hv2, hv3 have '(none)'",
        "update KB2: missing on hv4 (installed on hv1, hv2, hv3)",
        "update KB9: installed on hv4, missing on hv1, hv2, hv3"), f.problems());
    assertTrue(f.fix().contains("identical"));
  }

  @Test
  void aSwitchMismatchIsTheManagersUnsupportedClusterConfigurationNamingSwitchAndHosts() {
    Identity renamed = with(NODE.hardware(), NODE.drivers(), NODE.updates(), NODE.roles(),
        List.of(new VSwitch("External-VM", "external", "vm-team", "VM")), NODE.luns());
    var f = NodeChecks.vswitches("hv4", renamed, MEMBERS);
    assertEquals(List.of(
        "Unsupported Cluster Configuration: virtual switch 'External' is on hv1, hv2, hv3 but not on hv4",
        "Unsupported Cluster Configuration: virtual switch 'External-VM' is on hv4 but on none of hv1, hv2, hv3"), f.problems());
    Identity otherNet = with(NODE.hardware(), NODE.drivers(), NODE.updates(), NODE.roles(),
        List.of(new VSwitch("External", "external", "lm-team", "LM")), NODE.luns());
    assertEquals(List.of("Unsupported Cluster Configuration: virtual switch 'External' differs: hv4 has 'external on network LM' but "
        + "hv1, hv2, hv3 have 'external on network VM'"), NodeChecks.vswitches("hv4", otherNet, MEMBERS).problems());
  }

  @Test
  void aMissingLunIsNamedAndMissingRolesToo() {
    Identity bare = with(NODE.hardware(), NODE.drivers(), NODE.updates(), List.of("hyper-v"), NODE.vswitches(), List.of("Q"));
    assertEquals(List.of("cluster disk (LUN) CSV1 is not presented to hv4"), NodeChecks.disks("hv4", bare, List.of("Q", "CSV1")).problems());
    var roles = NodeChecks.roles("hv4", bare);
    assertEquals(List.of("the Failover Clustering feature is not enabled on hv4"), roles.problems());
    assertTrue(roles.fix().startsWith("Install-WindowsFeature Failover-Clustering "), roles.fix());
  }

  @Test
  void aProductionTestVmIsRefused() {
    assertFalse(NodeChecks.testVm("sql01", "hv1", true, true, true).ok());
    assertTrue(NodeChecks.testVm("t", "hv1", true, true, false).ok());
    assertFalse(NodeChecks.testVm("t", "hv1", false, true, false).ok());
  }

  @Test
  void theRecommendedQuorumFollowsVersionCountAndWitness() {
    var disk = new NodeModel.Witness("disk", "Q");
    var share = new NodeModel.Witness("file-share", null);
    var none = new NodeModel.Witness("none", null);
    assertEquals("node majority (3 nodes: 3 votes)", Quorum.recommended(NodeModel.Version.W2008R2, 3, disk));
    assertEquals("node and disk majority (4 nodes + witness disk Q: 5 votes)", Quorum.recommended(NodeModel.Version.W2008R2, 4, disk));
    assertEquals("node and file share majority (4 nodes + file share witness: 5 votes)",
        Quorum.recommended(NodeModel.Version.W2008R2, 4, share));
    assertEquals("node majority (4 nodes: 4 votes)", Quorum.recommended(NodeModel.Version.W2008R2, 4, none));
    assertEquals("dynamic quorum, node majority (3 nodes: 3 votes)", Quorum.recommended(NodeModel.Version.W2012, 3, disk));
    // 2012 R2: the witness is always configured (dynamic witness), odd or even
    assertEquals("dynamic quorum, node and disk majority (3 nodes + witness disk Q: 4 votes)",
        Quorum.recommended(NodeModel.Version.W2012R2, 3, disk));
  }

  @Test
  void versionsAreReadInTheirUsualSpellings() {
    assertEquals(NodeModel.Version.W2008R2, NodeModel.Version.parse("2008 R2"));
    assertEquals(NodeModel.Version.W2012R2, NodeModel.Version.parse("Windows Server 2012 R2"));
    assertEquals(NodeModel.Version.W2012, NodeModel.Version.parse("2012"));
    assertEquals(null, NodeModel.Version.parse("2016"));
  }
}
