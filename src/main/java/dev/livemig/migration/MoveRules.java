package dev.livemig.migration;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Storage.Kind;
import dev.livemig.spec.Storage.VmProfile;

/**
 * The rules the cluster enforces before any data moves (domain.md, "Rules the cluster enforces";
 * seed notes on passthrough disks, Linux guests and Exchange): pure functions of the VM, the kind of
 * move, the two hosts and the storage. A refused move changes nothing; each refusal names its rule,
 * says why in the rule's words and gives the fix. Some outcomes are not refusals but flags: a Linux
 * guest bound to a dynamic MAC moves and is unreachable after; a forced Exchange DAG member moves,
 * unsupported.
 */
public final class MoveRules {
  private MoveRules() {}

  /** Rule names, as the report and the pre-flight show them. */
  public static final String STATE = "power-state";
  public static final String CLUSTER = "cluster-membership";
  public static final String STORAGE = "storage-reach";
  public static final String PASSTHROUGH = "passthrough-disk";
  public static final String SUPPORT = "support-policy";
  public static final String STATIC_MAC = "linux-static-mac";
  public static final String NETWORK = "live-migration-network";

  /**
   * Every kind but quick sends the VM (memory, storage or both) over a live-migration network; quick
   * migration saves it to its shared storage. {@code why}: the transport planner's reason.
   */
  public static Refusal noRoute(Kind kind, String from, String to, String why) {
    return new Refusal(NETWORK, kind.word + " migration needs a live-migration network between " + from + " and " + to
        + ", and there is none now (" + why + ")", "bring a NIC of a live-migration network up on both hosts, "
        + "or move the VM by quick migration (through its shared storage)");
  }

  /** A rule that refuses the move: its name, why (in the rule's words, for this VM) and the fix. */
  public record Refusal(String rule, String why, String fix) {
    public String message() {
      return rule + ": " + why + "; fix: " + fix;
    }
  }

  /**
   * The verdict on one move: refused (every rule that refuses it) or allowed, with what the move
   * will leave flagged: {@code unreachableAfter} (a Linux guest bound to a MAC that changes),
   * {@code unsupported} (forced past the support policy), and {@code notes} (a longer build with
   * virtual Fibre Channel, storage to copy).
   */
  public record Verdict(Kind kind, List<Refusal> refusals, boolean unreachableAfter, boolean unsupported,
      List<String> notes) {
    public boolean allowed() {
      return refusals.isEmpty();
    }

    /** This verdict with one more refusal. */
    public Verdict and(Refusal r) {
      List<Refusal> all = new ArrayList<>(refusals);
      all.add(r);
      return new Verdict(kind, List.copyOf(all), unreachableAfter, unsupported, notes);
    }

    /** Every refusal, one after the other. */
    public String reason() {
      List<String> out = new ArrayList<>();
      for (Refusal r : refusals) out.add(r.message());
      return String.join("; ", out);
    }
  }

  /** The flag's words, for the report and the screen. */
  public static String unreachableNote(String vm, String to) {
    return STATIC_MAC + ": " + vm + " binds its IP configuration to its MAC and has a dynamic MAC: it gets a new MAC on "
        + to + " and is unreachable after the move; fix: give it a static MAC (from the cluster's MAC pool), set while the VM is off";
  }

  public static String unsupportedNote(String vm) {
    return SUPPORT + ": " + vm + " is an Exchange 2010 DAG member on clustered hosts: moved because the step says force = true; "
        + "this configuration is not supported by Microsoft";
  }

