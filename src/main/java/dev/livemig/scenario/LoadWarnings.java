package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import dev.livemig.kernel.SimTime;
import dev.livemig.spec.Specs;

/**
 * What a valid scenario asks for that will quietly shape its results, said when it is loaded:
 * a host whose VMs ask for more cores than it has (its migrations then get no spare core: TCP
 * streams slow down and compression falls back to TCP/IP). Each warning is one line,
 * {@code FILE: warning: ...}.
 */
public final class LoadWarnings {
  private LoadWarnings() {}

  public static List<String> of(Specs.Scenario s) {
    List<String> out = new ArrayList<>();
    for (Specs.HostSpec h : s.hosts()) {
      List<Specs.VmSpec> vms = s.vms().stream().filter(v -> v.host().equals(h.name())).toList();
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
      if (h.cores() > 0 && peak > h.cores() + 1e-9) { // cores not given: not modelled
        out.add(String.format(Locale.ROOT,
            "%s: warning: host %s is overcommitted: its %d VM%s ask for %.1f cores%s, it has %d (%.1f ×); "
                + "a migration from or to it gets no spare core (TCP/IP streams slow down, compression falls back to TCP/IP)",
            s.file(), h.name(), vms.size(), vms.size() == 1 ? "" : "s", peak,
            when == 0 ? "" : String.format(Locale.ROOT, " from %.0f s", SimTime.toSeconds(when)), h.cores(), peak / h.cores()));
      }
    }
    return out;
  }
}
