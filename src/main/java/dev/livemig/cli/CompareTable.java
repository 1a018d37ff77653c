package dev.livemig.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import dev.livemig.report.Comparison;
import dev.livemig.report.LimitShares;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;

/**
 * The table of a comparison, one row per variant, built once and written as text, Markdown or CSV
 * ({@link CompareFormats}): the varied values (a template by its label or name); for each measure
 * and metric its value, its change against the base in per cent and the ratio in words
 * ({@code 2.1× faster}); what held each measure back as shares of its moves' time
 * ({@link LimitShares}); how a variant's outcome differs in kind ({@link VariantOutcomes}: a column
 * where variants differ, a line under the table when every variant shares it); the notes folded
 * ({@link FoldedNotes}), marked on the row and listed under the table.
 */
final class CompareTable {
  /** A column: its name, whether its cells are numbers (right-aligned), and whether CSV alone keeps it. */
  record Column(String name, boolean right, boolean csvOnly) {}

  /** A variant's notes: its mark ({@code [1]}), how it is called, and the folded lines. */
  record Note(String mark, String label, List<String> lines) {}

  /** At most this many folded notes of one variant are listed under the table (text, Markdown); the rest are counted. */
  static final int NOTES_PER_VARIANT = 5;

  /** A variant's lines as listed: at most {@link #NOTES_PER_VARIANT}, then how many more. */
  static List<String> listed(Note n) {
    if (n.lines().size() <= NOTES_PER_VARIANT) return n.lines();
    List<String> out = new ArrayList<>(n.lines().subList(0, NOTES_PER_VARIANT));
    out.add("... and " + (n.lines().size() - NOTES_PER_VARIANT) + " more (see --json)");
    return out;
  }

  /** At most this many limits are named per cell; the rest are "other". */
  static final int LIMITS_SHOWN = 3;

  final String title;
  final List<Column> columns = new ArrayList<>();
  final List<List<String>> rows = new ArrayList<>();
  /** What every variant shares (an overcommitted host...), one line each. */
  final List<String> common = new ArrayList<>();
  final List<Note> notes = new ArrayList<>();
  /** How many of the first columns are the varied keys (repeated in each column group of the text). */
  final int keys;
  final boolean noMeasure;

  private CompareTable(String title, int keys, boolean noMeasure) {
    this.title = title;
    this.keys = keys;
    this.noMeasure = noMeasure;
  }

  /** The table of {@code c}; {@code scenarios}: the scenario each report ran (for its overcommitted hosts), or empty. */
  static CompareTable of(Comparison c, Map<Report, Specs.Scenario> scenarios) {
    int n = c.variants().size();
    CompareTable t = new CompareTable("scenario " + Terminal.clean(c.scenario()) + ": " + n + " variant" + (n == 1 ? "" : "s")
        + ", each measure against the first", c.keys().size(), c.measures().isEmpty());
    List<String> names = CompareCommand.columnNames(c.keys());
    for (String k : names) t.columns.add(new Column(k, false, false));
    for (Comparison.Variant v : c.variants()) {
      List<String> row = new ArrayList<>();
      for (String k : c.keys()) row.add(v.values().get(k));
      t.rows.add(row);
    }
    for (String m : c.measures()) {
      for (String metric : c.metrics()) {
        t.columns.add(new Column(m + ("seconds".equals(metric) ? " s" : " " + metric), true, false));
        t.columns.add(new Column("change", true, false));
        t.columns.add(new Column("ratio", false, false));
        for (int i = 0; i < n; i++) {
          Comparison.Measure x = c.variants().get(i).measures().get(m);
          Comparison.Measure b = c.variants().get(0).measures().get(m);
          Comparison.Value y = x == null ? null : x.metric(metric);
          Comparison.Value by = b == null ? null : b.metric(metric);
          List<String> row = t.rows.get(i);
          row.add(y == null || y.value() == null ? "-" : CompareCommand.format(metric, y.value()));
          // an outcome is a word: no change in per cent between two words
          row.add(i == 0 ? "base" : y == null || y.changePercent() == null || "outcome".equals(metric) ? "-"
              : CompareCommand.percent(y.changePercent()));
          row.add(i == 0 ? "base" : y == null || by == null || y.value() == null || by.value() == null ? "-"
              : ratio(metric, by.value(), y.value()));
        }
      }
    }
    limits(t, c);
    outcomes(t, c, scenarios);
    notes(t, c, names);
    return t;
  }

