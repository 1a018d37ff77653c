package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns (numbers right-aligned). */
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

  @Override
  public String toString() {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        if (i > 0) line.append("  ");
        String pad = " ".repeat(w[i] - r[i].length());
        String cell = right[i] ? pad + r[i] : r[i] + (i == r.length - 1 ? "" : pad);
        line.append(n > 0 && painters.containsKey(i) ? painters.get(i).apply(cell) : cell);
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (n == 0) {
        int total = 0;
        for (int x : w) total += x;
        sb.append("-".repeat(total + 2 * (w.length - 1))).append('\n');
      }
    }
    return sb.toString();
  }
}
