package dev.livemig.advise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One combination of choices, a choice per dimension: what it costs (the sum of its choices' costs,
 * per cost) and the scenario overrides it makes (its choices' in dimension order). {@code index}: its
 * place in the enumeration (the first dimension varying slowest), the last tie-break of the ranking.
 */
public record Layout(int index, List<String> dimensions, List<Options.Choice> choices, double[] costs) {

  /** {@code network=2x10gbe-rdma, transport=smb-direct}: how every output names the layout. */
  public String name() {
    List<String> parts = new ArrayList<>();
    for (int d = 0; d < dimensions.size(); d++) parts.add(dimensions.get(d) + "=" + choices.get(d).name());
    return String.join(", ", parts);
  }

  /** The choice of dimension {@code dimension}, or null. */
  String choice(String dimension) {
    int d = dimensions.indexOf(dimension);
    return d < 0 ? null : choices.get(d).name();
  }

  List<String> overrides() {
    List<String> out = new ArrayList<>();
    for (Options.Choice c : choices) out.addAll(c.overrides());
    return out;
  }

  /** Lexicographic in the costs' rank order. */
  static int compareCosts(Layout a, Layout b) {
    for (int i = 0; i < a.costs.length; i++) {
      int c = Double.compare(a.costs[i], b.costs[i]);
      if (c != 0) return c;
    }
    return 0;
  }

  static String cost(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
