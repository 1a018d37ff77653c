package dev.livemig.inventory;

import java.math.BigDecimal;

/** Typed reads of one cell, each noting (file, line, column) what does not parse and what is allowed. */
final class Cells {
  private Cells() {}

  /** Where the exports name the host of a row made on it (Invoke-Command, -CimSession, Get-VM). */
  static final String[] HOST_COLUMNS = {"PSComputerName", "ComputerName", "SystemName"};

  static Long bytes(CsvTable.Row r, String col, Notes notes) {
    String s = r.text(col);
    if (s == null) return null;
    Long b = Numbers.bytes(s, r.table().decimalComma());
    String header = r.table().headerOf(col);
    String decimal = r.table().decimalComma() ? "7,5" : "7.5";
    if ((b == null || b < 0) && !header.equalsIgnoreCase(col))
      notes.add(r.table().label, r.line(), header, "'" + s + "' is not a size; allowed: a number of the column's unit (8 or " + decimal + ")");
    else if (b == null || b < 0)
      notes.add(r.table().label, r.line(), header, "'" + s + "' is not a size; allowed: bytes (8589934592) or a number "
          + "with KB, MB, GB, TB (8 GB, " + decimal + " GB)");
    return b == null || b < 0 ? null : b;
  }

  static Double bitsPerSecond(CsvTable.Row r, String col, Notes notes) {
    String s = r.text(col);
    if (s == null) return null;
    Double b = Numbers.bitsPerSecond(s, r.table().decimalComma());
    if (b == null)
      notes.add(r.table().label, r.line(), r.table().headerOf(col), "'" + s + "' is not a speed; allowed: bits per second (10000000000) "
          + "or a number with bps, Kbps, Mbps, Gbps (10 Gbps, " + (r.table().decimalComma() ? "2,5 Gbps" : "2.5 Gbps") + ")");
    return b;
  }

  static Boolean bool(CsvTable.Row r, String col, Notes notes) {
    String s = r.text(col);
    if (s == null) return null;
    Boolean b = Numbers.bool(s);
    if (b == null) notes.add(r.table().label, r.line(), r.table().headerOf(col), "'" + s + "' is not a Boolean; allowed: True, False");
    return b;
  }

  /** A non-negative number (CPUUsage, Metric, a count); null when absent or unparseable (noted). */
  static BigDecimal number(CsvTable.Row r, String col, Notes notes) {
    String s = r.text(col);
    if (s == null) return null;
    BigDecimal n = Numbers.number(s, r.table().decimalComma());
    if (n == null) notes.add(r.table().label, r.line(), r.table().headerOf(col), "'" + s + "' is not a number; allowed: a non-negative number");
    return n;
  }

  static Integer count(CsvTable.Row r, String col, Notes notes) {
    BigDecimal n = number(r, col, notes);
    if (n == null) return null;
    if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      notes.add(r.table().label, r.line(), r.table().headerOf(col), "'" + r.text(col) + "' is not a count; allowed: a whole number");
      return null;
    }
    return n.intValue();
  }

  /** The host a row was exported from: the first host column present, or the only host exported. */
  static Draft.Host hostOf(CsvTable.Row r, Draft d, Notes notes) {
    String name = null;
    String col = null;
    for (String c : HOST_COLUMNS) {
      if (r.text(c) != null) {
        name = r.text(c);
        col = c;
        break;
      }
    }
    if (name == null) {
      if (d.hosts.size() == 1) return d.hosts.get(0);
      notes.add(r.table().label, r.line(), null, "no host column (PSComputerName, ComputerName or SystemName) and "
          + d.hosts.size() + " hosts: export with Invoke-Command or -CimSession so each row names its host; row not mapped");
      return null;
    }
    Draft.Host h = d.host(name);
    if (h == null) notes.add(r.table().label, r.line(), r.table().headerOf(col), "host '" + name + "' is not among the hosts mapped "
        + hostNames(d) + "; row not mapped");
    return h;
  }

  static String hostNames(Draft d) {
    StringBuilder sb = new StringBuilder("[");
    for (Draft.Host h : d.hosts) sb.append(sb.length() > 1 ? ", " : "").append(h.exported);
    return sb.append(']').toString();
  }
}
