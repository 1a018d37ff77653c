package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Specs.HostSpec;

/**
 * What adding a node reads (issue 12): the cluster's {@code version}, {@code disks}, {@code witness}
 * and {@code node-template}; each host's membership and identity keys (over the template); each VM's
 * {@code production}; and the {@code add-node} step. Problems go to the file's list, as everywhere.
 */
final class NodeAddReader extends ConfigReader {
  /** Keys of the {@code cluster} block read here. */
  static final Set<String> CLUSTER_KEYS = keys("version", "disks", "witness", "witness-disk", "node-template");
  /** Identity keys of a host (and of the node template, but for cluster-member). */
  private static final Set<String> IDENTITY = keys("hardware", "drivers", "updates", "roles", "vswitches", "luns", "monitoring");
  /** Keys of a host read here. */
  static final Set<String> HOST_KEYS = with(IDENTITY, List.of("cluster-member"));
  /** Keys of a VM read here. */
  static final Set<String> VM_KEYS = keys("production");
  private static final Set<String> VSWITCH = keys("name", "type", "uplink");

  /** Hosts that are members at the step being read (an add-node step makes its host one). */
  private final Set<String> members = new HashSet<>();
  /** Hosts an add-node step made members (another add-node of one is a retry: the first may fail at run time). */
  private final Set<String> added = new HashSet<>();
  private NodeModel model;

  NodeAddReader(ConfigReader shared) {
    super(shared);
  }