  /** What held each measure back, as shares of its moves' time: a column per measure with moves. */
  private static void limits(CompareTable t, Comparison c) {
    for (String m : c.measures()) {
      List<String> cells = new ArrayList<>();
      boolean any = false;
      for (Comparison.Variant v : c.variants()) {
        List<MigrationRecord> moves = Runs.moves(v.report(), m);
        String text = moves == null ? "-" : LimitShares.text(LimitShares.of(moves), LIMITS_SHOWN);
        any |= !"-".equals(text);
        cells.add(text);
      }
      if (!any) continue;
      t.columns.add(new Column(c.measures().size() == 1 ? "limited by" : m + " limited by", false, false));
      for (int i = 0; i < cells.size(); i++) t.rows.get(i).add(cells.get(i));
    }
  }

  /** A column per kind of outcome where the variants differ; a line under the table where all share one. */
  private static void outcomes(CompareTable t, Comparison c, Map<Report, Specs.Scenario> scenarios) {
    for (VariantOutcomes.Kind k : VariantOutcomes.KINDS) {
      List<String> cells = new ArrayList<>();
      Set<String> distinct = new LinkedHashSet<>();
      for (Comparison.Variant v : c.variants()) {
        String text = k.text().of(v.report(), scenarios.get(v.report()));
        cells.add(text);
        distinct.add(text);
      }
      if (distinct.size() == 1 && distinct.contains("")) continue;
      boolean shared = distinct.size() == 1;
      if (shared) t.common.add("every variant: " + VariantOutcomes.common(k, cells.get(0), scenarios.get(c.variants().get(0).report())));
      t.columns.add(new Column(k.column(), false, shared));
      for (int i = 0; i < cells.size(); i++) t.rows.get(i).add(cells.get(i).isEmpty() ? "-" : cells.get(i));
    }
  }

  /** The folded notes of each variant that has any, and a mark on its row. */
  private static void notes(CompareTable t, Comparison c, List<String> names) {
    List<String> marks = new ArrayList<>();
    for (int i = 0; i < c.variants().size(); i++) {
      Comparison.Variant v = c.variants().get(i);
      List<String> lines = FoldedNotes.of(v.report());
      if (lines.isEmpty()) {
        marks.add("");
        continue;
      }
      String mark = "[" + (t.notes.size() + 1) + "]";
      marks.add(mark);
      t.notes.add(new Note(mark, "variant " + (i + 1) + " (" + describe(c.keys(), names, v.values()) + ")", lines));
    }
    if (t.notes.isEmpty()) return;
    t.columns.add(new Column("notes", false, false));
    for (int i = 0; i < marks.size(); i++) t.rows.get(i).add(marks.get(i));
  }

