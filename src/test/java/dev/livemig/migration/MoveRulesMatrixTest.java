package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Storage.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole rule matrix (issue 13): kind × clustered × storage × passthrough × guest OS × MAC kind ×
 * workload role, each cell's outcome (the rules that refuse it, the flags it leaves) and its message
 * asserted against the rules as domain.md and the seed state them; then the seed's own sentences, row
 * by row, with their words.
 */
class MoveRulesMatrixTest {

  enum Pt { NONE, MANAGED, UNMANAGED }

  record Cell(Kind kind, boolean clustered, String storage, Pt pt, Storage.Os os, boolean staticMac, Storage.Role role,
      boolean force) {}

  static final Storage.Layout LAYOUT = new Storage.Layout(
      List.of(new Storage.Volume("CSV1", Storage.VolumeKind.CSV), new Storage.Volume("share1", Storage.VolumeKind.SMB)),
      List.of(new Storage.HostStorage("sa1", false, 4e8, 3e8), new Storage.HostStorage("sa2", false, 4e8, 3e8)),
      List.of(), null);

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Kind k : Kind.values())
      for (boolean clustered : new boolean[] {true, false})
        for (String storage : List.of("CSV1", "share1", Storage.LOCAL)) {
          if (storage.equals("CSV1") && !clustered) continue; // a scenario error (a CSV holds clustered VMs)
          for (Pt pt : Pt.values())
            for (Storage.Os os : Storage.Os.values())
              for (boolean staticMac : new boolean[] {false, true})
                for (Storage.Role role : Storage.Role.values())
                  for (boolean force : new boolean[] {false, true})
                    out.add(Arguments.of(new Cell(k, clustered, storage, pt, os, staticMac, role, force)));
        }
    return out.stream();
  }

  static Storage.VmProfile profile(Cell c) {
    List<Storage.Passthrough> pts = c.pt() == Pt.NONE ? List.of() : List.of(new Storage.Passthrough("LUN7", c.pt() == Pt.MANAGED));
    return new Storage.VmProfile(c.kind() != Kind.OFFLINE, c.clustered(), List.of(new Storage.Disk(c.storage(), 40L << 30, 20L << 30, 0)),
        pts, 0, c.os(), c.os() == Storage.Os.LINUX, c.staticMac() ? "001DD8B71C05" : null, c.role());
  }

  /** The rules that refuse the cell, as domain.md states them (clustered VMs on cluster nodes, the others on standalone hosts). */
  static Set<String> expected(Cell c) {
    Set<String> out = new TreeSet<>();
    boolean clusteredHosts = c.clustered();
    if (c.kind() == Kind.QUICK && !c.clustered()) out.add(MoveRules.CLUSTER);
    if ((c.kind() == Kind.LIVE || c.kind() == Kind.QUICK) && c.storage().equals(Storage.LOCAL)) out.add(MoveRules.STORAGE);
    if (c.pt() != Pt.NONE) {
      boolean travels = c.kind() == Kind.SHARED_NOTHING || c.kind() == Kind.QUICK_STORAGE;
      if (travels || !(c.clustered() && c.pt() == Pt.MANAGED)) out.add(MoveRules.PASSTHROUGH);
    }
    if (c.role() == Storage.Role.EXCHANGE_DAG && c.kind() != Kind.OFFLINE && clusteredHosts && !c.force()) out.add(MoveRules.SUPPORT);
    return out;
  }

  @ParameterizedTest
  @MethodSource("matrix")
  void eachCell(Cell c) {
    String from = c.clustered() ? "hv1" : "sa1";
    String to = c.clustered() ? "hv2" : "sa2";
    MoveRules.Verdict v = MoveRules.check(c.kind(), "vm1", profile(c), from, to, LAYOUT, c.force());
    Set<String> rules = new TreeSet<>();
    for (MoveRules.Refusal r : v.refusals()) rules.add(r.rule());
    assertEquals(expected(c), rules, c.toString());
    assertEquals(rules.isEmpty(), v.allowed());
    for (MoveRules.Refusal r : v.refusals()) {
      assertTrue(r.message().startsWith(r.rule() + ": "), r.message());
      assertTrue(r.message().contains("; fix: "), r.message());
      assertTrue(!r.fix().isBlank() && !r.why().isBlank());
      switch (r.rule()) {
        case MoveRules.PASSTHROUGH -> {
          assertTrue(r.why().contains("LUN7"), r.why());
          if (c.kind() == Kind.SHARED_NOTHING || c.kind() == Kind.QUICK_STORAGE)
            assertTrue(r.why().contains("a LUN cannot travel from one server to another"), r.why());
          else if (!c.clustered() && c.storage().equals("share1"))
            assertTrue(r.why().contains("a LUN cannot be stored on a file share"), r.why());
          else
            assertTrue(r.why().startsWith("passthrough disks live-migrate only when the VM and the passthrough disk are both managed by the cluster"), r.why());
          assertTrue(r.fix().contains("VHDX"), r.fix());
        }
        case MoveRules.SUPPORT -> {
          assertTrue(r.why().contains("Exchange 2010 DAG member on clustered hosts"), r.why());
          assertTrue(r.fix().contains("force = true"), r.fix());
        }
        case MoveRules.STORAGE -> assertTrue(r.why().contains("local disk, which " + to + " cannot reach"), r.why());
        case MoveRules.CLUSTER -> assertTrue(r.fix().contains("quick-storage"), r.fix());
        default -> throw new AssertionError("unexpected rule " + r.rule());
      }
    }
    // Flags: a Linux guest bound to a dynamic MAC is unreachable after; Windows and static MACs are not.
    assertEquals(c.os() == Storage.Os.LINUX && !c.staticMac(), v.unreachableAfter(), c.toString());
    assertEquals(c.role() == Storage.Role.EXCHANGE_DAG && c.kind() != Kind.OFFLINE && c.clustered() && c.force(), v.unsupported(),
        c.toString());
  }

  /** The seed's sentences, one row each: kind, clustered, storage, passthrough, and the words of the outcome. */
  static Stream<Arguments> seed() {
    return Stream.of(
        // "You can Live Migrate a VM with passthrough disks as long as both the VM and the passthrough disks are managed by a Hyper-V cluster."
        Arguments.of(Kind.LIVE, true, "CSV1", Pt.MANAGED, null),
        Arguments.of(Kind.LIVE, true, "CSV1", Pt.UNMANAGED, "LUN7 is not managed by the cluster"),
        Arguments.of(Kind.QUICK, true, "CSV1", Pt.MANAGED, null),
        // "Shared Nothing Live Migration ... pass through disks aren't supported"
        Arguments.of(Kind.SHARED_NOTHING, false, Storage.LOCAL, Pt.UNMANAGED, "shared-nothing live migration cannot carry passthrough disk LUN7"),
        Arguments.of(Kind.SHARED_NOTHING, false, Storage.LOCAL, Pt.NONE, null),
        // "Using standalone hosts with file on a SMB share (without clustering enabled)": "you can't store a LUN on a file share!"
        Arguments.of(Kind.LIVE, false, "share1", Pt.UNMANAGED, "non-clustered VM stored on an SMB share"),
        Arguments.of(Kind.LIVE, false, "share1", Pt.NONE, null),
        // Quick migration: "Leveraging Windows Failover Clustering, a VM is treated as a clustered resource"
        Arguments.of(Kind.QUICK, false, "share1", Pt.NONE, "vm1 is not clustered"),
        // Quick storage migration: "from one un-clustered host to another"
        Arguments.of(Kind.QUICK_STORAGE, false, Storage.LOCAL, Pt.NONE, null),
        Arguments.of(Kind.LIVE, false, Storage.LOCAL, Pt.NONE, "on sa1's local disk, which sa2 cannot reach"));
  }

  @ParameterizedTest
  @MethodSource("seed")
  void seedSentences(Kind kind, boolean clustered, String storage, Pt pt, String refusedWith) {
    Cell c = new Cell(kind, clustered, storage, pt, Storage.Os.WINDOWS, false, Storage.Role.NONE, false);
    MoveRules.Verdict v = MoveRules.check(kind, "vm1", profile(c), clustered ? "hv1" : "sa1", clustered ? "hv2" : "sa2", LAYOUT, false);
    if (refusedWith == null) {
      assertTrue(v.allowed(), v.reason());
    } else {
      assertTrue(!v.allowed(), c.toString());
      assertTrue(v.reason().contains(refusedWith), v.reason());
    }
  }

  @org.junit.jupiter.api.Test
  void powerStateAndMembership() {
    Storage.VmProfile off = new Storage.VmProfile(false, true, List.of(), List.of(), 0, Storage.Os.WINDOWS, false, null, Storage.Role.NONE);
    Storage.VmProfile on = Storage.VmProfile.DEFAULT;
    assertTrue(MoveRules.check(Kind.LIVE, "v", off, "hv1", "hv2", LAYOUT, false).reason().startsWith(MoveRules.STATE + ": v is powered off"));
    assertTrue(MoveRules.check(Kind.OFFLINE, "v", on, "hv1", "hv2", LAYOUT, false).reason().contains("shut v down first"));
    assertTrue(MoveRules.check(Kind.OFFLINE, "v", off, "hv1", "hv2", LAYOUT, false).allowed());
    // A clustered VM live-migrates between nodes of its cluster only; a CSV is out of a standalone host's reach.
    Storage.VmProfile csv = on.withDisks(List.of(new Storage.Disk("CSV1", 1L << 30, 1L << 30, 0)));
    MoveRules.Verdict v = MoveRules.check(Kind.LIVE, "v", csv, "hv1", "sa2", LAYOUT, false);
    assertEquals(Set.of(MoveRules.CLUSTER, MoveRules.STORAGE), new TreeSet<>(v.refusals().stream().map(MoveRules.Refusal::rule).toList()));
    assertTrue(v.reason().contains("sa2 is not a cluster member"), v.reason());
    assertTrue(MoveRules.check(Kind.SHARED_NOTHING, "v", csv, "hv1", "sa2", LAYOUT, false).allowed());
    assertTrue(!MoveRules.reachable(csv.disks().get(0), "sa2", LAYOUT) && MoveRules.reachable(csv.disks().get(0), "hv2", LAYOUT));
  }
}
