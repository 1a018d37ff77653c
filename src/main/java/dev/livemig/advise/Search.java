package dev.livemig.advise;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.spec.Specs;

/**
 * The search for the cheapest layout that meets every goal on every seed.
 *
 * <p><b>Exhaustive</b> (layouts × seeds at most the options' {@code exhaustive-up-to}): every layout
 * runs on every seed, in one round.
 *
 * <p><b>Pruned</b> otherwise, successive rounds over the seeds: round 1 runs every layout on the first
 * seed, and a layout that misses a goal there is infeasible (the rule is every seed: one miss is
 * enough). Then, cheapest first, {@code batch} survivors at a time run their other seeds; those that
 * meet every goal on every seed are feasible. After each round a survivor is dropped as
 * <i>dominated</i> when a feasible layout ranks before it and its worst value of the first goal is no
 * worse than the survivor's worst so far (which more seeds can only make worse): the survivor can be
 * neither the cheapest nor on the front. So the pruned search gives the exhaustive one's cheapest layout
 * and front, with fewer runs; it does not say whether a dominated layout would have been feasible.
 *
 * <p>Deterministic: the rounds are decided from the results of the rounds before, applied in
 * layout order, never from the order runs finish in or how many cores or workers ran them. Nothing
 * is drawn at random: the seeds are the scenario's (the workloads' random draws).
 */
public final class Search {
  /** A scenario for a layout and seed (the scenario with the layout's overrides and {@code seed=N}). */
  public interface Loader {
    Specs.Scenario load(Layout layout, long seed) throws ScenarioException;
  }

  /** One layout's runs: per seed (index into the seeds), each goal's value and what was left undone. */
  static final class Eval {
    final Layout layout;
    final Double[][] values; // [seed][goal]
    final List<List<String>> undone = new ArrayList<>(); // per seed
    String verdict; // null while open, else feasible, infeasible, dominated
    Eval dominatedBy;

    Eval(Layout layout, int seeds, int goals) {
      this.layout = layout;
      this.values = new Double[seeds][];
      for (int s = 0; s < seeds; s++) undone.add(null);
    }

    int seedsRun() {
      int n = 0;
      for (Double[] v : values) if (v != null) n++;
      return n;
    }

    boolean ran(int s) {
      return values[s] != null;
    }
  }

  private final List<Goal> goals;
  private final List<Long> seeds;
  private final Loader loader;
  private final Runner runner;
  private final int batch;
  private int runs;
  private int rounds;

  private Search(List<Goal> goals, List<Long> seeds, Loader loader, Runner runner, int batch) {
    this.goals = goals;
    this.seeds = seeds;
    this.loader = loader;
    this.runner = runner;
    this.batch = batch;
  }

  /** What the search did: exhaustive or pruned, its runs and rounds, and each layout's evaluation in layout order. */
  record Outcome(boolean exhaustive, int runs, int rounds, List<Eval> evals) {}

  static Outcome run(Options options, Space space, List<Goal> goals, List<Long> seeds, Loader loader, Runner runner) throws Exception {
    Search s = new Search(goals, seeds, loader, runner, options.batch());
    List<Eval> evals = new ArrayList<>();
    for (Layout l : space.layouts()) evals.add(new Eval(l, seeds.size(), goals.size()));
    boolean exhaustive = (long) evals.size() * seeds.size() <= options.exhaustiveUpTo() || seeds.size() == 1;
    if (exhaustive) s.exhaustive(evals);
    else s.pruned(evals);
    return new Outcome(exhaustive, s.runs, s.rounds, evals);
  }

  private void exhaustive(List<Eval> evals) throws Exception {
    List<int[]> all = new ArrayList<>();
    for (int e = 0; e < evals.size(); e++) for (int k = 0; k < seeds.size(); k++) all.add(new int[] {e, k});
    round(evals, all, "advise");
    for (Eval e : evals) e.verdict = misses(e) ? "infeasible" : "feasible";
  }

