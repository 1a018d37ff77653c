package dev.livemig.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hosts from Get-VMHost (memory, logical processors) and Get-ClusterNode (membership, state); their
 * physical NICs from Get-NetAdapter (speed, status), RDMA from Get-NetAdapterRdma, LBFO teams from
 * Get-NetLbfoTeam / Get-NetLbfoTeamMember, and each NIC's or team's cluster network from
 * Get-ClusterNetworkInterface.
 */
final class HostMapper {
  private HostMapper() {}

  static void map(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    hosts(tables, d, notes);
    Map<String, String> networks = NetworkMapper.interfaces(tables, d, notes);
    Map<String, String> leftOut = new LinkedHashMap<>(); // "HOSTKEY/nic" to why, for the teams that name it
    Map<Draft.Host, Map<String, NicRow>> nics = nics(tables, d, notes, leftOut);
    rdma(tables, d, nics, notes);
    Map<Draft.Host, Map<String, TeamRow>> teams = Teams.read(tables, d, notes);
    for (Draft.Host h : d.hosts) build(h, nics.getOrDefault(h, Map.of()), teams.getOrDefault(h, Map.of()), networks, leftOut, notes);
  }

  static List<CsvTable.Row> rows(Map<Cmdlet, List<CsvTable>> tables, Cmdlet c) {
    List<CsvTable.Row> out = new ArrayList<>();
    for (CsvTable t : tables.getOrDefault(c, List.of())) out.addAll(t.rows);
    return out;
  }

