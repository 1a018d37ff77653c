package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.NodeModel.Identity;

/**
 * The checks of the node-add checklist, as pure functions of what the hosts reported (what
 * Test-Cluster and the manager would flag): the node add's actor runs them on the replies it
 * gathered, {@code livemig validate} on the scenario's model. Each difference is one line.
 */
public final class NodeChecks {
  private NodeChecks() {}

  /** A check's result: its problems (none: passed) and the fix, said once. */
  public record Finding(String check, List<String> problems, String fix) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** The checklist's steps, in order (domain.md, "Adding a node"). */
  public static final List<String> STEPS = List.of("test VM", "identical build", "roles and features",
      "virtual switches", "cluster disks", "maintenance mode", "join and quorum", "manager agent", "test-VM tour",
      "validation and monitoring");

  /** Step 1: a test VM, running on a member, never a production VM. */
  public static Finding testVm(String vm, String host, boolean running, boolean onMember, boolean production) {
    List<String> p = new ArrayList<>();
    if (production) p.add("VM " + vm + " is marked production; a node add moves its test VM to and from the new node, never a production VM");
    if (!running) p.add("test VM " + vm + " is not running (its host crashed)");
    else if (!onMember) p.add("test VM " + vm + " is on " + host + ", which is not in the cluster");
    return new Finding(STEPS.get(0), p, production ? "name a test VM (production = false) for the node add"
        : "start the test VM on a cluster node");
  }

  /**
   * Step 2: hardware model, driver versions and updates of the new host against each member's:
   * every difference, with the hosts on each side ("identical. I mean identical.").
   */
  public static Finding identity(String newHost, Identity mine, Map<String, Identity> members) {
    List<String> p = new ArrayList<>();
    Map<String, String> hw = new TreeMap<>();
    members.forEach((h, id) -> hw.put(h, id.hardware()));
    differs(p, "hardware", newHost, mine.hardware(), hw);
    TreeSet<String> drivers = new TreeSet<>(mine.drivers().keySet());
    members.values().forEach(id -> drivers.addAll(id.drivers().keySet()));
    for (String d : drivers) {
      Map<String, String> v = new TreeMap<>();
      members.forEach((h, id) -> v.put(h, id.drivers().getOrDefault(d, "(none)")));
      differs(p, "driver " + d, newHost, mine.drivers().getOrDefault(d, "(none)"), v);
    }
    TreeSet<String> updates = new TreeSet<>(mine.updates());
    members.values().forEach(id -> updates.addAll(id.updates()));
    for (String u : updates) {
      List<String> with = new ArrayList<>();
      List<String> without = new ArrayList<>();
      members.forEach((h, id) -> (id.updates().contains(u) ? with : without).add(h));
      if (!mine.updates().contains(u)) p.add("update " + u + ": missing on " + newHost + " (installed on " + String.join(", ", with) + ")");
      else if (!without.isEmpty()) p.add("update " + u + ": installed on " + newHost + ", missing on " + String.join(", ", without));
    }
    return new Finding(STEPS.get(1), p, "build " + newHost + " identical to the other nodes (same hardware model, "
        + "driver versions and updates), then add it");
  }

  /** One attribute: the new host's value against each member's, grouped by value. */
  private static void differs(List<String> p, String what, String newHost, String mine, Map<String, String> members) {
    Map<String, List<String>> byValue = new LinkedHashMap<>();
    members.forEach((h, v) -> byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(h));
    if (byValue.keySet().stream().allMatch(v -> Objects.equals(v, mine))) return;
    StringBuilder sb = new StringBuilder(what + ": " + newHost + " has '" + mine + "'");
    String join = " but ";
    for (var e : byValue.entrySet()) {
      if (Objects.equals(e.getKey(), mine)) continue;
      List<String> hs = e.getValue();
      sb.append(join).append(String.join(", ", hs)).append(hs.size() == 1 ? " has '" : " have '").append(e.getKey()).append('\'');
      join = " and ";
    }
    p.add(sb.toString());
  }

