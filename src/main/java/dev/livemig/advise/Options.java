package dev.livemig.advise;

import java.util.List;
import java.util.Map;

/**
 * An options file of {@code livemig advise}, read ({@link OptionsFile}): the costs (in rank order:
 * a layout is cheaper when its first cost is lower, a tie broken by the second, ...), the dimensions
 * of the space and each choice's scenario overrides and costs, the combinations that are not allowed,
 * and how to search.
 */
public record Options(String file, List<Cost> costs, List<Dimension> dimensions, List<Exclusion> excludes, int exhaustiveUpTo,
    int batch) {

  /** A cost: its name, the unit the screen shows, and the most a layout may spend of it (null: no limit). */
  public record Cost(String name, String unit, Double max) {}

  /** A choice of a dimension: its scenario overrides ({@code key=value}) and what it costs (by cost name; missing: 0). */
  public record Choice(String name, String label, List<String> overrides, Map<String, Double> costs, int line) {}

  /** A dimension of the space: its choices, in file order. */
  public record Dimension(String name, List<Choice> choices, int line) {}

  /** A combination not allowed: a choice per named dimension, and why. */
  public record Exclusion(Map<String, String> when, String because, int line) {
    boolean matches(Layout l) {
      for (var e : when.entrySet()) if (!e.getValue().equals(l.choice(e.getKey()))) return false;
      return true;
    }
  }
}
