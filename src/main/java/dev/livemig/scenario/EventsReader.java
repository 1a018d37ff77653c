package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.VmSpec;

/**
 * The {@code events} section: NIC and host failures and recoveries, dirty-page storms. Each event
 * is {@code { at = 30 s, KIND {...} }}; a new kind of event is one more entry in {@link #kinds} and
 * its method.
 */
final class EventsReader extends ConfigReader {

  /** Reads the body of one event of a kind; null when it has a problem (already recorded). */
  private interface Kind {
    Specs.Event read(ConfigObject body, String key, long at, int line);
  }

  private final Map<String, Kind> kinds = new LinkedHashMap<>();
  private final WorkloadReader workloads;
  private Map<String, HostSpec> hosts;
  private List<VmSpec> vms;

  EventsReader(ConfigReader shared, WorkloadReader workloads) {
    super(shared);
    this.workloads = workloads;
    kinds.put("nic-down", (body, key, at, line) -> nic(body, key, at, line, false));
    kinds.put("nic-up", (body, key, at, line) -> nic(body, key, at, line, true));
    kinds.put("host-down", (body, key, at, line) -> host(body, key, at, line, false));
    kinds.put("host-up", (body, key, at, line) -> host(body, key, at, line, true));
    kinds.put("storm", this::storm);
    kinds.put("link-down", (body, key, at, line) -> link(body, key, at, line, false));
    kinds.put("link-up", (body, key, at, line) -> link(body, key, at, line, true));
    kinds.put("site-down", this::site);
  }

  private dev.livemig.spec.TopologySpec topology;

  /** The scenario's topology (null: none), which link and site events name. */
  EventsReader topology(dev.livemig.spec.TopologySpec topology) {
    this.topology = topology;
    return this;
  }

  /** {@code link-down { between = [a, b] }}: a switch uplink or link (two switches), or a WAN link (two sites). */
  private Specs.Event link(ConfigObject body, String key, long at, int line, boolean up) {
    unknownKeys(body, key, keys("between"));
    if (topology == null) {
      problem(body, key, "a link event needs a topology (scenario key `topology`) with the link");
      return null;
    }
    if (!body.containsKey("between")) {
      problem(body, key + ".between", "missing; give the link's two ends, e.g. between = [tor1, spine]");
      return null;
    }
    if (!(body.get("between") instanceof ConfigList given)) {
      problem(body.get("between"), key + ".between", "expected a list of two switches or two sites, e.g. [tor1, spine]");
      return null;
    }
    List<String> ends = new ArrayList<>();
    for (var v : given) ends.add(String.valueOf(v.unwrapped()));
    var t = dev.livemig.network.Topology.of(topology);
    if (ends.size() != 2 || t.linksBetween(ends.get(0), ends.get(1)).isEmpty()) {
      List<String> known = new ArrayList<>();
      for (var s : topology.switches()) if (s.uplink() != null) known.add("[" + s.name() + ", " + s.uplink() + "]");
      for (var l : topology.links()) known.add("[" + l.a() + ", " + l.b() + "]");
      for (var w : topology.wans()) known.add("[" + w.a() + ", " + w.b() + "]");
      problem(body.get("between"), key + ".between", "no uplink, link or WAN link between " + ends + "; allowed: " + some(known));
      return null;
    }
    return at >= 0 ? new Specs.LinkEvent(line, at, ends.get(0), ends.get(1), up) : null;
  }

  /** {@code site-down { site }}: every host of the site fails at once. */
  private Specs.Event site(ConfigObject body, String key, long at, int line) {
    unknownKeys(body, key, keys("site", "measure"));
    String site = requiredString(body, key, "site");
    String measure = optString(body, key, "measure", null);
    List<String> names = new ArrayList<>();
    if (topology != null) for (var s : topology.sites()) names.add(s.name());
    if (site != null && !names.contains(site)) {
      problem(body.get("site"), key + ".site", topology == null || names.isEmpty()
          ? "a site event needs a topology with sites (topology.sites)" : "no site named '" + site + "'; allowed: " + names);
      return null;
    }
    if (names.size() < 2 && site != null) {
      problem(body.get("site"), key + ".site", "a site failure needs another site for the VMs to restart on; the topology has " + names);
      return null;
    }
    return site != null && at >= 0 ? new Specs.SiteEvent(line, at, site, measure) : null;
  }

  /** The events that can fail a move: something goes down. */
  static final Set<String> FAULTS = Set.of("nic-down", "host-down", "link-down", "site-down");

