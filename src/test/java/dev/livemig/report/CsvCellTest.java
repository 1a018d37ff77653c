package dev.livemig.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CSV cells: formula injection neutralised (text starting with = + - @, tab, CR), numbers left alone. */
class CsvCellTest {
  @Test
  void textThatASpreadsheetWouldRunGetsAnApostrophe() {
    assertEquals("'=HYPERLINK(\"\"http://x\"\")", Comparison.csvCell("=HYPERLINK(\"http://x\")").replaceAll("^\"|\"$", ""));
    assertEquals("'+cmd", Comparison.csvCell("+cmd"));
    assertEquals("'-2+3", Comparison.csvCell("-2+3"));
    assertEquals("'@SUM(A1)", Comparison.csvCell("@SUM(A1)"));
    assertEquals("'\tx", Comparison.csvCell("\tx"));
  }

  @Test
  void numbersAndPlainTextAreUnchanged() {
    assertEquals("-48.2", Comparison.csvCell("-48.2"));
    assertEquals("+3", Comparison.csvCell("+3"));
    assertEquals("-1e-5", Comparison.csvCell("-1e-5"));
    assertEquals("tcpip", Comparison.csvCell("tcpip"));
    assertEquals("\"[SMB-1,SMB-2]\"", Comparison.csvCell("[SMB-1,SMB-2]"));
  }
}
