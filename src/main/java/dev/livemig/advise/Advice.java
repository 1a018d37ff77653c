package dev.livemig.advise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer of {@code livemig advise}: every layout of the space with its verdict (feasible,
 * infeasible, dominated), ranked; the cheapest feasible layout; the Pareto front of cost (all the
 * costs, in rank order) against the first goal's worst value: the feasible layouts no other feasible
 * layout beats on both (no dearer and no worse, better on one). The chart draws the first cost. The same search gives the same bytes of its JSON and CSV.
 *
 * <p>Rank: feasible layouts first, cheapest first (costs compared in the options' order: the first
 * cost, a tie broken by the second, ...), a tie by the first goal's worst value (the better first),
 * then by the order of the space; the dominated layouts after them, then the infeasible ones, each by
 * the same order.
 */
@JsonPropertyOrder({"scenario", "file", "options", "goals", "limits", "rule", "seeds", "search", "costs", "cheapest", "front", "layouts",
    "excluded"})
public record Advice(String scenario, String file, String options, List<String> goals, List<Double> limits, String rule, List<Long> seeds,
    SearchSummary search, List<Options.Cost> costs, String cheapest, List<String> front, List<Entry> layouts,
    List<Space.Excluded> excluded) {

  public static final String RULE = "feasible: every goal met, and every VM moved, on every seed; each figure is the worst seed's";

  /** How the space was searched: exhaustive or pruned, its layouts, runs and rounds. */
  @JsonPropertyOrder({"mode", "layouts", "excluded", "runs", "rounds", "exhaustiveRuns"})
  public record SearchSummary(String mode, int layouts, int excluded, int runs, int rounds, int exhaustiveRuns) {}

  /** One layout: its choices and costs, its verdict, each goal's values over the seeds run, what it missed. */
  @JsonPropertyOrder({"rank", "layout", "choices", "costs", "verdict", "front", "seedsRun", "seedsMet", "goals", "misses", "dominatedBy"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(int rank, String layout, Map<String, String> choices, Map<String, Double> costs, String verdict, boolean front,
      int seedsRun, int seedsMet, List<GoalValues> goals, List<Miss> misses, String dominatedBy) {
    public boolean feasible() {
      return "feasible".equals(verdict);
    }
  }

  /** A goal's values over the seeds a layout ran: the worst (what decides), min, nearest-rank p50, max. */
  @JsonPropertyOrder({"goal", "worst", "shown", "min", "p50", "max", "spread", "perSeed"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GoalValues(String goal, Double worst, String shown, Double min, Double p50, Double max, String spread,
      List<Double> perSeed) {}

  /** A goal missed (or work left undone): the worst value, by how much past the limit (and in %), at which seed. */
  @JsonPropertyOrder({"goal", "measured", "by", "byPercent", "seed", "text"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Miss(String goal, Double measured, Double by, Double byPercent, long seed, String text) {}

  /** The cheapest feasible layout's entry, or null. */
  public Entry cheapestEntry() {
    for (Entry e : layouts) if (e.layout().equals(cheapest)) return e;
    return null;
  }

  public long count(String verdict) {
    return layouts.stream().filter(e -> verdict.equals(e.verdict())).count();
  }

  static Advice of(String scenario, String file, String options, Options o, Space space, List<Goal> goals, List<Long> seeds,
      Search.Outcome out) {
    Goal first = goals.get(0);
    List<Search.Eval> evals = new ArrayList<>(out.evals());
    Comparator<Search.Eval> order = Comparator.<Search.Eval>comparingInt(e -> verdictOrder(e.verdict))
        .thenComparing((a, b) -> Layout.compareCosts(a.layout, b.layout))
        .thenComparingDouble(e -> firstWorst(e, first)).thenComparingInt(e -> e.layout.index());
    evals.sort(order);
    // the front: feasible layouts no other feasible one beats on cost (rank order) and the first goal
    List<Search.Eval> feasible = evals.stream().filter(e -> "feasible".equals(e.verdict)).toList();
    List<Search.Eval> front = new ArrayList<>();
    for (Search.Eval b : feasible) {
      boolean dominated = false;
      for (Search.Eval a : feasible) {
        if (a == b) continue;
        int c = Layout.compareCosts(a.layout, b.layout);
        double ay = firstWorst(a, first), by = firstWorst(b, first);
        boolean before = feasible.indexOf(a) < feasible.indexOf(b);
        if (c <= 0 && ay <= by && (c < 0 || ay < by || before)) dominated = true;
      }
      if (!dominated) front.add(b);
    }
    front.sort(Comparator.<Search.Eval, Layout>comparing(e -> e.layout, Layout::compareCosts).thenComparingDouble(e -> firstWorst(e, first)));
    List<Entry> entries = new ArrayList<>();
    int rank = 0;
    for (Search.Eval e : evals) entries.add(entry(++rank, e, o, goals, seeds, front.contains(e)));
    int exhaustiveRuns = space.layouts().size() * seeds.size();
    return new Advice(scenario, file, options, goals.stream().map(Goal::text).toList(), goals.stream().map(Goal::limit).toList(), RULE, List.copyOf(seeds),
        new SearchSummary(out.exhaustive() ? "exhaustive" : "pruned", space.layouts().size(), space.excluded().size(), out.runs(),
            out.rounds(), exhaustiveRuns),
        o.costs(), feasible.isEmpty() ? null : feasible.get(0).layout.name(), front.stream().map(e -> e.layout.name()).toList(),
        entries, space.excluded());
  }

  private static int verdictOrder(String v) {
    return switch (v) {
      case "feasible" -> 0;
      case "dominated" -> 1;
      default -> 2;
    };
  }

  /** The first goal's worst value over the seeds run, sorting worse-last; infinity when it was not measured. */
  static double firstWorst(Search.Eval e, Goal g) {
    Double w = worst(e, 0, g);
    if (w == null) return Double.POSITIVE_INFINITY;
    return g.lower() ? -w : w;
  }

  private static Double worst(Search.Eval e, int goal, Goal g) {
    Double w = null;
    for (Double[] v : e.values) {
      if (v == null) continue;
      if (v[goal] == null) return null;
      w = w == null ? v[goal] : g.worse(w, v[goal]);
    }
    return w;
  }

  private static Entry entry(int rank, Search.Eval e, Options o, List<Goal> goals, List<Long> seeds, boolean front) {
    Map<String, String> choices = new LinkedHashMap<>();
    for (int d = 0; d < e.layout.dimensions().size(); d++) choices.put(e.layout.dimensions().get(d), e.layout.choices().get(d).name());
    Map<String, Double> costs = new LinkedHashMap<>();
    for (int c = 0; c < o.costs().size(); c++) costs.put(o.costs().get(c).name(), e.layout.costs()[c]);
    List<GoalValues> values = new ArrayList<>();
    List<Miss> misses = new ArrayList<>();
    for (int g = 0; g < goals.size(); g++) {
      Goal goal = goals.get(g);
      List<Double> per = new ArrayList<>();
      List<Double> got = new ArrayList<>();
      Double worst = null;
      long worstSeed = 0;
      boolean unmeasured = false;
      long unmeasuredSeed = 0;
      for (int k = 0; k < seeds.size(); k++) {
        if (e.values[k] == null) continue;
        Double v = e.values[k][g];
        per.add(v);
        if (v == null) {
          if (!unmeasured) unmeasuredSeed = seeds.get(k);
          unmeasured = true;
          continue;
        }
        got.add(v);
        if (worst == null || goal.worse(worst, v) != worst) {
          worst = v;
          worstSeed = seeds.get(k);
        }
      }
      List<Double> sorted = new ArrayList<>(got);
      sorted.sort(Double::compare);
      values.add(new GoalValues(goal.text(), unmeasured ? null : worst, unmeasured || worst == null ? null : goal.format(worst), sorted.isEmpty() ? null : sorted.get(0),
          sorted.isEmpty() ? null : sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1),
          sorted.isEmpty() ? null : sorted.get(sorted.size() - 1),
          sorted.size() < 2 ? null : goal.format(sorted.get(0)) + " / " + goal.format(sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1))
              + " / " + goal.format(sorted.get(sorted.size() - 1)), per));
      if (unmeasured) {
        misses.add(new Miss(goal.text(), null, null, null, unmeasuredSeed, goal.text() + ": not measured (the run has no "
            + goal.column() + ")"));
      } else if (worst != null && !goal.holds(worst)) {
        double by = goal.missBy(worst);
        Double pct = goal.limit() == 0 ? null : round(100 * by / Math.abs(goal.limit()));
        misses.add(new Miss(goal.text(), worst, by, pct, worstSeed, missText(goal, worst, by, pct, worstSeed)));
      }
    }
    for (int k = 0; k < seeds.size(); k++) {
      if (e.values[k] == null) continue;
      for (String u : e.undone.get(k)) misses.add(new Miss(u, null, null, null, seeds.get(k), u + ", seed " + seeds.get(k)));
    }
    int met = 0;
    for (int k = 0; k < seeds.size(); k++) {
      if (e.values[k] == null || !e.undone.get(k).isEmpty()) continue;
      boolean all = true;
      for (int g = 0; g < goals.size(); g++) all &= e.values[k][g] != null && goals.get(g).holds(e.values[k][g]);
      if (all) met++;
    }
    return new Entry(rank, e.layout.name(), choices, costs, e.verdict, front, e.seedsRun(), met, values, misses,
        e.dominatedBy == null ? null : e.dominatedBy.layout.name());
  }

  /** {@code drain-hv1 20 min 44 s: 15 min 44 s (315 %) over, seed 1}; {@code pings-lost 2, not 0, seed 3}. */
  private static String missText(Goal g, double worst, double by, Double pct, long seed) {
    String head = g.column() + " " + g.format(worst);
    if ("==".equals(g.op())) return head + ", not " + g.format(g.limit()) + ", seed " + seed;
    return head + ": " + g.format(by) + (pct == null ? "" : String.format(Locale.ROOT, " (%.0f %%)", pct)) + (g.lower() ? " under" : " over")
        + ", seed " + seed;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** One row per layout in rank order: its choices, costs, verdict, front, each goal's worst value, the first miss. */
  public String csv() {
    StringBuilder b = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("rank", "layout"));
    Entry any = layouts.isEmpty() ? null : layouts.get(0);
    if (any != null) head.addAll(any.choices().keySet());
    for (Options.Cost c : costs) head.add(c.name());
    head.addAll(List.of("verdict", "front", "seeds_run"));
    for (String g : goals) head.add(g + " (worst)");
    head.addAll(List.of("missed", "dominated_by"));
    b.append(csvRow(head));
    for (Entry e : layouts) {
      List<String> row = new ArrayList<>(List.of(String.valueOf(e.rank()), e.layout()));
      row.addAll(e.choices().values());
      for (Options.Cost c : costs) row.add(Layout.cost(e.costs().get(c.name())));
      row.addAll(List.of(e.verdict(), e.front() ? "yes" : "no", String.valueOf(e.seedsRun())));
      for (GoalValues g : e.goals()) row.add(g.worst() == null ? "" : String.format(Locale.ROOT, "%.3f", g.worst()));
      row.add(e.misses().isEmpty() ? "" : e.misses().get(0).text());
      row.add(e.dominatedBy() == null ? "" : e.dominatedBy());
      b.append(csvRow(row));
    }
    return b.toString();
  }

  private static String csvRow(List<String> cells) {
    List<String> out = new ArrayList<>();
    for (String c : cells) out.add(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    return String.join(",", out) + "\n";
  }
}