  /** Step 3: the Hyper-V role and the Failover Clustering feature on the new host. */
  public static Finding roles(String host, Identity id) {
    List<String> p = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String r : NodeModel.REQUIRED_ROLES) {
      if (!id.roles().contains(r)) {
        missing.add(r.equals("hyper-v") ? "Hyper-V" : "Failover-Clustering");
        p.add((r.equals("hyper-v") ? "the Hyper-V role" : "the Failover Clustering feature") + " is not enabled on " + host);
      }
    }
    return new Finding(STEPS.get(2), p, "Install-WindowsFeature " + String.join(", ", missing.isEmpty()
        ? List.of("Hyper-V", "Failover-Clustering") : missing) + " -IncludeManagementTools on " + host + " (it restarts)");
  }

  /**
   * Step 4: the new host's virtual switches against each member's, by name, type and the network under
   * them; the manager's own words when they differ ("Unsupported Cluster Configuration").
   */
  public static Finding vswitches(String newHost, Identity mine, Map<String, Identity> members) {
    List<String> p = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    mine.vswitches().forEach(s -> names.add(s.name()));
    members.values().forEach(id -> id.vswitches().forEach(s -> names.add(s.name())));
    for (String n : names) {
      NodeModel.VSwitch own = find(mine, n);
      List<String> have = new ArrayList<>();
      List<String> lack = new ArrayList<>();
      Map<String, String> shape = new TreeMap<>();
      members.forEach((h, id) -> {
        NodeModel.VSwitch s = find(id, n);
        (s == null ? lack : have).add(h);
        if (s != null) shape.put(h, describe(s));
      });
      String where = "Unsupported Cluster Configuration: virtual switch '" + n + "'";
      if (own == null) {
        p.add(where + " is on " + String.join(", ", have) + " but not on " + newHost);
      } else if (have.isEmpty()) {
        p.add(where + " is on " + newHost + " but on none of " + String.join(", ", members.keySet()));
      } else {
        if (!lack.isEmpty()) p.add(where + " is on " + newHost + " but not on " + String.join(", ", lack));
        int before = p.size();
        differs(p, where, newHost, describe(own), shape);
        if (p.size() > before) p.set(before, p.get(before).replace("': " + newHost + " has", "' differs: " + newHost + " has"));
      }
    }
    return new Finding(STEPS.get(3), p, "create the same virtual switches on " + newHost
        + " as on the other nodes (same names, types and networks): the manager does not create them when it adds a node");
  }

  private static NodeModel.VSwitch find(Identity id, String name) {
    for (NodeModel.VSwitch s : id.vswitches()) if (s.name().equals(name)) return s;
    return null;
  }

  private static String describe(NodeModel.VSwitch s) {
    return s.type() + (s.network() != null ? " on network " + s.network() : "");
  }

  /** Step 5: every cluster disk presented to the new host. */
  public static Finding disks(String host, Identity id, List<String> clusterDisks) {
    List<String> p = new ArrayList<>();
    for (String d : clusterDisks) if (!id.luns().contains(d)) p.add("cluster disk (LUN) " + d + " is not presented to " + host);
    return new Finding(STEPS.get(4), p, "present every cluster disk to " + host + " in the SAN manager (zoning, LUN masking), then rescan");
  }

  /** The cluster validation run again over every node (step 10): each node against the others. */
  public static List<Finding> cluster(Map<String, Identity> nodes, List<String> disks) {
    List<Finding> out = new ArrayList<>();
    for (String h : nodes.keySet()) {
      Map<String, Identity> others = new TreeMap<>(nodes);
      others.remove(h);
      if (others.isEmpty()) continue;
      Identity id = nodes.get(h);
      for (Finding f : List.of(identity(h, id, others), roles(h, id), vswitches(h, id, others), disks(h, id, disks)))
        if (!f.ok()) out.add(f);
    }
    return out;
  }

  /**
   * The checks of steps 1 to 5 for adding {@code newHost} to the members of {@code m}, without
   * running anything ({@code livemig validate}); {@code testVm} null: no test VM is named.
   */
  public static List<Finding> checklist(NodeModel m, String newHost, String testVm, String testVmHost) {
    Map<String, Identity> members = new TreeMap<>();
    for (String h : m.members()) if (!h.equals(newHost)) members.put(h, m.identity(h));
    Identity mine = m.identity(newHost);
    List<Finding> out = new ArrayList<>();
    if (testVm != null)
      out.add(testVm(testVm, testVmHost, true, m.member(testVmHost) && !newHost.equals(testVmHost), m.production(testVm)));
    out.add(identity(newHost, mine, members));
    out.add(roles(newHost, mine));
    out.add(vswitches(newHost, mine, members));
    out.add(disks(newHost, mine, m.disks()));
    return out;
  }
}
