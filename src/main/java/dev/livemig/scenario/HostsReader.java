package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.Rdma;
import dev.livemig.spec.Specs.TeamSpec;

/** The {@code hosts} (and {@code host-groups}) section: hosts, their NICs and their teams. */
final class HostsReader extends ConfigReader {
  private static final Set<String> HOST = NodeAddReader.with(keys("name", "memory", "cores", "nics", "teams", "core-speed", "cpu"),
      NodeAddReader.HOST_KEYS);
  private static final Set<String> NIC = keys("name", "speed", "enabled", "rdma", "network", "mtu");
  private static final Set<String> TEAM = keys("name", "members", "network", "load-balancing");

  private final GroupsReader groups;
  /** Each host's block by name, for the node-add keys (NodeAddReader). */
  final Map<String, ConfigObject> raw = new java.util.LinkedHashMap<>();
  /** Reads each host's and NIC's storage keys (issue 13). */
  private final StorageReader storage;

  HostsReader(ConfigReader shared, GroupsReader groups, StorageReader storage) {
    super(shared);
    this.groups = groups;
    this.storage = storage;
  }

  List<HostSpec> hosts(ConfigObject root) {
    List<HostSpec> out = new ArrayList<>();
    List<ConfigValue> given = new ArrayList<>();
    List<GroupsReader.Generated> generated = List.of();
    if (!root.containsKey("host-groups")) {
      ConfigList list = requiredList(root, "", "hosts");
      if (list == null) return out;
      given.addAll(list);
    } else {
      ConfigList list = optionalList(root, "", "hosts");
      if (list != null) given.addAll(list);
      generated = groups.generate(root, "host-groups", null);
    }
    Set<String> names = new HashSet<>();
    int i = 0;
    for (ConfigValue v : given) add(out, host(v, i++, names));
    for (GroupsReader.Generated g : generated) {
      if (!sameAsTemplate(g, i, out, names)) for (int j = 0; j < g.size(); j++) add(out, host(g.entry(j), i + j, names));
      i += g.size();
    }
    return out;
  }

  private static void add(List<HostSpec> out, HostSpec h) {
    if (h != null) out.add(h);
  }

  /**
   * A group whose entries differ only by name: its template is read once, as its first entry, and
   * each entry gets that host's specs under its own name, when it is a valid name not used before.
   * False, with nothing added, when the template has storage keys (a disk, a cluster membership,
   * NIC MACs: read per host), when the first entry has a problem or a name fails: the group is then
   * read entry by entry, which says where.
   */
  private boolean sameAsTemplate(GroupsReader.Generated g, int index, List<HostSpec> out, Set<String> names) {
    if (g.size() == 0) return true;
    ConfigObject t = g.template();
    if (t.containsKey("cluster-member")) return false;
    for (String k : StorageReader.HOST_KEYS) if (t.containsKey(k)) return false;
    if (t.get("nics") instanceof ConfigList nics) {
      for (ConfigValue n : nics) {
        if (n instanceof ConfigObject o) for (String k : StorageReader.NIC_KEYS) if (o.containsKey(k)) return false;
      }
    }
    int before = problems.size();
    HostSpec first = host(g.entry(0), index, new HashSet<>());
    boolean clean = problems.size() == before;
    problems.subList(before, problems.size()).clear();
    if (!clean || first == null) return false;
    Set<String> added = new HashSet<>();
    List<HostSpec> specs = new ArrayList<>(g.size());
    for (String name : g.names()) {
      if (!isName(name) || names.contains(name) || !added.add(name)) return false;
      specs.add(new HostSpec(name, first.memoryBytes(), first.cores(), first.nics(), first.teams(), first.coreSpeed()));
    }
    names.addAll(added);
    for (String name : g.names()) {
      raw.putIfAbsent(name, t); // the same keys but name
      storage.host(t, "hosts[" + name + "]", name); // a member, with the default disk
    }
    out.addAll(specs);
    return true;
  }

