package dev.livemig.report.html;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * A report as the HTML page's script reads it: the migrations with the instants of their phases,
 * drains, maintenance windows, crashes, and the utilisation series thinned to at most
 * {@link #MAX_POINTS} points each (each point the highest of the buckets it stands for, so a peak
 * is never lost). Written straight to the page, nothing held but the report itself.
 */
final class PageData {
  /** Points per utilisation series at most: about one per pixel of a chart 1280 px wide. */
  static final int MAX_POINTS = 720;

  private PageData() {}

  /** The report of one run ({@code series}: whether to include the utilisation series). */
  static void report(JsonGenerator g, Report r, boolean series) throws IOException {
    g.writeStartObject();
    g.writeStringField("scenario", r.scenario());
    g.writeNumberField("seed", r.seed());
    g.writeArrayFieldStart("measures");
    for (Map.Entry<String, Report.Measure> e : r.measures().entrySet()) {
      g.writeStartObject();
      g.writeStringField("name", e.getKey());
      g.writeNumberField("seconds", e.getValue().seconds());
      if (e.getValue().copyGbps() != null) g.writeNumberField("copyGbps", e.getValue().copyGbps());
      if (e.getValue().downtimeMs() != null) g.writeNumberField("downtimeMs", e.getValue().downtimeMs());
      if (e.getValue().migration() != null) g.writeStringField("migration", e.getValue().migration());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("columns");
    g.writeObject(COLUMNS);
    g.writeArrayFieldStart("migrations");
    for (MigrationRecord m : r.migrations()) migration(g, m);
    g.writeEndArray();
    g.writeFieldName("drains");
    g.writeObject(r.drains() == null ? List.of() : r.drains());
    g.writeFieldName("maintenance");
    g.writeObject(r.maintenance() == null ? List.of() : r.maintenance());
    g.writeFieldName("crashes");
    g.writeObject(r.crashes() == null ? List.of() : r.crashes());
    if (series && r.series() != null) series(g, r.series());
    g.writeEndObject();
  }

  /**
   * The columns of a migration's row (rows rather than objects: a 12,000-migration run's page stays
   * a few MB). {@code passes}: rows of kind, pages, seconds, dirtied pages, remaining pages;
   * {@code guest}: pings sent, pings lost, TCP sessions dropped, TCP stall ms, mean throttle %,
   * post-copy degraded seconds (null without guest figures).
   */
  static final List<String> COLUMNS = List.of("id", "vm", "from", "to", "transport", "network", "queuedAt", "startedAt",
      "builtAt", "pausedAt", "resumedAt", "finishedAt", "downtimeMs", "bytesSent", "wireBytes", "outcome", "failure",
      "stopReason", "limitedBy", "notes", "passes", "guest");

  private static void migration(JsonGenerator g, MigrationRecord m) throws IOException {
    g.writeStartArray();
    g.writeString(m.id());
    g.writeString(m.vm());
    g.writeString(m.from());
    g.writeString(m.to());
    g.writeString(m.transport());
    g.writeString(m.network());
    g.writeNumber(m.queuedAt());
    number(g, m.startedAt());
    number(g, m.builtAt());
    number(g, m.pausedAt());
    number(g, m.resumedAt());
    g.writeNumber(m.finishedAt());
    g.writeNumber(m.downtimeMs());
    g.writeNumber(m.bytesSent());
    g.writeNumber(m.wireBytes());
    g.writeString(m.outcome());
    g.writeString(m.failure());
    g.writeString(m.stopReason());
    g.writeString(m.limitedBy());
    if (m.notes() == null || m.notes().isEmpty()) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (String n : m.notes()) g.writeString(n);
      g.writeEndArray();
    }
    g.writeStartArray();
    for (PassRecord p : m.passes()) {
      g.writeStartArray();
      g.writeString(p.kind());
      g.writeNumber(p.pages());
      g.writeNumber(p.seconds());
      g.writeNumber(p.dirtiedPages());
      g.writeNumber(p.remainingPages());
      g.writeEndArray();
    }
    g.writeEndArray();
    GuestImpact gi = m.guest();
    if (gi == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      g.writeNumber(gi.pingsSent());
      g.writeNumber(gi.pingsLost());
      g.writeNumber(gi.sessionsDropped());
      g.writeNumber(gi.sessionStallMs());
      number(g, gi.throttle() == null ? null : gi.throttle().meanPercent());
      number(g, gi.postCopy() == null ? null : gi.postCopy().seconds());
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private static void number(JsonGenerator g, Double v) throws IOException {
    if (v == null) g.writeNull();
    else g.writeNumber(v);
  }

  private static void series(JsonGenerator g, Report.Series s) throws IOException {
    int n = 0;
    for (List<Double> v : s.nicGbps().values()) n = Math.max(n, v.size());
    for (List<Double> v : s.cpuCores().values()) n = Math.max(n, v.size());
    int group = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    g.writeObjectFieldStart("series");
    g.writeNumberField("resolution", s.resolution());
    g.writeNumberField("group", group);
    g.writeObjectFieldStart("nicGbps");
    thinned(g, s.nicGbps(), group);
    g.writeEndObject();
    g.writeObjectFieldStart("cpuCores");
    thinned(g, s.cpuCores(), group);
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Each series as the highest value of every {@code group} buckets, to two decimals. */
  private static void thinned(JsonGenerator g, Map<String, List<Double>> all, int group) throws IOException {
    for (Map.Entry<String, List<Double>> e : all.entrySet()) {
      g.writeArrayFieldStart(e.getKey());
      List<Double> v = e.getValue();
      for (int i = 0; i < v.size(); i += group) {
        double max = 0;
        for (int j = i; j < Math.min(v.size(), i + group); j++) max = Math.max(max, v.get(j));
        double r = Math.round(max * 100) / 100.0;
        if (r == Math.rint(r)) g.writeNumber((long) r);
        else g.writeNumber(r);
      }
      g.writeEndArray();
    }
  }
}
