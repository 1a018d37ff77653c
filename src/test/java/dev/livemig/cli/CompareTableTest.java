package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.livemig.report.Comparison;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.FileVariants;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.Variants;
import org.junit.jupiter.api.Test;

/**
 * The comparison's table from reports made by hand, so every figure is known: the labels of
 * templates, what held each drain as shares of its moves' time, the ratio to the base, the columns
 * of outcomes that differ in kind and the line of one every variant shares, the notes folded.
 */
class CompareTableTest {
  static final String FELL_BACK = "compression fell back to TCP/IP: spare CPU on hv1 is 0 % (0.0 of 12 cores), below 10 %";

  /** A completed move of the drain of hv1: its instants, what held its copy, its notes. */
  static MigrationRecord move(String id, String vm, double queued, double started, double built, double paused, double finished,
      String limitedBy, List<String> notes) {
    return new MigrationRecord(id, vm, "hv1", "hv2", "live", "tcpip", "LM", queued, started, finished, 20.0, 1L << 33, 1L << 33,
        List.of(), "state-threshold", "completed", null, notes, null, limitedBy, built, paused, paused);
  }

  /** A report of one drain of hv1 (measure {@code drain}) made of {@code moves}, and the VMs it left. */
  static Report drain(List<MigrationRecord> moves, List<String> left) {
    double end = moves.stream().mapToDouble(MigrationRecord::finishedAt).max().orElse(0);
    List<Report.DrainedVm> vms = new ArrayList<>();
    for (MigrationRecord m : moves) vms.add(new Report.DrainedVm(m.vm(), "hv2", 0.0, 1.0, 20.0, "completed", null));
    for (String v : left) vms.add(new Report.DrainedVm(v, null, null, null, null, "not-placed", "no host has room"));
    Report.DrainRecord d = new Report.DrainRecord("hv1", 0, end, end, 1L << 34, 1.0, 1.0, vms, "drain", false);
    return new Report("layouts", 1, Map.of("drain", new Report.Measure(end, null, null, null, left.isEmpty() ? null : left.size())),
        moves, List.of(d), List.of(), List.of(), new Report.Series(1, Map.of(), Map.of()));
  }

  /** Templates as a scenario file would give them: one with a label, one without. */
  static final Variants.Lookup FILE = new Variants.Lookup() {
    @Override
    public List<FileVariants.Named> variants(List<String> chosen, List<Problem> problems) {
      return List.of();
    }

    @Override
    public String label(String path) {
      return path.equals("templates.layouts.smb-limit") ? "SMB, 5 Gbps limit" : null;
    }
  };

  static CompareTable table() throws Exception {
    List<Variants.Variant> vs = Variants.of(List.of("cluster.live-migration=${templates.layouts.tcpip-1gbe},"
        + "${templates.layouts.smb-limit},${ templates.layouts.queued }"), FILE);
    // the base: two moves one after the other, 20 s of fixed phases each; the first held by the wire,
    // the second by its stream's CPU; both fell back, at 10 s and at 110 s
    Report base = drain(List.of(
        move("m1", "vm1", 0, 0, 10, 90, 100, "wire", List.of("10.000 s: " + FELL_BACK)),
        move("m2", "vm2", 0, 100, 110, 190, 200, "stream-cpu", List.of("110.000 s: " + FELL_BACK))), List.of());
    // both at once, 4 × faster, held by the SMB limit
    Report smb = drain(List.of(
        move("m1", "vm1", 0, 0, 5, 45, 50, "smb-limit", null),
        move("m2", "vm2", 0, 0, 5, 45, 50, "smb-limit", null)), List.of());
    // one move that waited 20 s while none of the drain ran (slots held elsewhere), and a VM left behind
    Report queued = drain(List.of(move("m1", "vm1", 0, 20, 20, 60, 60, "wire", List.of("link down at 30 s"))), List.of("vm3"));
    List<Map<String, String>> values = new ArrayList<>();
    for (Variants.Variant v : vs) values.add(v.values());
    Comparison c = Comparison.of(List.of("cluster.live-migration"), values, List.of(base, smb, queued));
    return CompareTable.of(c, Map.of());
  }

  @Test
  void templatesAreShownByTheirLabelOrLastName() throws Exception {
    CompareTable t = table();
    assertEquals("live-migration", t.columns.get(0).name());
    assertEquals(List.of("tcpip-1gbe", "SMB, 5 Gbps limit", "queued"), t.rows.stream().map(r -> r.get(0)).toList());
    assertFalse(t.text().contains("${"), t.text());
  }

  @Test
  void limitedByIsEachLimitsShareOfTheMovesTime() throws Exception {
    CompareTable t = table();
    assertEquals("stream-cpu 40 %, wire 40 %, fixed-phases 20 %", t.cell(0, "limited by"));
    assertEquals("smb-limit 80 %, fixed-phases 20 %", t.cell(1, "limited by"));
    assertEquals("wire 67 %, slot-limit 33 %", t.cell(2, "limited by"));
  }