  /** The host of entry {@code i} ({@code hosts[i]}), checked against the hosts before it; null when it has no name. */
  private HostSpec host(ConfigValue value, int i, Set<String> names) {
    ConfigObject h = asObject(value, "hosts[" + i + "]");
    if (h == null) return null;
    String key = "hosts[" + i + "]";
    String name = requiredName(h, key);
    if (name != null) {
      key = "hosts[" + name + "]";
      if (!names.add(name)) problem(h.get("name"), key + ".name", "host name '" + name + "' is used twice; host names must be unique");
    }
    unknownKeys(h, key, union(HOST, StorageReader.HOST_KEYS));
    if (name != null) raw.putIfAbsent(name, h);
    storage.host(h, key, name);
    long memory = requiredBytes(h, key, "memory");
    int cores = h.containsKey("cores") ? (int) longValue(h.get("cores"), key + ".cores", 1, 4_096) : 0;
    List<NicSpec> nics = nics(h, key, name);
    List<TeamSpec> teams = teams(h, key, nics);
    double coreSpeed = coreSpeed(h, key);
    return name == null ? null : new HostSpec(name, memory, cores, List.copyOf(nics), List.copyOf(teams), coreSpeed);
  }

  /**
   * {@code core-speed = 1.5}: the host's cores against the reference core of livemig.cpu; or
   * {@code cpu { ghz = 2.6, generation = haswell }}: the same, derived from the clock and the
   * generation's work per clock (livemig.cpu.generations) against the reference core's; 0 when
   * neither is given (the reference core applies, and the run says so).
   */
  private double coreSpeed(ConfigObject h, String key) {
    if (h.containsKey("cpu")) {
      if (h.containsKey("core-speed"))
        problem(h.get("core-speed"), key + ".core-speed", "give either core-speed or cpu { ghz, generation }, not both");
      return cpuSpeed(h.get("cpu"), key + ".cpu");
    }
    if (!h.containsKey("core-speed")) return 0;
    double s = nonNegative(h, key, "core-speed");
    if (h.get("core-speed").valueType() == com.typesafe.config.ConfigValueType.NUMBER && s == 0)
      problem(h.get("core-speed"), key + ".core-speed", "must be above 0; give the cores' speed against the reference core, e.g. 1.5");
    return s;
  }

  private double cpuSpeed(ConfigValue v, String key) {
    ConfigObject c = asObject(v, key);
    if (c == null) return 0;
    unknownKeys(c, key, keys("ghz", "generation", "model"));
    com.typesafe.config.Config cpu = defaults.getConfig("livemig.cpu");
    ConfigObject gens = cpu.getObject("generations");
    double ghz = 0;
    if (!c.containsKey("ghz")) problem(c, key + ".ghz", "missing; give the cores' base clock, e.g. ghz = 2.6");
    else {
      ghz = nonNegative(c, key, "ghz");
      if (ghz <= 0 || ghz > 10) {
        problem(c.get("ghz"), key + ".ghz", "must be above 0 and at most 10 (GHz), e.g. ghz = 2.6");
        ghz = 0;
      }
    }
    double ipc = 0;
    if (!c.containsKey("generation"))
      problem(c, key + ".generation", "missing; allowed: " + String.join(", ", new java.util.TreeSet<>(gens.keySet())));
    else {
      String g = String.valueOf(c.get("generation").unwrapped());
      if (!gens.containsKey(g))
        problem(c.get("generation"), key + ".generation", "unknown generation '" + g + "'; allowed: "
            + String.join(", ", new java.util.TreeSet<>(gens.keySet())));
      else ipc = cpu.getDouble("generations." + g);
    }
    if (ghz <= 0 || ipc <= 0) return 0;
    return ghz * ipc / cpu.getDouble("reference-ghz");
  }

