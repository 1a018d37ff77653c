package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.migration.MigrationResult;
import dev.livemig.migration.MovePlan;
import dev.livemig.migration.MoveRules;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Storage;

/**
 * The manager's part for the kinds of move and the rules (issue 13): the verdict on a move before
 * anything moves, the kind a drain moves each VM by (its kind where allowed, else its fallback, else
 * the VM stays with the reason), the plan a move's source side follows, and what a completed move
 * leaves in the ledger (disks now on the destination's local disk, a guest left unreachable). Runs
 * inside the manager actor, on its state.
 */
final class Kinds {
  private final Ledger ledger;
  /** The storage and membership the rules read; a node add changes who is a member ({@link #membership}). */
  private Storage.Layout layout;
  /** Why no live-migration route joins two hosts now (null: one does). */
  private final java.util.function.BinaryOperator<String> noRoute;

  Kinds(Ledger ledger, Storage.Layout layout, java.util.function.BinaryOperator<String> noRoute) {
    this.ledger = ledger;
    this.layout = layout;
    this.noRoute = noRoute;
  }

  /** A node add joined or evicted {@code host} (issue 12): the rules see the cluster's members as they are now. */
  void membership(String host, boolean member) {
    List<Storage.HostStorage> hosts = new ArrayList<>();
    for (Storage.HostStorage h : layout.hosts()) {
      hosts.add(h.host().equals(host) ? new Storage.HostStorage(host, member, h.readBytesPerSecond(), h.writeBytesPerSecond()) : h);
    }
    layout = new Storage.Layout(layout.volumes(), List.copyOf(hosts), layout.nicMacs(), layout.pool());
  }

  MoveRules.Verdict verdict(Move m) {
    return verdict(m.kind(), m.vmName(), m.from(), m.to(), m.force());
  }

  MoveRules.Verdict verdict(Storage.Kind kind, String vm, String from, String to, boolean force) {
    return MoveRules.check(kind, vm, ledger.spec(vm).profile(), from, to, layout, force);
  }

  /**
   * How a drain moves {@code vm} to {@code to}: a kind, or null with {@code why[0]} the reason it
   * stays. With a fallback, the drain's kind also needs a live-migration route between the hosts now
   * (quick moves the VM's state through its shared storage, so it falls back to quick when none is).
   */
  Storage.Kind drainKind(String vm, String from, String to, Specs.DrainRules rules, String[] why) {
    // Without a fallback a move with no route is queued and rejected when it would start, as before.
    MoveRules.Verdict v = verdict(rules.kind(), vm, from, to, rules.force());
    if (rules.fallback() != null) v = withRoute(v, from, to);
    if (v.allowed()) return rules.kind();
    if (rules.fallback() != null) {
      MoveRules.Verdict f = withRoute(verdict(rules.fallback(), vm, from, to, rules.force()), from, to);
      if (f.allowed()) return rules.fallback();
      why[0] = rules.kind().word + " refused (" + v.reason() + "); fallback " + rules.fallback().word + " refused too ("
          + f.reason() + ")";
      return null;
    }
    why[0] = rules.kind().word + " refused (" + v.reason() + "); the drain has no fallback (fallback = none)";
    return null;
  }

  /** The verdict, refused too when the kind needs the network and no live-migration route joins the hosts. */
  MoveRules.Verdict withRoute(MoveRules.Verdict v, String from, String to) {
    if (v.kind() == Storage.Kind.QUICK) return v;
    String why = noRoute.apply(from, to);
    if (why == null) return v;
    return v.and(MoveRules.noRoute(v.kind(), from, to, why));
  }

  /** The plan of a move, or null for a plain live migration of a VM the scenario gives no storage or guest. */
  MovePlan plan(Move m) {
    Storage.VmProfile p = ledger.spec(m.vmName()).profile();
    boolean was = ledger.isUnreachable(m.vmName());
    if (m.kind() == Storage.Kind.LIVE && p.equals(Storage.VmProfile.DEFAULT) && !was) return null;
    MoveRules.Verdict v = verdict(m);
    List<Storage.Disk> toCopy = new ArrayList<>();
    boolean copies = m.kind() == Storage.Kind.SHARED_NOTHING || m.kind() == Storage.Kind.QUICK_STORAGE
        || m.kind() == Storage.Kind.OFFLINE;
    if (copies) for (Storage.Disk d : p.disks()) if (d.local() || !MoveRules.reachable(d, m.to(), layout)) toCopy.add(d);
    return new MovePlan(m.kind(), p, List.copyOf(toCopy), v.unreachableAfter(), was, v.unsupported());
  }

  /** A move completed: copied disks are on the destination's local disk now; a changed MAC is remembered. */
  void completed(Move m, MigrationResult res) {
    MovePlan plan = plan(m);
    if (plan == null) return;
    if (!plan.toCopy().isEmpty()) {
      List<Storage.Disk> now = new ArrayList<>();
      for (Storage.Disk d : plan.profile().disks()) {
        now.add(plan.toCopy().contains(d) ? new Storage.Disk(Storage.LOCAL, d.sizeBytes(), d.usedBytes(), d.writeBytesPerSecond()) : d);
      }
      ledger.respec(m.vmName(), ledger.spec(m.vmName()).withProfile(plan.profile().withDisks(now)));
    }
    if (plan.unreachableAfter()) ledger.unreachable(m.vmName());
  }
}
