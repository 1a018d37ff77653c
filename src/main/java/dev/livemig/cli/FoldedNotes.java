package dev.livemig.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;

/**
 * A variant's notes under a comparison, folded: the same note of many moves is one line with how
 * many of the variant's moves had it and its first and last instant ({@code 31 of 31 moves:
 * compression fell back to TCP/IP: spare CPU on hv1 is 0 % (0.0 of 12 cores), below 10 %, 2.1 s ..
 * 2410.3 s}); a note of one move is as written, after the move ({@code m4 sql04: 12.040 s: ...}). VMs a drain left behind come
 * first. Notes are the same when their text after the instant ({@code 12.040 s: }) is.
 */
final class FoldedNotes {
  private FoldedNotes() {}

  /** A note's instant, as the model writes it: {@code 12.040 s: } before the text. */
  private static final Pattern AT = Pattern.compile("(\\d+(?:\\.\\d+)?) s: (.*)", Pattern.DOTALL);

  /** One folded note: its text, the moves that had it (in report order), its instants (may be empty), the note as written. */
  private record Fold(String text, List<MigrationRecord> moves, List<Double> at, String first) {}

  /** The lines of a report's notes, folded, in the order each was first met; empty when there is none. */
  static List<String> of(Report r) {
    List<String> out = new ArrayList<>();
    if (r.drains() != null) {
      for (Report.DrainRecord d : r.drains()) {
        if (!d.left().isEmpty()) out.add("drain of " + d.host() + " left " + d.left().size() + " VM"
            + (d.left().size() == 1 ? "" : "s") + " behind: " + String.join(", ", d.left().stream().map(Report.DrainedVm::vm).toList()));
      }
    }
    Map<String, Fold> folds = new LinkedHashMap<>();
    for (MigrationRecord m : r.migrations()) {
      if (m.notes() == null) continue;
      for (String note : m.notes()) {
        Matcher x = AT.matcher(note);
        String text = x.matches() ? x.group(2) : note;
        Fold f = folds.computeIfAbsent(text, t -> new Fold(t, new ArrayList<>(), new ArrayList<>(), note));
        if (!f.moves().contains(m)) f.moves().add(m);
        if (x.matches()) f.at().add(Double.parseDouble(x.group(1)));
      }
    }
    int moves = r.migrations().size();
    for (Fold f : folds.values()) out.add(line(f, moves));
    return out;
  }

  private static String line(Fold f, int moves) {
    if (f.moves().size() == 1 && f.at().size() <= 1) return f.moves().get(0).id() + " " + f.moves().get(0).vm() + ": " + f.first();
    String when = "";
    if (!f.at().isEmpty()) {
      double first = f.at().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double last = f.at().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      when = first == last ? ", at " + instant(first) : ", " + instant(first) + " .. " + instant(last);
    }
    if (f.moves().size() == 1) {
      MigrationRecord m = f.moves().get(0);
      return m.id() + " " + m.vm() + ": " + f.text() + when;
    }
    return f.moves().size() + " of " + moves + " moves: " + f.text() + when;
  }

  /** An instant of the run, in seconds since its start, as the reader reads it: {@code 2410.3 s}. */
  private static String instant(double s) {
    return String.format(java.util.Locale.ROOT, "%.1f s", s);
  }
}
