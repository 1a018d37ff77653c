package dev.livemig.cli;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.advise.Advice;
import dev.livemig.advise.Options;

/**
 * What {@code livemig advise} prints: the question and how it was searched, the cheapest layout, the
 * feasible layouts ranked by cost, the infeasible ones with the goal each misses and by how much, the
 * dominated ones (pruned search), and the Pareto front. Within {@link Findings#WIDTH} columns.
 */
final class AdviseScreen {
  private AdviseScreen() {}

  /** At most this many infeasible layouts are listed on screen (the JSON and CSV have them all). */
  static final int INFEASIBLE_SHOWN = 15;

  static String render(Advice a) {
    StringBuilder b = new StringBuilder();
    Advice.SearchSummary s = a.search();
    b.append("scenario ").append(a.scenario()).append(": ").append(s.layouts()).append(" layouts");
    if (s.excluded() > 0) b.append(" (").append(s.excluded()).append(" combinations excluded)");
    b.append(", ").append(a.seeds().size()).append(a.seeds().size() == 1 ? " seed " : " seeds ").append(seedList(a.seeds()))
        .append("\n").append(s.mode()).append(" search: ").append(s.runs()).append(" runs");
    if (!"exhaustive".equals(s.mode())) b.append(" of ").append(s.exhaustiveRuns()).append(", ").append(s.rounds()).append(" rounds");
    b.append("\n");
    b.append("goals: ").append(String.join("; ", a.goals())).append("\n");
    b.append(a.rule()).append("\n\n");
    Advice.Entry c = a.cheapestEntry();
    if (c == null) {
      b.append("no layout meets every goal on every seed: the nearest misses are below\n");
    } else {
      b.append("cheapest: ").append(c.layout()).append("\n  ").append(costs(a, c)).append("\n  ").append(values(a, c)).append("\n");
      for (Advice.GoalValues g : c.goals())
        if (g.spread() != null) b.append("  ").append(g.goal()).append(": min / p50 / max over the seeds ").append(g.spread()).append("\n");
    }
    List<Advice.Entry> feasible = a.layouts().stream().filter(Advice.Entry::feasible).toList();
    if (!feasible.isEmpty()) {
      b.append("\nfeasible (").append(feasible.size()).append("), cheapest first; * on the Pareto front (cost against ")
          .append(shortGoal(a)).append(")\n\n");
      b.append(table(a, feasible, false).fit(Findings.WIDTH, 1));
    }
    List<Advice.Entry> dominated = a.layouts().stream().filter(e -> "dominated".equals(e.verdict())).toList();
    if (!dominated.isEmpty()) {
      b.append("\ndominated (").append(dominated.size()).append("): a feasible layout is no dearer and no worse on ")
          .append(shortGoal(a)).append(";\n  not run on every seed\n");
      Table t = new Table("layout", "seeds run", "dominated by");
      for (Advice.Entry e : dominated) t.add(e.layout(), e.seedsRun(), e.dominatedBy());
      b.append(t.fit(Findings.WIDTH, 1));
    }
    List<Advice.Entry> infeasible = a.layouts().stream().filter(e -> "infeasible".equals(e.verdict())).toList();
    if (!infeasible.isEmpty()) {
      b.append("\ninfeasible (").append(infeasible.size()).append("), cheapest first: what each misses on its worst seed");
      if (infeasible.size() > INFEASIBLE_SHOWN) b.append("\n  (the first ").append(INFEASIBLE_SHOWN).append("; --csv or --json for all)");
      b.append("\n\n");
      b.append(table(a, infeasible.subList(0, Math.min(INFEASIBLE_SHOWN, infeasible.size())), true).fit(Findings.WIDTH, 1));
    }
    List<Advice.Entry> lucky = infeasible.stream().filter(e -> e.seedsMet() > 0).toList();
    if (!lucky.isEmpty()) {
      b.append("\nnot feasible though they meet every goal on some seeds (").append(lucky.size()).append("):\n");
      for (Advice.Entry e : lucky) b.append("  ").append(e.layout()).append(": ").append(e.seedsMet()).append(" of ").append(e.seedsRun())
          .append(" seeds\n");
    }
    if (!a.front().isEmpty()) {
      b.append("\nPareto front: ").append(a.front().size()).append(a.front().size() == 1 ? " layout" : " layouts")
          .append(": no other feasible layout is both no dearer (costs in rank order)\n  and no worse on ").append(shortGoal(a)).append("\n");
      for (String f : a.front()) {
        for (Advice.Entry e : a.layouts()) {
          if (!e.layout().equals(f)) continue;
          b.append("  ").append(cost(a, a.costs().get(0), e)).append("  ").append(goalText(a, e, 0)).append("  ").append(f).append("\n");
        }
      }
    }
    return b.toString();
  }