  @Test
  void theChangeHasItsRatioInWords() throws Exception {
    CompareTable t = table();
    assertEquals("base", t.cell(0, "ratio"));
    assertEquals("-75.0 %", t.cell(1, "change"));
    assertEquals("4.0× faster", t.cell(1, "ratio"));
    assertEquals("-70.0 %", t.cell(2, "change"));
    assertEquals("3.3× faster", t.cell(2, "ratio"));
    assertEquals("1.3× slower", CompareTable.ratio("seconds", 10, 13));
    assertEquals("1.04× slower", CompareTable.ratio("seconds", 100, 104));
    assertEquals("same", CompareTable.ratio("seconds", 100, 100.2));
    assertEquals("21× faster", CompareTable.ratio("seconds", 2443.7, 116.1));
    assertEquals("2.0× faster", CompareTable.ratio("copy-gbps", 9.7, 19.4), "more Gbit/s is faster");
    assertEquals("3.0× more", CompareTable.ratio("passes", 1, 3));
    assertEquals("-", CompareTable.ratio("pings-lost", 0, 3));
  }

  @Test
  void outcomesThatDifferInKindHaveTheirColumns() throws Exception {
    CompareTable t = table();
    assertEquals("2 of 2", t.cell(0, "fell back"));
    assertEquals("-", t.cell(1, "fell back"));
    assertEquals("1", t.cell(2, "VMs left"));
    assertEquals("-", t.cell(0, "VMs left"));
    assertEquals(null, t.cell(0, "pings lost"), "no variant lost a ping: no column");
    assertTrue(t.common.isEmpty(), t.common.toString());
  }

  @Test
  void identicalNotesFoldIntoOneLineWithTheirCountAndFirstAndLastInstant() throws Exception {
    CompareTable t = table();
    assertEquals(2, t.notes.size());
    assertEquals("[1]", t.cell(0, "notes"));
    assertEquals("", t.cell(1, "notes"));
    assertEquals(List.of("2 of 2 moves: " + FELL_BACK + ", 10.0 s .. 110.0 s"), t.notes.get(0).lines());
    assertEquals(List.of("drain of hv1 left 1 VM behind: vm3", "m1 vm1: link down at 30 s"), t.notes.get(1).lines());
    String text = t.text();
    assertTrue(text.contains("[1] variant 1 (live-migration=tcpip-1gbe):\n    2 of 2 moves: compression fell back"), text);
    assertEquals(1, text.split("compression fell back", -1).length - 1, "said once, not once per move: " + text);
  }

  @Test
  void anOutcomeEveryVariantSharesIsOneLineUnderTheTableNotAColumn() throws Exception {
    Report a = drain(List.of(move("m1", "vm1", 0, 0, 10, 90, 100, "wire", List.of("1.000 s: " + FELL_BACK))), List.of());
    Report b = drain(List.of(move("m1", "vm1", 0, 0, 10, 40, 50, "wire", List.of("2.000 s: " + FELL_BACK))), List.of());
    Comparison c = Comparison.of(List.of("seed"), List.of(Map.of("seed", "1"), Map.of("seed", "2")), List.of(a, b));
    CompareTable t = CompareTable.of(c, Map.of());
    assertEquals(List.of("every variant: 1 of 1 moves ran on a lesser transport than asked (the notes say why)"), t.common);
    assertFalse(t.text().lines().findFirst().orElseThrow().contains("fell back"));
    assertFalse(t.text().lines().anyMatch(l -> l.startsWith("seed") && l.contains("fell back")), t.text());
    assertTrue(CompareFormats.csv(t).lines().findFirst().orElseThrow().contains(",fell back,"), "CSV keeps the column");
  }

  @Test
  void markdownAndCsvAreTheSameTable() throws Exception {
    CompareTable t = table();
    String md = CompareFormats.markdown(t);
    List<String> lines = md.lines().toList();
    assertEquals("| live-migration | drain s | change | ratio | limited by | fell back | VMs left | notes |", lines.get(2));
    assertEquals("| --- | ---: | ---: | --- | --- | --- | --- | --- |", lines.get(3));
    assertEquals("| SMB, 5 Gbps limit | 50.00 | -75.0 % | 4.0× faster | smb-limit 80 %, fixed-phases 20 % | - | - |   |",
        lines.get(5));
    assertTrue(md.contains("- [1] variant 1 (live-migration=tcpip-1gbe):\n  - 2 of 2 moves: compression fell back"), md);
    List<String> csv = CompareFormats.csv(t).lines().toList();
    assertEquals("live-migration,drain s,change %,ratio,limited by,fell back,VMs left,notes", csv.get(0));
    assertEquals("\"SMB, 5 Gbps limit\",50.00,-75.0,4.0× faster,\"smb-limit 80 %, fixed-phases 20 %\",,,", csv.get(2));
    assertTrue(csv.get(3).endsWith(",1,drain of hv1 left 1 VM behind: vm3; m1 vm1: link down at 30 s"), csv.get(3));
  }

  @Test
  void aPipeOrMarkupInALabelIsEscapedInMarkdown() {
    assertEquals("a \\| b \\*c\\* \\_d\\_", CompareFormats.cell("a | b *c* _d_"));
  }
}
