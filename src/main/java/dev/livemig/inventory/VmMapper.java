package dev.livemig.inventory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * VMs from Get-VM, with memory as Hyper-V moves it: a running (or paused) VM sends the memory
 * assigned to it (MemoryAssigned: with Dynamic Memory, what the balancer gave it, not its maximum);
 * a VM that is off or saved is placed with its MemoryStartup, what it takes when it starts. The
 * scenario has no power state yet, so such a VM moves like a running one (said in its comment).
 * Network adapters (Get-VMNetworkAdapter: static or dynamic MAC) and disks (Get-VMHardDiskDrive,
 * Get-VHD) are named in each VM's comment; their rules and storage are not modelled yet.
 */
final class VmMapper {
  private VmMapper() {}

  private static final Set<String> RUNNING = Set.of("running", "paused", "starting", "saving", "pausing", "resuming",
      "stopping", "fastsaving", "fastsaved");
  private static final Set<String> OFF = Set.of("off", "saved");

  private record Candidate(CsvTable.Row row, String exported, Draft.Host host, long memory, boolean running, String state,
      Double cpu, List<String> remarks) {}

  static void map(Map<Cmdlet, List<CsvTable>> tables, Draft d, Notes notes, Importer.Options options) {
    List<Candidate> candidates = new ArrayList<>();
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.VM)) {
      Candidate c = candidate(r, d, notes);
      if (c != null) candidates.add(c);
    }
    // Running VMs take their hosts' memory first; a VM that would overcommit its host is left out.
    Set<Candidate> accepted = new HashSet<>();
    for (boolean running : new boolean[] {true, false}) {
      for (Candidate c : candidates) {
        if (c.running() != running) continue;
        if (c.host().vmMemory + c.memory() > c.host().memory) {
          notes.add(c.row().table().label, c.row().line(), running ? "MemoryAssigned" : "MemoryStartup", "VM " + c.exported()
              + " (" + ScenarioWriter.size(c.memory()) + ") does not fit on " + c.host().exported + " beside the VMs mapped "
              + "before it (" + ScenarioWriter.size(c.host().vmMemory) + " of " + ScenarioWriter.size(c.host().memory) + "); left out");
          continue;
        }
        c.host().vmMemory += c.memory();
        accepted.add(c);
      }
    }
    Map<String, List<CsvTable.Row>> adapters = byVm(tables, Cmdlet.VM_NETWORK_ADAPTER);
    Map<String, List<CsvTable.Row>> disks = byVm(tables, Cmdlet.VM_HARD_DISK_DRIVE);
    Map<String, CsvTable.Row> vhds = new HashMap<>();
    for (CsvTable.Row r : HostMapper.rows(tables, Cmdlet.VHD))
      if (r.text("Path") != null) vhds.putIfAbsent(r.text("Path").toLowerCase(Locale.ROOT), r);
    Set<String> names = Draft.names();
    Set<String> mappedKeys = new HashSet<>();
    for (Candidate c : candidates) {
      if (!accepted.contains(c)) continue;
      Draft.Vm vm = new Draft.Vm(Draft.name(c.exported(), names), c.exported(), c.host(), c.memory(), c.state());
      vm.cpu = c.cpu();
      vm.group = group(c.exported(), vm.name, options.groups());
      vm.sources.add("Get-VM " + c.row().where());
      vm.remarks.addAll(c.remarks());
      String key = vmKey(c.host().key, c.exported());
      mappedKeys.add(key);
      for (CsvTable.Row a : adapters.getOrDefault(key, List.of())) {
        vm.sources.add("Get-VMNetworkAdapter " + a.where());
        if (Boolean.FALSE.equals(Cells.bool(a, "DynamicMacAddressEnabled", notes)))
          vm.remarks.add("static MAC " + (a.text("MacAddress") == null ? "" : a.text("MacAddress") + " ")
              + "on " + (a.text("Name") == null ? "its adapter" : a.text("Name")) + " (MAC rules not modelled yet)");
      }
      List<CsvTable.Row> ds = disks.getOrDefault(key, List.of());
      for (CsvTable.Row r : ds) {
        vm.sources.add("Get-VMHardDiskDrive " + r.where());
        String path = r.text("Path");
        CsvTable.Row vhd = path == null ? null : vhds.get(path.toLowerCase(Locale.ROOT));
        if (vhd != null) vm.sources.add("Get-VHD " + vhd.where());
        if (r.text("DiskNumber") != null || (path != null && !path.toLowerCase(Locale.ROOT).matches(".*\\.a?vhdx?$")))
          vm.remarks.add("passthrough disk " + (r.text("DiskNumber") != null ? r.text("DiskNumber") : path));
      }
      if (!ds.isEmpty()) vm.remarks.add(ds.size() + " disk(s), not modelled yet");
      d.vms.add(vm);
    }
    Priorities.map(tables, d, notes);
    unmatched(adapters, mappedKeys, notes, "Get-VMNetworkAdapter");
    unmatched(disks, mappedKeys, notes, "Get-VMHardDiskDrive");
  }

  private static Candidate candidate(CsvTable.Row r, Draft d, Notes notes) {
    String col = r.text("VMName") != null ? "VMName" : "Name";
    String exported = r.text(col);
    if (exported == null) {
      notes.add(r.table().label, r.line(), r.table().headerOf("VMName"), "missing: a VM needs its name; row not mapped");
      return null;
    }
    String hostName = r.text("ComputerName");
    Draft.Host h;
    if (hostName == null) {
      if (d.hosts.size() != 1) {
        notes.add(r.table().label, r.line(), r.table().headerOf("ComputerName"), "missing: which host runs VM " + exported + "? row not mapped");
        return null;
      }
      h = d.hosts.get(0);
    } else {
      h = d.host(hostName);
      if (h == null) {
        notes.add(r.table().label, r.line(), r.table().headerOf("ComputerName"), "VM " + exported + " is on host '" + hostName
            + "', which is not mapped " + Cells.hostNames(d) + "; row not mapped");
        return null;
      }
    }
    List<String> remarks = new ArrayList<>();
    String state = r.text("State") == null ? "Running" : r.text("State");
    String s = state.toLowerCase(Locale.ROOT).replace(" ", "");
    boolean running = RUNNING.contains(s);
    if (!running && !OFF.contains(s)) {
      notes.add(r.table().label, r.line(), r.table().headerOf("State"), "'" + state + "' is not a VM state livemig knows; allowed: Running, Paused, "
          + "Off, Saved (and the transitions between); mapped as Running");
      running = true;
    }
    Long startup = Cells.bytes(r, "MemoryStartup", notes);
    Long assigned = Cells.bytes(r, "MemoryAssigned", notes);
    Long min = Cells.bytes(r, "MemoryMinimum", notes);
    Long max = Cells.bytes(r, "MemoryMaximum", notes);
    Boolean dynamic = Cells.bool(r, "DynamicMemoryEnabled", notes);
    Long memory;
    if (running) {
      memory = assigned != null && assigned > 0 ? assigned : startup;
      remarks.add(state + ", " + (assigned != null && assigned > 0 ? "assigned " + ScenarioWriter.size(assigned)
          : "assigned memory missing or unreadable: startup " + (startup == null ? "?" : ScenarioWriter.size(startup))));
    } else {
      memory = startup;
      remarks.add(state + " in the export: placed with its startup memory; the scenario has no power state yet, "
          + "so it moves like a running VM");
    }
    if (Boolean.TRUE.equals(dynamic)) {
      List<String> dm = new ArrayList<>();
      if (startup != null) dm.add("startup " + ScenarioWriter.size(startup));
      if (min != null) dm.add("minimum " + ScenarioWriter.size(min));
      if (max != null) dm.add("maximum " + ScenarioWriter.size(max));
      remarks.add("dynamic memory" + (dm.isEmpty() ? "" : ": " + String.join(", ", dm)));
    }
    // Hyper-V assigns memory in whole MiB; a size exported rounded (7,5 GB) is brought back to them.
    if (memory != null) memory = Math.round(memory / (double) (1L << 20)) * (1L << 20);
    if (memory == null || memory <= 0) {
      notes.add(r.table().label, r.line(), running ? "MemoryAssigned" : "MemoryStartup", "VM " + exported
          + " has no memory to move; left out");
      return null;
    }
    if (Boolean.FALSE.equals(Cells.bool(r, "IsClustered", notes)))
      remarks.add("not clustered (IsClustered False): a cluster drain would not move it; here it moves");
    Double cpu = null;
    BigDecimal usage = Cells.number(r, "CPUUsage", notes);
    if (usage != null && h.cores > 0) {
      cpu = usage.multiply(BigDecimal.valueOf(h.cores)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP).doubleValue();
      remarks.add("CPUUsage " + usage.toPlainString() + " % of " + h.cores + " logical processors");
    }
    return new Candidate(r, exported, h, memory, running, state, cpu, remarks);
  }

  /** The workload group of a VM: the first --group whose pattern matches, else its name without the trailing number. */
  static String group(String exported, String name, List<Importer.Group> groups) {
    for (Importer.Group g : groups) if (g.matches(exported) || g.matches(name)) return g.name();
    String stem = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("[-0-9]+$", "")
        .replaceAll("^-+", "");
    return stem.isEmpty() ? "vms" : stem;
  }

  private static String vmKey(String hostKey, String vm) {
    return hostKey + "/" + vm.toLowerCase(Locale.ROOT);
  }

  private static Map<String, List<CsvTable.Row>> byVm(Map<Cmdlet, List<CsvTable>> tables, Cmdlet c) {
    Map<String, List<CsvTable.Row>> out = new java.util.LinkedHashMap<>();
    for (CsvTable.Row r : HostMapper.rows(tables, c)) {
      if (Boolean.TRUE.equals(Numbers.bool(r.text("IsManagementOs") == null ? "" : r.text("IsManagementOs")))) continue;
      String vm = r.text("VMName");
      String host = r.text("ComputerName");
      if (vm == null) continue;
      out.computeIfAbsent(vmKey(host == null ? "" : Draft.key(host), vm), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private static void unmatched(Map<String, List<CsvTable.Row>> rows, Set<String> mapped, Notes notes, String cmdlet) {
    for (Map.Entry<String, List<CsvTable.Row>> e : rows.entrySet()) {
      if (mapped.contains(e.getKey())) continue;
      for (CsvTable.Row r : e.getValue())
        notes.add(r.table().label, r.line(), r.table().headerOf("VMName"), "VM " + r.text("VMName") + (r.text("ComputerName") == null ? ""
            : " on " + r.text("ComputerName")) + " is not mapped (no Get-VM row that fits its host); row not read");
    }
  }
}
