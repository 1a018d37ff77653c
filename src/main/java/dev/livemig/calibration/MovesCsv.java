package dev.livemig.calibration;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.livemig.inventory.CsvTable;
import dev.livemig.inventory.Notes;
import dev.livemig.inventory.Numbers;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;

/**
 * The timed moves as PowerShell's Export-Csv writes them (README, "Calibrate to your own cluster"):
 * an optional {@code #TYPE} line, a header, every field quoted, quotes doubled (any encoding and
 * separator {@code livemig import} reads). Columns: VM, MemoryGB (PowerShell's GB, 2^30 bytes) or
 * MemoryBytes, Source, Destination, PerformanceOption (TCPIP, Compression, SMB), Seconds; optional
 * NicGbps (Gbit/s) or NicBytesPerSec (the counter's own unit, bytes/s), BlackoutMs, Simultaneous.
 * Hosts and VMs must be the cluster scenario's (any case; a host also by its short name). Every
 * problem is {@code file:line: column: why}, all at once.
 */
public final class MovesCsv {
  private MovesCsv() {}

  public static final List<String> REQUIRED = List.of("VM", "Source", "Destination", "PerformanceOption", "Seconds");
  public static final List<String> OPTIONAL = List.of("NicGbps", "NicBytesPerSec", "BlackoutMs", "Simultaneous");
  private static final Map<String, String> OPTIONS = Map.of("tcpip", "tcpip", "compression", "compression", "smb", "smb");

