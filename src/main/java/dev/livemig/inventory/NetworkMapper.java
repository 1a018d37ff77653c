package dev.livemig.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cluster networks and the cluster's live-migration settings. Which adapter of a node is on which
 * cluster network comes from Get-ClusterNetworkInterface. The live-migration networks, in order,
 * come from the "Virtual Machine" resource type's MigrationNetworkOrder minus
 * MigrationExcludeNetworks (Get-ClusterParameter), else from Get-ClusterNetwork: every network
 * whose role is not None, lowest metric first (the order the cluster prefers). The performance
 * option and the simultaneous live migrations are per host in Get-VMHost; the scenario has one
 * value for the cluster (the most common option, the lowest limit; others are noted).
 */
final class NetworkMapper {
  private NetworkMapper() {}

  /** "HOSTKEY/adapter (lower case)" to the scenario name of its cluster network. */
  static Map<String, String> interfaces(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.CLUSTER_NETWORK)) {
      String name = r.text("Name");
      if (name == null) continue;
      String n = network(d, name);
      if (r.text("Id") != null) d.networkIds.put(r.text("Id").toLowerCase(Locale.ROOT), n);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.CLUSTER_NETWORK_INTERFACE)) {
      String node = r.text("Node");
      String net = r.text("Network");
      String adapter = r.text("Adapter");
      if (node == null || net == null || adapter == null) {
        notes.add(r.table().label, r.line(), node == null ? "Node" : net == null ? "Network" : "Adapter", "missing; row not mapped");
        continue;
      }
      if (d.host(node) == null) continue;
      out.put(Draft.key(node) + "/" + adapter.toLowerCase(Locale.ROOT), network(d, net));
    }
    return out;
  }

  private static String network(Draft d, String exported) {
    return d.networks.computeIfAbsent(exported.toLowerCase(Locale.ROOT), k -> Draft.name(exported, d.networkNames));
  }

  static void settings(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    Draft.Settings s = d.settings;
    Map<String, List<CsvTable.Row>> options = new LinkedHashMap<>();
    CsvTable.Row lowest = null;
    Integer limit = null;
    List<CsvTable.Row> limits = new ArrayList<>();
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.VM_HOST)) {
      String name = r.text("Name") != null ? r.text("Name") : r.text("ComputerName");
      if (name == null || d.host(name) == null) continue;
      String o = r.text("VirtualMachineMigrationPerformanceOption");
      if (o != null) {
        String mapped = option(o);
        if (mapped == null) notes.add(r.table().label, r.line(), r.table().headerOf("VirtualMachineMigrationPerformanceOption"), "'" + o
            + "' is not a performance option; allowed: TCPIP, Compression, SMB (or 0, 1, 2)");
        else options.computeIfAbsent(mapped, k -> new ArrayList<>()).add(r);
      }
      Integer m = Cells.count(r, "MaximumVirtualMachineMigrations", notes);
      if (m != null && m > 0) {
        limits.add(r);
        if (limit == null || m < limit) {
          limit = m;
          lowest = r;
        }
      }
      if (Boolean.FALSE.equals(Cells.bool(r, "VirtualMachineMigrationEnabled", notes)))
        notes.add(r.table().label, r.line(), r.table().headerOf("VirtualMachineMigrationEnabled"), "live migration is off on " + name
            + "; the model cannot turn it off per host: mapped as on");
    }
    if (!options.isEmpty()) {
      String best = null;
      for (Map.Entry<String, List<CsvTable.Row>> e : options.entrySet())
        if (best == null || e.getValue().size() > options.get(best).size()) best = e.getKey();
      s.performanceOption = best;
      s.sources.add("performance-option: VirtualMachineMigrationPerformanceOption of " + options.get(best).size() + " host(s) ("
          + options.get(best).get(0).where() + (options.get(best).size() > 1 ? ", ..." : "") + ")");
      for (Map.Entry<String, List<CsvTable.Row>> e : options.entrySet()) {
        if (e.getKey().equals(best)) continue;
        for (CsvTable.Row r : e.getValue())
          notes.add(r.table().label, r.line(), r.table().headerOf("VirtualMachineMigrationPerformanceOption"), "this host uses " + e.getKey()
              + "; the scenario has one option for the cluster: " + best + " (most hosts)");
      }
    }
    if (limit != null) {
      s.simultaneous = limit;
      s.sources.add("simultaneous: MaximumVirtualMachineMigrations, lowest of " + limits.size() + " host(s) (" + lowest.where() + ")");
      for (CsvTable.Row r : limits) {
        Integer m = Cells.count(r, "MaximumVirtualMachineMigrations", new Notes());
        if (m != null && m > limit) notes.add(r.table().label, r.line(), r.table().headerOf("MaximumVirtualMachineMigrations"), "this host allows "
            + m + "; the scenario has one limit for the cluster: " + limit + " (the lowest)");
      }
    }
    s.networks = liveMigrationNetworks(tables, d, notes);
    smbLimit(tables, d, notes);
  }

  private static String option(String o) {
    return switch (o.trim().toLowerCase(Locale.ROOT)) {
      case "tcpip", "0" -> "tcpip";
      case "compression", "1" -> "compression";
      case "smb", "smbtransport", "2" -> "smb";
      default -> null;
    };
  }

  private static List<String> liveMigrationNetworks(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    Draft.Settings s = d.settings;
    Set<String> used = new LinkedHashSet<>();
    for (Draft.Host h : d.hosts) {
      for (Draft.Nic n : h.nics) if (n.network() != null) used.add(n.network());
      for (Draft.Team t : h.teams) used.add(t.network());
    }
    List<String> order = null;
    Set<String> excluded = new LinkedHashSet<>();
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.CLUSTER_PARAMETER)) {
      String name = r.text("Name");
      String value = r.text("Value") == null ? "" : r.text("Value");
      if (!"MigrationNetworkOrder".equalsIgnoreCase(name) && !"MigrationExcludeNetworks".equalsIgnoreCase(name)) continue;
      List<String> nets = new ArrayList<>();
      for (String id : value.split("[;,]")) {
        if (id.isBlank()) continue;
        String n = d.networkIds.get(id.trim().toLowerCase(Locale.ROOT));
        if (n == null) notes.add(r.table().label, r.line(), r.table().headerOf("Value"), "network id " + id.trim()
            + " is not in Get-ClusterNetwork (its Id column); left out");
        else nets.add(n);
      }
      if ("MigrationNetworkOrder".equalsIgnoreCase(name)) order = nets;
      else excluded.addAll(nets);
      s.sources.add("networks: " + name + " (" + r.where() + ")");
    }
    if (order == null) {
      List<Object[]> byMetric = new ArrayList<>();
      for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.CLUSTER_NETWORK)) {
        String name = r.text("Name");
        String role = r.text("Role") == null ? "" : r.text("Role").toLowerCase(Locale.ROOT);
        if (name == null || role.equals("none") || role.equals("0")) continue;
        BigDecimal metric = Cells.number(r, "Metric", notes);
        byMetric.add(new Object[] {metric == null ? BigDecimal.valueOf(Long.MAX_VALUE) : metric, d.networks.get(name.toLowerCase(Locale.ROOT))});
      }
      byMetric.sort((a, b) -> ((BigDecimal) a[0]).compareTo((BigDecimal) b[0]));
      if (byMetric.isEmpty()) return null;
      order = new ArrayList<>();
      for (Object[] o : byMetric) order.add((String) o[1]);
      s.sources.add("networks: Get-ClusterNetwork, role not None, lowest metric first (no MigrationNetworkOrder exported)");
    }
    List<String> out = new ArrayList<>();
    for (String n : order) if (!excluded.contains(n) && used.contains(n) && !out.contains(n)) out.add(n);
    for (String n : order) {
      if (!used.contains(n) && !excluded.contains(n))
        s.sources.add("networks: " + n + " left out: no NIC or team of a mapped host is on it");
    }
    return out;
  }

  private static void smbLimit(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.SMB_BANDWIDTH_LIMIT)) {
      if (!"LiveMigration".equalsIgnoreCase(r.text("Category"))) continue;
      Long bytes = Cells.bytes(r, "BytesPerSecond", notes);
      if (bytes == null) continue;
      double bps = bytes * 8.0;
      if (d.settings.smbLimitBps == null || bps < d.settings.smbLimitBps) {
        d.settings.smbLimitBps = bps;
        d.settings.sources.add("smb-bandwidth-limit: Get-SmbBandwidthLimit LiveMigration (" + r.where() + ")");
      }
    }
  }
}