  private static void hosts(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    Map<String, CsvTable.Row> nodes = new LinkedHashMap<>();
    for (CsvTable.Row r : rows(tables, Cmdlet.CLUSTER_NODE)) {
      String name = r.text("Name") != null ? r.text("Name") : r.text("NodeName");
      if (name == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "missing: a node needs its name; row not mapped");
        continue;
      }
      if (nodes.putIfAbsent(Draft.key(name), r) != null)
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "node '" + name + "' is listed twice; the first row is used");
      if (d.clusterName == null && r.text("Cluster") != null) d.clusterName = r.text("Cluster");
    }
    Set<String> names = Draft.names();
    Set<String> mapped = new java.util.HashSet<>();
    for (CsvTable.Row r : rows(tables, Cmdlet.VM_HOST)) {
      String col = r.text("Name") != null ? "Name" : "ComputerName";
      String exported = r.text(col);
      if (exported == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "missing: a host needs its name; row not mapped");
        continue;
      }
      String key = Draft.key(exported);
      if (!mapped.add(key)) {
        notes.add(r.table().label, r.line(), col, "host '" + exported + "' is listed twice; the first row is used");
        continue;
      }
      CsvTable.Row node = nodes.get(key);
      if (!nodes.isEmpty() && node == null) {
        notes.add(r.table().label, r.line(), col, "host '" + exported + "' is not a node of the cluster (no Get-ClusterNode row); left out");
        continue;
      }
      String state = node == null ? null : node.text("State");
      if (state != null && !List.of("up", "paused", "joining").contains(state.toLowerCase(Locale.ROOT))) {
        notes.add(node.table().label, node.line(), "State", "node '" + exported + "' is " + state
            + "; only Up, Paused and Joining nodes are mapped; left out with its VMs");
        continue;
      }
      Long memory = Cells.bytes(r, "MemoryCapacity", notes);
      if (memory == null || memory == 0) {
        if (r.text("MemoryCapacity") == null || memory != null)
          notes.add(r.table().label, r.line(), r.table().headerOf("MemoryCapacity"), "missing or zero: a host needs its memory; left out");
        continue;
      }
      Integer cores = Cells.count(r, "LogicalProcessorCount", notes);
      Draft.Host h = new Draft.Host(key, Draft.name(exported, names), exported);
      h.memory = memory;
      h.cores = cores == null ? 0 : cores;
      h.sources.add("Get-VMHost " + r.where());
      if (node != null) h.sources.add("Get-ClusterNode " + node.where() + (state == null ? "" : " (" + state + ")"));
      if ("paused".equalsIgnoreCase(state)) h.remarks.add("paused in the export; mapped as in service");
      d.hosts.add(h);
    }
    for (Map.Entry<String, CsvTable.Row> e : nodes.entrySet()) {
      if (!mapped.contains(e.getKey())) {
        CsvTable.Row r = e.getValue();
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "node '" + (r.text("Name") != null ? r.text("Name") : r.text("NodeName"))
            + "'" + (r.text("State") == null ? "" : " (" + r.text("State") + ")")
            + " has no Get-VMHost row: its memory and processors are unknown; left out");
      }
    }
  }

  /** A physical NIC as exported, before teams and networks are known. */
  static final class NicRow {
    final String exported;
    final String description;
    final double bps;
    final boolean enabled;
    String rdma = "none";
    final String where;

    NicRow(String exported, String description, double bps, boolean enabled, String where) {
      this.exported = exported;
      this.description = description;
      this.bps = bps;
      this.enabled = enabled;
      this.where = where;
    }
  }

  /** A team member as exported, with the cell that named it. */
  record Member(String name, CsvTable.Row row, String column) {}

  /** A team as exported: its members in order, its sources. */
  static final class TeamRow {
    final String exported;
    final List<Member> members = new ArrayList<>();
    final List<String> sources = new ArrayList<>();

    TeamRow(String exported) {
      this.exported = exported;
    }
  }

  private static Map<Draft.Host, Map<String, NicRow>> nics(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes,
      Map<String, String> leftOut) {
    Map<Draft.Host, Map<String, NicRow>> out = new LinkedHashMap<>();
    for (CsvTable.Row r : rows(tables, Cmdlet.NET_ADAPTER)) {
      Draft.Host h = Cells.hostOf(r, d, notes);
      String name = r.text("Name");
      if (h == null) continue;
      if (name == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "missing: a NIC needs its name; row not mapped");
        continue;
      }
      String desc = r.text("InterfaceDescription") == null ? "" : r.text("InterfaceDescription");
      if (desc.contains("Multiplexor")) {
        h.sources.add("Get-NetAdapter " + r.where());
        continue;
      }
      if (desc.contains("Hyper-V Virtual Ethernet") || name.startsWith("vEthernet")) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "'" + name + "' is a host virtual NIC on a Hyper-V switch; "
            + "virtual switches are not modelled; row not mapped");
        continue;
      }
      String status = r.text("Status") == null ? "Up" : r.text("Status");
      boolean up = status.equalsIgnoreCase("Up");
      String col = r.text("LinkSpeed") != null ? "LinkSpeed" : r.text("Speed") != null ? "Speed" : "ReceiveLinkSpeed";
      Double bps = Cells.bitsPerSecond(r, col, notes);
      if (bps == null || bps <= 0) {
        if (bps != null || r.text(col) == null)
          notes.add(r.table().label, r.line(), col, "NIC '" + name + "' (" + status + ") has no link speed; left out");
        leftOut.put(h.key + "/" + name.toLowerCase(Locale.ROOT), status + ", no link speed");
        continue;
      }
      if (!up) h.remarks.add(name + " is " + status + ": disabled");
      Map<String, NicRow> m = out.computeIfAbsent(h, k -> new LinkedHashMap<>());
      if (m.putIfAbsent(name.toLowerCase(Locale.ROOT), new NicRow(name, desc, bps, up, r.where())) != null)
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "NIC '" + name + "' is listed twice on " + h.exported + "; the first row is used");
    }
    return out;
  }

  private static void rdma(Map<Cmdlet, List<CsvTable>> tables, Draft d, Map<Draft.Host, Map<String, NicRow>> nics, Notes notes) {
    for (CsvTable.Row r : rows(tables, Cmdlet.NET_ADAPTER_RDMA)) {
      Draft.Host h = Cells.hostOf(r, d, notes);
      String name = r.text("Name");
      if (h == null || name == null) continue;
      NicRow n = nics.getOrDefault(h, Map.of()).get(name.toLowerCase(Locale.ROOT));
      if (n == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "no physical NIC '" + name + "' on " + h.exported + " in Get-NetAdapter; row not mapped");
        continue;
      }
      Boolean enabled = Cells.bool(r, "Enabled", notes);
      Boolean operational = Cells.bool(r, "Operational", notes);
      if (!Boolean.TRUE.equals(enabled)) continue;
      if (Boolean.FALSE.equals(operational)) {
        h.remarks.add(name + ": RDMA enabled but not operational (" + r.where() + "): mapped without RDMA");
        continue;
      }
      String desc = r.text("InterfaceDescription") != null ? r.text("InterfaceDescription") : n.description;
      n.rdma = Rdma.kind(desc);
      h.sources.add("Get-NetAdapterRdma " + r.where());
      if (!Rdma.known(desc))
        notes.add(r.table().label, r.line(), r.table().headerOf("InterfaceDescription"), "the RDMA kind of '" + desc + "' is not known to livemig; "
            + "mapped as iwarp; set rdma = roce on " + h.name + "'s NIC if it is RoCE");
    }
  }

  private static void build(Draft.Host h, Map<String, NicRow> nics, Map<String, TeamRow> teams, Map<String, String> networks,
      Map<String, String> leftOut, Notes notes) {
    Set<String> names = Draft.names();
    Map<String, String> nicNames = new LinkedHashMap<>();
    Map<String, String> teamOf = new LinkedHashMap<>();
    List<Draft.Team> built = new ArrayList<>();
    Map<String, String> teamNames = new LinkedHashMap<>();
    for (NicRow n : nics.values()) nicNames.put(n.exported.toLowerCase(Locale.ROOT), Draft.name(n.exported, names));
    for (TeamRow t : teams.values()) {
      List<String> members = new ArrayList<>();
      for (Member mb : t.members) {
        String m = mb.name();
        NicRow n = nics.get(m.toLowerCase(Locale.ROOT));
        String out = leftOut.get(h.key + "/" + m.toLowerCase(Locale.ROOT));
        String why = n == null ? (out != null ? "is left out (" + out + ")" : "is not a physical NIC of " + h.exported + " in Get-NetAdapter")
            : !n.enabled ? "is not Up" : teamOf.containsKey(m.toLowerCase(Locale.ROOT)) ? "is already in team " + teamOf.get(m.toLowerCase(Locale.ROOT)) : null;
        if (why != null) {
          notes.add(mb.row().table().label, mb.row().line(), mb.column(), "team " + t.exported + ": member '" + m + "' "
              + why + "; left out of the team");
          continue;
        }
        teamOf.put(m.toLowerCase(Locale.ROOT), t.exported);
        members.add(nicNames.get(m.toLowerCase(Locale.ROOT)));
      }
      h.sources.addAll(t.sources);
      if (members.isEmpty()) {
        CsvTable.Row at = t.members.isEmpty() ? null : t.members.get(0).row();
        notes.add(at == null ? h.name : at.table().label, at == null ? 0 : at.line(), null,
            "team " + t.exported + " on " + h.exported + " has no usable member; left out");
        continue;
      }
      String name = Draft.name(t.exported, names);
      teamNames.put(t.exported.toLowerCase(Locale.ROOT), name);
      String network = networks.get(h.key + "/" + t.exported.toLowerCase(Locale.ROOT));
      if (network == null) {
        network = name;
        h.remarks.add("team " + t.exported + " is on no cluster network (Get-ClusterNetworkInterface); its network is named after it");
      }
      built.add(new Draft.Team(name, t.exported, List.copyOf(members), network));
    }
    for (NicRow n : nics.values()) {
      String lower = n.exported.toLowerCase(Locale.ROOT);
      String network = teamOf.containsKey(lower) ? null : networks.get(h.key + "/" + lower);
      h.nics.add(new Draft.Nic(nicNames.get(lower), n.exported, n.bps, n.enabled, n.rdma, network));
      h.sources.add("Get-NetAdapter " + n.where);
    }
    h.teams.addAll(built);
    for (Map.Entry<String, String> e : networks.entrySet()) {
      if (!e.getKey().startsWith(h.key + "/")) continue;
      String adapter = e.getKey().substring(h.key.length() + 1);
      if (!nicNames.containsKey(adapter) && !teamNames.containsKey(adapter))
        h.remarks.add("cluster network " + e.getValue() + " is on adapter '" + adapter + "', which is no NIC or team mapped here");
    }
  }
}
