package dev.livemig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livemig.migration.GuestImpact;
import dev.livemig.migration.PassRecord;
import org.junit.jupiter.api.Test;

/**
 * {@link ReportWriter} writes the bytes the mapper writes: on records with every field present, with
 * every optional field absent or empty, with nulls inside lists and maps, with numbers that are not
 * plain (NaN, infinities, -0.0) and strings that need escaping; and (ScenariosTest) on the report of
 * every scenario in scenarios/.
 */
public class ReportWriterTest {

  /** The report as the mapper streams it (the run command's bytes before ReportWriter). */
  static byte[] mapperBytes(Report r) throws IOException {
    ObjectMapper mapper = ReportJson.mapper();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    mapper.writeValue(gen, r);
    out.write('\n');
    return out.toByteArray();
  }

  static byte[] writerBytes(Report r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportJson.write(r, out);
    return out.toByteArray();
  }

  /** Fails, with the first differing line, when the two writers differ on {@code r}. */
  public static void assertSameBytesAsTheMapper(Report r) throws IOException {
    String expected = new String(mapperBytes(r), StandardCharsets.UTF_8);
    String actual = new String(writerBytes(r), StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      List<String> e = expected.lines().toList();
      List<String> a = actual.lines().toList();
      int i = 0;
      while (i < Math.min(e.size(), a.size()) && e.get(i).equals(a.get(i))) i++;
      throw new AssertionError("ReportWriter differs from the mapper at line " + (i + 1) + ":\n  mapper: "
          + (i < e.size() ? e.get(i) : "(end)") + "\n  writer: " + (i < a.size() ? a.get(i) : "(end)"));
    }
    assertEquals(Arrays.toString(mapperBytes(r)), Arrays.toString(writerBytes(r)));
  }

  static MigrationRecord fullMove() {
    var guest = new GuestImpact(12, 2, 1, 300.5, new GuestImpact.Throttle(3.5, 12.25, 40.0),
        new GuestImpact.PostCopy(1024, 2.5, null));
    var passes = List.of(new PassRecord(0, "precopy", 2097152, 8589934592L, 72.4, 1000, 10),
        new PassRecord(1, "stop-and-copy", 10, 40960, 0.04, 0, 0));
    return new MigrationRecord("m1", "vm \"one\" é\u2028\uD83D\uDE00", "hv1", "hv2", "live", "tcpip", "LM", 0.5, 1.0,
        80.25, 60.183125, 8590196736L, 8600000000L, passes, "clean", "completed", "a failure\nwith a line", List.of("note 1",
            "tab\there"), guest, "wire", 2.0, 70.0, 70.06, 123456789L, List.of("flag: a rule", "another"));
  }

  static Report full() {
    Map<String, Report.Measure> measures = new LinkedHashMap<>();
    measures.put("one", new Report.Measure(78.5, 0.94, 60.0, "m1"));
    measures.put("drain", new Report.Measure(100.0, null, null, null, 3, 1.5));
    measures.put("all", new Report.Measure(1e-7, Double.NaN, Double.POSITIVE_INFINITY, "m2", 0, -0.0));
    measures.put("null", null);
    var drained = List.of(new Report.DrainedVm("v1", "hv2", 0.0, 70.5, 55.1, "completed", null, "fix it", "live"),
        new Report.DrainedVm("v2", null, null, null, null, "not-placed", "no room"));
    var drains = List.of(new Report.DrainRecord("hv1", 0, 100.5, 100.5, 17179869184L, 0.94, 0.95, drained, "m", true),
        new Report.DrainRecord("hv3", 1, 2, 1, 0, 0, 0, List.of()));
    var maintenance = List.of(new Report.MaintenanceRecord(0, 3600, 3600,
        List.of(new Report.HostWindow("hv1", 0, 100, 1900, 2000, 2000, 0.55, 2)), "rolling"));
    var crashes = List.of(new Report.CrashRecord("hv1", 50.0, List.of(new Report.CrashedVm("v1", "hv2", 120.0, "restarted", 0.5),
        new Report.CrashedVm("v2", null, null, null))));
    var nodeAdds = List.of(new NodeAddReport("hv9", "failed", 3, "the reason", "the fix", "3 of 5", "4 of 6",
        List.of(new NodeAddReport.Step(1, "validate", "passed", 0.0, 12.5, "ok"),
            new NodeAddReport.Step(2, "join", "not-reached", null, null, null)),
        List.of(new NodeAddReport.TourMove("hv1", "hv9", 80.0, 60.5, 1)), "add"),
        new NodeAddReport("hv8", "added", null, null, null, null, null, List.of(), List.of(), null));
    Map<String, List<Double>> nic = new LinkedHashMap<>();
    nic.put("hv1/lm1", List.of(0.0, 0.94, 0.94, 0.94, 0.5, 0.0, -0.0, 0.0));
    nic.put("hv2/lm1", Arrays.asList(1.0, null, Double.NaN, Double.NEGATIVE_INFINITY, 1e300, 4.9e-324));
    nic.put("empty", List.of());
    nic.put("null", null);
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    cpu.put("hv1", List.of(20.0, 20.018, 20.018));
    Map<String, List<Double>> link = Map.of("tor1>spine:uplink", List.of(9.5));
    var series = new Report.Series(1.0, nic, cpu, link);
    return new Report("full \"é\"", 42, measures, Arrays.asList(fullMove(), null), drains, maintenance, crashes, nodeAdds, series);
  }

