package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.Storage;

/**
 * Storage, guests and roles (issue 13): the top-level {@code storage} list (shared volumes), a host's
 * {@code cluster-member} and {@code disk { read, write }}, a NIC's {@code mac}, a VM's {@code state},
 * {@code clustered}, {@code disks}, {@code passthrough}, {@code fibre-channel}, {@code os},
 * {@code ip-bound-to-mac}, {@code mac} and {@code role}, and the cluster's {@code mac-pool}. The hosts'
 * and VMs' readers hand each host, NIC and VM block here; {@link #layout} gives the whole at the end.
 */
final class StorageReader extends ConfigReader {
  static final Set<String> HOST_KEYS = keys("disk");
  static final Set<String> NIC_KEYS = keys("mac");
  static final Set<String> VM_KEYS = keys("state", "clustered", "disks", "passthrough", "fibre-channel", "os",
      "ip-bound-to-mac", "mac", "role");
  private static final Pattern RATE = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(B|kB|KB|MB|GB|KiB|MiB|GiB)/s\\s*$");

  private final List<Storage.Volume> volumes = new ArrayList<>();
  private final List<Storage.HostStorage> hostStorage = new ArrayList<>();
  private final List<Storage.NicMac> nicMacs = new ArrayList<>();
  /** Where each NIC's and static VM's MAC was given, for the overlap problems. */
  private final Map<String, ConfigValue> macSite = new HashMap<>();
  private final Map<String, String> macOwner = new HashMap<>();
  private final Map<String, Boolean> member = new HashMap<>();
  private Storage.MacPool pool;

  /** livemig.storage.host-disk in bytes/s, once read (-1 before). */
  private double defaultRead = -1;
  private double defaultWrite = -1;

  StorageReader(ConfigReader shared) {
    super(shared);
  }

  /** The host's {@code cluster-member} (default true) and {@code disk { read, write }} (default: livemig.storage.host-disk). */
  void host(ConfigObject h, String key, String name) {
    // cluster-member is read (and a bad value reported) by the node-add reader (issue 12): here quietly.
    boolean clusterMember = true;
    if (h.containsKey("cluster-member")) {
      Object m = h.get("cluster-member").unwrapped();
      clusterMember = !(Boolean.FALSE.equals(m) || "false".equals(m) || "no".equals(m) || "off".equals(m));
    }
    if (defaultRead < 0) { // read once: each read of a size written with its unit throws inside Typesafe Config
      defaultRead = defaults.getMemorySize("livemig.storage.host-disk.read").toBytes();
      defaultWrite = defaults.getMemorySize("livemig.storage.host-disk.write").toBytes();
    }
    double read = defaultRead;
    double write = defaultWrite;
    boolean given = h.containsKey("cluster-member");
    if (h.containsKey("disk")) {
      ConfigObject d = asObject(h.get("disk"), key + ".disk");
      if (d != null) {
        unknownKeys(d, key + ".disk", keys("read", "write"));
        if (d.containsKey("read")) read = rate(d.get("read"), key + ".disk.read", read);
        if (d.containsKey("write")) write = rate(d.get("write"), key + ".disk.write", write);
        given = true;
      }
    }
    if (name == null) return;
    member.put(name, clusterMember);
    if (given) hostStorage.add(new Storage.HostStorage(name, clusterMember, read, write));
  }

  /** A NIC's hardware {@code mac}. */
  void nic(ConfigObject n, String key, String host, String nic) {
    if (!n.containsKey("mac")) return;
    String mac = mac(n.get("mac"), key + ".mac");
    if (mac == null || host == null || nic == null) return;
    String owner = host + "/" + nic;
    if (macOwner.containsKey(mac)) {
      problem(n.get("mac"), key + ".mac", Storage.showMac(mac) + " is also the address of " + macOwner.get(mac)
          + "; a MAC must be unique on the network (else ARP conflicts)");
      return;
    }
    macOwner.put(mac, "NIC " + owner);
    macSite.put(mac, n.get("mac"));
    nicMacs.add(new Storage.NicMac(host, nic, mac));
  }

