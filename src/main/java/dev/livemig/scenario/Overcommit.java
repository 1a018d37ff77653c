package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import dev.livemig.spec.Specs;

/**
 * The hosts whose VMs ask for more cores than the host has, at the peak of their CPU schedules
 * (a host without {@code cores} is not modelled: never overcommitted). Such a host's migrations get
 * no spare core: TCP/IP streams slow down and compression falls back to TCP/IP.
 */
public final class Overcommit {
  private Overcommit() {}

  /** An overcommitted host: its VMs, their peak demand in cores and from when (ns), its cores. */
  public record Host(String name, int vms, double peakCores, long from, int cores) {}

  /** The overcommitted hosts, in the order the scenario lists its hosts. */
  public static List<Host> of(Specs.Scenario s) {
    Map<String, List<Specs.VmSpec>> byHost = new HashMap<>();
    for (Specs.VmSpec v : s.vms()) byHost.computeIfAbsent(v.host(), k -> new ArrayList<>()).add(v);
    List<Host> out = new ArrayList<>();
    for (Specs.HostSpec h : s.hosts()) {
      if (h.cores() <= 0) continue;
      List<Specs.VmSpec> vms = byHost.getOrDefault(h.name(), List.of());
      TreeSet<Long> instants = new TreeSet<>();
      for (Specs.VmSpec v : vms) instants.addAll(v.cpu().at());
      double peak = 0;
      long when = 0;
      for (long t : instants) {
        double sum = 0;
        for (Specs.VmSpec v : vms) sum += v.cpu().coresAt(t);
        if (sum > peak + 1e-9) {
          peak = sum;
          when = t;
        }
      }
      if (peak > h.cores() + 1e-9) out.add(new Host(h.name(), vms.size(), peak, when, h.cores()));
    }
    return out;
  }
}