  static Set<String> with(Set<String> a, Collection<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  /**
   * The model: the cluster block's keys over reference.conf's, each host's identity over the
   * template, the production VMs. {@code rawHosts} and {@code rawVms}: each one's block, by name.
   */
  NodeModel model(ConfigObject root, Map<String, HostSpec> hosts, Map<String, ConfigObject> rawHosts,
      Map<String, ConfigObject> rawVms) {
    Config d = defaults.getConfig("livemig.cluster");
    ConfigObject c = root.get("cluster") instanceof ConfigObject o ? o : null;
    ConfigValue versionValue = c != null && c.containsKey("version") ? c.get("version") : d.getValue("version");
    String given = String.valueOf(versionValue.unwrapped());
    NodeModel.Version version = NodeModel.Version.parse(given);
    if (version == null) {
      problem(versionValue, "cluster.version", "'" + given + "' is not a cluster version; allowed: "
          + String.join(", ", NodeModel.Version.ALLOWED));
      version = NodeModel.Version.W2012R2;
    }
    List<String> disks = c != null && c.containsKey("disks") ? names(c.get("disks"), "cluster.disks", null, null)
        : List.copyOf(d.getStringList("disks"));
    if (new HashSet<>(disks).size() < disks.size()) problem(c.get("disks"), "cluster.disks", "a disk is listed twice");

    for (var e : rawHosts.entrySet()) {
      if (optBoolean(e.getValue(), "hosts[" + e.getKey() + "]", "cluster-member", true)) members.add(e.getKey());
    }
    List<String> memberList = new ArrayList<>();
    for (String h : hosts.keySet()) if (members.contains(h)) memberList.add(h);

    NodeModel.Witness witness = witness(c, d, disks);
    ConfigObject template = d.getObject("node-template");
    if (c != null && c.containsKey("node-template")) {
      ConfigObject t = asObject(c.get("node-template"), "cluster.node-template");
      if (t != null) {
        unknownKeys(t, "cluster.node-template", IDENTITY);
        template = t.withFallback(template);
      }
    }
    Map<String, NodeModel.Identity> identities = new TreeMap<>();
    for (var e : rawHosts.entrySet()) {
      HostSpec h = hosts.get(e.getKey());
      if (h == null) continue;
      identities.put(h.name(), identity(h, e.getValue(), template, disks, members.contains(h.name())));
    }
    // A cluster disk no member sees is no disk of this cluster.
    Set<String> seen = new TreeSet<>();
    for (String m : memberList) if (identities.containsKey(m)) seen.addAll(identities.get(m).luns());
    if (c != null && c.containsKey("disks") && !memberList.isEmpty()) {
      for (ConfigValue v : c.get("disks") instanceof ConfigList l ? l : List.<ConfigValue>of()) {
        String n = String.valueOf(v.unwrapped());
        if (!seen.contains(n)) problem(v, "cluster.disks", "no member host is presented LUN '" + n + "'; allowed: LUNs presented to the members " + seen);
      }
    }
    List<String> production = new ArrayList<>();
    for (var e : rawVms.entrySet()) {
      if (optBoolean(e.getValue(), "vms[" + e.getKey() + "]", "production", false)) production.add(e.getKey());
    }
    model = new NodeModel(version, disks, witness, List.copyOf(memberList), Collections.unmodifiableMap(identities),
        List.copyOf(production), times());
    return model;
  }

  private NodeModel.Witness witness(ConfigObject c, Config d, List<String> disks) {
    ConfigValue wv = c != null && c.containsKey("witness") ? c.get("witness") : d.getValue("witness");
    String kind = String.valueOf(wv.unwrapped());
    if (!NodeModel.Witness.KINDS.contains(kind)) {
      problem(wv, "cluster.witness", "'" + kind + "' is not a witness; allowed: " + String.join(", ", NodeModel.Witness.KINDS));
      kind = "none";
    }
    String disk = null;
    if (c != null && c.containsKey("witness-disk")) {
      disk = stringOf(c.get("witness-disk"), "cluster.witness-disk");
      if (!"disk".equals(kind)) problem(c.get("witness-disk"), "cluster.witness-disk", "a witness disk goes with witness = disk");
      else if (disk != null && !disks.contains(disk))
        problem(c.get("witness-disk"), "cluster.witness-disk", "no cluster disk named '" + disk + "'; allowed: cluster.disks " + disks);
    } else if ("disk".equals(kind)) {
      if (disks.isEmpty()) problem(wv, "cluster.witness", "a disk witness needs a cluster disk; give cluster.disks = [...]");
      else disk = disks.get(0);
    }
    return new NodeModel.Witness(kind, disk);
  }

  /** One host's identity: its own keys over the template's. */
  private NodeModel.Identity identity(HostSpec h, ConfigObject raw, ConfigObject template, List<String> disks, boolean member) {
    String key = "hosts[" + h.name() + "]";
    ConfigObject o = raw.withFallback(template);
    String hardware = o.containsKey("hardware") ? stringOf(o.get("hardware"), key + ".hardware") : "";
    Map<String, String> drivers = new TreeMap<>();
    for (ConfigObject src : List.of(template, raw)) {
      if (!src.containsKey("drivers")) continue;
      ConfigObject dv = asObject(src.get("drivers"), key + ".drivers");
      if (dv == null) continue;
      for (String n : new TreeSet<>(dv.keySet())) {
        String v = stringOf(dv.get(n), key + ".drivers." + n);
        if (v != null) drivers.put(n, v);
      }
    }
    List<String> updates = o.containsKey("updates") ? names(o.get("updates"), key + ".updates", null, null) : List.of();
    List<String> roles = o.containsKey("roles") ? names(o.get("roles"), key + ".roles", NodeModel.ROLES, "role or feature") : List.of();
    List<NodeModel.VSwitch> switches = o.containsKey("vswitches") ? vswitches(h, o.get("vswitches"), key) : List.of();
    List<String> luns = raw.containsKey("luns") ? names(raw.get("luns"), key + ".luns", disks, "cluster disk") : disks;
    // A member has the template's monitoring state, a host outside the cluster none, unless it says.
    ConfigValue mv = raw.containsKey("monitoring") ? raw.get("monitoring") : member ? o.get("monitoring") : null;
    boolean agent = false;
    if (mv != null) {
      String m = String.valueOf(mv.unwrapped());
      if (!List.of("agent", "none").contains(m)) problem(mv, key + ".monitoring", "'" + m + "' is not a monitoring state; allowed: agent, none");
      agent = "agent".equals(m);
    }
    return new NodeModel.Identity(hardware == null ? "" : hardware, Collections.unmodifiableMap(drivers),
        updates, roles, switches, luns, agent);
  }

  private List<NodeModel.VSwitch> vswitches(HostSpec h, ConfigValue v, String hostKey) {
    List<NodeModel.VSwitch> out = new ArrayList<>();
    if (v.valueType() != ConfigValueType.LIST) {
      problem(v, hostKey + ".vswitches", "expected a list [ { name, type, uplink }, ... ]");
      return out;
    }
    Set<String> names = new HashSet<>();
    for (ConfigValue e : (ConfigList) v) {
      ConfigObject s = asObject(e, hostKey + ".vswitches");
      if (s == null) continue;
      String name = requiredString(s, hostKey + ".vswitches", "name");
      String key = hostKey + ".vswitches[" + name + "]";
      unknownKeys(s, key, VSWITCH);
      if (name != null && !names.add(name)) problem(s.get("name"), key + ".name", "virtual switch '" + name + "' is listed twice");
      String type = optString(s, key, "type", "external");
      if (type != null && !NodeModel.VSwitch.TYPES.contains(type)) {
        problem(s.get("type"), key + ".type", "'" + type + "' is not a switch type; allowed: " + String.join(", ", NodeModel.VSwitch.TYPES));
        type = null;
      }
      String uplink = optString(s, key, "uplink", null);
      String network = null;
      if ("external".equals(type)) {
        if (uplink == null) {
          problem(s, key + ".uplink", "missing; an external switch sits on a NIC or team of the host, e.g. uplink = team-vm");
        } else if (h.teams().stream().anyMatch(t -> t.name().equals(uplink))) {
          network = h.teams().stream().filter(t -> t.name().equals(uplink)).findFirst().orElseThrow().network();
        } else if (h.nic(uplink) != null && h.teamOf(uplink) == null) {
          network = h.nic(uplink).network();
        } else {
          Set<String> allowed = new TreeSet<>();
          h.teams().forEach(t -> allowed.add(t.name()));
          h.nics().forEach(n -> { if (h.teamOf(n.name()) == null) allowed.add(n.name()); });
          problem(s.get("uplink"), key + ".uplink", "no NIC or team named '" + uplink + "' on host " + h.name()
              + " (a teamed NIC is used through its team); allowed: " + allowed);
        }
      } else if (uplink != null && type != null) {
        problem(s.get("uplink"), key + ".uplink", "an " + type + " switch has no uplink; only an external one does");
      }
      if (name != null && type != null) out.add(new NodeModel.VSwitch(name, type, uplink, network));
    }
    return List.copyOf(out);
  }

  /** A list of names; each in {@code allowed} when given. */
  private List<String> names(ConfigValue v, String key, List<String> allowed, String what) {
    if (v.valueType() != ConfigValueType.LIST) {
      problem(v, key, "expected a list of names, e.g. [a, b]");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (ConfigValue e : (ConfigList) v) {
      String n = stringOf(e, key);
      if (n == null) continue;
      if (allowed != null && !allowed.contains(n)) {
        problem(e, key, "no " + what + " named '" + n + "'; allowed: " + allowed);
        continue;
      }
      out.add(n);
    }
    return List.copyOf(out);
  }

  private NodeModel.Times times() {
    Config t = defaults.getConfig("livemig.node-add");
    return new NodeModel.Times(ns(t, "test-vm-check"), ns(t, "identity-query"), ns(t, "features-query"),
        ns(t, "switch-query"), ns(t, "disk-query"), ns(t, "maintenance-enter"), ns(t, "maintenance-leave"), ns(t, "join"),
        ns(t, "quorum"), ns(t, "evict"), ns(t, "refresh"), ns(t, "agent-deployment"), ns(t, "agent-removal"),
        ns(t, "validation-per-node"), ns(t, "monitoring-agent"));
  }

  private static long ns(Config c, String k) {
    return c.getDuration(k).toNanos();
  }

  // ------------------------------------------------------------------ the add-node step

  /**
   * {@code add-node { host, test-vm, measure }}: the host must be outside the cluster at this step,
   * the test VM must exist and run on a member ({@code where}: each VM's host as the steps so far
   * left it; {@code moved}: VMs whose host is known only at run time).
   */
  Specs.Step addNode(ConfigObject body, String key, int line, Map<String, HostSpec> hosts, Map<String, String> where,
      Set<String> moved) {
    unknownKeys(body, key, keys("host", "test-vm", "measure"));
    String host = requiredString(body, key, "host");
    String vm = requiredString(body, key, "test-vm");
    String measure = optString(body, key, "measure", null);
    boolean ok = host != null && vm != null;
    Set<String> outside = new TreeSet<>(hosts.keySet());
    outside.removeAll(members);
    outside.addAll(added);
    if (host != null && !hosts.containsKey(host)) {
      problem(body.get("host"), key + ".host", "no host named '" + host + "'; allowed: hosts outside the cluster " + some(outside));
      ok = false;
    } else if (host != null && members.contains(host) && !added.contains(host)) {
      problem(body.get("host"), key + ".host", "host '" + host + "' is already in the cluster at this step; allowed: hosts outside it "
          + some(outside) + " (cluster-member = false)");
      ok = false;
    }
    if (vm != null && !where.containsKey(vm)) {
      problem(body.get("test-vm"), key + ".test-vm", "no VM named '" + vm + "'; allowed: " + some(new TreeSet<>(where.keySet())));
      ok = false;
    } else if (vm != null && !moved.contains(vm) && !members.contains(where.get(vm))) {
      problem(body.get("test-vm"), key + ".test-vm", "VM '" + vm + "' is on " + where.get(vm)
          + ", which is not in the cluster; the test VM must run on a cluster host " + some(new TreeSet<>(members)));
      ok = false;
    }
    if (members.isEmpty() && host != null) {
      problem(body, key, "there is no cluster to add a node to: every host has cluster-member = false");
      ok = false;
    }
    if (host != null && hosts.containsKey(host) && members.add(host)) added.add(host);
    return ok ? new Specs.AddNode(line, host, vm, measure) : null;
  }

  /** The model, once read (null before). */
  NodeModel model() {
    return model;
  }

  static Map<String, ConfigObject> byName(List<ConfigObject> objects) {
    Map<String, ConfigObject> out = new LinkedHashMap<>();
    for (ConfigObject o : objects) if (o.containsKey("name")) out.putIfAbsent(String.valueOf(o.get("name").unwrapped()), o);
    return out;
  }
}