  @Test
  void everyFieldPresent() throws IOException {
    assertSameBytesAsTheMapper(full());
  }

  @Test
  void everyOptionalFieldAbsent() throws IOException {
    MigrationRecord bare = new MigrationRecord(null, null, null, null, null, null, null, 0, null, 0, 0, 0, 0, null, null,
        null, null, null, null);
    assertSameBytesAsTheMapper(new Report(null, -1, null, null, null, null, null, null, null));
    assertSameBytesAsTheMapper(new Report("s", 1, Map.of(), List.of(bare), null, null, null, null, null));
    assertSameBytesAsTheMapper(new Report("s", 1, Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        new Report.Series(0.5, null, null, null)));
    assertSameBytesAsTheMapper(new Report("s", 1, Map.of(), List.of(), Arrays.asList((Report.DrainRecord) null),
        Arrays.asList((Report.MaintenanceRecord) null), Arrays.asList((Report.CrashRecord) null),
        Arrays.asList((NodeAddReport) null), new Report.Series(60, Map.of(), Map.of(), Map.of())));
    var guest = new GuestImpact(0, 0, 0, 0, null, null);
    var passes = Arrays.asList((PassRecord) null, new PassRecord(0, null, 0, 0, 0, 0, 0));
    MigrationRecord some = new MigrationRecord("m", "v", "a", "b", "live", null, null, 0, 0.0, 1, 0, 0, 0, passes, null,
        "failed", null, Arrays.asList("n", null), guest);
    var drains = List.of(new Report.DrainRecord("h", 0, 0, 0, 0, 0, 0, null));
    var maintenance = List.of(new Report.MaintenanceRecord(0, 0, 0, Arrays.asList((Report.HostWindow) null)));
    var crashes = List.of(new Report.CrashRecord(null, 0, null), new Report.CrashRecord("h", 0, Arrays.asList((Report.CrashedVm) null)));
    var nodeAdds = List.of(new NodeAddReport(null, null, null, null, null, null, null, null, null, null),
        new NodeAddReport("h", "added", 0, null, null, null, null, Arrays.asList((NodeAddReport.Step) null),
            Arrays.asList((NodeAddReport.TourMove) null), null));
    assertSameBytesAsTheMapper(new Report("s", 1, Map.of(), List.of(some), drains, maintenance, crashes, nodeAdds, null));
  }

  /** The comparison can fail: one changed digit changes the bytes. */
  @Test
  void aChangedFigureChangesTheBytes() throws IOException {
    Report a = full();
    Report b = new Report(a.scenario(), a.seed() + 1, a.measures(), a.migrations(), a.drains(), a.maintenance(), a.crashes(),
        a.nodeAdds(), a.series());
    assertNotEquals(new String(writerBytes(a), StandardCharsets.UTF_8), new String(writerBytes(b), StandardCharsets.UTF_8));
  }

  /**
   * A tripwire: the writer names each record's fields. A field added to one of these records must be
   * written by ReportWriter too (then update the count here, and the records of {@link #full()}).
   */
  @Test
  void theRecordsHaveTheFieldsTheWriterKnows() {
    assertEquals(9, Report.class.getRecordComponents().length);
    assertEquals(6, Report.Measure.class.getRecordComponents().length);
    assertEquals(25, MigrationRecord.class.getRecordComponents().length);
    assertEquals(7, PassRecord.class.getRecordComponents().length);
    assertEquals(6, GuestImpact.class.getRecordComponents().length);
    assertEquals(3, GuestImpact.Throttle.class.getRecordComponents().length);
    assertEquals(3, GuestImpact.PostCopy.class.getRecordComponents().length);
    assertEquals(10, Report.DrainRecord.class.getRecordComponents().length);
    assertEquals(9, Report.DrainedVm.class.getRecordComponents().length);
    assertEquals(5, Report.MaintenanceRecord.class.getRecordComponents().length);
    assertEquals(8, Report.HostWindow.class.getRecordComponents().length);
    assertEquals(4, Report.CrashRecord.class.getRecordComponents().length);
    assertEquals(5, Report.CrashedVm.class.getRecordComponents().length);
    assertEquals(10, NodeAddReport.class.getRecordComponents().length);
    assertEquals(6, NodeAddReport.Step.class.getRecordComponents().length);
    assertEquals(5, NodeAddReport.TourMove.class.getRecordComponents().length);
    assertEquals(4, Report.Series.class.getRecordComponents().length);
  }
}
