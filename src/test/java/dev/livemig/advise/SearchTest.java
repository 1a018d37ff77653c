package dev.livemig.advise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Simulator;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search on the stretch cluster's worked case (15 layouts, small runs): the same answer twice,
 * byte for byte; the pruned search gives the exhaustive one's cheapest layout and front with fewer
 * runs; a layout that meets the goals only on some seeds is not feasible.
 */
class SearchTest {
  static final File SCENARIO = new File("scenarios/advise/stretch-cluster.conf");
  static final File OPTIONS = new File("scenarios/advise/stretch-cluster.options");
  static final List<Advisor.Written> GOALS = List.of(new Advisor.Written("far-20ms <= 20 s", "--goal", 0, null),
      new Advisor.Written("near-2ms <= 15 s", "--goal", 0, null));

  /** Runs each round on the shared simulator, in parallel; counts the runs. */
  static final class Local implements Runner {
    int runs;

    @Override
    public List<Report> run(List<Specs.Scenario> scenarios, List<String> names, String round) {
      List<java.util.concurrent.CompletableFuture<ScenarioRun.Outcome>> fs = new ArrayList<>();
      for (Specs.Scenario s : scenarios) {
        var f = new java.util.concurrent.CompletableFuture<ScenarioRun.Outcome>();
        Simulator.shared().submit(s, Runs.config(), ScenarioRun.Options.none(), f);
        fs.add(f);
      }
      List<Report> out = new ArrayList<>();
      for (var f : fs) out.add(Simulator.shared().await(f).report());
      runs += scenarios.size();
      return out;
    }
  }

  static Advice advise(File options, List<Long> seeds, Runner runner) throws Exception {
    return Advisor.prepare(new Advisor.Request(SCENARIO, GOALS, options, seeds, List.of(), Runs.config(), null)).advise(runner);
  }

  @Test
  void theSameQuestionGivesTheSameBytes() throws Exception {
    String a = ReportJson.write(advise(OPTIONS, List.of(1L, 2L), new Local()));
    String b = ReportJson.write(advise(OPTIONS, List.of(1L, 2L), new Local()));
    assertEquals(a, b);
    String other = ReportJson.write(advise(OPTIONS, List.of(3L, 4L), new Local()));
    assertTrue(!a.equals(other), "other seeds, other figures");
  }

  @Test
  void prunedGivesTheExhaustiveCheapestAndFrontWithFewerRuns(@TempDir Path dir) throws Exception {
    Local all = new Local();
    Advice exhaustive = advise(OPTIONS, List.of(1L, 2L, 3L), all);
    assertEquals("exhaustive", exhaustive.search().mode());
    assertEquals(45, all.runs);
    Path pruned = dir.resolve("pruned.options");
    Files.writeString(pruned, Files.readString(OPTIONS.toPath()) + "\nsearch { exhaustive-up-to = 0, batch = 1 }\n");
    Local some = new Local();
    Advice p = advise(pruned.toFile(), List.of(1L, 2L, 3L), some);
    assertEquals("pruned", p.search().mode());
    assertEquals(exhaustive.cheapest(), p.cheapest());
    assertEquals(exhaustive.front(), p.front());
    assertTrue(some.runs < all.runs, some.runs + " runs pruned, " + all.runs + " exhaustive");
    assertEquals(some.runs, p.search().runs());
    assertTrue(p.count("dominated") > 0, "the 40g layouts are dominated by the 25g ones: " + p.front());
    // the infeasible verdicts agree wherever the pruned search gave one
    for (Advice.Entry e : p.layouts()) {
      Advice.Entry x = exhaustive.layouts().stream().filter(y -> y.layout().equals(e.layout())).findFirst().orElseThrow();
      if (!"dominated".equals(e.verdict())) assertEquals(x.verdict(), e.verdict(), e.layout());
    }
  }

  @Test
  void aLayoutThatMeetsTheGoalsOnlyOnSomeSeedsIsNotFeasible() throws Exception {
    File drain = new File("scenarios/advise/drain-250gb.conf");
    AdviseBlock block = AdviseBlock.read(drain, Runs.config());
    Advice a = Advisor.prepare(new Advisor.Request(drain, block.goals(), block.options(), block.seeds(), List.of(), Runs.config(), null))
        .advise(new Local());
    List<Advice.Entry> lucky = a.layouts().stream().filter(e -> e.seedsMet() > 0 && e.seedsMet() < e.seedsRun()).toList();
    assertTrue(lucky.stream().anyMatch(e -> e.layout().startsWith("network=2x10gbe-iwarp, transport=smb-direct")),
        "two 10 GbE iWARP NICs meet both goals on one or two of the three seeds: " + lucky);
    for (Advice.Entry e : lucky) {
      assertEquals("infeasible", e.verdict(), e.layout());
      assertTrue(!e.misses().isEmpty());
    }
    Advice.Entry c = a.cheapestEntry();
    assertEquals(3, c.seedsMet());
    for (Advice.GoalValues g : c.goals()) assertEquals(g.max(), g.worst(), "an upper limit: the worst seed is the largest");
  }
}
