package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.report.Comparison;

/**
 * {@code compare --format text|md|csv}: the comparison's table on standard output as text (the
 * default: aligned columns within 100 columns, then the spread over seeds), as Markdown (a table to
 * paste into a design document, its lines and notes under it, the spread over seeds as a second
 * table) or as CSV (the table alone, RFC 4180; a column every variant shares kept, the notes' text
 * in the notes column).
 */
final class CompareFormats {
  private CompareFormats() {}

  /** The formats, as {@code --format} names them. */
  static final List<String> NAMES = List.of("text", "md", "csv");

  static String render(String format, CompareTable t, Comparison c) {
    return switch (format) {
      case "md" -> markdown(t) + markdownSpread(c);
      case "csv" -> csv(t);
      default -> t.text() + SeedSpread.table(c);
    };
  }

  static String markdown(CompareTable t) {
    StringBuilder sb = new StringBuilder(t.title).append("\n\n");
    List<Integer> cols = t.shown();
    List<String> header = new ArrayList<>();
    List<Boolean> right = new ArrayList<>();
    for (int j : cols) {
      header.add(t.columns.get(j).name());
      right.add(t.columns.get(j).right());
    }
    List<List<String>> rows = new ArrayList<>();
    for (List<String> row : t.rows) {
      List<String> cells = new ArrayList<>();
      for (int j : cols) cells.add(row.get(j));
      rows.add(cells);
    }
    sb.append(markdownTable(header, right, rows));
    if (!t.common.isEmpty()) {
      sb.append('\n');
      for (String line : t.common) sb.append(cell(line)).append("\n");
    }
    if (!t.notes.isEmpty()) {
      sb.append("\nNotes:\n\n");
      for (CompareTable.Note n : t.notes) {
        sb.append("- ").append(cell(n.mark())).append(' ').append(cell(n.label())).append(":\n");
        for (String line : CompareTable.listed(n)) sb.append("  - ").append(cell(line)).append('\n');
      }
    }
    if (t.noMeasure) sb.append("\nno measure to compare: name one on a migrate step, e.g. measure = move-1\n");
    return sb.toString();
  }

  /** A Markdown table: the header, the alignment row ({@code ---:} for numbers), the rows. */
  static String markdownTable(List<String> header, List<Boolean> right, List<List<String>> rows) {
    StringBuilder sb = new StringBuilder();
    row(sb, header);
    List<String> align = new ArrayList<>();
    for (boolean r : right) align.add(r ? "---:" : "---");
    row(sb, align);
    for (List<String> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String x : r) cells.add(cell(x));
      row(sb, cells);
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) sb.append(' ').append(c.isEmpty() ? " " : c).append(" |");
    sb.append('\n');
  }

  /**
   * Text safe in a Markdown table cell or line: no control characters, a pipe, backslash or the
   * characters that start markup ({@code * _ ` [ ] < >}) escaped, so a label reads as written.
   */
  static String cell(String s) {
    String clean = Terminal.clean(s);
    StringBuilder sb = new StringBuilder();
    for (char ch : clean.toCharArray()) {
      if ("\\|*_`<>".indexOf(ch) >= 0) sb.append('\\');
      sb.append(ch);
    }
    return sb.toString();
  }

  /** The spread over seeds as a second Markdown table; empty when seed is not varied. */
  private static String markdownSpread(Comparison c) {
    SeedSpread.Rows s = SeedSpread.rows(c);
    if (s == null) return "";
    List<Boolean> right = new ArrayList<>();
    for (int i = 0; i < s.header().size(); i++) right.add(i >= 3);
    return "\n" + s.title() + "\n\n" + markdownTable(s.header(), right, s.rows());
  }

  /**
   * The table as CSV: every column (one every variant shares too), a change in per cent as a number
   * ({@code change %}), none as an empty cell, the notes' text in the notes column.
   */
  static String csv(CompareTable t) {
    StringBuilder sb = new StringBuilder();
    List<String> header = new ArrayList<>();
    for (CompareTable.Column col : t.columns) header.add("change".equals(col.name()) ? "change %" : col.name());
    csvRow(sb, header);
    int notes = header.indexOf("notes");
    for (List<String> row : t.rows) {
      List<String> cells = new ArrayList<>(row);
      // a change as a number a spreadsheet reads (-49.1), not text it would take for a formula
      for (int j = 0; j < cells.size(); j++) {
        if ("change %".equals(header.get(j)) && cells.get(j).endsWith(" %")) cells.set(j, cells.get(j).replace(" %", ""));
        if ("-".equals(cells.get(j))) cells.set(j, ""); // none: an empty cell
      }
      if (notes >= 0 && !cells.get(notes).isEmpty()) {
        for (CompareTable.Note n : t.notes) if (n.mark().equals(cells.get(notes))) cells.set(notes, String.join("; ", n.lines()));
      }
      csvRow(sb, cells);
    }
    return sb.toString();
  }

  private static void csvRow(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append(Comparison.csvCell(cells.get(i)));
    }
    sb.append('\n');
  }
}
