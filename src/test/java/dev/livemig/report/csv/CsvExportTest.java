package dev.livemig.report.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import org.junit.jupiter.api.Test;

/** run --csv: every file readable back as CSV, one row per thing, a unit in every measured column's name. */
class CsvExportTest {
  /** Columns that name or describe rather than measure. */
  static final Set<String> NAMES = Set.of("id", "vm", "from", "to", "kind", "transport", "network", "limited_by", "outcome",
      "failure", "stop_reason", "notes", "migration", "pass", "host", "drain_host", "reason", "window", "restarted_on", "cause");
  static final List<String> UNITS = List.of("_s", "_ms", "_bytes", "_gbps", "_cores", "_pct", "_count", "_fraction");

  static List<Map<String, String>> read(String csv) throws Exception {
    MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv);
    List<Map<String, String>> out = new ArrayList<>();
    while (it.hasNext()) out.add(it.next());
    return out;
  }

  static String write(String file, Report r) throws Exception {
    StringWriter w = new StringWriter();
    CsvExport.write(file, r, w);
    return w.toString();
  }

  @Test
  void everyFileReadsBackWithUnitsInItsColumnNames() throws Exception {
    Report r = Runs.run(Runs.load(new File("scenarios/drain-with-host-failure.conf"), List.of()), ScenarioRun.Options.none()).report();
    for (String f : CsvExport.FILES) {
      String text = write(f, r);
      String header = text.lines().findFirst().orElseThrow();
      for (String column : header.split(",")) {
        String c = column.replace("\"", "");
        assertTrue(NAMES.contains(c) || UNITS.stream().anyMatch(c::endsWith), f + ": column " + c + " has no unit");
      }
      read(text); // parses
    }
    List<Map<String, String>> ms = read(write("migrations.csv", r));
    assertEquals(r.migrations().size(), ms.size());
    MigrationRecord first = r.migrations().get(0);
    assertEquals(first.id(), ms.get(0).get("id"));
    assertEquals(first.downtimeMs(), Double.parseDouble(ms.get(0).get("downtime_ms")), 1e-9);
    int passes = 0;
    for (MigrationRecord m : r.migrations()) passes += m.passes().size();
    assertEquals(passes, read(write("passes.csv", r)).size());
    assertEquals(r.crashes().stream().mapToInt(c -> c.vms().size()).sum(), read(write("crashes.csv", r)).size());
    List<Map<String, String>> nic = read(write("nic-gbps.csv", r));
    String series = r.series().nicGbps().keySet().iterator().next();
    assertEquals(r.series().nicGbps().get(series).size(), nic.size());
    assertEquals(r.series().nicGbps().get(series).get(3), Double.parseDouble(nic.get(3).get(series + "_gbps")), 1e-12);
  }

  @Test
  void textThatLooksLikeAFormulaIsNeutralised() throws Exception {
    MigrationRecord m = new MigrationRecord("m1", "=HYPERLINK(\"x\")", "hv1", "hv2", "live", "tcpip", null, 0, 0.0, 1, 0, 0,
        0, List.of(), null, "completed", null, List.of(), null);
    Report r = new Report("s", 1, Map.of(), List.of(m), null, null, null, null);
    Map<String, String> row = read(write("migrations.csv", r)).get(0);
    assertEquals("'=HYPERLINK(\"x\")", row.get("vm"));
    assertEquals("", row.get("built_at_s"), "an absent value is an empty cell");
    assertEquals("0.0", row.get("started_at_s"));
  }
}
