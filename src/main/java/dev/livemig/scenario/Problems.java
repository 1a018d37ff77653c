package dev.livemig.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Repeated problems said once: problems at the same file and line whose key and message differ
 * only in numbers (the VMs a group generated, each too big for its host) are shown as the first
 * of them, then "and 65,535 more like it".
 */
final class Problems {
  private Problems() {}

  /** Up to this many of one kind are listed one by one. */
  static final int LISTED = 3;

  static List<Problem> grouped(List<Problem> problems) {
    List<Problem> sorted = new ArrayList<>(problems);
    Collections.sort(sorted);
    Map<String, List<Problem>> byShape = new LinkedHashMap<>();
    for (Problem p : sorted) byShape.computeIfAbsent(shape(p), k -> new ArrayList<>()).add(p);
    List<Problem> out = new ArrayList<>();
    for (List<Problem> same : byShape.values()) {
      if (same.size() <= LISTED) {
        out.addAll(same);
      } else {
        Problem first = same.get(0);
        out.add(new Problem(first.file(), first.line(), first.key(), first.message()
            + String.format(Locale.ROOT, " (and %,d more like it)", same.size() - 1)));
      }
    }
    Collections.sort(out);
    return out;
  }

  private static String shape(Problem p) {
    return p.file() + ":" + p.line() + ":" + String.valueOf(p.key()).replaceAll("[0-9]+", "#") + ":"
        + p.message().replaceAll("[0-9]+", "#");
  }
}
