package dev.livemig.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import dev.livemig.network.NetworkSettings;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Preflight;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code livemig preflight FILE [--host H] [--json]}: the cluster's rules for every VM and step, without running. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
    description = "Without running the simulation: for every VM, which kinds of move (live, quick, offline, "
        + "quick-storage, shared-nothing) the cluster's rules allow to which hosts, every refusal with its rule and "
        + "fix, and each step of the scenario as it would meet the rules. Exit 1 if a step would be refused (or a "
        + "drain would leave a VM), 2 when the scenario is invalid.")
final class PreflightCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--host", paramLabel = "H", description = "only the VMs on host H (e.g. before its maintenance)")
  String host;

  @Option(names = "--json", description = "the pre-flight as JSON on standard output")
  boolean json;

  @Option(names = "--allow-files", paramLabel = "DIR",
      description = "let the scenario read files (include, trace workloads) under DIR too; by default only its own folder and below")
  List<String> allowFiles = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Specs.Scenario s = Runs.load(file, List.of(), allowFiles);
    if (host != null && s.host(host) == null) {
      List<String> names = new ArrayList<>();
      for (Specs.HostSpec h : s.hosts()) names.add(h.name());
      throw new ErrorHandler.UserError("--host: no host named '" + host + "'; allowed: " + names);
    }
    Preflight.Result r = Preflight.of(s, NetworkSettings.from(Runs.config()), host);
    if (json) System.out.print(ReportJson.write(r));
    else System.out.print(text(r));
    return r.refusedSteps() > 0 ? 1 : 0;
  }

  static String text(Preflight.Result r) {
    StringBuilder sb = new StringBuilder("pre-flight of " + Terminal.clean(r.scenario())
        + (r.host() == null ? "" : " (VMs on " + Terminal.clean(r.host()) + ")") + "\n");
    for (Preflight.VmRow v : r.vms()) {
      sb.append('\n').append(Terminal.clean(v.vm())).append(" on ").append(Terminal.clean(v.host())).append('\n');
      Table t = new Table("kind", "allowed to", "refused to");
      StringBuilder why = new StringBuilder();
      for (Preflight.KindRow k : v.kinds()) {
        List<String> refusedTo = new ArrayList<>();
        for (Preflight.Refused x : k.refused()) if (!refusedTo.contains(x.to())) refusedTo.add(x.to());
        t.add(k.kind(), k.allowedTo().isEmpty() ? "-" : String.join(", ", k.allowedTo()),
            refusedTo.isEmpty() ? "-" : String.join(", ", refusedTo));
        List<String> seen = new ArrayList<>();
        for (Preflight.Refused x : k.refused()) {
          String line = x.rule() + ": " + x.why() + "; fix: " + x.fix();
          if (seen.contains(line)) continue;
          seen.add(line);
          why.append("  ").append(k.kind()).append(" to ").append(x.to()).append(": ").append(Terminal.clean(line)).append('\n');
        }
        for (String f : k.flags()) {
          String line = "  " + k.kind() + ": " + Terminal.clean(f) + "\n";
          if (why.indexOf(line) < 0) why.append(line);
        }
      }
      sb.append(t).append(why);
    }
    if (!r.steps().isEmpty()) {
      sb.append("\nsteps\n");
      for (Preflight.StepRow st : r.steps()) {
        sb.append("  line ").append(st.line()).append(": ").append(Terminal.clean(st.step())).append(st.refused() ? ": REFUSED" : ": ok").append('\n');
        for (String d : st.detail()) sb.append("    ").append(Terminal.clean(d)).append('\n');
      }
    }
    sb.append(r.refusedSteps() == 0 ? "\nno step would be refused\n" : "\n" + r.refusedSteps() + " step(s) would be refused\n");
    return sb.toString();
  }
}
