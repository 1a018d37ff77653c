package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.livemig.report.NodeAddReport;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * What a node add changes in the cluster manager (NodeAdds, issue 19's mutation survivors): a node
 * that joined takes VMs a drain places; one rolled back (evicted) takes none and a clustered VM may
 * not live-migrate to it; a second add of a node already added, or with a test VM another step is
 * moving, is refused with the reason; a join or an agent deployment on a host that went down fails.
 * On the seed's scenarios add-node-ok and add-node-bad-lm-network, the new node with the most memory.
 */
class NodeAddsTest {
  static String scenario(String file, String steps) throws Exception {
    String text = Files.readString(Path.of("scenarios", file));
    text = text.replace("${templates.r420} { name = hv4, cluster-member = false",
        "${templates.r420} { name = hv4, memory = 256 GiB, cluster-member = false");
    int s = text.indexOf("\nsteps = [");
    int e = text.indexOf("\n]", s);
    return text.substring(0, s) + "\nsteps = [\n" + steps + "\n]" + text.substring(e + 2).replaceAll("(?s)\nexpect = \\[.*?\n\\]", "");
  }

  static Report run(String text) {
    return Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
  }

  @Test
  void aNodeThatJoinedTakesTheVmsADrainPlaces() throws Exception {
    Report r = run(scenario("add-node-ok.conf", """
          { add-node { host = hv4, test-vm = test-vm } }
          { drain { host = hv2 } }
        """));
    assertEquals("added", r.nodeAdds().get(0).outcome());
    assertEquals("hv4", r.drains().get(0).vms().get(0).to(), "the most free memory: the new node");
  }

  @Test
  void aNodeRolledBackTakesNoVmAndNoClusteredVmLiveMigratesToIt() throws Exception {
    Report r = run(scenario("add-node-bad-lm-network.conf", """
          { add-node { host = hv4, test-vm = test-vm } }
          { drain { host = hv2 } }
          { migrate { vm = test-vm, to = hv4 } }
        """));
    assertEquals("failed", r.nodeAdds().get(0).outcome());
    assertEquals("hv3", r.drains().get(0).vms().get(0).to(), "hv4 is outside the cluster again");
    var m = r.migrations().get(r.migrations().size() - 1);
    assertEquals("refused", m.outcome());
    assertTrue(m.failure().contains("hv4 is not a cluster member"), m.failure());
  }

  @Test
  void aSecondAddOfTheSameNodeIsRefused() throws Exception {
    Report r = run(scenario("add-node-ok.conf", """
          { add-node { host = hv4, test-vm = test-vm } }
          { add-node { host = hv4, test-vm = test-vm } }
        """));
    assertEquals("added", r.nodeAdds().get(0).outcome());
    NodeAddReport again = r.nodeAdds().get(1);
    assertTrue(again.reason().contains("hv4 is already in the cluster (an earlier add-node step added it)"), again.reason());
  }

  @Test
  void aTestVmAnotherStepIsMovingIsNotATestVm() throws Exception {
    Report r = run(scenario("add-node-ok.conf", """
          { migrate { vm = test-vm, to = hv3, async = true } }
          { add-node { host = hv4, test-vm = test-vm } }
        """));
    NodeAddReport a = r.nodeAdds().get(0);
    assertTrue(a.reason().contains("test VM test-vm is being moved by another step"), a.reason());
  }

  /** The add's step whose name contains {@code word}: its start and end, from a run without a fault. */
  static double[] window(String word) throws Exception {
    Report clean = run(scenario("add-node-ok.conf", "  { add-node { host = hv4, test-vm = test-vm } }"));
    for (var s : clean.nodeAdds().get(0).steps()) if (s.name().contains(word) && s.startedAt() != null) return new double[] {s.startedAt(), s.startedAt() + s.seconds()};
    throw new AssertionError("no step named " + word + " in " + clean.nodeAdds().get(0).steps());
  }

  @Test
  void aJoinOnAHostThatWentDownFails() throws Exception {
    double[] w = window("join");
    String at = String.format(java.util.Locale.ROOT, "%.3f s", (w[0] + w[1]) / 2);
    Report r = run(scenario("add-node-ok.conf", "  { add-node { host = hv4, test-vm = test-vm } }")
        .replace("\nsteps = [", "\nevents = [ { at = " + at + ", host-down { host = hv4 } } ]\nsteps = ["));
    NodeAddReport a = r.nodeAdds().get(0);
    assertEquals("failed", a.outcome());
    assertTrue(a.reason().contains("Add-ClusterNode hv4 failed: the host is down"), a.reason());
    assertEquals("bring hv4 back up, then add it again", a.fix());
  }

  @Test
  void anAgentDeploymentOnAHostThatWentDownFails() throws Exception {
    double[] w = window("agent");
    String at = String.format(java.util.Locale.ROOT, "%.3f s", (w[0] + w[1]) / 2);
    Report r = run(scenario("add-node-ok.conf", "  { add-node { host = hv4, test-vm = test-vm } }")
        .replace("\nsteps = [", "\nevents = [ { at = " + at + ", host-down { host = hv4 } } ]\nsteps = ["));
    NodeAddReport a = r.nodeAdds().get(0);
    assertEquals("failed", a.outcome());
    assertTrue(a.reason().contains("the manager's agent could not be deployed on hv4: the host is down"), a.reason());
  }

  @Test
  void aNodeAddsMeasureIsItsOwnDurationAndOtherMovesAreNotItsTour() throws Exception {
    // sql01 moves (async) while the add's tour moves the test VM: the tour is the test VM's moves only.
    Report r = run(scenario("add-node-ok.conf", """
          { wait { for = 30 s } }
          { migrate { vm = sql01, to = hv3, async = true } }
          { add-node { host = hv4, test-vm = test-vm, measure = add } }
        """));
    NodeAddReport a = r.nodeAdds().get(0);
    assertEquals("added", a.outcome());
    var steps = a.steps();
    double start = steps.get(0).startedAt();
    double end = 0;
    for (var s : steps) if (s.startedAt() != null) end = Math.max(end, s.startedAt() + s.seconds());
    assertTrue(start >= 30, "started after the wait: " + start);
    assertEquals(end - start, r.measures().get("add").seconds(), 1e-3);
    var tourMoves = r.migrations().stream().filter(m -> m.vm().equals("test-vm")).toList();
    assertEquals(tourMoves.size(), a.tour().size());
    for (int i = 0; i < tourMoves.size(); i++) {
      assertEquals(tourMoves.get(i).from() + ">" + tourMoves.get(i).to(), a.tour().get(i).from() + ">" + a.tour().get(i).to());
      assertEquals(tourMoves.get(i).finishedAt() - tourMoves.get(i).startedAt(), a.tour().get(i).seconds(), 1e-6);
    }
  }
}
