package dev.livemig.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;

/**
 * Writes a {@link Report} with Jackson's streaming generator, field by field, the same bytes as
 * {@link ReportJson#mapper()} writes it (its property order, its inclusion rules, its pretty printer;
 * {@code ReportWriterTest} compares the two on every scenario's report and on records with every
 * field absent or empty). The mapper spends a few hundred milliseconds of cpu per process learning
 * the report's classes (annotations, reflection, serializers built on first use) before it writes
 * a byte; a run writes one report. When a field is added to a report record, add it here too: the
 * test fails until both write it.
 */
final class ReportWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ReportWriter() {}

  /** Writes {@code r} to {@code out} (UTF-8), which stays open; no trailing newline. */
  static void write(Report r, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(new DefaultPrettyPrinter());
      report(g, r, new SeriesValues.Raw(g, out));
    }
  }

  private static void report(JsonGenerator g, Report r, SeriesValues.Raw raw) throws IOException {
    if (r == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("scenario", r.scenario());
    g.writeNumberField("seed", r.seed());
    g.writeFieldName("measures");
    if (r.measures() == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      for (Map.Entry<String, Report.Measure> e : r.measures().entrySet()) {
        g.writeFieldName(e.getKey());
        measure(g, e.getValue());
      }
      g.writeEndObject();
    }
    g.writeFieldName("migrations");
    if (r.migrations() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (MigrationRecord m : r.migrations()) migration(g, m);
      g.writeEndArray();
    }
    if (r.drains() != null && !r.drains().isEmpty()) {
      g.writeFieldName("drains");
      g.writeStartArray();
      for (Report.DrainRecord d : r.drains()) drain(g, d);
      g.writeEndArray();
    }
    if (r.maintenance() != null && !r.maintenance().isEmpty()) {
      g.writeFieldName("maintenance");
      g.writeStartArray();
      for (Report.MaintenanceRecord m : r.maintenance()) maintenance(g, m);
      g.writeEndArray();
    }
    if (r.crashes() != null && !r.crashes().isEmpty()) {
      g.writeFieldName("crashes");
      g.writeStartArray();
      for (Report.CrashRecord c : r.crashes()) crash(g, c);
      g.writeEndArray();
    }
    if (r.nodeAdds() != null && !r.nodeAdds().isEmpty()) {
      g.writeFieldName("nodeAdds");
      g.writeStartArray();
      for (NodeAddReport n : r.nodeAdds()) nodeAdd(g, n);
      g.writeEndArray();
    }
    g.writeFieldName("series");
    series(g, r.series(), raw);
    g.writeEndObject();
  }

  private static void measure(JsonGenerator g, Report.Measure m) throws IOException { // NON_NULL
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("seconds", m.seconds());
    number(g, "copyGbps", m.copyGbps());
    number(g, "downtimeMs", m.downtimeMs());
    string(g, "migration", m.migration());
    if (m.vmsLeft() != null) g.writeNumberField("vmsLeft", m.vmsLeft().intValue());
    if (m.complete() != null) g.writeBooleanField("complete", m.complete());
    number(g, "dataAtRiskSeconds", m.dataAtRiskSeconds());
    g.writeEndObject();
  }

  private static void migration(JsonGenerator g, MigrationRecord m) throws IOException { // NON_NULL
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    string(g, "id", m.id());
    string(g, "vm", m.vm());
    string(g, "from", m.from());
    string(g, "to", m.to());
    string(g, "kind", m.kind());
    string(g, "transport", m.transport());
    string(g, "network", m.network());
    g.writeNumberField("queuedAt", m.queuedAt());
    number(g, "startedAt", m.startedAt());
    g.writeNumberField("finishedAt", m.finishedAt());
    g.writeNumberField("downtimeMs", m.downtimeMs());
    g.writeNumberField("bytesSent", m.bytesSent());
    g.writeNumberField("wireBytes", m.wireBytes());
    if (m.storageBytes() != null) g.writeNumberField("storageBytes", m.storageBytes().longValue());
    string(g, "limitedBy", m.limitedBy());
    if (m.passes() != null) {
      g.writeFieldName("passes");
      g.writeStartArray();
      for (PassRecord p : m.passes()) pass(g, p);
      g.writeEndArray();
    }
    string(g, "stopReason", m.stopReason());
    string(g, "outcome", m.outcome());
    string(g, "failure", m.failure());
    strings(g, "flags", m.flags());
    strings(g, "notes", m.notes());
    if (m.guest() != null) {
      g.writeFieldName("guest");
      guest(g, m.guest());
    }
    g.writeEndObject();
  }

  private static void pass(JsonGenerator g, PassRecord p) throws IOException {
    if (p == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("pass", p.pass());
    g.writeStringField("kind", p.kind());
    g.writeNumberField("pages", p.pages());
    g.writeNumberField("bytes", p.bytes());
    g.writeNumberField("seconds", p.seconds());
    g.writeNumberField("dirtiedPages", p.dirtiedPages());
    g.writeNumberField("remainingPages", p.remainingPages());
    g.writeEndObject();
  }

  private static void guest(JsonGenerator g, GuestImpact i) throws IOException { // NON_NULL
    g.writeStartObject();
    g.writeNumberField("pingsSent", i.pingsSent());
    g.writeNumberField("pingsLost", i.pingsLost());
    g.writeNumberField("sessionsDropped", i.sessionsDropped());
    g.writeNumberField("sessionStallMs", i.sessionStallMs());
    if (i.throttle() != null) {
      g.writeFieldName("throttle");
      g.writeStartObject();
      g.writeNumberField("seconds", i.throttle().seconds());
      g.writeNumberField("meanPercent", i.throttle().meanPercent());
      g.writeNumberField("maxPercent", i.throttle().maxPercent());
      g.writeEndObject();
    }
    if (i.postCopy() != null) {
      g.writeFieldName("postCopy");
      g.writeStartObject();
      g.writeNumberField("pages", i.postCopy().pages());
      g.writeNumberField("seconds", i.postCopy().seconds());
      g.writeStringField("risk", i.postCopy().risk());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void drain(JsonGenerator g, Report.DrainRecord d) throws IOException {
    if (d == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("host", d.host());
    g.writeNumberField("startedAt", d.startedAt());
    g.writeNumberField("finishedAt", d.finishedAt());
    g.writeNumberField("seconds", d.seconds());
    g.writeNumberField("bytesMoved", d.bytesMoved());
    g.writeNumberField("meanGbps", d.meanGbps());
    g.writeNumberField("peakGbps", d.peakGbps());
    g.writeFieldName("vms");
    if (d.vms() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (Report.DrainedVm v : d.vms()) drainedVm(g, v);
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void drainedVm(JsonGenerator g, Report.DrainedVm v) throws IOException { // NON_NULL
    if (v == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    string(g, "vm", v.vm());
    string(g, "to", v.to());
    string(g, "kind", v.kind());
    number(g, "queueWait", v.queueWait());
    number(g, "copySeconds", v.copySeconds());
    number(g, "downtimeMs", v.downtimeMs());
    string(g, "outcome", v.outcome());
    string(g, "reason", v.reason());
    g.writeEndObject();
  }

  private static void maintenance(JsonGenerator g, Report.MaintenanceRecord m) throws IOException {
    if (m == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("startedAt", m.startedAt());
    g.writeNumberField("finishedAt", m.finishedAt());
    g.writeNumberField("seconds", m.seconds());
    g.writeFieldName("hosts");
    if (m.hosts() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (Report.HostWindow h : m.hosts()) {
        if (h == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        g.writeStringField("host", h.host());
        g.writeNumberField("startedAt", h.startedAt());
        g.writeNumberField("drainedAt", h.drainedAt());
        g.writeNumberField("patchedAt", h.patchedAt());
        g.writeNumberField("finishedAt", h.finishedAt());
        g.writeNumberField("seconds", h.seconds());
        g.writeNumberField("share", h.share());
        g.writeNumberField("vmsLeft", h.vmsLeft());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void crash(JsonGenerator g, Report.CrashRecord c) throws IOException {
    if (c == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    string(g, "host", c.host()); // NON_NULL
    g.writeNumberField("at", c.at());
    string(g, "cause", c.cause());
    if (c.vms() != null) {
      g.writeFieldName("vms");
      g.writeStartArray();
      for (Report.CrashedVm v : c.vms()) { // NON_NULL
        if (v == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        string(g, "vm", v.vm());
        string(g, "restartedOn", v.restartedOn());
        number(g, "downSeconds", v.downSeconds());
        string(g, "reason", v.reason());
        number(g, "dataAtRiskSeconds", v.dataAtRiskSeconds());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void nodeAdd(JsonGenerator g, NodeAddReport n) throws IOException {
    if (n == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("host", n.host());
    g.writeStringField("outcome", n.outcome());
    g.writeFieldName("failedStep");
    if (n.failedStep() == null) g.writeNull();
    else g.writeNumber(n.failedStep().intValue());
    g.writeStringField("reason", n.reason());
    g.writeStringField("fix", n.fix());
    g.writeStringField("quorumBefore", n.quorumBefore());
    g.writeStringField("quorumAfter", n.quorumAfter());
    g.writeFieldName("steps");
    if (n.steps() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (NodeAddReport.Step s : n.steps()) { // NON_NULL
        if (s == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        g.writeNumberField("n", s.n());
        string(g, "name", s.name());
        string(g, "outcome", s.outcome());
        number(g, "startedAt", s.startedAt());
        number(g, "seconds", s.seconds());
        string(g, "detail", s.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeFieldName("tour");
    if (n.tour() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (NodeAddReport.TourMove t : n.tour()) {
        if (t == null) {
          g.writeNull();
          continue;
        }
        g.writeStartObject();
        g.writeStringField("from", t.from());
        g.writeStringField("to", t.to());
        g.writeNumberField("seconds", t.seconds());
        g.writeNumberField("downtimeMs", t.downtimeMs());
        g.writeNumberField("pingsLost", t.pingsLost());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void series(JsonGenerator g, Report.Series s, SeriesValues.Raw raw) throws IOException {
    if (s == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeNumberField("resolution", s.resolution());
    g.writeFieldName("nicGbps");
    seriesMap(g, s.nicGbps(), raw);
    g.writeFieldName("cpuCores");
    seriesMap(g, s.cpuCores(), raw);
    if (s.linkGbps() != null && !s.linkGbps().isEmpty()) {
      g.writeFieldName("linkGbps");
      seriesMap(g, s.linkGbps(), raw);
    }
    g.writeEndObject();
  }

  private static void seriesMap(JsonGenerator g, Map<String, List<Double>> series, SeriesValues.Raw raw) throws IOException {
    if (series == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      g.writeFieldName(e.getKey());
      if (e.getValue() == null) g.writeNull();
      else raw.write(e.getValue());
    }
    g.writeEndObject();
  }

  /** A string field of a NON_NULL record: absent when null. */
  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }

  /** A boxed number field of a NON_NULL record: absent when null. */
  private static void number(JsonGenerator g, String name, Double value) throws IOException {
    if (value != null) g.writeNumberField(name, value.doubleValue());
  }

  /** A list of strings of a NON_NULL record: absent when null. */
  private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
    if (values == null) return;
    g.writeFieldName(name);
    g.writeStartArray();
    for (String v : values) g.writeString(v);
    g.writeEndArray();
  }
}
