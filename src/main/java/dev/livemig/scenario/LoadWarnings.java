package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    for (Overcommit.Host h : Overcommit.of(s)) {
      out.add(String.format(Locale.ROOT,
          "%s: warning: host %s is overcommitted: its %d VM%s ask for %.1f cores%s, it has %d (%.1f ×); "
              + "a migration from or to it gets no spare core (TCP/IP streams slow down, compression falls back to TCP/IP)",
          s.file(), h.name(), h.vms(), h.vms() == 1 ? "" : "s", h.peakCores(),
          h.from() == 0 ? "" : String.format(Locale.ROOT, " from %.0f s", SimTime.toSeconds(h.from())), h.cores(), h.peakCores() / h.cores()));
    }
    return out;
  }
}
