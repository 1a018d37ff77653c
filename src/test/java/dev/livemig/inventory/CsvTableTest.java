package dev.livemig.inventory;

import static dev.livemig.inventory.Exports.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Export-Csv files: encodings, delimiters, the #TYPE line, quoting, and the line each row starts on. */
class CsvTableTest {
  @TempDir
  Path tmp;

  static final List<List<String>> VMS = List.of(
      row("VMName", "ComputerName", "State", "MemoryAssigned"),
      row("SQL01", "HV01", "Running", "8589934592"),
      row("Büro-APP01", "HV02", "Off", "0"));

  CsvTable read(Path p, Notes notes) throws CsvTable.Unreadable {
    return CsvTable.read(p, p.getFileName().toString(), notes);
  }

  @Test
  void everyEncodingPowerShellWritesGivesTheSameRows() throws Exception {
    for (Exports.Style s : List.of(Exports.Style.EN_US, Exports.Style.DE_DE_UTF16, Exports.Style.DE_DE_UTF16BE, Exports.Style.PS7)) {
      CsvTable t = read(Exports.write(tmp, "vms.csv", s, VMS), new Notes());
      assertEquals(List.of("VMName", "ComputerName", "State", "MemoryAssigned"), t.header, s.toString());
      assertEquals(2, t.rows.size());
      assertEquals("Büro-APP01", t.rows.get(1).text("vmname"), "column names are matched in any case; " + s);
      assertEquals(s.delimiter(), t.delimiter);
      assertEquals(3, t.rows.get(1).line());
    }
    assertEquals("UTF-16LE (BOM)", read(Exports.write(tmp, "a.csv", Exports.Style.DE_DE_UTF16, VMS), new Notes()).encoding);
    assertEquals("UTF-16BE (BOM)", read(Exports.write(tmp, "b.csv", Exports.Style.DE_DE_UTF16BE, VMS), new Notes()).encoding);
    assertEquals("UTF-8", read(Exports.write(tmp, "c.csv", Exports.Style.PS7, VMS), new Notes()).encoding);
  }

  @Test
  void windowsPowerShellsTypeLineIsSkippedAndCounted() throws Exception {
    CsvTable t = read(Exports.write(tmp, "vms.csv", Exports.Style.PS5_TYPE, VMS), new Notes());
    assertEquals("Microsoft.HyperV.PowerShell.VirtualMachine", t.typeName);
    assertEquals(2, t.headerLine);
    assertEquals(3, t.rows.get(0).line());
    assertEquals("Windows-1252", t.encoding, "no BOM and not UTF-8: the ANSI code page");
    assertEquals("Büro-APP01", t.rows.get(1).text("VMName"));
  }

  @Test
  void aQuotedFieldOverSeveralLinesKeepsTheNextRowsLine() throws Exception {
    Path p = tmp.resolve("notes.csv");
    Files.writeString(p, "\"VMName\",\"Notes\"\r\n\"A\",\"two\r\nlines, \"\"quoted\"\"\"\r\n\r\n\"B\",\"\"\r\n", StandardCharsets.UTF_8);
    CsvTable t = read(p, new Notes());
    assertEquals("two\r\nlines, \"quoted\"", t.rows.get(0).text("Notes"));
    assertEquals(2, t.rows.get(0).line());
    assertEquals(5, t.rows.get(1).line(), "after a two-line field and a blank line");
    assertNull(t.rows.get(1).text("Notes"), "an empty field reads as absent");
  }

  @Test
  void aSizeColumnInAUnitReadsAsTheColumnItNames() throws Exception {
    CsvTable t = read(Exports.write(tmp, "vms.csv", Exports.Style.DE_DE_UTF16, List.of(
        row("VMName", "MemoryAssigned(GB)"), row("A", "7,5"), row("B", "1024 MB"))), new Notes());
    assertEquals("7,5 GB", t.rows.get(0).text("MemoryAssigned"));
    assertEquals("1024 MB", t.rows.get(1).text("MemoryAssigned"), "a value with its own unit keeps it");
    assertEquals("MemoryAssigned(GB)", t.headerOf("MemoryAssigned"));
  }

  @Test
  void aRowLongerThanTheHeaderIsNoted() throws Exception {
    Notes notes = new Notes();
    Path p = tmp.resolve("x.csv");
    Files.writeString(p, "\"Name\",\"State\"\n\"HV01\",\"Up\",\"extra\"\n");
    read(p, notes);
    assertEquals("x.csv:2: the row has 3 fields, the header 2; the fields after the last column are not read",
        notes.sorted().get(0).toString());
  }

  @Test
  void anUnclosedQuoteKeepsTheRowsBeforeIt() throws Exception {
    Notes notes = new Notes();
    Path p = tmp.resolve("x.csv");
    Files.writeString(p, "\"Name\",\"State\"\n\"HV01\",\"Up\"\n\"HV02\",\"Up\n");
    CsvTable t = read(p, notes);
    assertEquals(1, t.rows.size());
    assertTrue(notes.sorted().get(0).toString().startsWith("x.csv:"), notes.sorted().toString());
    assertTrue(notes.sorted().get(0).message().startsWith("malformed CSV from here on"), notes.sorted().toString());
  }

  @Test
  void binaryAndEmptyFilesAreNotExports() throws Exception {
    Path bin = tmp.resolve("x.csv");
    Files.write(bin, new byte[] {0x50, 0x4B, 0x03, 0x04, 0, 0, 0x14, 0});
    CsvTable.Unreadable e = assertThrows(CsvTable.Unreadable.class, () -> read(bin, new Notes()));
    assertTrue(e.getMessage().startsWith("not a text file"), e.getMessage());
    Path empty = tmp.resolve("e.csv");
    Files.writeString(empty, "");
    e = assertThrows(CsvTable.Unreadable.class, () -> read(empty, new Notes()));
    assertTrue(e.getMessage().startsWith("no header"), e.getMessage());
  }
}