  /** A variant's values, {@code key=value, ...}, each value cut to 40 characters. */
  private static String describe(List<String> keys, List<String> names, Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      String v = String.valueOf(values.get(keys.get(k)));
      parts.add(names.get(k) + "=" + (v.length() > 40 ? v.substring(0, 39) + "…" : v));
    }
    return String.join(", ", parts);
  }

  /** The metrics for which less is faster (a time); {@code copy-gbps}: more is faster; the others: more or less. */
  private static final Set<String> TIMES = Set.of("seconds");

  /**
   * A variant's value against the base's, in words: {@code 2.1× faster}, {@code 1.3× slower} (a
   * time; {@code copy-gbps} the other way round), {@code 2.0× more} / {@code 2.0× less} for other
   * metrics; {@code same} when equal; "-" for an outcome, or when either is 0 or less.
   */
  static String ratio(String metric, double base, double value) {
    if ("outcome".equals(metric)) return "-";
    if (base == value) return "same";
    if (base <= 0 || value <= 0) return "-";
    double r = Math.max(base, value) / Math.min(base, value);
    String x = times(r);
    if (x.equals("1.00")) return "same";
    boolean less = value < base;
    if (TIMES.contains(metric)) return x + "× " + (less ? "faster" : "slower");
    if ("copy-gbps".equals(metric)) return x + "× " + (less ? "slower" : "faster");
    return x + "× " + (less ? "less" : "more");
  }

  /** A ratio of 1 or more: {@code 1.04} below 1.1, {@code 2.1} below 10, {@code 21} beyond. */
  private static String times(double r) {
    if (r < 1.095) return String.format(Locale.ROOT, "%.2f", r);
    if (r < 9.95) return String.format(Locale.ROOT, "%.1f", r);
    return String.format(Locale.ROOT, "%.0f", r);
  }

  /** The columns the screen and Markdown show (a column every variant shares is a line under the table). */
  List<Integer> shown() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) if (!columns.get(i).csvOnly()) out.add(i);
    return out;
  }

  /** The table as text within {@link Findings#WIDTH} columns (column groups repeat the keys), then its lines and notes. */
  String text() {
    List<Integer> cols = shown();
    List<Integer> right = new ArrayList<>();
    String[] header = new String[cols.size()];
    for (int j = 0; j < cols.size(); j++) {
      header[j] = columns.get(cols.get(j)).name();
      if (columns.get(cols.get(j)).right()) right.add(j);
    }
    Table t = new Table(header).rightAlign(right.stream().mapToInt(Integer::intValue).toArray());
    for (List<String> row : rows) {
      Object[] cells = new Object[cols.size()];
      for (int j = 0; j < cols.size(); j++) cells[j] = row.get(cols.get(j));
      t.add(cells);
    }
    StringBuilder sb = new StringBuilder(title).append("\n\n").append(t.fit(Findings.WIDTH, keys));
    if (!common.isEmpty()) {
      sb.append('\n');
      for (String line : common) sb.append(Findings.wrap(line, "  "));
    }
    if (!notes.isEmpty()) sb.append('\n');
    for (Note n : notes) {
      sb.append(Findings.wrap(n.mark() + " " + n.label() + ":", "    "));
      for (String line : listed(n)) sb.append(Findings.wrap("    " + line, "      "));
    }
    if (noMeasure) sb.append("no measure to compare: name one on a migrate step, e.g. measure = move-1\n");
    return sb.toString();
  }

  /** The table for the HTML report: the columns the screen shows, the shared lines, the notes, the spread over seeds. */
  dev.livemig.report.html.HtmlReport.CompareView view(Comparison c) {
    List<Integer> cols = shown();
    List<String> header = new ArrayList<>();
    List<Boolean> right = new ArrayList<>();
    for (int j : cols) {
      header.add(columns.get(j).name());
      right.add(columns.get(j).right());
    }
    List<List<String>> cells = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> r = new ArrayList<>();
      for (int j : cols) r.add(row.get(j));
      cells.add(r);
    }
    List<String> listed = new ArrayList<>();
    for (Note n : notes) listed.add(n.mark() + " " + n.label() + ": " + String.join("; ", listed(n)));
    List<dev.livemig.report.html.HtmlReport.Spread> spread = SeedSpread.spreads(c);
    return new dev.livemig.report.html.HtmlReport.CompareView(header, right, cells, common, listed, spread == null ? List.of() : spread);
  }

  /** Row {@code i}'s cell of the column named {@code name}, or null (for tests). */
  String cell(int i, String name) {
    Map<String, Integer> at = new HashMap<>();
    for (int j = 0; j < columns.size(); j++) at.putIfAbsent(columns.get(j).name(), j);
    Integer j = at.get(name);
    return j == null ? null : rows.get(i).get(j);
  }
}