  /** The top-level {@code storage = [ { name, kind = csv | smb } ]}: the shared volumes. */
  void volumes(ConfigObject root) {
    ConfigList list = optionalList(root, "", "storage");
    if (list == null) return;
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = "storage[" + i + "]";
      ConfigObject v = asObject(list.get(i), key);
      if (v == null) continue;
      String name = requiredName(v, key);
      if (name != null) {
        key = "storage[" + name + "]";
        if (name.equals(Storage.LOCAL)) problem(v.get("name"), key + ".name", "'local' is each host's own disk; give the shared volume another name");
        else if (!names.add(name)) problem(v.get("name"), key + ".name", "storage name '" + name + "' is used twice; names must be unique");
      }
      unknownKeys(v, key, keys("name", "kind"));
      String kind = requiredString(v, key, "kind");
      Storage.VolumeKind k = null;
      if (kind != null) {
        k = switch (kind.toLowerCase(Locale.ROOT)) {
          case "csv" -> Storage.VolumeKind.CSV;
          case "smb" -> Storage.VolumeKind.SMB;
          default -> null;
        };
        if (k == null) problem(v.get("kind"), key + ".kind", "'" + kind + "' is not a kind of shared storage; allowed: csv (a cluster shared volume), smb (an SMB 3.0 share)");
      }
      if (name != null && k != null && !name.equals(Storage.LOCAL)) volumes.add(new Storage.Volume(name, k));
    }
  }

  /** The profile of a VM on {@code host} whose block has none of {@link #VM_KEYS}. */
  Storage.VmProfile plain(String host) {
    if (host != null && !member.getOrDefault(host, true))
      return new Storage.VmProfile(true, false, List.of(), List.of(), 0, Storage.Os.WINDOWS, false, null, Storage.Role.NONE);
    return Storage.VmProfile.DEFAULT;
  }

  /** A VM's storage, guest and role; {@link Storage.VmProfile#DEFAULT} when it gives none of them. */
  Storage.VmProfile vm(ConfigObject v, String key, String name, String host) {
    boolean any = false;
    for (String k : VM_KEYS) any |= v.containsKey(k);
    if (!any) return plain(host);
    boolean hostMember = host == null || member.getOrDefault(host, true);
    boolean running = true;
    String state = optString(v, key, "state", "running");
    if (state != null && !state.equals("running")) {
      if (state.equals("off")) running = false;
      else problem(v.get("state"), key + ".state", "'" + state + "' is not a VM state; allowed: running, off");
    }
    boolean clustered = optBoolean(v, key, "clustered", hostMember);
    if (clustered && !hostMember && v.containsKey("clustered"))
      problem(v.get("clustered"), key + ".clustered", "the VM's host " + host + " is not a cluster member (cluster-member = false); "
          + "allowed: clustered = false, or a host in the cluster");
    List<Storage.Disk> disks = disks(v, key, clustered, hostMember, host);
    List<Storage.Passthrough> pts = passthrough(v, key);
    int fc = v.containsKey("fibre-channel") ? (int) longValue(v.get("fibre-channel"), key + ".fibre-channel", 0, 4) : 0;
    Storage.Os os = Storage.Os.WINDOWS;
    String o = optString(v, key, "os", "windows");
    if (o != null) {
      switch (o.toLowerCase(Locale.ROOT)) {
        case "windows" -> os = Storage.Os.WINDOWS;
        case "linux" -> os = Storage.Os.LINUX;
        default -> problem(v.get("os"), key + ".os", "'" + o + "' is not a guest OS; allowed: windows, linux");
      }
    }
    boolean bound = optBoolean(v, key, "ip-bound-to-mac",
        os == Storage.Os.LINUX && defaults.getBoolean("livemig.guests.linux-ip-bound-to-mac"));
    String mac = null;
    if (v.containsKey("mac")) {
      String given = stringOf(v.get("mac"), key + ".mac");
      if (given != null && !given.equals("dynamic")) {
        mac = mac(v.get("mac"), key + ".mac");
        if (mac != null && name != null) {
          if (macOwner.containsKey(mac)) {
            problem(v.get("mac"), key + ".mac", Storage.showMac(mac) + " is also the address of " + macOwner.get(mac)
                + "; a MAC must be unique on the network (else ARP conflicts)");
          } else {
            macOwner.put(mac, "VM " + name);
            macSite.put(mac, v.get("mac"));
          }
        }
      }
    }
    Storage.Role role = Storage.Role.NONE;
    String r = optString(v, key, "role", "none");
    if (r != null) {
      role = Storage.Role.parse(r);
      if (role == null) {
        problem(v.get("role"), key + ".role", "'" + r + "' is not a workload role; allowed: none, sql-server, exchange-dag");
        role = Storage.Role.NONE;
      }
    }
    return new Storage.VmProfile(running, clustered, List.copyOf(disks), List.copyOf(pts), fc, os, bound, mac, role);
  }

  private List<Storage.Disk> disks(ConfigObject v, String vmKey, boolean clustered, boolean hostMember, String host) {
    List<Storage.Disk> out = new ArrayList<>();
    ConfigList list = optionalList(v, vmKey, "disks");
    if (list == null) return out;
    List<String> allowed = new ArrayList<>();
    for (Storage.Volume vol : volumes) allowed.add(vol.name());
    allowed.add(Storage.LOCAL);
    for (int i = 0; i < list.size(); i++) {
      String key = vmKey + ".disks[" + i + "]";
      ConfigObject d = asObject(list.get(i), key);
      if (d == null) continue;
      unknownKeys(d, key, keys("storage", "size", "used", "write-rate"));
      String where = requiredString(d, key, "storage");
      Storage.Volume vol = where == null ? null : volumes.stream().filter(x -> x.name().equals(where)).findFirst().orElse(null);
      if (where != null && vol == null && !where.equals(Storage.LOCAL)) {
        problem(d.get("storage"), key + ".storage", "no storage named '" + where + "'; allowed: " + allowed
            + " (shared volumes are listed in the top-level storage = [ { name, kind } ])");
      } else if (vol != null && vol.kind() == Storage.VolumeKind.CSV && !hostMember) {
        problem(d.get("storage"), key + ".storage", "'" + where + "' is a cluster shared volume and the VM's host " + host
            + " is not a cluster member; allowed: an SMB share or local");
      } else if (vol != null && vol.kind() == Storage.VolumeKind.CSV && !clustered) {
        problem(d.get("storage"), key + ".storage", "'" + where + "' is a cluster shared volume, which holds clustered VMs; "
            + "allowed: clustered = true, or an SMB share or local");
      }
      long size = requiredBytes(d, key, "size");
      long used = d.containsKey("used") ? bytesOf(d.get("used"), key + ".used") : size;
      if (size > 64L << 40) problem(d.get("size"), key + ".size", "a VHDX holds at most 64 TiB");
      if (used > size && size > 0) problem(d.get("used"), key + ".used", "more than the disk's size (" + gib(size) + "); allowed: up to its size");
      double writes = d.containsKey("write-rate") ? rate(d.get("write-rate"), key + ".write-rate", 0) : 0;
      if (where != null) out.add(new Storage.Disk(where, size, Math.min(used, size), writes));
    }
    return out;
  }

  private List<Storage.Passthrough> passthrough(ConfigObject v, String vmKey) {
    List<Storage.Passthrough> out = new ArrayList<>();
    ConfigList list = optionalList(v, vmKey, "passthrough");
    if (list == null) return out;
    for (int i = 0; i < list.size(); i++) {
      String key = vmKey + ".passthrough[" + i + "]";
      ConfigObject p = asObject(list.get(i), key);
      if (p == null) continue;
      unknownKeys(p, key, keys("lun", "cluster-managed"));
      String lun = requiredString(p, key, "lun");
      boolean managed = optBoolean(p, key, "cluster-managed", false);
      if (lun != null) out.add(new Storage.Passthrough(lun, managed));
    }
    return out;
  }

  /** {@code cluster.mac-pool { from, to }}: no hardware NIC's address may lie in it (ARP conflicts). */
  void pool(ConfigObject root) {
    if (!root.containsKey("cluster") || root.get("cluster").valueType() != ConfigValueType.OBJECT) return;
    ConfigObject c = (ConfigObject) root.get("cluster");
    if (!c.containsKey("mac-pool")) return;
    ConfigObject p = asObject(c.get("mac-pool"), "cluster.mac-pool");
    if (p == null) return;
    unknownKeys(p, "cluster.mac-pool", keys("from", "to"));
    String from = p.containsKey("from") ? mac(p.get("from"), "cluster.mac-pool.from") : null;
    String to = p.containsKey("to") ? mac(p.get("to"), "cluster.mac-pool.to") : null;
    if (!p.containsKey("from")) problem(p, "cluster.mac-pool.from", "missing; give the pool's first address, e.g. 00:1D:D8:B7:1C:00");
    if (!p.containsKey("to")) problem(p, "cluster.mac-pool.to", "missing; give the pool's last address, e.g. 00:1D:D8:F4:1F:FF");
    if (from == null || to == null) return;
    if (from.compareTo(to) > 0) {
      problem(p.get("to"), "cluster.mac-pool.to", Storage.showMac(to) + " is below from (" + Storage.showMac(from) + "); allowed: from ≤ to");
      return;
    }
    pool = new Storage.MacPool(from, to);
    for (Storage.NicMac n : nicMacs) {
      if (pool.contains(n.mac()))
        problem(p, "cluster.mac-pool", "the static MAC pool " + Storage.showMac(from) + " to " + Storage.showMac(to)
            + " holds " + Storage.showMac(n.mac()) + ", the hardware address of NIC " + n.nic() + " on " + n.host()
            + " (ARP conflicts); allowed: a range that no hardware NIC's address is in");
    }
  }

  Storage.Layout layout() {
    return new Storage.Layout(List.copyOf(volumes), List.copyOf(hostStorage), List.copyOf(nicMacs), pool);
  }

  private String mac(ConfigValue v, String key) {
    String s = stringOf(v, key);
    if (s == null) return null;
    String m = Storage.normalMac(s);
    if (m == null) problem(v, key, "'" + s + "' is not a MAC address; allowed: six pairs of hex digits, e.g. 00:15:5D:0A:01:02");
    return m;
  }

  /** A throughput in bytes per second: {@code 500 MB/s}, {@code 1.5 GB/s}, {@code 200 MiB/s}. */
  private double rate(ConfigValue v, String key, double dflt) {
    String s = String.valueOf(v.unwrapped());
    Matcher m = RATE.matcher(s);
    if (!m.matches()) {
      problem(v, key, "'" + s + "' is not a throughput; give a number with B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s or GiB/s (e.g. 500 MB/s)");
      return dflt;
    }
    double n = Double.parseDouble(m.group(1));
    double mult = switch (m.group(2)) {
      case "kB", "KB" -> 1e3;
      case "MB" -> 1e6;
      case "GB" -> 1e9;
      case "KiB" -> 1024.0;
      case "MiB" -> 1024.0 * 1024;
      case "GiB" -> 1024.0 * 1024 * 1024;
      default -> 1;
    };
    double bps = n * mult;
    if (bps > 1e12) {
      problem(v, key, "'" + s + "' is out of range; allowed: up to 1000 GB/s");
      return dflt;
    }
    if (key.endsWith("write-rate")) return bps;
    if (bps < 1e6) {
      problem(v, key, "'" + s + "' is out of range; allowed: 1 MB/s to 1000 GB/s");
      return dflt;
    }
    return bps;
  }
}
