package dev.livemig.advise;

import java.util.ArrayList;
import java.util.List;

/**
 * The layouts an options file allows: the product of its dimensions' choices (the first dimension
 * varying slowest), less the combinations an {@code exclude} names and those over a cost's
 * {@code max}, each of those kept with its reason.
 */
public record Space(List<Layout> layouts, List<Excluded> excluded) {

  /** A combination left out, and why (the exclude's {@code because}, or the cost over its limit). */
  public record Excluded(String layout, String because) {}

  public static Space of(Options o) {
    List<String> names = o.dimensions().stream().map(Options.Dimension::name).toList();
    List<Layout> layouts = new ArrayList<>();
    List<Excluded> excluded = new ArrayList<>();
    int dims = o.dimensions().size();
    int[] at = new int[dims];
    int index = 0;
    if (dims == 0) return new Space(layouts, excluded);
    while (true) {
      List<Options.Choice> choices = new ArrayList<>();
      for (int d = 0; d < dims; d++) choices.add(o.dimensions().get(d).choices().get(at[d]));
      double[] costs = new double[o.costs().size()];
      for (int c = 0; c < costs.length; c++)
        for (Options.Choice ch : choices) costs[c] += ch.costs().getOrDefault(o.costs().get(c).name(), 0.0);
      Layout l = new Layout(index++, names, List.copyOf(choices), costs);
      String because = null;
      for (Options.Exclusion x : o.excludes()) if (because == null && x.matches(l)) because = x.because();
      for (int c = 0; c < costs.length && because == null; c++) {
        Options.Cost cost = o.costs().get(c);
        if (cost.max() != null && costs[c] > cost.max())
          because = cost.name() + " " + Layout.cost(costs[c]) + " over its max " + Layout.cost(cost.max());
      }
      if (because == null) layouts.add(l);
      else excluded.add(new Excluded(l.name(), because));
      int d = dims - 1;
      while (d >= 0 && ++at[d] == o.dimensions().get(d).choices().size()) at[d--] = 0;
      if (d < 0) break;
    }
    return new Space(List.copyOf(layouts), List.copyOf(excluded));
  }
}