  /** Reads {@code file} ({@code label} names it in problems) against the cluster's hosts and VMs. */
  public static List<MeasuredMove> read(Path file, String label, Specs.Scenario cluster, int maxSimultaneous) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    Notes notes = new Notes();
    CsvTable t;
    try {
      t = CsvTable.read(file, label, notes);
    } catch (CsvTable.Unreadable e) {
      throw new ScenarioException(List.of(new Problem(label, e.line, null, e.getMessage())));
    }
    for (Notes.Note n : notes.sorted()) problems.add(new Problem(n.file(), n.line(), n.column(), n.message()));
    for (String c : REQUIRED) {
      if (!t.has(c)) problems.add(new Problem(label, t.headerLine, c, "column missing; the columns: " + columns()));
    }
    if (!t.has("MemoryGB") && !t.has("MemoryBytes")) {
      problems.add(new Problem(label, t.headerLine, "MemoryGB", "column missing (or MemoryBytes); the columns: " + columns()));
    }
    if (t.has("MemoryGB") && t.has("MemoryBytes")) {
      problems.add(new Problem(label, t.headerLine, "MemoryBytes", "give one of MemoryGB and MemoryBytes, not both"));
    }
    if (t.has("NicGbps") && t.has("NicBytesPerSec")) {
      problems.add(new Problem(label, t.headerLine, "NicBytesPerSec", "give one of NicGbps and NicBytesPerSec, not both"));
    }
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    List<MeasuredMove> out = new ArrayList<>();
    for (CsvTable.Row r : t.rows) {
      Row row = new Row(label, r, t.decimalComma(), problems);
      String vm = row.name("VM", vmNames(cluster), "VM", false);
      String source = row.name("Source", hostNames(cluster), "host", true);
      String destination = row.name("Destination", hostNames(cluster), "host", true);
      if (source != null && source.equals(destination)) row.bad("Destination", "the move's source and destination are both " + source);
      Double gib = t.has("MemoryGB") ? row.positive("MemoryGB", "a size in GB (PowerShell's, 2^30 bytes), e.g. 8") : null;
      Double bytes = t.has("MemoryBytes") ? row.positive("MemoryBytes", "a size in bytes, e.g. 8589934592") : null;
      String option = row.option();
      Double seconds = row.positive("Seconds", "Measure-Command's TotalSeconds, e.g. 78.8");
      Double nic = t.has("NicGbps") ? row.optionalPositive("NicGbps", "Gbit/s, e.g. 9.4")
          : t.has("NicBytesPerSec") ? scale(row.optionalPositive("NicBytesPerSec", "bytes/s, e.g. 1175000000"), 8e-9) : null;
      Double blackout = t.has("BlackoutMs") ? row.optionalPositive("BlackoutMs", "milliseconds, e.g. 25") : null;
      int simultaneous = row.count("Simultaneous", maxSimultaneous);
      Double memory = gib != null ? Double.valueOf(gib * (1L << 30)) : bytes;
      if (vm == null || source == null || destination == null || memory == null || option == null || seconds == null
          || row.failed) continue;
      out.add(new MeasuredMove(r.line(), vm, Math.round(memory), source, destination, option, seconds, nic, blackout, simultaneous));
    }
    if (t.rows.isEmpty()) problems.add(new Problem(label, t.headerLine, null, "no moves below the header; give one row per timed move"));
    if (!problems.isEmpty()) throw new ScenarioException(problems);
    return List.copyOf(out);
  }

  private static Double scale(Double v, double by) {
    return v == null ? null : v * by;
  }

  static String columns() {
    return String.join(", ", REQUIRED.subList(0, 1)) + ", MemoryGB or MemoryBytes, " + String.join(", ", REQUIRED.subList(1, REQUIRED.size()))
        + "; optional: NicGbps or NicBytesPerSec, BlackoutMs, Simultaneous";
  }

  private static Set<String> vmNames(Specs.Scenario s) {
    Set<String> out = new TreeSet<>();
    for (Specs.VmSpec v : s.vms()) out.add(v.name());
    return out;
  }

  private static Set<String> hostNames(Specs.Scenario s) {
    Set<String> out = new TreeSet<>();
    for (Specs.HostSpec h : s.hosts()) out.add(h.name());
    return out;
  }

  /** One row's fields, each read once; what does not read is a problem at the row's line and column. */
  private static final class Row {
    final String label;
    final CsvTable.Row r;
    final boolean decimalComma;
    final List<Problem> problems;
    boolean failed;

    Row(String label, CsvTable.Row r, boolean decimalComma, List<Problem> problems) {
      this.label = label;
      this.r = r;
      this.decimalComma = decimalComma;
      this.problems = problems;
    }

    void bad(String column, String message) {
      problems.add(new Problem(label, r.line(), column, message));
      failed = true;
    }

    /** A name of {@code allowed}: as written, else in any case (a host also by its short name). */
    String name(String column, Set<String> allowed, String what, boolean shortName) {
      String s = r.text(column);
      if (s == null) {
        bad(column, "empty; give the " + what + "'s name as the cluster's scenario names it");
        return null;
      }
      if (allowed.contains(s)) return s;
      String wanted = (shortName && s.contains(".") ? s.substring(0, s.indexOf('.')) : s).toLowerCase(Locale.ROOT);
      for (String a : allowed) if (a.toLowerCase(Locale.ROOT).equals(wanted)) return a;
      List<String> shown = new ArrayList<>(allowed);
      String list = shown.size() <= 12 ? String.join(", ", shown) : String.join(", ", shown.subList(0, 12)) + ", ... (" + shown.size() + ")";
      bad(column, "no " + what + " named '" + s + "' in the cluster's scenario; allowed: " + list);
      return null;
    }

    String option() {
      String s = r.text("PerformanceOption");
      String o = s == null ? null : OPTIONS.get(s.toLowerCase(Locale.ROOT));
      if (o == null) bad("PerformanceOption", (s == null ? "empty" : "'" + s + "' is no performance option")
          + "; allowed: TCPIP, Compression, SMB (Get-VMHost's VirtualMachineMigrationPerformanceOption)");
      return o;
    }

    Double positive(String column, String allowed) {
      String s = r.text(column);
      if (s == null) {
        bad(column, "empty; give " + allowed);
        return null;
      }
      return parsed(column, s, allowed);
    }

    Double optionalPositive(String column, String allowed) {
      String s = r.text(column);
      return s == null ? null : parsed(column, s, allowed);
    }

    private Double parsed(String column, String s, String allowed) {
      BigDecimal n = Numbers.number(s, decimalComma);
      if (n == null || n.signum() <= 0 || !Double.isFinite(n.doubleValue())) {
        bad(column, "'" + s + "' is not a positive number; give " + allowed);
        return null;
      }
      return n.doubleValue();
    }

    int count(String column, int max) {
      String s = r.text(column);
      if (s == null) return 1;
      BigDecimal n = Numbers.number(s, decimalComma);
      if (n == null || n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.ONE) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
        bad(column, "'" + s + "' is not a whole number from 1 to " + max + " (moves started together, livemig.calibrate.max-simultaneous)");
        return 1;
      }
      return n.intValue();
    }
  }
}
