package dev.livemig.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code livemig import}: PowerShell inventory exports in, a scenario out. Reads every file (a
 * directory: its {@code *.csv}), recognises the cmdlet that wrote it by its header, maps hosts,
 * NICs, teams, RDMA, live-migration networks, VMs and the cluster's live-migration settings, and
 * notes whatever it could not map (file, line, column, why) without failing.
 */
public final class Importer {
  private Importer() {}

  /** A VM group: VMs whose exported name matches {@code glob} (* and ?, any case) share a workload. */
  public record Group(String name, String glob) {
    boolean matches(String vmName) {
      StringBuilder re = new StringBuilder("(?i)");
      for (char c : glob.toCharArray()) {
        if (c == '*') re.append(".*");
        else if (c == '?') re.append('.');
        else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
      return vmName.matches(re.toString());
    }
  }

  /** {@code name}: the scenario's name (null: the cluster's, else "imported"); {@code workload}: the neutral preset. */
  public record Options(String name, List<Group> groups, String workload) {}

  /** A file read: its label in notes, the cmdlet that wrote it, rows, encoding and delimiter. */
  public record Source(String label, String cmdlet, int rows, String encoding, char delimiter) {}

  public record Result(String scenario, List<Notes.Note> notes, List<Source> sources, int hosts, int vms) {
    /** Nothing usable: no host could be mapped. */
    public boolean empty() {
      return hosts == 0;
    }
  }

  public static Result run(List<Path> inputs, Options options) {
    Notes notes = new Notes();
    Map<Cmdlet, List<CsvTable>> tables = new EnumMap<>(Cmdlet.class);
    List<Source> sources = new ArrayList<>();
    for (Path in : inputs) {
      for (Path[] f : files(in, notes)) {
        String label = f[1].toString().replace('\\', '/');
        CsvTable t;
        try {
          t = CsvTable.read(f[0], label, notes);
        } catch (CsvTable.Unreadable e) {
          notes.add(label, e.line, null, e.getMessage());
          continue;
        }
        Cmdlet c = Cmdlet.recognise(t);
        if (c == null) {
          notes.add(label, t.headerLine, null, "not an export livemig reads (columns " + preview(t.header)
              + "); allowed: Export-Csv of " + Cmdlet.allowed());
          continue;
        }
        columns(c, t, notes);
        tables.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
        sources.add(new Source(label, c.display, t.rows.size(), t.encoding, t.delimiter));
      }
    }
    Draft d = new Draft();
    HostMapper.map(tables, d, notes);
    NetworkMapper.settings(tables, d, notes);
    VmMapper.map(tables, d, notes, options);
    String text = d.hosts.isEmpty() ? null : ScenarioWriter.write(d, options, sources, notes);
    return new Result(text, notes.sorted(), sources, d.hosts.size(), d.vms.size());
  }

  /** The files of one input: itself, or a directory's *.csv in name order; each with its label. */
  private static List<Path[]> files(Path in, Notes notes) {
    List<Path[]> out = new ArrayList<>();
    if (Files.isDirectory(in)) {
      Path base = in.toAbsolutePath().normalize().getFileName();
      try (Stream<Path> s = Files.list(in)) {
        s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
            .sorted().forEach(p -> out.add(new Path[] {p, base == null ? p.getFileName() : base.resolve(p.getFileName())}));
      } catch (IOException e) {
        notes.add(in.toString(), 0, null, "cannot list the directory: " + e.getMessage());
      }
      if (out.isEmpty()) notes.add(in.toString(), 0, null, "no *.csv file in this directory");
    } else if (Files.isRegularFile(in)) {
      out.add(new Path[] {in, in.getFileName()});
    } else {
      notes.add(in.toString(), 0, null, Files.exists(in) ? "not a file or directory" : "no such file or directory");
    }
    return out;
  }

  /** Header columns the model does not use (with why) and columns no known cmdlet writes. */
  private static void columns(Cmdlet c, CsvTable t, Notes notes) {
    for (String header : t.header) {
      String col = CsvTable.baseName(header);
      String reason = c.reason(col);
      if (reason != null) notes.add(t.label, t.headerLine, col, "not mapped: " + reason);
      else if (!c.known(col)) notes.add(t.label, t.headerLine, col, "unknown column of " + c.display + "; not read");
    }
    if (c == Cmdlet.VM_HARD_DISK_DRIVE || c == Cmdlet.VHD || c == Cmdlet.CLUSTER_SHARED_VOLUME)
      notes.add(t.label, t.headerLine, null, "not mapped: disks and storage are not modelled yet; each VM's comment "
          + "names its disk rows");
  }

  private static String preview(List<String> header) {
    List<String> h = header.size() > 6 ? new ArrayList<>(header.subList(0, 6)) : new ArrayList<>(header);
    if (header.size() > 6) h.add("...");
    return String.join(", ", h);
  }
}
