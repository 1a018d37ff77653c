package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.TopologySpec;

/**
 * The {@code topology} section (issue 17): switches, which NIC plugs into which port, links between
 * switches, sites, WAN links and storage replication. Every problem is one line with its key; a
 * topology must connect every two hosts of the cluster.
 */
final class TopologyReader extends ConfigReader {
  private static final Set<String> TOP = keys("switches", "plug", "links", "sites", "wan", "replication");
  private static final Set<String> SWITCH = keys("name", "ports", "port-speed", "uplink", "uplink-speed", "oversubscription");
  private static final Set<String> PLUG = keys("switch", "port", "nics");
  private static final Set<String> LINK = keys("between", "speed");
  private static final Set<String> SITE = keys("name", "switches", "gateway");
  private static final Set<String> WAN = keys("between", "speed", "rtt", "loss", "rdma");
  private static final Set<String> REPLICATION = keys("between", "mode", "speed", "lag", "write-rate");

  TopologyReader(ConfigReader shared) {
    super(shared);
  }

  /** The topology, or null when the scenario has none (or it has problems, already recorded). */
  TopologySpec topology(ConfigObject root, Map<String, HostSpec> hosts) {
    if (!root.containsKey("topology")) return null;
    ConfigObject t = asObject(root.get("topology"), "topology");
    if (t == null) return null;
    int before = problems.size();
    unknownKeys(t, "topology", TOP);
    Map<String, TopologySpec.Switch> switches = switches(t);
    List<TopologySpec.Plug> plugs = plugs(t, switches, hosts);
    List<TopologySpec.SwitchLink> links = new ArrayList<>();
    for (Item i : items(t, "links", LINK)) {
      List<String> ends = pair(i.o(), i.key(), switches.keySet(), "switch");
      double bps = requiredBandwidth(i.o(), i.key(), "speed");
      if (ends != null) links.add(new TopologySpec.SwitchLink(ends.get(0), ends.get(1), bps));
    }
    List<TopologySpec.Site> sites = sites(t, switches, plugs);
    Set<String> siteNames = new TreeSet<>();
    for (TopologySpec.Site s : sites) siteNames.add(s.name());
    List<TopologySpec.Wan> wans = new ArrayList<>();
    for (Item i : items(t, "wan", WAN)) {
      List<String> ends = pair(i.o(), i.key(), siteNames, "site");
      double bps = requiredBandwidth(i.o(), i.key(), "speed");
      long rtt = -1;
      if (!i.o().containsKey("rtt")) problem(i.o(), i.key() + ".rtt", "missing; give the round-trip time, e.g. rtt = 2 ms");
      else rtt = durationOf(i.o().get("rtt"), i.key() + ".rtt");
      double loss = 0;
      if (i.o().containsKey("loss")) {
        loss = nonNegative(i.o(), i.key(), "loss");
        if (loss > 1) problem(i.o().get("loss"), i.key() + ".loss", loss + " is above 1; allowed: a packet loss rate from 0 to 1, e.g. 0.0001");
      }
      boolean rdma = optBoolean(i.o(), i.key(), "rdma", false);
      if (ends != null && rtt >= 0 && loss <= 1) wans.add(new TopologySpec.Wan(ends.get(0), ends.get(1), bps, rtt, loss, rdma));
    }
    List<TopologySpec.Replication> replication = replication(t, siteNames);
    if (problems.size() > before) return null;
    TopologySpec spec = new TopologySpec(List.copyOf(switches.values()), List.copyOf(plugs), List.copyOf(links),
        List.copyOf(sites), List.copyOf(wans), List.copyOf(replication));
    connected(t, spec, hosts);
    return problems.size() > before ? null : spec;
  }

  private record Item(ConfigObject o, String key) {}

  /** The blocks of the list {@code topology.k}, each checked for unknown keys. */
  private List<Item> items(ConfigObject t, String k, Set<String> allowed) {
    List<Item> out = new ArrayList<>();
    ConfigList list = optionalList(t, "topology", k);
    if (list == null) return out;
    for (int i = 0; i < list.size(); i++) {
      String key = "topology." + k + "[" + i + "]";
      ConfigObject o = asObject(list.get(i), key);
      if (o == null) continue;
      unknownKeys(o, key, allowed);
      out.add(new Item(o, key));
    }
    return out;
  }

