package dev.livemig.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import dev.livemig.cluster.NodeChecks;
import dev.livemig.cluster.Quorum;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code livemig validate FILE [--host NEW]}: the node-add checklist's identity and configuration
 * checks (test VM, identical build, roles, virtual switches, cluster disks) without running the
 * flow, printed as a checklist; exit 1 when a check fails.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a node before adding it (what Test-Cluster would flag): identical build, roles and features, "
        + "virtual switches, cluster disks, test VM. Without --host: the hosts of the scenario's add-node steps, else every "
        + "host outside the cluster, else every member against the others. Exit 1 when a check fails, 2 on bad input.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file (HOCON)")
  File file;

  @Option(names = "--host", paramLabel = "NEW", description = "the host to add (by default: the scenario's add-node hosts)")
  String host;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a scenario key, e.g. cluster.version=2012R2")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Specs.Scenario s = Runs.load(file, sets);
    NodeModel m = s.nodes();
    if (host != null && s.host(host) == null)
      throw new ErrorHandler.UserError("--host: no host named '" + host + "' in " + file + "; allowed: "
          + s.hosts().stream().map(Specs.HostSpec::name).toList());
    StringBuilder out = new StringBuilder();
    int failed = 0;
    List<String> targets = new ArrayList<>();
    if (host != null) targets.add(host);
    else for (Specs.Step st : s.steps()) if (st instanceof Specs.AddNode a && !targets.contains(a.host())) targets.add(a.host());
    if (host == null && targets.isEmpty())
      for (Specs.HostSpec h : s.hosts()) if (!m.member(h.name())) targets.add(h.name());
    out.append("cluster ").append(Terminal.clean(s.name())).append(": Windows Server ").append(m.version().label())
        .append(", ").append(m.members().size()).append(" nodes ").append(m.members()).append(", disks ").append(m.disks())
        .append(", witness ").append(m.witness().kind()).append('\n');
    if (targets.isEmpty()) {
      out.append("\nno host outside the cluster: every node against the others\n");
      TreeMap<String, NodeModel.Identity> nodes = new TreeMap<>();
      for (String h : m.members()) nodes.put(h, m.identity(h));
      List<NodeChecks.Finding> fs = NodeChecks.cluster(nodes, m.disks());
      for (NodeChecks.Finding f : fs) print(out, 0, f);
      failed += fs.size();
      if (fs.isEmpty()) out.append("  [ok]   every node identical: build, roles, virtual switches, disks\n");
    }
    for (String h : targets) {
      String vm = null;
      for (Specs.Step st : s.steps()) if (st instanceof Specs.AddNode a && a.host().equals(h)) vm = a.testVm();
      String vmHost = null;
      for (Specs.VmSpec v : s.vms()) if (v.name().equals(vm)) vmHost = v.host();
      out.append("\nadd ").append(h).append(" to the cluster").append(vm != null ? " (test VM " + vm + ")" : "").append('\n');
      int n = vm != null ? 1 : 2;
      for (NodeChecks.Finding f : NodeChecks.checklist(m, h, vm, vmHost)) {
        print(out, n++, f);
        if (!f.ok()) failed++;
      }
      int after = m.members().size() + (m.member(h) ? 0 : 1);
      out.append("  quorum: ").append(Quorum.recommended(m.version(), m.members().size(), m.witness())).append(" -> ")
          .append(Quorum.recommended(m.version(), after, m.witness())).append('\n');
    }
    out.append('\n').append(failed == 0 ? "all checks passed" : failed + " check(s) failed").append('\n');
    for (String line : out.toString().split("\n", -1)) System.out.print(Terminal.clean(line) + (line.isEmpty() ? "" : "\n"));
    return failed == 0 ? 0 : 1;
  }

  private static void print(StringBuilder out, int n, NodeChecks.Finding f) {
    out.append(f.ok() ? "  [ok]   " : "  [FAIL] ").append(n > 0 ? n + " " : "").append(f.check()).append('\n');
    for (String p : f.problems()) out.append("         - ").append(p).append('\n');
    if (!f.ok()) out.append("         fix: ").append(f.fix()).append('\n');
  }
}