  private List<NicSpec> nics(ConfigObject host, String hostKey, String hostName) {
    List<NicSpec> out = new ArrayList<>();
    ConfigList list = optionalList(host, hostKey, "nics");
    if (list == null) return out;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = hostKey + ".nics[" + i + "]";
      ConfigObject n = asObject(list.get(i), key);
      if (n == null) continue;
      String name = requiredName(n, key);
      if (name != null) {
        key = hostKey + ".nics[" + name + "]";
        if (!names.add(name)) problem(n.get("name"), key + ".name", "NIC name '" + name + "' is used twice on this host; NIC names must be unique per host");
      }
      unknownKeys(n, key, union(NIC, StorageReader.NIC_KEYS));
      storage.nic(n, key, hostName, name);
      double speed = requiredBandwidth(n, key, "speed");
      boolean enabled = optBoolean(n, key, "enabled", true);
      Rdma rdma = Rdma.NONE;
      if (n.containsKey("rdma")) {
        ConfigValue v = n.get("rdma");
        String s = String.valueOf(v.unwrapped());
        rdma = Rdma.parse(s);
        if (rdma == null) {
          problem(v, key + ".rdma", "'" + s + "' is not an RDMA kind; allowed: none, iwarp, roce");
          rdma = Rdma.NONE;
        }
      }
      String network = optString(n, key, "network", null);
      int mtu = n.containsKey("mtu")
          ? (int) longValue(n.get("mtu"), key + ".mtu", NicSpec.MIN_MTU, NicSpec.MAX_MTU) : NicSpec.STANDARD_MTU;
      if (name != null) out.add(new NicSpec(name, speed, enabled, rdma, network, mtu));
    }
    return out;
  }

  private List<TeamSpec> teams(ConfigObject host, String hostKey, List<NicSpec> nics) {
    List<TeamSpec> out = new ArrayList<>();
    ConfigList list = optionalList(host, hostKey, "teams");
    if (list == null) return out;
    Map<String, NicSpec> byName = new HashMap<>();
    for (NicSpec n : nics) byName.put(n.name(), n);
    Set<String> enabled = new TreeSet<>();
    for (NicSpec n : nics) if (n.enabled()) enabled.add(n.name());
    Set<String> names = new HashSet<>();
    Map<String, String> teamed = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String key = hostKey + ".teams[" + i + "]";
      ConfigObject t = asObject(list.get(i), key);
      if (t == null) continue;
      String name = requiredName(t, key);
      if (name != null) {
        key = hostKey + ".teams[" + name + "]";
        if (!names.add(name) || byName.containsKey(name))
          problem(t.get("name"), key + ".name", "name '" + name + "' is used twice on this host; team and NIC names must be unique");
      }
      unknownKeys(t, key, TEAM);
      String label = name != null ? name : "#" + i;
      List<String> members = new ArrayList<>();
      ConfigList ms = requiredList(t, key, "members");
      if (ms != null) {
        if (ms.isEmpty()) problem(ms, key + ".members", "a team needs at least one member NIC");
        for (ConfigValue mv : ms) {
          String m = String.valueOf(mv.unwrapped());
          NicSpec nic = byName.get(m);
          if (nic == null) {
            problem(mv, key + ".members", "no NIC named '" + m + "' on this host; allowed: its enabled NICs " + enabled);
          } else if (!nic.enabled()) {
            problem(mv, key + ".members", "NIC '" + m + "' is disabled; a team can only be made of enabled NICs; allowed: " + enabled);
          } else if (teamed.containsKey(m)) {
            problem(mv, key + ".members", teamed.get(m).equals(label) ? "NIC '" + m + "' is listed twice in this team"
                : "NIC '" + m + "' is already in team '" + teamed.get(m) + "'; a NIC can be in one team only");
          } else if (nic.network() != null) {
            problem(mv, key + ".members", "NIC '" + m + "' names its own network; a team member takes the team's network");
          }
          if (nic != null && nic.enabled()) teamed.putIfAbsent(m, label);
          members.add(m);
        }
      }
      String network = requiredString(t, key, "network");
      String balancing = "dynamic";
      if (t.containsKey("load-balancing")) {
        String b = String.valueOf(t.get("load-balancing").unwrapped());
        if (TeamSpec.LOAD_BALANCING.contains(b)) balancing = b;
        else problem(t.get("load-balancing"), key + ".load-balancing", "'" + b + "' is not a load-balancing mode; allowed: "
            + String.join(", ", TeamSpec.LOAD_BALANCING));
      }
      if (name != null) out.add(new TeamSpec(name, List.copyOf(members), network, balancing));
    }
    return out;
  }

}
