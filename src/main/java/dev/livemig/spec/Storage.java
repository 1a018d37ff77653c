package dev.livemig.spec;

import java.util.List;
import java.util.Locale;

/**
 * Storage, guests and the kinds of move (issue 13): where a VM's disks are (a cluster shared volume,
 * an SMB 3.0 share, or its host's local disk), its passthrough disks and virtual Fibre Channel
 * adapters, its guest (OS, MAC) and workload role, and each host's disk throughput and cluster
 * membership. A VM the scenario says nothing of has {@link VmProfile#DEFAULT}: running, clustered,
 * no disk in the model, a Windows guest: what every VM was before.
 */
public final class Storage {
  private Storage() {}

  /** The disks of a VM on {@code local} are on the local disk of the host it runs on. */
  public static final String LOCAL = "local";

  /** How a VM moves (domain.md, "Kinds of move"). */
  public enum Kind {
    LIVE("live"), QUICK("quick"), OFFLINE("offline"), QUICK_STORAGE("quick-storage"), SHARED_NOTHING("shared-nothing");

    public final String word;

    Kind(String word) {
      this.word = word;
    }

    public static Kind parse(String s) {
      for (Kind k : values()) if (k.word.equals(s.toLowerCase(Locale.ROOT))) return k;
      return null;
    }

    public static List<String> words() {
      List<String> out = new java.util.ArrayList<>();
      for (Kind k : values()) out.add(k.word);
      return out;
    }

    /** Whether the VM runs during the move (every kind but offline). */
    public boolean running() {
      return this != OFFLINE;
    }
  }

  /** Shared storage: a cluster shared volume (reachable from cluster members) or an SMB 3.0 share (from any host). */
  public enum VolumeKind { CSV, SMB }

  public record Volume(String name, VolumeKind kind) {}

  /** A virtual disk (VHDX): where it is, its size, the bytes it holds, how fast the guest writes to it (bytes/s). */
  public record Disk(String storage, long sizeBytes, long usedBytes, double writeBytesPerSecond) {
    public boolean local() {
      return LOCAL.equals(storage);
    }
  }

  /** A passthrough disk (a LUN given whole to the VM), managed by the cluster or not. */
  public record Passthrough(String lun, boolean clusterManaged) {}

  public enum Os { WINDOWS, LINUX }

  /** What the guest runs, for the support policy. */
  public enum Role {
    NONE("none"), SQL_SERVER("sql-server"), EXCHANGE_DAG("exchange-dag");

    public final String word;

    Role(String word) {
      this.word = word;
    }

    public static Role parse(String s) {
      for (Role r : values()) if (r.word.equals(s.toLowerCase(Locale.ROOT))) return r;
      return null;
    }
  }

  /**
   * A VM's storage and guest. {@code mac}: the static MAC address (12 hex digits, upper case), or
   * null for a dynamic one (the host assigns it from its own range). {@code ipBoundToMac}: the guest
   * binds its IP configuration to the MAC (some Linux distributions, e.g. SLES 10 SP2: KB976724).
   */
  public record VmProfile(boolean running, boolean clustered, List<Disk> disks, List<Passthrough> passthrough,
      int fibreChannel, Os os, boolean ipBoundToMac, String mac, Role role) {
    public static final VmProfile DEFAULT = new VmProfile(true, true, List.of(), List.of(), 0, Os.WINDOWS, false, null,
        Role.NONE);

    public boolean staticMac() {
      return mac != null;
    }

    /** Whether the scenario gave this VM any storage in the model (its moves report storage bytes). */
    public boolean hasStorage() {
      return !disks.isEmpty() || !passthrough.isEmpty() || fibreChannel > 0;
    }

    /** The VM with its local disks (and those the destination cannot reach) now on {@code local}. */
    public VmProfile withDisks(List<Disk> d) {
      return new VmProfile(running, clustered, List.copyOf(d), passthrough, fibreChannel, os, ipBoundToMac, mac, role);
    }
  }

  /** A host's disk throughput (bytes/s, read and write) and whether it is a member of the cluster. */
  public record HostStorage(String host, boolean clusterMember, double readBytesPerSecond, double writeBytesPerSecond) {}

  /** A NIC's hardware MAC address (12 hex digits). */
  public record NicMac(String host, String nic, String mac) {}

  /** The static MAC pool (VMM): addresses from {@code from} to {@code to}, 12 hex digits each. */
  public record MacPool(String from, String to) {
    public boolean contains(String mac) {
      return mac.compareTo(from) >= 0 && mac.compareTo(to) <= 0;
    }
  }

  /** The scenario's storage: its shared volumes, each host's disks and membership, NIC MACs, the MAC pool (or null). */
  public record Layout(List<Volume> volumes, List<HostStorage> hosts, List<NicMac> nicMacs, MacPool pool) {
    public static final Layout EMPTY = new Layout(List.of(), List.of(), List.of(), null);

    public Volume volume(String name) {
      for (Volume v : volumes) if (v.name().equals(name)) return v;
      return null;
    }

    /** The host's storage, or null when the scenario did not say (a cluster member with the default disks). */
    public HostStorage host(String name) {
      for (HostStorage h : hosts) if (h.host().equals(name)) return h;
      return null;
    }

    public boolean clusterMember(String host) {
      HostStorage h = host(host);
      return h == null || h.clusterMember();
    }
  }

  /** {@code 00:15:5D:0A:01:02}, {@code 00-15-5D-0A-01-02} or {@code 00155D0A0102}: 12 hex digits upper case, or null. */
  public static String normalMac(String s) {
    String hex = s.trim().replace(":", "").replace("-", "").toUpperCase(Locale.ROOT);
    if (!hex.matches("[0-9A-F]{12}")) return null;
    String sep = s.contains(":") ? ":" : s.contains("-") ? "-" : "";
    if (!sep.isEmpty() && !s.trim().matches("(?i)[0-9a-f]{2}(" + java.util.regex.Pattern.quote(sep) + "[0-9a-f]{2}){5}")) return null;
    return hex;
  }

  /** A MAC of 12 hex digits, written 00:15:5D:0A:01:02. */
  public static String showMac(String hex) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i += 2) {
      if (i > 0) b.append(':');
      b.append(hex, i, i + 2);
    }
    return b.toString();
  }
}
