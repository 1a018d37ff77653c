package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Storage.Kind;
import org.junit.jupiter.api.Test;

/**
 * The move rules between a node of the cluster and a host outside it, in either direction (issue 13;
 * MoveRulesMatrixTest moves clustered VMs between nodes and the others between standalone hosts): the
 * refusals name the host that is not a member, whichever end it is, and say what to do; a quick move
 * of a VM that is not clustered says so; a passthrough disk's refusal says which of its conditions
 * failed; the support policy of a DAG member applies when either end is a node of the cluster.
 */
class MoveRulesMembershipTest {
  static final Storage.Layout LAYOUT = new Storage.Layout(
      List.of(new Storage.Volume("share1", Storage.VolumeKind.SMB)),
      List.of(new Storage.HostStorage("sa1", false, 4e8, 3e8), new Storage.HostStorage("sa2", false, 4e8, 3e8)),
      List.of(), null);

  static final Storage.Disk ON_SHARE = new Storage.Disk("share1", 40L << 30, 20L << 30, 0);

  static Storage.VmProfile vm(boolean clustered, List<Storage.Passthrough> pts, Storage.Role role, Storage.Disk disk) {
    return new Storage.VmProfile(true, clustered, List.of(disk), pts, 0, Storage.Os.WINDOWS, false, null, role);
  }

  static List<String> refusals(Kind kind, Storage.VmProfile p, String from, String to) {
    return MoveRules.check(kind, "vm1", p, from, to, LAYOUT, false).refusals().stream()
        .map(r -> r.rule() + ": " + r.why() + " | " + r.fix()).toList();
  }

  @Test
  void aClusteredVmLeavingOrEnteringTheClusterNamesTheHostThatIsNotAMember() {
    var p = vm(true, List.of(), Storage.Role.NONE, ON_SHARE);
    for (String[] ends : new String[][] {{"hv1", "sa1"}, {"sa1", "hv1"}}) {
      assertEquals(List.of(MoveRules.CLUSTER + ": a clustered VM live-migrates between nodes of its cluster; sa1 is not a cluster member"
          + " | add sa1 to the cluster, or use shared-nothing migration"), refusals(Kind.LIVE, p, ends[0], ends[1]), ends[0]);
      assertEquals(List.of(MoveRules.CLUSTER + ": quick migration saves a clustered VM and fails its disk over to another node of the"
          + " cluster; sa1 is not a cluster member | make vm1 a clustered role on cluster members, or use quick-storage migration"),
          refusals(Kind.QUICK, p, ends[0], ends[1]), ends[0]);
    }
    assertEquals(List.of(), refusals(Kind.LIVE, p, "hv1", "hv2"));
    assertEquals(List.of(), refusals(Kind.QUICK, p, "hv1", "hv2"));
  }

  @Test
  void aQuickMoveOfAVmThatIsNotClusteredSaysSo() {
    var p = vm(false, List.of(), Storage.Role.NONE, ON_SHARE);
    assertEquals(List.of(MoveRules.CLUSTER + ": quick migration saves a clustered VM and fails its disk over to another node of the"
        + " cluster; vm1 is not clustered | make vm1 a clustered role on cluster members, or use quick-storage migration"),
        refusals(Kind.QUICK, p, "hv1", "hv2"));
  }

  @Test
  void aPassthroughDisksRefusalSaysWhichConditionFailed() {
    String rule = MoveRules.PASSTHROUGH + ": passthrough disks live-migrate only when the VM and the passthrough disk are both managed"
        + " by the cluster; ";
    String fix = " | add LUN7 to the cluster's disks and make vm1 a clustered role, or convert LUN7 to a VHDX (up to 64 TB)";
    var managed = List.of(new Storage.Passthrough("LUN7", true));
    var unmanaged = List.of(new Storage.Passthrough("LUN7", false));
    // a clustered VM and a cluster-managed disk, to a host outside the cluster
    List<String> out = refusals(Kind.LIVE, vm(true, managed, Storage.Role.NONE, ON_SHARE), "hv1", "sa1");
    assertEquals(rule + "sa1 is not a cluster member (passthrough disk LUN7)" + fix, out.get(1));
    // between nodes: the disk is not the cluster's
    assertEquals(List.of(rule + "LUN7 is not managed by the cluster" + fix),
        refusals(Kind.LIVE, vm(true, unmanaged, Storage.Role.NONE, ON_SHARE), "hv1", "hv2"));
    // a VM that is not clustered, on a local disk (standalone hosts, shared-nothing is the other kind)
    var local = new Storage.Disk(Storage.LOCAL, 10L << 30, 5L << 30, 0);
    assertEquals(List.of(rule + "vm1 is not clustered (passthrough disk LUN7)" + fix),
        refusals(Kind.QUICK, vm(false, managed, Storage.Role.NONE, local), "sa1", "sa2").stream()
            .filter(s -> s.startsWith(MoveRules.PASSTHROUGH)).toList());
    // and on an SMB share
    assertEquals(List.of(rule + "vm1 is a non-clustered VM stored on an SMB share, and its passthrough disk LUN7 cannot go with it:"
        + " a LUN cannot be stored on a file share" + fix), refusals(Kind.LIVE, vm(false, managed, Storage.Role.NONE, ON_SHARE), "sa1", "sa2"));
    // managed, clustered, between nodes: it goes
    assertEquals(List.of(), refusals(Kind.LIVE, vm(true, managed, Storage.Role.NONE, ON_SHARE), "hv1", "hv2"));
  }

  @Test
  void theDagSupportPolicyAppliesWhenEitherEndIsANodeOfTheCluster() {
    var dag = vm(false, List.of(), Storage.Role.EXCHANGE_DAG, ON_SHARE);
    for (String[] ends : new String[][] {{"hv1", "sa1"}, {"sa1", "hv1"}}) {
      List<String> rules = MoveRules.check(Kind.LIVE, "vm1", dag, ends[0], ends[1], LAYOUT, false).refusals().stream()
          .map(MoveRules.Refusal::rule).toList();
      assertEquals(List.of(MoveRules.SUPPORT), rules, ends[0] + " -> " + ends[1]);
      var forced = MoveRules.check(Kind.LIVE, "vm1", dag, ends[0], ends[1], LAYOUT, true);
      assertEquals(List.of(), forced.refusals());
      assertEquals(true, forced.unsupported(), "moved anyway: flagged");
    }
    var between = MoveRules.check(Kind.LIVE, "vm1", dag, "sa1", "sa2", LAYOUT, false);
    assertEquals(List.of(), between.refusals(), "standalone hosts: the policy is about clustered hosts");
    assertEquals(false, between.unsupported());
  }
}
