package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.NodeAddReport;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/** Node adds on whole scenarios: the cluster's membership before, during and after, and the report. */
class NodeAddScenarioTest {

  static Report run(String file) throws Exception {
    return Runs.run(Runs.load(new File(file), List.of()), ScenarioRun.Options.none()).report();
  }

  @Test
  void theReportSaysEachNodeAddWithExactlyTheKeysOfTheIssue() throws Exception {
    Report r = run("scenarios/add-node-ok.conf");
    JsonNode a = new ObjectMapper().readTree(ReportJson.write(r)).get("nodeAdds").get(0);
    List<String> keys = new ArrayList<>();
    a.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("host", "outcome", "failedStep", "reason", "fix", "quorumBefore", "quorumAfter", "steps", "tour"), keys);
    List<String> step = new ArrayList<>();
    a.get("steps").get(0).fieldNames().forEachRemaining(step::add);
    assertEquals(List.of("n", "name", "outcome", "startedAt", "seconds", "detail"), step);
    List<String> move = new ArrayList<>();
    a.get("tour").get(0).fieldNames().forEachRemaining(move::add);
    assertEquals(List.of("from", "to", "seconds", "downtimeMs", "pingsLost"), move);
    // the tour is real migrations: each of its moves is in the report's migrations, with the same time
    NodeAddReport add = r.nodeAdds().get(0);
    assertEquals(add.tour().size(), r.migrations().size());
    for (int i = 0; i < add.tour().size(); i++) {
      MigrationRecord m = r.migrations().get(i);
      assertEquals(add.tour().get(i).from() + ">" + add.tour().get(i).to(), m.from() + ">" + m.to());
      assertEquals(m.seconds(), add.tour().get(i).seconds(), 1e-6);
    }
    assertEquals("node majority (3 nodes: 3 votes)", add.quorumBefore());
    assertEquals("node and disk majority (4 nodes + witness disk Quorum: 5 votes)", add.quorumAfter());
  }

  @Test
  void aFailedTourLeavesTheVmOnItsSourceAndTheNodeOutsideTheCluster() throws Exception {
    Report r = run("scenarios/add-node-bad-lm-network.conf");
    NodeAddReport a = r.nodeAdds().get(0);
    assertEquals("failed", a.outcome());
    assertEquals(a.quorumBefore(), a.quorumAfter(), "quorum restored");
    assertTrue(a.reason().contains("the VM is safe on hv1"), a.reason());
    // the VM moved on from hv1 afterwards: it never left it
    MigrationRecord after = r.migrations().get(r.migrations().size() - 1);
    assertEquals("hv1", after.from());
    assertEquals("completed", after.outcome());
    assertEquals("rolled-back", a.steps().get(6).outcome());
    assertTrue(a.steps().get(6).detail().contains("hv4 evicted from the cluster (3 nodes)"), a.steps().get(6).detail());
    assertTrue(a.steps().get(5).detail().contains("maintenance mode left"), a.steps().get(5).detail());
  }

  @Test
  void aHostOutsideTheClusterTakesNoVmUntilItJoins() {
    String text = """
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = new, memory = 256 GiB, cluster-member = false, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        vms = [ { name = v, host = a, memory = 4 GiB }, { name = t, host = b, memory = 1 GiB }
                { name = prod, host = b, memory = 1 GiB, production = true } ]
        steps = [
          { drain { host = a } }
          { resume { host = a } }
          { add-node { host = new, test-vm = prod } }
          { migrate { vm = t, to = new } }
          { add-node { host = new, test-vm = t } }
          { migrate { vm = v, to = new } }
        ]
        """;
    Report r = Runs.run(TestScenarios.load(text), ScenarioRun.Options.none()).report();
    // the drain placed v on b although new had the most free memory
    assertEquals("b", r.drains().get(0).vms().get(0).to());
    assertEquals("refused", r.nodeAdds().get(0).outcome());
    // the live migration of a clustered VM to a host outside the cluster: refused by the cluster's rule
    MigrationRecord refused = r.migrations().get(1);
    assertEquals("refused", refused.outcome());
    assertTrue(refused.failure().contains("new is not a cluster member"), refused.failure());
    assertEquals("added", r.nodeAdds().get(1).outcome());
    MigrationRecord last = r.migrations().get(r.migrations().size() - 1);
    assertEquals("v", last.vm());
    assertEquals("new", last.to());
    assertEquals("completed", last.outcome());
    assertFalse(r.nodeAdds().get(1).tour().isEmpty());
  }

  @Test
  void checkMissesANodeAddThatDidNotAddItsNodeUnlessTheExpectBlockNamesItsOutcome() {
    String base = """
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = new, memory = 64 GiB, cluster-member = false, luns = [], nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        cluster.disks = [D1]
        vms = [ { name = t, host = a, memory = 1 GiB } ]
        steps = [ { add-node { host = new, test-vm = t, measure = add } } ]
        """;
    var silent = Runs.check(TestScenarios.load(base));
    assertEquals(1, silent.size());
    assertFalse(silent.get(0).ok(), "a failed node add is a miss without asking");
    assertTrue(silent.get(0).implicit());
    assertEquals("added", silent.get(0).expectation().describe());
    var allowed = Runs.check(TestScenarios.load(base + "expect = [ { measure = add, metric = outcome, value = failed } ]"));
    assertEquals(1, allowed.size());
    assertTrue(allowed.get(0).ok(), "the expect block says it fails");
  }
}