  /** {@code between = [a, b]}: two different names, each one of {@code known}; null on a problem. */
  private List<String> pair(ConfigObject o, String key, Set<String> known, String what) {
    if (!o.containsKey("between")) {
      problem(o, key + ".between", "missing; give the two " + plural(what) + " it connects, e.g. between = [a, b]");
      return null;
    }
    List<String> ends = namesOf(o, key, "between", null, known, "expected a list of two " + plural(what) + ", e.g. [a, b]",
        n -> "no " + what + " named '" + n + "'; allowed: " + some(known));
    if (ends == null) return null;
    if (ends.size() != 2 || ends.get(0).equals(ends.get(1))) {
      problem(o.get("between"), key + ".between", "give two different " + plural(what) + ", e.g. [a, b]; found " + ends);
      return null;
    }
    return known.containsAll(ends) ? ends : null;
  }

  private static String plural(String what) {
    return what.endsWith("h") ? what + "es" : what + "s";
  }

  private Map<String, TopologySpec.Switch> switches(ConfigObject t) {
    Map<String, TopologySpec.Switch> out = new LinkedHashMap<>();
    List<Item> items = items(t, "switches", SWITCH);
    if (items.isEmpty()) problem(t, "topology.switches", "missing; give the switches, e.g. [ { name = tor1, ports = 24, port-speed = 10 Gbps } ]");
    Set<String> names = new TreeSet<>();
    for (Item i : items) {
      String n = requiredName(i.o(), i.key());
      if (n != null && !names.add(n)) problem(i.o().get("name"), i.key() + ".name", "switch name '" + n + "' is used twice; switch names must be unique");
    }
    for (Item i : items) {
      ConfigObject o = i.o();
      String key = i.key();
      String name = o.containsKey("name") ? String.valueOf(o.get("name").unwrapped()) : null;
      int ports = o.containsKey("ports") ? (int) longValue(o.get("ports"), key + ".ports", 1, 100_000) : 0;
      if (!o.containsKey("ports")) problem(o, key + ".ports", "missing; give the number of ports, e.g. ports = 48");
      double portBps = requiredBandwidth(o, key, "port-speed");
      String uplink = optString(o, key, "uplink", null);
      double uplinkBps = 0;
      boolean speed = o.containsKey("uplink-speed");
      boolean ratio = o.containsKey("oversubscription");
      if (uplink != null && !names.contains(uplink)) {
        problem(o.get("uplink"), key + ".uplink", "no switch named '" + uplink + "'; allowed: " + some(names));
      } else if (uplink != null && uplink.equals(name)) {
        problem(o.get("uplink"), key + ".uplink", "a switch cannot uplink to itself; allowed: another switch");
      }
      if (uplink == null && (speed || ratio)) {
        problem(o.get(speed ? "uplink-speed" : "oversubscription"), key + (speed ? ".uplink-speed" : ".oversubscription"),
            "only with an uplink; give uplink = SWITCH too, or remove it");
      } else if (uplink != null && speed == ratio) {
        problem(o, key + ".uplink-speed", "give exactly one of uplink-speed (e.g. 40 Gbps) or oversubscription "
            + "(ports x port-speed / uplink speed, e.g. 3)");
      } else if (speed) {
        uplinkBps = requiredBandwidth(o, key, "uplink-speed");
      } else if (ratio) {
        double r = nonNegative(o, key, "oversubscription");
        if (o.get("oversubscription").valueType() == ConfigValueType.NUMBER && r < 1)
          problem(o.get("oversubscription"), key + ".oversubscription", r + " is below 1; allowed: a ratio ≥ 1 (3 means 3:1)");
        else uplinkBps = ports * portBps / r;
      }
      if (name != null) out.put(name, new TopologySpec.Switch(name, ports, portBps, uplink, uplinkBps));
    }
    return out;
  }

