package dev.livemig.inventory;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * VM priority from Get-ClusterGroup: a clustered VM is a cluster group (role) of type
 * VirtualMachine, named as the VM by default, whose Priority a drain and a restart follow:
 * 3000 High, 2000 Medium, 1000 Low, 0 No Auto Start. In the scenario: high, normal (the default,
 * not written), low; No Auto Start is low here (the model restarts every VM), said in the comment.
 */
final class Priorities {
  private Priorities() {}

  static void map(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes) {
    Map<String, Draft.Vm> byName = new HashMap<>();
    for (Draft.Vm v : d.vms) byName.putIfAbsent(v.exported.toLowerCase(Locale.ROOT), v);
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.CLUSTER_GROUP)) {
      String type = r.text("GroupType");
      String name = r.text("Name");
      if (name == null || (type != null && !type.equalsIgnoreCase("VirtualMachine") && !type.equals("111"))) continue;
      Draft.Vm vm = byName.get(name.toLowerCase(Locale.ROOT));
      if (vm == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("Name"), "no VM named '" + name + "' is mapped (a role is "
            + "matched to a VM by name); its priority is not read");
        continue;
      }
      vm.sources.add("Get-ClusterGroup " + r.where());
      String owner = r.text("OwnerNode");
      if (owner != null && !Draft.key(owner).equals(vm.host.key))
        notes.add(r.table().label, r.line(), r.table().headerOf("OwnerNode"), "role " + name + " is owned by " + owner
            + " but Get-VM has the VM on " + vm.host.exported + "; the VM stays on " + vm.host.exported);
      String p = r.text("Priority");
      if (p == null) continue;
      BigDecimal n = Numbers.number(p, r.table().decimalComma());
      String level = n == null ? p.toLowerCase(Locale.ROOT).replace(" ", "") : switch (n.intValue()) {
        case 3000 -> "high";
        case 2000 -> "medium";
        case 1000 -> "low";
        case 0 -> "noautostart";
        default -> "?";
      };
      switch (level) {
        case "high" -> vm.priority = "high";
        case "medium" -> vm.priority = null;
        case "low" -> vm.priority = "low";
        case "noautostart" -> {
          vm.priority = "low";
          vm.remarks.add("priority No Auto Start: low here (the model restarts every VM after a crash)");
        }
        default -> notes.add(r.table().label, r.line(), r.table().headerOf("Priority"), "'" + p + "' is not a priority; "
            + "allowed: 3000 (High), 2000 (Medium), 1000 (Low), 0 (No Auto Start)");
      }
    }
  }
}