  private void pruned(List<Eval> evals) throws Exception {
    List<int[]> first = new ArrayList<>();
    for (int e = 0; e < evals.size(); e++) first.add(new int[] {e, 0});
    round(evals, first, "advise round 1");
    for (Eval e : evals) if (misses(e)) e.verdict = "infeasible";
    while (true) {
      prune(evals);
      List<Eval> open = new ArrayList<>();
      for (Eval e : evals) if (e.verdict == null) open.add(e);
      if (open.isEmpty()) return;
      open.sort(rankSoFar());
      List<int[]> next = new ArrayList<>();
      for (Eval e : open.subList(0, Math.min(batch, open.size())))
        for (int k = 0; k < seeds.size(); k++) if (!e.ran(k)) next.add(new int[] {evals.indexOf(e), k});
      round(evals, next, "advise round " + (rounds + 1));
      for (Eval e : evals) {
        if (e.verdict != null) continue;
        if (misses(e)) e.verdict = "infeasible";
        else if (e.seedsRun() == seeds.size()) e.verdict = "feasible";
      }
    }
  }

  /** Drops the open layouts a feasible one dominates (see the class comment). */
  private void prune(List<Eval> evals) {
    for (Eval b : evals) {
      if (b.verdict != null) continue;
      double lb = worst(b);
      for (Eval a : evals) {
        if (!"feasible".equals(a.verdict)) continue;
        int c = Layout.compareCosts(a.layout, b.layout);
        double wa = worst(a);
        boolean before = c < 0 || c == 0 && (wa < lb || wa == lb && a.layout.index() < b.layout.index());
        if (before && wa <= lb) {
          b.verdict = "dominated";
          b.dominatedBy = a;
          break;
        }
      }
    }
  }

  /** Cheapest first, then the first goal's worst value so far, then layout order. */
  private Comparator<Eval> rankSoFar() {
    return Comparator.<Eval, Layout>comparing(e -> e.layout, Layout::compareCosts).thenComparingDouble(this::worst)
        .thenComparingInt(e -> e.layout.index());
  }

  /** The first goal's worst value over the seeds run, as a number that sorts worse-last (a lower limit: negated). */
  double worst(Eval e) {
    Goal g = goals.get(0);
    double w = g.lower() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    boolean any = false;
    for (Double[] v : e.values) {
      if (v == null) continue;
      if (v[0] == null) return Double.POSITIVE_INFINITY;
      w = any ? g.worse(w, v[0]) : v[0];
      any = true;
    }
    if (!any) return Double.POSITIVE_INFINITY;
    return g.lower() ? -w : w;
  }

  /** Whether a layout missed a goal, or left work undone, on a seed it ran. */
  boolean misses(Eval e) {
    for (int k = 0; k < seeds.size(); k++) {
      if (!e.ran(k)) continue;
      if (!e.undone.get(k).isEmpty()) return true;
      for (int g = 0; g < goals.size(); g++) if (e.values[k][g] == null || !goals.get(g).holds(e.values[k][g])) return true;
    }
    return false;
  }

  /** Runs the (layout, seed) pairs and records each goal's value. */
  private void round(List<Eval> evals, List<int[]> pairs, String name) throws Exception {
    if (pairs.isEmpty()) return;
    rounds++;
    List<Specs.Scenario> scenarios = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int[] p : pairs) {
      Layout l = evals.get(p[0]).layout;
      scenarios.add(loader.load(l, seeds.get(p[1])));
      names.add(l.name() + ", seed=" + seeds.get(p[1]));
    }
    List<Report> reports = runner.run(scenarios, names, name);
    runs += pairs.size();
    for (int i = 0; i < pairs.size(); i++) {
      Eval e = evals.get(pairs.get(i)[0]);
      int k = pairs.get(i)[1];
      Double[] v = new Double[goals.size()];
      for (int g = 0; g < goals.size(); g++) v[g] = goals.get(g).measure(scenarios.get(i), reports.get(i));
      e.values[k] = v;
      List<String> undone = new ArrayList<>();
      for (Runs.Check c : Runs.completion(scenarios.get(i), reports.get(i)))
        if (!c.ok()) undone.add(c.expectation().measure() + ": " + c.cause());
      e.undone.set(k, undone);
    }
  }
}
