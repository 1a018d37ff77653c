package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * A measured move that did not complete is not a fast move: its measure is recorded (also when a
 * retry is rejected), names the attempt, and {@code check} misses it unless the expect block names
 * its outcome; a seconds band alone does not hide it.
 */
class MoveOutcomesTest {
  static final File SCENARIO = new File("scenarios/move-not-completed.conf");

  @Test
  void aRejectedRetryRecordsTheMeasureWithTheAttempt() throws Exception {
    Report r = Runs.run(Runs.load(SCENARIO, List.of()), ScenarioRun.Options.none()).report();
    Report.Measure m = r.measures().get("move-a");
    assertEquals("m1.1", m.migration());
    assertEquals(35.0, m.seconds(), 1e-9, "from the request to the retry's rejection");
    assertEquals((double) Specs.Expectation.OUTCOMES.indexOf("rejected"), Runs.metric(r, "move-a", "outcome"));
    assertEquals((double) Specs.Expectation.OUTCOMES.indexOf("completed"), Runs.metric(r, "move-b", "outcome"));
  }

  @Test
  void aSecondsBandAloneDoesNotHideAMoveThatDidNotComplete() throws Exception {
    Specs.Scenario s = Runs.load(SCENARIO, List.of("expect=[{ measure = move-a, max = 60 s }, { measure = move-b, max = 60 s }]"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(List.of(true, true, false), checks.stream().map(Runs.Check::ok).toList(), checks.toString());
    Runs.Check miss = checks.get(2);
    assertTrue(miss.implicit());
    assertEquals("move-a", miss.expectation().measure());
    assertEquals("rejected", miss.measuredText("%.3f"));
    assertEquals("completed (no expect allows another outcome)", miss.describe());
    assertEquals("move not completed", miss.cause());
  }

  @Test
  void aFailedMoveWithoutRetriesIsAMissToo() throws Exception {
    Specs.Scenario s = Runs.load(SCENARIO, List.of("expect=[]", "cluster.live-migration.retries=0"));
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(1, checks.size(), checks.toString());
    assertFalse(checks.get(0).ok());
    assertEquals("failed", checks.get(0).measuredText("%.3f"));
  }

  @Test
  void anOutcomeExpectationAllowsItAndIsCheckedItself() throws Exception {
    Specs.Scenario wrong = Runs.load(SCENARIO, List.of("expect=[{ measure = move-a, metric = outcome, value = failed }]"));
    List<Runs.Check> checks = Runs.check(wrong);
    assertEquals(1, checks.size(), "named: no implicit check besides it");
    assertFalse(checks.get(0).ok(), "the retry was rejected, not failed");
    assertEquals(List.of(true), Runs.check(Runs.load(SCENARIO, List.of(
        "expect=[{ measure = move-a, metric = outcome, value = rejected }]"))).stream().map(Runs.Check::ok).toList());
  }

  @Test
  void withFaultsAVmMayBeMovedAgainToTheHostAnEarlierMoveAimedAt() throws Exception {
    // with faults the loader cannot know where a is after its first move: the run decides (a is on hv1)
    Report r = Runs.run(Runs.load(SCENARIO, List.of()), ScenarioRun.Options.none()).report();
    assertEquals((double) Specs.Expectation.OUTCOMES.indexOf("completed"), Runs.metric(r, "move-a-again", "outcome"));
    assertEquals("hv1", MoveOutcomes.record(r, "move-a-again").from());
    // without faults the loader takes the first move as done: a is on hv2, and it says so
    var e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
        () -> Runs.load(SCENARIO, List.of("events=[]", "expect=[]")));
    assertTrue(e.problems().toString().contains("VM 'a' is already on hv2 at this step"), e.problems().toString());
  }

  @Test
  void aVmLostInPostCopyWhenItsDestinationCrashesRestartsOnItsSource() throws Exception {
    // before: its source was left out of the restart's candidates, as if it were the crashed host
    Report r = Runs.run(Runs.load(new File("scenarios/post-copy-risk.conf"), List.of()), ScenarioRun.Options.none()).report();
    assertEquals("lost", MoveOutcomes.record(r, "move").outcome());
    assertEquals(List.of(new Report.CrashedVm("heavy", "hv1", 60.0, null)), r.crashes().get(0).vms());
  }

  @Test
  void aVmLostInPostCopyThroughALinkIsListedWithItsCauseNotAsACrash() throws Exception {
    Report r = Runs.run(Runs.load(new File("scenarios/post-copy-risk.conf"),
        List.of("events=[{ at = 80 s, nic-down { host = hv2, nic = lm } }]", "expect=[]")), ScenarioRun.Options.none()).report();
    assertEquals("lost", MoveOutcomesTest.outcome(r));
    Report.CrashRecord c = r.crashes().get(0);
    assertEquals("hv1", c.host());
    assertEquals("no crash: heavy lost in post-copy", c.cause());
    assertEquals(List.of(new Report.CrashedVm("heavy", "hv1", 60.0, null)), c.vms(), "its source is up: it restarts there");
    // a real crash has no cause
    Report crashed = Runs.run(Runs.load(new File("scenarios/post-copy-risk.conf"), List.of()), ScenarioRun.Options.none()).report();
    assertEquals(null, crashed.crashes().get(0).cause());
  }

  static String outcome(Report r) {
    return MoveOutcomes.record(r, "move").outcome();
  }

  @Test
  void aMoveToAHostWithoutRoomLeavesTheVmsPlaceToTheRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    // hv2 is full (big): a's first move is rejected at run time, so moving it there again once big
    // has left is valid (before: "already on hv2" at load)
    java.nio.file.Path f = tmp.resolve("full.conf");
    java.nio.file.Files.writeString(f, """
        hosts = [
          { name = hv1, memory = 192 GiB, nics = [ { name = lm, speed = 10 Gbps, network = LM } ] }
          { name = hv2, memory = 192 GiB, nics = [ { name = lm, speed = 10 Gbps, network = LM } ] }
          { name = hv3, memory = 192 GiB, nics = [ { name = lm, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [ { name = a, host = hv1, memory = 16 GiB, workload = idle }, { name = big, host = hv2, memory = 180 GiB, workload = idle } ]
        cluster.live-migration { performance-option = tcpip, networks = [LM] }
        steps = [
          { migrate { vm = a, to = hv2, measure = first } }
          { migrate { vm = big, to = hv3 } }
          { migrate { vm = a, to = hv2, measure = again } }
        ]
        expect = [ { measure = first, metric = outcome, value = rejected }, { measure = again, metric = outcome, value = completed } ]
        """);
    List<Runs.Check> checks = Runs.check(Runs.load(f.toFile(), List.of()));
    assertEquals(List.of(true, true), checks.stream().map(Runs.Check::ok).toList(), checks.toString());
  }

  @Test
  void aMigrationsOutcomeWordsAreValidatedAgainstItsKind() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
        () -> Runs.load(SCENARIO, List.of("expect=[{ measure = move-a, metric = outcome, value = added }]")));
    String text = e.problems().toString();
    assertTrue(text.contains("'added' is not a migration's outcome; allowed: completed, failed, lost, rejected, refused"), text);
  }
}