  /**
   * Whether the scenario's events hold a fault ({@link #FAULTS}), read as given, before they are
   * validated (their problems are said by {@link #events}).
   */
  static boolean hasFaults(ConfigObject root) {
    if (!(root.get("events") instanceof ConfigList list)) return false;
    for (com.typesafe.config.ConfigValue v : list) {
      if (v instanceof ConfigObject o && o.keySet().stream().anyMatch(FAULTS::contains)) return true;
    }
    return false;
  }

  List<Specs.Event> events(ConfigObject root, Map<String, HostSpec> hosts, List<VmSpec> vms) {
    List<Specs.Event> out = new ArrayList<>();
    ConfigList list = optionalList(root, "", "events");
    if (list == null) return out;
    this.hosts = hosts;
    this.vms = vms;
    for (int i = 0; i < list.size(); i++) {
      String key = "events[" + i + "]";
      ConfigObject e = asObject(list.get(i), key);
      if (e == null) continue;
      int line = e.origin().lineNumber();
      Set<String> given = new TreeSet<>(e.keySet());
      given.remove("at");
      if (!e.containsKey("at")) problem(e, key + ".at", "missing; give the simulated instant, e.g. at = 30 s");
      long at = e.containsKey("at") ? durationOf(e.get("at"), key + ".at") : -1;
      if (given.size() != 1 || !kinds.containsKey(given.iterator().next())) {
        problem(e, key, "an event is { at = 30 s, K {...} } with K one of " + new TreeSet<>(kinds.keySet()) + "; found keys " + given);
        continue;
      }
      String kind = given.iterator().next();
      ConfigObject body = asObject(e.get(kind), key + "." + kind);
      if (body == null) continue;
      Specs.Event ev = kinds.get(kind).read(body, key + "." + kind, at, line);
      if (ev != null) out.add(ev);
    }
    return out;
  }

  /** {@code host-down { host }}, {@code host-up { host }}. */
  private Specs.Event host(ConfigObject body, String key, long at, int line, boolean up) {
    unknownKeys(body, key, keys("host"));
    String host = requiredString(body, key, "host");
    if (host != null && !hosts.containsKey(host))
      problem(body.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + some(hosts.keySet()));
    else if (host != null && at >= 0) return new Specs.HostEvent(line, at, host, up);
    return null;
  }

  /** {@code nic-down { host, nic }}, {@code nic-up { host, nic }}. */
  private Specs.Event nic(ConfigObject body, String key, long at, int line, boolean up) {
    unknownKeys(body, key, keys("host", "nic"));
    String host = requiredString(body, key, "host");
    String nic = requiredString(body, key, "nic");
    HostSpec h = host == null ? null : hosts.get(host);
    if (host != null && h == null) problem(body.get("host"), key + ".host", "no host named '" + host + "'; allowed: " + some(hosts.keySet()));
    if (h != null && nic != null && h.nic(nic) == null) {
      List<String> names = new ArrayList<>();
      for (NicSpec n : h.nics()) names.add(n.name());
      problem(body.get("nic"), key + ".nic", "host " + host + " has no NIC named '" + nic + "'; allowed: " + names);
    }
    if (h != null && nic != null && h.nic(nic) != null && at >= 0) return new Specs.NicEvent(line, at, host, nic, up);
    return null;
  }

  /** {@code storm { vm, until, writes-per-second, working-set }}: uniform writes on top of the VM's workload. */
  private Specs.Event storm(ConfigObject body, String key, long at, int line) {
    unknownKeys(body, key, keys("vm", "until", "writes-per-second", "working-set"));
    String vm = requiredString(body, key, "vm");
    VmSpec spec = null;
    for (VmSpec v : vms) if (v.name().equals(vm)) spec = v;
    List<String> names = new ArrayList<>();
    for (VmSpec v : vms) names.add(v.name());
    if (vm != null && spec == null) problem(body.get("vm"), key + ".vm", "no VM named '" + vm + "'; allowed: " + some(new TreeSet<>(names)));
    long until = -1;
    if (!body.containsKey("until")) {
      problem(body, key + ".until", "missing; give the instant the storm ends, e.g. until = 60 s");
    } else {
      until = durationOf(body.get("until"), key + ".until");
      if (until >= 0 && at >= 0 && until <= at)
        problem(body.get("until"), key + ".until", "the storm must end after it starts (at = " + at / 1e9 + " s); allowed: an instant after at");
    }
    double rate = nonNegative(body, key, "writes-per-second");
    long pageSize = defaults.getBytes("livemig.memory.page-size");
    long memory = spec == null ? 0 : spec.memoryBytes();
    long ws = workloads.workingSet(body, key, memory, pageSize, body);
    if (spec == null || until < 0 || at < 0 || until <= at) return null;
    return new Specs.StormEvent(line, at, vm, until, new Workload.Uniform(rate, 0, ws < 0 ? memory / pageSize : ws));
  }

}