  /**
   * Whether {@code kind} may move the VM ({@code vm} names it, {@code p} is its storage and guest as
   * they are now) from {@code from} to {@code to}.
   */
  public static Verdict check(Kind kind, String vm, VmProfile p, String from, String to, Storage.Layout layout, boolean force) {
    List<Refusal> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean fromMember = layout.clusterMember(from);
    boolean toMember = layout.clusterMember(to);
    boolean bothMembers = fromMember && toMember;
    boolean clusterMove = kind == Kind.LIVE || kind == Kind.QUICK;

    // The VM's power state: offline moves a powered-off VM, every other kind a running one.
    if (kind == Kind.OFFLINE && p.running())
      out.add(new Refusal(STATE, "offline migration moves a powered-off VM and " + vm + " is running",
          "shut " + vm + " down first, or move it by live, quick, quick-storage or shared-nothing migration"));
    if (kind != Kind.OFFLINE && !p.running())
      out.add(new Refusal(STATE, vm + " is powered off: " + kind.word + " migration moves a running VM",
          "use kind = offline"));

    // Quick and live migration of a clustered VM move a cluster role between nodes of the cluster.
    if (kind == Kind.QUICK && !(p.clustered() && bothMembers))
      out.add(new Refusal(CLUSTER, "quick migration saves a clustered VM and fails its disk over to another node of the cluster; "
          + (!p.clustered() ? vm + " is not clustered" : notMember(fromMember ? to : from)),
          "make " + vm + " a clustered role on cluster members, or use quick-storage migration"));
    if (kind == Kind.LIVE && p.clustered() && !bothMembers)
      out.add(new Refusal(CLUSTER, "a clustered VM live-migrates between nodes of its cluster; " + notMember(fromMember ? to : from),
          "add " + (fromMember ? to : from) + " to the cluster, or use shared-nothing migration"));

    // Live and quick migration hand the storage over: the destination must reach every virtual disk.
    if (clusterMove) {
      for (int i = 0; i < p.disks().size(); i++) {
        Storage.Disk d = p.disks().get(i);
        String unreachable = unreachable(d, from, to, layout, toMember);
        if (unreachable != null)
          out.add(new Refusal(STORAGE, kind.word + " migration hands the storage over without moving it, and disk " + i + " of " + vm
              + " is " + unreachable, "use shared-nothing migration (storage mirrored first) or quick-storage, or keep the disk on a CSV or an SMB share"));
      }
    }

    // Passthrough disks: only a cluster-managed disk of a clustered VM can pass from node to node.
    for (Storage.Passthrough pt : p.passthrough()) {
      if (kind == Kind.SHARED_NOTHING || kind == Kind.QUICK_STORAGE) {
        out.add(new Refusal(PASSTHROUGH, (kind == Kind.SHARED_NOTHING ? "shared-nothing live migration" : "quick storage migration")
            + " cannot carry passthrough disk " + pt.lun() + ": a LUN cannot travel from one server to another",
            "convert " + pt.lun() + " to a VHDX (up to 64 TB, 4K sector aware), or make " + vm + " and " + pt.lun()
                + " cluster-managed and live-migrate within the cluster"));
      } else if (!(p.clustered() && pt.clusterManaged() && bothMembers)) {
        boolean onShare = false;
        for (Storage.Disk d : p.disks()) {
          Storage.Volume v = layout.volume(d.storage());
          onShare |= v != null && v.kind() == Storage.VolumeKind.SMB;
        }
        String why = "passthrough disks live-migrate only when the VM and the passthrough disk are both managed by the cluster; "
            + (!p.clustered() && onShare ? vm + " is a non-clustered VM stored on an SMB share, and its passthrough disk " + pt.lun()
                + " cannot go with it: a LUN cannot be stored on a file share"
                : !p.clustered() ? vm + " is not clustered (passthrough disk " + pt.lun() + ")"
                : !pt.clusterManaged() ? pt.lun() + " is not managed by the cluster"
                : notMember(fromMember ? to : from) + " (passthrough disk " + pt.lun() + ")");
        out.add(new Refusal(PASSTHROUGH, why, "add " + pt.lun() + " to the cluster's disks and make " + vm
            + " a clustered role, or convert " + pt.lun() + " to a VHDX (up to 64 TB)"));
      }
    }

    // Support policy: an Exchange 2010 DAG member on clustered hosts is not supported under migration.
    boolean unsupported = false;
    if (p.role() == Storage.Role.EXCHANGE_DAG && kind.running() && (fromMember || toMember)) {
      if (force) unsupported = true;
      else out.add(new Refusal(SUPPORT, vm + " is an Exchange 2010 DAG member on clustered hosts, and migration of a DAG member "
          + "between clustered hosts is not supported", "let the DAG fail its databases over instead of moving the VM, "
          + "or move it anyway with force = true (flagged unsupported)"));
    }

    boolean unreachableAfter = p.os() == Storage.Os.LINUX && p.ipBoundToMac() && !p.staticMac();
    if (p.fibreChannel() > 0)
      notes.add("virtual Fibre Channel: " + p.fibreChannel() + " adapter(s) log in with their alternate WWPN set on " + to
          + " during the build (a longer build phase)");
    return new Verdict(kind, List.copyOf(out), unreachableAfter, unsupported, List.copyOf(notes));
  }

  /** Why {@code to} cannot reach disk {@code d}, or null when it can. */
  static String unreachable(Storage.Disk d, String from, String to, Storage.Layout layout, boolean toMember) {
    if (d.local()) return "on " + from + "'s local disk, which " + to + " cannot reach";
    Storage.Volume v = layout.volume(d.storage());
    if (v != null && v.kind() == Storage.VolumeKind.CSV && !toMember)
      return "on cluster shared volume " + v.name() + ", which " + to + " cannot reach (not a cluster member)";
    return null;
  }

  /** Whether the destination reaches the disk where it is (else a move of storage copies it). */
  public static boolean reachable(Storage.Disk d, String to, Storage.Layout layout) {
    return unreachable(d, "", to, layout, layout.clusterMember(to)) == null;
  }

  private static String notMember(String host) {
    return host + " is not a cluster member";
  }
}
