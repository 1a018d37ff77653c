package dev.livemig.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * What a report holds that its JSON leaves out and a comparison's table reads: each move's phase
 * instants (built, paused, resumed: what held it when) and the measure each drain and rolling
 * maintenance stands for. A line of {@code compare --out} carries them beside the report
 * ({@code "hidden"}), so a sweep resumed from the file prints the table a local comparison prints.
 */
final class HiddenFields {
  private HiddenFields() {}

  /** The fields of {@code r} its JSON leaves out, as JSON-ready maps and lists. */
  static Map<String, Object> of(Report r) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, List<Double>> phases = new LinkedHashMap<>();
    for (MigrationRecord m : r.migrations()) {
      if (m.builtAt() == null && m.pausedAt() == null && m.resumedAt() == null) continue;
      List<Double> at = new ArrayList<>();
      at.add(m.builtAt());
      at.add(m.pausedAt());
      at.add(m.resumedAt());
      phases.put(m.id(), at);
    }
    out.put("phases", phases);
    List<String> drains = new ArrayList<>();
    if (r.drains() != null) for (Report.DrainRecord d : r.drains()) drains.add(d.measure());
    out.put("drainMeasures", drains);
    List<String> windows = new ArrayList<>();
    if (r.maintenance() != null) for (Report.MaintenanceRecord w : r.maintenance()) windows.add(w.measure());
    out.put("maintenanceMeasures", windows);
    List<Boolean> rolling = new ArrayList<>();
    if (r.drains() != null) for (Report.DrainRecord d : r.drains()) rolling.add(d.rolling());
    out.put("rollingDrains", rolling);
    return out;
  }

  /** {@code r} (read back from its JSON) with the fields {@code hidden} holds; {@code r} itself when there is nothing. */
  static Report restore(Report r, JsonNode hidden) {
    if (hidden == null || !hidden.isObject()) return r;
    JsonNode phases = hidden.path("phases");
    List<MigrationRecord> moves = new ArrayList<>();
    for (MigrationRecord m : r.migrations()) {
      JsonNode at = phases.path(m.id());
      if (!at.isArray() || at.size() != 3) {
        moves.add(m);
        continue;
      }
      moves.add(new MigrationRecord(m.id(), m.vm(), m.from(), m.to(), m.kind(), m.transport(), m.network(), m.queuedAt(),
          m.startedAt(), m.finishedAt(), m.downtimeMs(), m.bytesSent(), m.wireBytes(), m.passes(), m.stopReason(), m.outcome(),
          m.failure(), m.notes(), m.guest(), m.limitedBy(), number(at.get(0)), number(at.get(1)), number(at.get(2)),
          m.storageBytes(), m.flags()));
    }
    List<Report.DrainRecord> drains = r.drains();
    JsonNode dm = hidden.path("drainMeasures");
    JsonNode rolling = hidden.path("rollingDrains");
    if (drains != null && dm.isArray() && dm.size() == drains.size()) {
      List<Report.DrainRecord> out = new ArrayList<>();
      for (int i = 0; i < drains.size(); i++) {
        Report.DrainRecord d = drains.get(i);
        out.add(new Report.DrainRecord(d.host(), d.startedAt(), d.finishedAt(), d.seconds(), d.bytesMoved(), d.meanGbps(),
            d.peakGbps(), d.vms(), text(dm.get(i)), rolling.path(i).asBoolean(false)));
      }
      drains = out;
    }
    List<Report.MaintenanceRecord> windows = r.maintenance();
    JsonNode wm = hidden.path("maintenanceMeasures");
    if (windows != null && wm.isArray() && wm.size() == windows.size()) {
      List<Report.MaintenanceRecord> out = new ArrayList<>();
      for (int i = 0; i < windows.size(); i++) {
        Report.MaintenanceRecord w = windows.get(i);
        out.add(new Report.MaintenanceRecord(w.startedAt(), w.finishedAt(), w.seconds(), w.hosts(), text(wm.get(i))));
      }
      windows = out;
    }
    return new Report(r.scenario(), r.seed(), r.measures(), moves, drains, windows, r.crashes(), r.nodeAdds(), r.series());
  }

  private static Double number(JsonNode n) {
    return n == null || n.isNull() ? null : n.asDouble();
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