  /** {@code plug = [ { switch, port = 1, nics = ["host/nic", ...] } ]}: ports in order from {@code port}. */
  private List<TopologySpec.Plug> plugs(ConfigObject t, Map<String, TopologySpec.Switch> switches, Map<String, HostSpec> hosts) {
    List<TopologySpec.Plug> out = new ArrayList<>();
    Map<String, String> portUsed = new HashMap<>();
    Map<String, String> nicAt = new HashMap<>();
    Map<String, Integer> nextPort = new HashMap<>();
    for (Item i : items(t, "plug", PLUG)) {
      ConfigObject o = i.o();
      String key = i.key();
      String sw = requiredString(o, key, "switch");
      TopologySpec.Switch s = sw == null ? null : switches.get(sw);
      if (sw != null && s == null)
        problem(o.get("switch"), key + ".switch", "no switch named '" + sw + "'; allowed: " + some(switches.keySet()));
      int port = o.containsKey("port") ? (int) longValue(o.get("port"), key + ".port", 1, 100_000)
          : nextPort.getOrDefault(sw, 1);
      ConfigList nics = requiredList(o, key, "nics");
      if (nics == null) continue;
      for (ConfigValue v : nics) {
        String nicKey = key + ".nics";
        String text = stringOf(v, nicKey);
        if (text == null) continue;
        int slash = text.indexOf('/');
        HostSpec h = slash > 0 ? hosts.get(text.substring(0, slash)) : null;
        NicSpec n = h == null ? null : h.nic(text.substring(slash + 1));
        if (slash <= 0) {
          problem(v, nicKey, "'" + text + "' is not host/nic; give a host's NIC, e.g. \"hv01/lm1\"");
        } else if (h == null) {
          problem(v, nicKey, "no host named '" + text.substring(0, slash) + "'; allowed: " + some(hosts.keySet()));
        } else if (n == null) {
          List<String> names = new ArrayList<>();
          for (NicSpec x : h.nics()) names.add(x.name());
          problem(v, nicKey, "host " + h.name() + " has no NIC named '" + text.substring(slash + 1) + "'; allowed: " + names);
        } else if (nicAt.containsKey(text)) {
          problem(v, nicKey, "NIC " + text + " is plugged twice (already into " + nicAt.get(text) + "); a NIC plugs into one port");
        }
        if (s != null) {
          String at = sw + " port " + port;
          if (port > s.ports()) {
            problem(v, nicKey, text + ": " + at + " does not exist; switch " + sw + " has ports 1 to " + s.ports());
          } else if (portUsed.containsKey(at)) {
            problem(v, nicKey, text + ": " + at + " is used twice (already by " + portUsed.get(at) + "); a port takes one NIC");
          } else if (n != null && n.speedBps() > s.portBps()) {
            problem(v, nicKey, text + " is faster (" + n.speedBps() / 1e9 + " Gbps) than the ports of " + sw + " ("
                + s.portBps() / 1e9 + " Gbps); allowed: a NIC no faster than its port");
          } else if (n != null && !nicAt.containsKey(text)) {
            portUsed.put(at, text);
            nicAt.put(text, at);
            out.add(new TopologySpec.Plug(h.name(), n.name(), sw, port));
          }
        }
        port++;
      }
      if (sw != null) nextPort.put(sw, port);
    }
    return out;
  }

  private List<TopologySpec.Site> sites(ConfigObject t, Map<String, TopologySpec.Switch> switches, List<TopologySpec.Plug> plugs) {
    List<TopologySpec.Site> out = new ArrayList<>();
    Map<String, String> siteOf = new HashMap<>();
    Set<String> names = new TreeSet<>();
    for (Item i : items(t, "sites", SITE)) {
      String name = requiredName(i.o(), i.key());
      if (name != null && !names.add(name)) problem(i.o().get("name"), i.key() + ".name", "site name '" + name + "' is used twice");
      if (!i.o().containsKey("switches")) {
        problem(i.o(), i.key() + ".switches", "missing; give the site's switches, e.g. switches = [core1, tor1, tor2]");
        continue;
      }
      List<String> sws = namesOf(i.o(), i.key(), "switches", List.of(), switches.keySet(), "expected a list of switches",
          n -> "no switch named '" + n + "'; allowed: " + some(switches.keySet()));
      for (String s : sws) {
        String was = siteOf.putIfAbsent(s, name);
        if (was != null && !was.equals(name))
          problem(i.o().get("switches"), i.key() + ".switches", "switch " + s + " is already in site " + was + "; a switch is in one site");
      }
      String gateway = optString(i.o(), i.key(), "gateway", sws.isEmpty() ? null : sws.get(0));
      if (gateway != null && !sws.contains(gateway))
        problem(i.o().get("gateway"), i.key() + ".gateway", "'" + gateway + "' is not one of the site's switches " + sws);
      List<String> hosts = new ArrayList<>();
      for (TopologySpec.Plug p : plugs) if (sws.contains(p.switchName()) && !hosts.contains(p.host())) hosts.add(p.host());
      if (hosts.isEmpty())
        problem(i.o(), i.key(), "site " + name + " has no hosts: no NIC is plugged into its switches " + sws);
      if (name != null) out.add(new TopologySpec.Site(name, sws, gateway, List.copyOf(hosts)));
    }
    if (!out.isEmpty()) {
      Map<String, String> hostSite = new HashMap<>();
      for (TopologySpec.Plug p : plugs) {
        String s = siteOf.get(p.switchName());
        if (s == null) {
          problem(t.get("sites"), "topology.sites", "switch " + p.switchName() + " (with " + p.host() + "/" + p.nic()
              + ") is in no site; list it under one site's switches");
          siteOf.put(p.switchName(), "?");
          continue;
        }
        String was = hostSite.putIfAbsent(p.host(), s);
        if (was != null && !was.equals(s) && !"?".equals(s))
          problem(t.get("sites"), "topology.sites", "host " + p.host() + " has NICs in two sites (" + was + ", " + s + "); a host is in one site");
      }
    }
    return out;
  }

