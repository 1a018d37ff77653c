package dev.livemig.report.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import dev.livemig.report.Comparison;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * A run's report as CSV files for spreadsheets and pandas ({@code run --csv DIR}): one row per
 * migration, pass, drain, drained VM, maintenance host, crashed VM, and per time bucket for the
 * utilisation series; the unit of every measured column in its name ({@code _s}, {@code _ms},
 * {@code _bytes}, {@code _gbps}, {@code _cores}, {@code _pct}, {@code _count}). Written with
 * Jackson's CSV module (RFC 4180 quoting); text a spreadsheet would take for a formula is
 * neutralised as in the comparison's CSV. Every file is written, with its header, even when empty.
 */
public final class CsvExport {
  private CsvExport() {}

  /** The files, in the order they are written. */
  public static final List<String> FILES = List.of("migrations.csv", "passes.csv", "drains.csv", "drained-vms.csv",
      "maintenance.csv", "crashes.csv", "nic-gbps.csv", "cpu-cores.csv");

  /** The caller's writer stays open (it ends the file). */
  private static final CsvMapper MAPPER = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

  /** Writes one of {@link #FILES} for the report. */
  public static void write(String file, Report r, Writer out) throws IOException {
    switch (file) {
      case "migrations.csv" -> migrations(r, out);
      case "passes.csv" -> passes(r, out);
      case "drains.csv" -> drains(r, out);
      case "drained-vms.csv" -> drainedVms(r, out);
      case "maintenance.csv" -> maintenance(r, out);
      case "crashes.csv" -> crashes(r, out);
      case "nic-gbps.csv" -> series(r.series() == null ? Map.of() : r.series().nicGbps(), r, "_gbps", out);
      case "cpu-cores.csv" -> series(r.series() == null ? Map.of() : r.series().cpuCores(), r, "_cores", out);
      default -> throw new IllegalArgumentException("no such CSV file: " + file);
    }
  }

  private static SequenceWriter rows(Writer out, String... columns) throws IOException {
    CsvSchema.Builder b = CsvSchema.builder();
    for (String c : columns) b.addColumn(c);
    return MAPPER.writer(b.setUseHeader(true).build()).writeValues(out);
  }

  private static String text(String s) {
    return s == null ? null : Comparison.formulaSafe(s);
  }