  private static Table table(Advice a, List<Advice.Entry> entries, boolean misses) {
    List<String> head = new ArrayList<>(List.of("rank"));
    List<String> dims = new ArrayList<>(entries.get(0).choices().keySet());
    head.addAll(dims);
    List<Options.Cost> shown = misses ? a.costs().subList(0, 1) : a.costs(); // the misses need the room
    for (Options.Cost c : shown) head.add(c.unit().isEmpty() ? c.name() : c.name() + " " + c.unit());
    if (misses) {
      head.add("misses (worst seed)");
    } else {
      for (int g = 0; g < a.goals().size(); g++) head.add(column(a, g));
    }
    Table t = new Table(head.toArray(String[]::new));
    int[] right = new int[shown.size() + (misses ? 0 : a.goals().size())];
    for (int i = 0; i < right.length; i++) right[i] = 1 + dims.size() + i;
    t.rightAlign(right);
    for (Advice.Entry e : entries) {
      List<Object> row = new ArrayList<>();
      row.add(e.rank() + (e.front() ? "*" : ""));
      row.addAll(e.choices().values());
      for (Options.Cost c : shown) row.add(dev.livemig.advise.Costs.text(e.costs().get(c.name())));
      if (misses) {
        List<String> m = new ArrayList<>();
        for (Advice.Miss x : e.misses()) m.add(x.text());
        row.add(String.join("; ", m));
      } else {
        for (int g = 0; g < a.goals().size(); g++) row.add(goalValue(e, g));
      }
      t.add(row.toArray());
    }
    return t;
  }

  private static String column(Advice a, int g) {
    return a.goals().get(g).replaceAll("\\s*(<=|>=|==|<|>).*$", "");
  }

  private static String shortGoal(Advice a) {
    return column(a, 0);
  }

  private static String goalValue(Advice.Entry e, int g) {
    return e.goals().get(g).worst() == null ? "-" : dev.livemig.advise.Costs.goal(e.goals().get(g));
  }

  private static String goalText(Advice a, Advice.Entry e, int g) {
    return column(a, g) + " " + goalValue(e, g);
  }

  private static String values(Advice a, Advice.Entry e) {
    List<String> out = new ArrayList<>();
    for (int g = 0; g < a.goals().size(); g++) out.add(goalText(a, e, g));
    return String.join(", ", out) + " (worst of " + e.seedsRun() + (e.seedsRun() == 1 ? " seed)" : " seeds)");
  }

  private static String costs(Advice a, Advice.Entry e) {
    List<String> out = new ArrayList<>();
    for (Options.Cost c : a.costs()) out.add(cost(a, c, e));
    return String.join(", ", out);
  }

  private static String cost(Advice a, Options.Cost c, Advice.Entry e) {
    return c.name() + " " + dev.livemig.advise.Costs.text(e.costs().get(c.name())) + (c.unit().isEmpty() ? "" : " " + c.unit());
  }

  private static String seedList(List<Long> seeds) {
    List<String> s = new ArrayList<>();
    for (Long x : seeds) s.add(String.valueOf(x));
    return "(" + String.join(", ", s) + ")";
  }
}
