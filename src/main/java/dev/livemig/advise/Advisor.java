package dev.livemig.advise;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import com.typesafe.config.Config;
import dev.livemig.scenario.Problem;
import dev.livemig.scenario.ScenarioException;
import dev.livemig.scenario.ScenarioLoader;
import dev.livemig.spec.Specs;

/**
 * {@code livemig advise}, checked before anything runs: the goals parse and name measures of the
 * scenario, the options file reads, every choice's overrides load on the scenario alone (a problem
 * located at the choice's line of the options file), and every layout loads; every problem at once.
 * Then {@link #advise(Runner)} searches the space.
 */
public final class Advisor {
  /** Where problems of the layouts' overrides are located while they load (then moved to the options file). */
  static final String ORIGIN = "--options";

  /**
   * What to advise on: the scenario, the goals (each with where it was written: {@code --goal} or the
   * advise block's line), the options file, the seeds, the --set overrides, the configuration and the
   * calibration overlay (or null).
   */
  public record Request(File scenario, List<Written> goals, File options, List<Long> seeds, List<String> sets, Config config,
      Config overlay) {}

  /** A goal as written, and where: a file and line (the advise block) or an option ({@code --goal}, line 0). */
  public record Written(String text, String file, int line, String key) {}

  private final Request request;
  private final List<Goal> goals;
  private final Options options;
  private final Space space;
  private final Specs.Scenario base;

  private Advisor(Request request, List<Goal> goals, Options options, Space space, Specs.Scenario base) {
    this.request = request;
    this.goals = goals;
    this.options = options;
    this.space = space;
    this.base = base;
  }

  public Space space() {
    return space;
  }

  public List<Goal> goals() {
    return goals;
  }

  public Specs.Scenario base() {
    return base;
  }

  /** Checks everything; a {@link ScenarioException} with every problem, or an advisor ready to search. */
  public static Advisor prepare(Request r) throws ScenarioException {
    TreeSet<Problem> problems = new TreeSet<>();
    List<Problem> found = new ArrayList<>();
    List<Goal> goals = new ArrayList<>();
    if (r.goals().isEmpty())
      found.add(new Problem("--goal", 0, null, "no goal; give one or more, " + Goal.EXAMPLE));
    for (Written w : r.goals()) {
      Goal g = Goal.parse(w.text(), w.file(), w.line(), w.key(), found);
      if (g != null) goals.add(g);
    }
    Options options = OptionsFile.read(r.options(), r.config(), found);
    problems.addAll(found);
    Specs.Scenario base = null;
    try {
      base = ScenarioLoader.load(r.scenario(), withSeed(r.sets(), r.seeds().get(0)), r.config(), ScenarioLoader.SET, r.overlay());
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
    }
    if (base != null) {
      List<String> measures = measures(base);
      for (int i = 0; i < goals.size(); i++) {
        Goal g = goals.get(i);
        if (g.measure() != null && !measures.contains(g.measure())) {
          Written w = r.goals().stream().filter(x -> x.text().strip().equals(g.text())).findFirst().orElse(r.goals().get(0));
          problems.add(new Problem(w.file(), w.line(), w.key(), "no step of " + r.scenario().getPath() + " measures '" + g.measure()
              + "'; measured there: " + String.join(", ", measures)));
        }
      }
    }
    Space space = null;
    if (options != null && base != null) {
      space = Space.of(options);
      if (space.layouts().isEmpty())
        problems.add(new Problem(options.file(), 0, "exclude", "every combination is excluded or over a cost's max: nothing to search"));
      layoutProblems(r, options, space, problems);
    }
    if (!problems.isEmpty()) throw new ScenarioException(new ArrayList<>(problems));
    return new Advisor(r, List.copyOf(goals), options, space, base);
  }

  /**
   * Loads every layout (on the first seed). A layout the scenario refuses: its problem located at the
   * choice of the layout that sets the key at fault (its line in the options file), else at the options
   * file, naming the first layout refused so and how many more; said once per choice and message.
   */
  private static void layoutProblems(Request r, Options options, Space space, TreeSet<Problem> problems) {
    java.util.Map<String, Problem> first = new java.util.LinkedHashMap<>();
    java.util.Map<String, Integer> count = new java.util.HashMap<>();
    for (Layout l : space.layouts()) {
      try {
        load(r, l.overrides(), r.seeds().get(0));
      } catch (ScenarioException e) {
        for (Problem p : e.problems()) {
          String where = "";
          int line = 0;
          for (int d = 0; d < l.choices().size() && line == 0; d++) {
            Options.Choice ch = l.choices().get(d);
            for (String o : ch.overrides()) {
              String k = o.substring(0, o.indexOf('='));
              if (p.key() != null && (p.key().startsWith(k) || k.startsWith(p.key()))) {
                line = ch.line();
                where = "dimensions[" + d + "].choices[" + options.dimensions().get(d).choices().indexOf(ch) + "]";
              }
            }
          }
          String id = where + "|" + p.key() + "|" + p.message();
          count.merge(id, 1, Integer::sum);
          first.putIfAbsent(id, new Problem(options.file(), line, where.isEmpty() ? null : where, "layout " + l.name() + ": "
              + (p.key() == null ? "" : p.key() + ": ") + p.message()));
        }
      }
    }
    for (var e : first.entrySet()) {
      Problem p = e.getValue();
      int more = count.get(e.getKey()) - 1;
      problems.add(new Problem(p.file(), p.line(), p.key(), p.message() + (more > 0 ? " (and " + more + " more layouts)" : "")
          + "; fix the choice, or exclude the combination: exclude = [ { when { ... }, because = \"...\" } ]"));
    }
  }

  /** Searches the space with {@code runner}; the same answer on one machine or a cluster. */
  public Advice advise(Runner runner) throws Exception {
    Search.Outcome out = Search.run(options, space, goals, request.seeds(), (l, seed) -> load(request, l.overrides(), seed), runner);
    return Advice.of(base.name(), request.scenario().getPath(), options.file(), options, space, goals, request.seeds(), out);
  }

  private static Specs.Scenario load(Request r, List<String> overrides, long seed) throws ScenarioException {
    List<String> all = new ArrayList<>(r.sets());
    all.addAll(overrides);
    all.add("seed=" + seed);
    return ScenarioLoader.load(r.scenario(), all, r.config(), ORIGIN, r.overlay());
  }

  private static List<String> withSeed(List<String> sets, long seed) {
    List<String> out = new ArrayList<>(sets);
    out.add("seed=" + seed);
    return out;
  }

  /** The measures the scenario's steps and events name. */
  static List<String> measures(Specs.Scenario s) {
    List<String> out = new ArrayList<>();
    for (Specs.Step st : s.steps()) {
      String m = st instanceof Specs.Migrate x ? x.measure() : st instanceof Specs.Drain x ? x.measure()
          : st instanceof Specs.RollingMaintenance x ? x.measure() : st instanceof Specs.AddNode x ? x.measure() : null;
      if (m != null && !out.contains(m)) out.add(m);
    }
    for (Specs.Event ev : s.events()) if (ev instanceof Specs.SiteEvent x && x.measure() != null && !out.contains(x.measure())) out.add(x.measure());
    return out;
  }
}