  private List<TopologySpec.Replication> replication(ConfigObject t, Set<String> sites) {
    List<TopologySpec.Replication> out = new ArrayList<>();
    for (Item i : items(t, "replication", REPLICATION)) {
      ConfigObject o = i.o();
      String key = i.key();
      List<String> ends = pair(o, key, sites, "site");
      String mode = requiredString(o, key, "mode");
      if (mode != null && !mode.equals("sync") && !mode.equals("async"))
        problem(o.get("mode"), key + ".mode", "'" + mode + "' is not a replication mode; allowed: sync, async");
      boolean sync = "sync".equals(mode);
      double bps = requiredBandwidth(o, key, "speed");
      long lag = 0;
      if (o.containsKey("lag")) lag = durationOf(o.get("lag"), key + ".lag");
      if (sync && lag > 0) problem(o.get("lag"), key + ".lag", "synchronous replication has no lag; allowed: 0 s, or mode = async");
      if ("async".equals(mode) && !o.containsKey("lag")) problem(o, key + ".lag", "missing; give how far the asynchronous replica is behind, e.g. lag = 10 s");
      double write = o.containsKey("write-rate") ? bandwidthOf(o.get("write-rate"), key + ".write-rate", true) : 0;
      if (sync && write > bps)
        problem(o.get("write-rate"), key + ".write-rate", "synchronous replication at " + write / 1e6 + " Mbps of writes needs a link at least that fast (speed = " + bps / 1e6 + " Mbps)");
      if (ends != null && mode != null && lag >= 0) out.add(new TopologySpec.Replication(ends.get(0), ends.get(1), sync, bps, lag, write));
    }
    return out;
  }

  /** Every two hosts must reach each other through some pair of their NICs: one problem per host cut off. */
  private void connected(ConfigObject t, TopologySpec spec, Map<String, HostSpec> hosts) {
    Map<String, String> root = new HashMap<>();
    for (TopologySpec.Switch s : spec.switches()) root.put(s.name(), s.name());
    for (TopologySpec.Switch s : spec.switches()) if (s.uplink() != null) union(root, s.name(), s.uplink());
    for (TopologySpec.SwitchLink l : spec.links()) union(root, l.a(), l.b());
    for (TopologySpec.Wan w : spec.wans()) {
      String ga = null;
      String gb = null;
      for (TopologySpec.Site s : spec.sites()) {
        if (s.name().equals(w.a())) ga = s.gateway();
        if (s.name().equals(w.b())) gb = s.gateway();
      }
      if (ga != null && gb != null) union(root, ga, gb);
    }
    Map<String, Set<String>> parts = new LinkedHashMap<>();
    for (String h : hosts.keySet()) parts.put(h, new TreeSet<>());
    for (TopologySpec.Plug p : spec.plugs()) parts.get(p.host()).add(find(root, p.switchName()));
    String first = null;
    for (var e : parts.entrySet()) {
      if (e.getValue().isEmpty()) {
        problem(t, "topology.plug", "host " + e.getKey() + " has no NIC plugged into a switch; with a topology every host needs one");
        continue;
      }
      if (first == null) {
        first = e.getKey();
        continue;
      }
      Set<String> common = new TreeSet<>(e.getValue());
      common.retainAll(parts.get(first));
      if (common.isEmpty())
        problem(t, "topology", "no path between hosts " + first + " and " + e.getKey()
            + " (their switches are not connected); add an uplink, a link or a WAN link");
    }
  }

  private static String find(Map<String, String> root, String s) {
    while (!root.get(s).equals(s)) s = root.get(s);
    return s;
  }

  private static void union(Map<String, String> root, String a, String b) {
    if (!root.containsKey(a) || !root.containsKey(b)) return;
    root.put(find(root, a), find(root, b));
  }
}
