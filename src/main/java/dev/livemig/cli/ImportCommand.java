package dev.livemig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.livemig.inventory.Importer;
import dev.livemig.inventory.Notes;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code livemig import DIR|FILE... --out FILE}: PowerShell inventory exports to a scenario. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Turn PowerShell inventory exports (Export-Csv of Get-VMHost, Get-ClusterNode, Get-VM, Get-NetAdapter, ...) "
        + "into a scenario. Prints what could not be mapped (file:line: column: why). Exit 2 when nothing is usable.")
final class ImportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "DIR|FILE", description = "CSV exports, or directories of *.csv")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the scenario to write")
  Path out;

  @Option(names = "--name", paramLabel = "NAME", description = "the scenario's name (default: the cluster's)")
  String name;

  @Option(names = "--group", paramLabel = "NAME=PATTERN",
      description = "VMs whose name matches PATTERN (* and ?) form workload group NAME, e.g. --group 'sql=SQL*'")
  List<String> groups = new ArrayList<>();

  @Option(names = "--workload", paramLabel = "PRESET", description = "the neutral preset of every group (default: livemig.inventory.workload)")
  String workload;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = new PrintWriter(System.err, true);
    List<Importer.Group> gs = new ArrayList<>();
    for (String g : groups) {
      int eq = g.indexOf('=');
      String n = eq > 0 ? g.substring(0, eq).trim() : "";
      if (eq <= 0 || eq == g.length() - 1 || !n.matches("[a-z][a-z0-9_-]*"))
        throw new ErrorHandler.UserError("--group " + g + ": expected NAME=PATTERN with NAME in lower case letters, digits, "
            + "'-' and '_', e.g. --group 'sql=SQL*'");
      gs.add(new Importer.Group(n, g.substring(eq + 1).trim()));
    }
    String preset = workload != null ? workload : Runs.config().getString("livemig.inventory.workload");
    if (!Runs.config().getObject("livemig.workloads").containsKey(preset))
      throw new ErrorHandler.UserError("--workload " + preset + ": no such preset; allowed: "
          + new java.util.TreeSet<>(Runs.config().getObject("livemig.workloads").keySet()));
    Importer.Result r = Importer.run(inputs, new Importer.Options(name, gs, preset));
    for (Notes.Note n : r.notes()) err.println(Terminal.clean(n.toString()));
    if (r.empty()) {
      err.println("livemig: nothing usable in the exports: no host could be mapped (a host needs a Get-VMHost row with "
          + "its MemoryCapacity); nothing written");
      return ErrorHandler.BAD_INPUT;
    }
    Specs.Scenario s = validate(r.scenario(), err);
    if (s == null) return ErrorHandler.INTERNAL;
    Output.write(out, r.scenario());
    System.out.print(summary(r, s));
    return 0;
  }

  /** The generated text must load as any scenario does; if it does not, that is the importer's fault. */
  private Specs.Scenario validate(String text, PrintWriter err) throws IOException {
    Path tmp = Files.createTempFile("livemig-import", ".conf");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      return Runs.load(tmp.toFile(), List.of());
    } catch (ScenarioException e) {
      err.println("livemig: internal error: the generated scenario does not load (please report it with the exports):");
      ErrorHandler.printProblems(err, e);
      return null;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private String summary(Importer.Result r, Specs.Scenario s) {
    StringBuilder sb = new StringBuilder();
    Table t = new Table("file", "export", "rows", "encoding", "delimiter").rightAlign(2);
    for (Importer.Source src : r.sources())
      t.add(src.label(), src.cmdlet(), src.rows(), src.encoding(), src.delimiter() == '\t' ? "tab" : "'" + src.delimiter() + "'");
    sb.append(t).append('\n');
    long total = 0;
    String busiest = null;
    long busiestBytes = -1;
    int busiestVms = 0;
    for (Specs.HostSpec h : s.hosts()) {
      long b = 0;
      int n = 0;
      for (Specs.VmSpec v : s.vms()) {
        if (v.host().equals(h.name())) {
          b += v.memoryBytes();
          n++;
        }
      }
      total += b;
      if (b > busiestBytes) {
        busiest = h.name();
        busiestBytes = b;
        busiestVms = n;
      }
    }
    sb.append(Terminal.clean(String.format(Locale.ROOT, "wrote %s: %d hosts, %d VMs, %.1f GiB of VM memory; busiest host %s (%d VMs, %.1f GiB)",
        out, s.hosts().size(), s.vms().size(), total / (double) (1L << 30), busiest, busiestVms, busiestBytes / (double) (1L << 30)))).append('\n');
    sb.append(r.notes().isEmpty() ? "everything exported was mapped\n"
        : r.notes().size() + " thing(s) not mapped (listed above on standard error, and at the end of the file)\n");
    return sb.toString();
  }
}
