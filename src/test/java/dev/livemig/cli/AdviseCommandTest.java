package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.distribution.Member;
import dev.livemig.scenario.Runs;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code livemig advise}: bad input (every problem, file:line:key, exit 2, nothing on standard
 * output), nothing feasible (exit 1), {@code check} failing when an advise block's answer changes,
 * and the same JSON on a one-worker Pekko Cluster as on this machine, exhaustive and pruned (a sweep
 * per round).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdviseCommandTest {
  static final String STRETCH = "scenarios/advise/stretch-cluster.conf";

  @TempDir
  Path tmp;

  ActorSystem<Member.Command> worker;
  String seed;

  @BeforeAll
  void startAWorker() throws Exception {
    worker = Member.start(new Member.Settings("127.0.0.1", 0, List.of(), List.of(Member.WORKER)), Runs.config());
    var a = Cluster.get(worker).selfMember().address();
    seed = a.host().get() + ":" + a.port().get();
  }

  @AfterAll
  void stopIt() {
    if (worker != null) Member.stop(worker);
  }

  @Test
  void aBadOptionsFileAndBadGoalsAreEveryProblemAtOnceWithFileLineAndKey() {
    var r = CompareCommandTest.execute("advise", STRETCH, "--options", "src/test/resources/advise/bad.options",
        "--goal", "far-20ms <= 2 fortnights", "--goal", "nowhere <= 5 s", "--goal", "pings-lost ~ 0");
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    for (String line : List.of(
        "--goal: '2 fortnights' in 'far-20ms <= 2 fortnights' is not a value of seconds",
        "--goal: no step of scenarios/advise/stretch-cluster.conf measures 'nowhere'; measured there: near-2ms, far-20ms",
        "--goal: 'pings-lost ~ 0' is not a goal",
        "src/test/resources/advise/bad.options:2: costs[1].name: 'money' is named twice",
        "src/test/resources/advise/bad.options:6: dimensions[0].choices[0].cost.money: must not be negative",
        "src/test/resources/advise/bad.options:6: dimensions[0].choices[0].cost.power: no cost named 'power' in costs; allowed: money",
        "src/test/resources/advise/bad.options:11: dimensions[1].choices: no choice",
        "src/test/resources/advise/bad.options:13: exclude[0].when.transport: 'quic' is not a choice of transport; allowed: tcpip, smb-direct, warp",
        "src/test/resources/advise/bad.options:14: search.batches: unknown key; allowed: batch, exhaustive-up-to",
        "14 problems; nothing was run."))
      assertTrue(r.err().contains(line), line + "\n in:\n" + r.err());
    assertTrue(!r.err().contains("Exception"), r.err());
  }

  @Test
  void aBadAdviseBlockIsLocatedInTheScenarioAndCheckCallsItInvalid() throws Exception {
    Path f = tmp.resolve("bad-block.conf");
    Files.writeString(f, Files.readString(Path.of(STRETCH)).replaceAll("(?s)\nadvise \\{.*", "") + """

        advise {
          goals = "far-20ms <= 20 s"
          seeds = 0
          option = x.options
          expect { cheapest = 3, feasible = -1, fronts = 2 }
        }
        """);
    var r = CompareCommandTest.execute("advise", f.toString());
    assertEquals(2, r.code(), r.err());
    for (String line : List.of(f + ":84: advise.goals: not a list", f + ":85: advise.seeds: '0' is not seeds",
        f + ":86: advise.option: unknown key; allowed: expect, goals, options, seeds",
        f + ":87: advise.expect.cheapest: not a text", f + ":87: advise.expect.feasible: '-1' is not a count",
        f + ":87: advise.expect.fronts: unknown key; allowed: cheapest, feasible, infeasible, dominated, front"))
      assertTrue(r.err().contains(line), line + "\n in:\n" + r.err());
    var c = CompareCommandTest.execute("check", f.toString());
    assertEquals(2, c.code(), c.out() + c.err());
    assertTrue(c.err().contains(f + ":84: advise.goals: not a list"), c.err());
    var missing = CompareCommandTest.execute("advise", tmp.resolve("nosuch.conf").toString(), "--goal", "x <= 1 s");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nosuch.conf: no such file"), missing.err());
  }

  @Test
  void aChoiceTheScenarioRefusesIsLocatedAtItsLineInTheOptionsFile() throws Exception {
    Path o = tmp.resolve("typo.options");
    Files.writeString(o, "costs = [ { name = money } ]\ndimensions = [ { name = t, choices = [\n"
        + "  { name = ok, set { cluster.live-migration.simultaneous = 2 } }\n"
        + "  { name = typo, set { cluster.live-migration.simultaneus = 2 } } ] } ]\n");
    var r = CompareCommandTest.execute("advise", STRETCH, "--options", o.toString(), "--goal", "far-20ms <= 20 s");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(o + ":4: dimensions[0].choices[1]: layout t=typo: cluster.live-migration.simultaneus: unknown key"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void theCalibrationOverlayReachesEveryLayoutsRuns() throws Exception {
    Path overlay = tmp.resolve("overlay.conf");
    Files.writeString(overlay, "livemig.migration.create-vm = 5 s\n");
    var plain = CompareCommandTest.execute("advise", STRETCH, "--seeds", "1", "--json", "-");
    var calibrated = CompareCommandTest.execute("advise", STRETCH, "--seeds", "1", "--json", "-", "--calibration", overlay.toString());
    assertEquals(0, plain.code(), plain.err());
    var a = dev.livemig.report.ReportJson.mapper().readTree(plain.out()).get("layouts");
    var b = dev.livemig.report.ReportJson.mapper().readTree(calibrated.out()).get("layouts");
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).get("layout").asText().equals("wan=10g, transport=smb, smb-connections=4")) continue;
      double near = a.get(i).get("goals").get(1).get("worst").asDouble();
      for (var x : b)
        if (x.get("layout").equals(a.get(i).get("layout")))
          assertEquals(near + 4.1, x.get("goals").get(1).get("worst").asDouble(), 0.01, "create-vm 0.9 s -> 5 s");
    }
  }

  @Test
  void nothingFeasibleIsExitOneAndSaysTheNearestMisses() {
    var r = CompareCommandTest.execute("advise", STRETCH, "--goal", "far-20ms <= 5 s", "--seeds", "1");
    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("no layout meets every goal on every seed"), r.out());
    assertTrue(r.out().contains("far-20ms 22.4 s: 17.4 s (348 %) over"), r.out());
  }

  /** The three worked cases: check runs each advise block and its answer is the one its expect names. */
  @Test
  @Timeout(180)
  void theWorkedCasesMeetTheirAdviseExpectations() {
    var r = CompareCommandTest.execute("check", "scenarios/advise");
    assertEquals(0, r.code(), r.out() + r.err());
    for (String f : List.of("drain-250gb", "rolling-patch-8-nodes", "stretch-cluster"))
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ok") && l.contains("scenarios/advise/" + f + ".conf") && l.contains("advise")),
          f + ":\n" + r.out());
    assertTrue(r.out().contains("all expectations met"), r.out());
  }

  @Test
  void checkFailsWhenTheAnswerChanges() throws Exception {
    Files.copy(Path.of("scenarios/advise/stretch-cluster.options"), tmp.resolve("stretch-cluster.options"));
    String text = Files.readString(Path.of(STRETCH));
    Path same = tmp.resolve("same.conf");
    Files.writeString(same, text);
    var ok = CompareCommandTest.execute("check", same.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().contains("advise"), ok.out());
    Path changed = tmp.resolve("changed.conf");
    Files.writeString(changed, text.replace("cheapest = \"wan=25g, transport=smb, smb-connections=8\", feasible = 4",
        "cheapest = \"wan=10g, transport=smb, smb-connections=16\", feasible = 5"));
    var miss = CompareCommandTest.execute("check", changed.toString());
    assertEquals(1, miss.code(), miss.out() + miss.err());
    assertTrue(miss.out().contains("2 expectation(s) missed"), miss.out());
    assertTrue(miss.out().lines().anyMatch(l -> l.startsWith("MISS") && l.contains("cheapest")), miss.out());
  }

  @Test
  @Timeout(180)
  void theClusterGivesTheSameAnswerExhaustiveAndPruned() throws Exception {
    Path local = tmp.resolve("local.json");
    Path remote = tmp.resolve("cluster.json");
    var a = CompareCommandTest.execute("advise", STRETCH, "--seeds", "2", "--json", local.toString());
    assertEquals(0, a.code(), a.err());
    var b = CompareCommandTest.execute("advise", STRETCH, "--seeds", "2", "--json", remote.toString(), "--cluster", seed);
    assertEquals(0, b.code(), b.err());
    assertEquals(Files.readString(local), Files.readString(remote));
    assertEquals(a.out(), b.out());

    Path pruned = tmp.resolve("pruned.options");
    Files.writeString(pruned, Files.readString(Path.of("scenarios/advise/stretch-cluster.options"))
        + "\nsearch { exhaustive-up-to = 0, batch = 3 }\n");
    var c = CompareCommandTest.execute("advise", STRETCH, "--seeds", "2", "--options", pruned.toString(), "--json", local.toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(c.out().contains("pruned search"), c.out());
    var d = CompareCommandTest.execute("advise", STRETCH, "--seeds", "2", "--options", pruned.toString(), "--json", remote.toString(),
        "--cluster", seed);
    assertEquals(0, d.code(), d.err());
    assertEquals(Files.readString(local), Files.readString(remote));
  }
}
