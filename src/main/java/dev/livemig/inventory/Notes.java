package dev.livemig.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import could not map, and why: one note per file, line and column. A note never fails
 * the import; an import with nothing usable does.
 */
public final class Notes {

  /** One thing not mapped: {@code file:line: column: why} (line 0: the whole file; column may be null). */
  public record Note(String file, int line, String column, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + (column == null ? "" : column + ": ") + message;
    }
  }

  private final List<Note> notes = new ArrayList<>();

  public void add(String file, int line, String column, String message) {
    Note n = new Note(file, line, column, message);
    if (!notes.contains(n)) notes.add(n);
  }

  /**
   * Every note, by file, then line, then column. Notes that say the same of the same column of one
   * file on several lines (a disabled port on every host) are folded into the first, which names
   * the other lines.
   */
  public List<Note> sorted() {
    List<Note> all = new ArrayList<>(notes);
    all.sort(Comparator.comparing(Note::file).thenComparingInt(Note::line)
        .thenComparing(n -> n.column() == null ? "" : n.column()));
    Map<List<String>, List<Note>> same = new LinkedHashMap<>();
    for (Note n : all) same.computeIfAbsent(Arrays.asList(n.file(), n.column(), n.message()), k -> new ArrayList<>()).add(n);
    List<Note> out = new ArrayList<>();
    for (List<Note> group : same.values()) {
      Note first = group.get(0);
      if (group.size() == 1) {
        out.add(first);
        continue;
      }
      StringBuilder lines = new StringBuilder();
      for (Note n : group.subList(1, group.size())) lines.append(lines.length() == 0 ? "" : ", ").append(n.line());
      out.add(new Note(first.file(), first.line(), first.column(), first.message() + " (also lines " + lines + ")"));
    }
    out.sort(Comparator.comparing(Note::file).thenComparingInt(Note::line)
        .thenComparing(n -> n.column() == null ? "" : n.column()));
    return out;
  }

  public int size() {
    return notes.size();
  }
}
