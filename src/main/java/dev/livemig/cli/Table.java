package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table with aligned columns (numbers right-aligned). Printed whole by
 * {@link #toString()}; {@link #fit(int, int)} splits a table wider than the screen into column
 * groups printed one under the other, each repeating the first (key) columns.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] right;
  private final java.util.Map<Integer, java.util.function.UnaryOperator<String>> painters = new java.util.HashMap<>();

  Table(String... header) {
    rows.add(header);
    right = new boolean[header.length];
  }

  Table rightAlign(int... columns) {
    for (int c : columns) right[c] = true;
    return this;
  }

  /** Paints the cells of a column (not the header) once aligned, e.g. in colour: widths are unchanged. */
  Table paint(int column, java.util.function.UnaryOperator<String> painter) {
    painters.put(column, painter);
    return this;
  }

  void add(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) r[i] = Terminal.clean(String.valueOf(cells[i]));
    rows.add(r);
  }

  /** How many rows besides the header. */
  int size() {
    return rows.size() - 1;
  }

  private int[] widths() {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
    return w;
  }

  @Override
  public String toString() {
    int[] all = new int[rows.get(0).length];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return render(all, widths());
  }

  /**
   * The table within {@code width} columns: whole when it fits; else its columns in groups, each
   * group a table of its own (the first {@code keys} columns repeated in each), one under the other,
   * separated by a blank line. A single column wider than the screen stays whole.
   */
  String fit(int width, int keys) {
    int[] w = widths();
    int total = 0;
    for (int x : w) total += x;
    if (total + 2 * (w.length - 1) <= width || w.length <= keys + 1) return toString();
    int last = w.length - 1;
    int before = total - w[last] + 2 * last;
    if (!right[last] && width - before >= MIN_WRAPPED && longestWord(last) <= width - before - 2) return wrapLast(width - before, w);
    int keyWidth = 0;
    for (int i = 0; i < keys; i++) keyWidth += w[i] + 2;
    StringBuilder sb = new StringBuilder();
    List<Integer> group = new ArrayList<>();
    int used = keyWidth;
    for (int c = keys; c < w.length; c++) {
      if (!group.isEmpty() && used + w[c] > width) {
        sb.append(sb.length() == 0 ? "" : "\n").append(render(withKeys(keys, group), w));
        group.clear();
        used = keyWidth;
      }
      group.add(c);
      used += w[c] + 2;
    }
    sb.append(sb.length() == 0 ? "" : "\n").append(render(withKeys(keys, group), w));
    return sb.toString();
  }

  /** A last (text) column is wrapped when at least this many columns are left for it. */
  private static final int MIN_WRAPPED = 12;

  /** The whole table, the last column's cells wrapped on spaces within {@code room} columns. */
  private String wrapLast(int room, int[] w) {
    int last = w.length - 1;
    Table t = new Table(rows.get(0));
    System.arraycopy(right, 0, t.right, 0, right.length);
    t.painters.putAll(painters);
    for (int n = 1; n < rows.size(); n++) {
      String[] r = rows.get(n);
      List<String> parts = wrapCell(r[last], room);
      for (int p = 0; p < parts.size(); p++) {
        String[] x = new String[r.length];
        for (int i = 0; i < last; i++) x[i] = p == 0 ? r[i] : "";
        x[last] = p == 0 ? parts.get(p) : "  " + parts.get(p);
        t.rows.add(x);
      }
    }
    return t.toString();
  }

  private int longestWord(int column) {
    int n = 0;
    for (int r = 1; r < rows.size(); r++) for (String word : rows.get(r)[column].split(" ")) n = Math.max(n, word.length());
    return n;
  }

  private static List<String> wrapCell(String text, int room) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      int limit = out.isEmpty() ? room : room - 2;
      if (line.length() > 0 && line.length() + 1 + word.length() > limit) {
        out.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }

  private static int[] withKeys(int keys, List<Integer> group) {
    int[] cols = new int[keys + group.size()];
    for (int i = 0; i < keys; i++) cols[i] = i;
    for (int i = 0; i < group.size(); i++) cols[keys + i] = group.get(i);
    return cols;
  }

  private String render(int[] cols, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder line = new StringBuilder();
      for (int k = 0; k < cols.length; k++) {
        int i = cols[k];
        if (k > 0) line.append("  ");
        String pad = " ".repeat(w[i] - r[i].length());
        String cell = right[i] ? pad + r[i] : r[i] + (k == cols.length - 1 ? "" : pad);
        line.append(n > 0 && painters.containsKey(i) ? painters.get(i).apply(cell) : cell);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (n == 0) {
        int total = 0;
        for (int i : cols) total += w[i];
        sb.append("-".repeat(total + 2 * (cols.length - 1))).append('\n');
      }
    }
    return sb.toString();
  }
}