  private static void migrations(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "id", "vm", "from", "to", "kind", "transport", "network", "limited_by", "outcome",
        "failure", "stop_reason", "queued_at_s", "started_at_s", "built_at_s", "paused_at_s", "resumed_at_s",
        "finished_at_s", "queue_wait_s", "duration_s", "downtime_ms", "sent_bytes", "wire_bytes", "precopy_pass_count",
        "pings_sent_count", "pings_lost_count", "tcp_sessions_dropped_count", "tcp_stall_ms", "throttle_s",
        "throttle_mean_pct", "postcopy_degraded_s", "notes")) {
      for (MigrationRecord m : r.migrations()) {
        GuestImpact g = m.guest();
        long precopy = m.passes().stream().filter(p -> p.kind().equals("precopy")).count();
        w.write(new Object[] {text(m.id()), text(m.vm()), text(m.from()), text(m.to()), m.kind(), m.transport(),
            text(m.network()), m.limitedBy(), m.outcome(), text(m.failure()), m.stopReason(), m.queuedAt(), m.startedAt(),
            m.builtAt(), m.pausedAt(), m.resumedAt(), m.finishedAt(),
            m.startedAt() == null ? null : round(m.startedAt() - m.queuedAt()), round(m.seconds()), m.downtimeMs(),
            m.bytesSent(), m.wireBytes(), precopy, g == null ? null : g.pingsSent(), g == null ? null : g.pingsLost(),
            g == null ? null : g.sessionsDropped(), g == null ? null : g.sessionStallMs(),
            g == null || g.throttle() == null ? null : g.throttle().seconds(),
            g == null || g.throttle() == null ? null : g.throttle().meanPercent(),
            g == null || g.postCopy() == null ? null : g.postCopy().seconds(),
            m.notes() == null || m.notes().isEmpty() ? null : text(String.join("; ", m.notes()))});
      }
    }
  }

  private static void passes(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "migration", "vm", "pass", "kind", "pages_count", "sent_bytes", "duration_s",
        "dirtied_pages_count", "remaining_pages_count")) {
      for (MigrationRecord m : r.migrations())
        for (PassRecord p : m.passes())
          w.write(new Object[] {text(m.id()), text(m.vm()), p.pass(), p.kind(), p.pages(), p.bytes(), p.seconds(),
              p.dirtiedPages(), p.remainingPages()});
    }
  }

  private static void drains(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "host", "started_at_s", "finished_at_s", "duration_s", "moved_bytes", "mean_gbps",
        "peak_gbps", "vm_count", "moved_count", "not_moved_count")) {
      for (Report.DrainRecord d : list(r.drains())) {
        long moved = d.vms().stream().filter(v -> "completed".equals(v.outcome())).count();
        w.write(new Object[] {text(d.host()), d.startedAt(), d.finishedAt(), d.seconds(), d.bytesMoved(), d.meanGbps(),
            d.peakGbps(), d.vms().size(), moved, d.vms().size() - moved});
      }
    }
  }

  private static void drainedVms(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "drain_host", "vm", "to", "queue_wait_s", "copy_s", "downtime_ms", "outcome", "reason")) {
      for (Report.DrainRecord d : list(r.drains()))
        for (Report.DrainedVm v : d.vms())
          w.write(new Object[] {text(d.host()), text(v.vm()), text(v.to()), v.queueWait(), v.copySeconds(), v.downtimeMs(),
              v.outcome(), text(v.reason())});
    }
  }

  private static void maintenance(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "window", "host", "started_at_s", "drained_at_s", "patched_at_s", "finished_at_s",
        "duration_s", "share_fraction", "vms_left_count")) {
      int i = 0;
      for (Report.MaintenanceRecord m : list(r.maintenance())) {
        i++;
        for (Report.HostWindow h : m.hosts())
          w.write(new Object[] {i, text(h.host()), h.startedAt(), h.drainedAt(), h.patchedAt(), h.finishedAt(), h.seconds(),
              h.share(), h.vmsLeft()});
      }
    }
  }

  private static void crashes(Report r, Writer out) throws IOException {
    try (SequenceWriter w = rows(out, "host", "at_s", "vm", "restarted_on", "down_s", "reason", "cause")) {
      for (Report.CrashRecord c : list(r.crashes()))
        for (Report.CrashedVm v : c.vms())
          w.write(new Object[] {text(c.host()), c.at(), text(v.vm()), text(v.restartedOn()), v.downSeconds(), text(v.reason()),
              text(c.cause())});
    }
  }

  /** One row per bucket: its start, then each series' value (column {@code NAME + unit}). */
  private static void series(Map<String, List<Double>> all, Report r, String unit, Writer out) throws IOException {
    List<String> names = new ArrayList<>(all.keySet());
    String[] columns = new String[names.size() + 1];
    columns[0] = "time_s";
    for (int i = 0; i < names.size(); i++) columns[i + 1] = text(names.get(i)) + unit;
    int n = 0;
    for (List<Double> v : all.values()) n = Math.max(n, v.size());
    double resolution = r.series() == null ? 1 : r.series().resolution();
    try (SequenceWriter w = rows(out, columns)) {
      Object[] row = new Object[columns.length];
      for (int b = 0; b < n; b++) {
        row[0] = round(b * resolution);
        for (int i = 0; i < names.size(); i++) {
          List<Double> v = all.get(names.get(i));
          row[i + 1] = b < v.size() ? v.get(b) : null;
        }
        w.write(row);
      }
    }
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** Seconds to the microsecond, as the report gives them. */
  private static double round(double s) {
    return Math.round(s * 1e6) / 1e6;
  }
}
