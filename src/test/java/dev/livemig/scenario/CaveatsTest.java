package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a fallback and an overcommitted host are never only in the JSON: the measures carry
 * them ({@code fallbacks}, {@code overcommitted-hosts}) and {@code check} misses on them unless the
 * expect block names them.
 */
class CaveatsTest {
  static final File FALLBACK = new File("scenarios/compression-fallback.conf");

  /** Two 12-core hosts; v on a asks for {@code cores} of its CPU; v moved a -> b, measured. */
  static Specs.Scenario busy(int cores, String option, String expect) {
    return TestScenarios.load("""
        hosts = [
          { name = a, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [ { name = v, host = a, memory = 2 GiB, workload = idle, cpu = %d } ]
        cluster.live-migration { performance-option = %s, networks = [LM] }
        steps = [ { migrate { vm = v, to = b, measure = move } } ]
        expect = %s
        """.formatted(cores, option, expect));
  }

  @Test
  void aFallbackIsAMissUnlessNamed() throws Exception {
    Specs.Scenario s = Runs.load(FALLBACK, List.of("expect=[]"));
    Report r = Runs.run(s, ScenarioRun.Options.none()).report();
    assertEquals(1.0, Runs.metric(r, "compressed-busy-host", "fallbacks"));
    assertEquals(0.0, Runs.metric(r, "tcpip-busy-host", "fallbacks"));
    List<Runs.Check> checks = Runs.check(s, r);
    assertEquals(1, checks.size(), checks.toString());
    Runs.Check c = checks.get(0);
    assertTrue(c.implicit());
    assertFalse(c.ok());
    assertEquals("compressed-busy-host", c.expectation().measure());
    assertEquals("fallbacks", c.expectation().metric());
    assertEquals("0 (no expect allows a fallback)", c.describe());
    assertEquals("a lesser transport than asked", c.cause());
    // named: the scenario's own expect block allows it, and a bound on it can miss
    assertTrue(Runs.check(Runs.load(FALLBACK, List.of()), r).stream().allMatch(Runs.Check::ok));
    List<Runs.Check> bounded = Runs.check(Runs.load(FALLBACK,
        List.of("expect=[{ measure = compressed-busy-host, metric = fallbacks, max = 0 }]")), r);
    assertEquals(List.of(false), bounded.stream().map(Runs.Check::ok).toList(), bounded.toString());
    assertFalse(bounded.get(0).implicit());
  }

  @Test
  void aFallbackWithoutAMeasureCannotBeAllowed() {
    Specs.Scenario s;
    try {
      s = Runs.load(FALLBACK, List.of("expect=[]", "steps=[{ configure { performance-option = compression, networks = [LM-1GbE] } },"
          + " { migrate { vm = sqlvmm01, to = hv2 } }]"));
    } catch (ScenarioException e) {
      throw new AssertionError(e.problems().toString());
    }
    List<Runs.Check> checks = Runs.check(s);
    assertEquals(1, checks.size(), checks.toString());
    assertEquals("(migrations without a measure)", checks.get(0).expectation().measure());
    assertEquals(1.0, checks.get(0).measured());
    assertFalse(checks.get(0).ok());
  }

  @Test
  void anOvercommittedHostIsAMissUnlessNamed() {
    Specs.Scenario over = busy(13, "tcpip", "[]");
    List<Runs.Check> checks = Runs.check(over);
    assertEquals(1, checks.size(), checks.toString());
    assertEquals("overcommitted-hosts", checks.get(0).expectation().metric());
    assertEquals(1.0, checks.get(0).measured());
    assertFalse(checks.get(0).ok());
    assertEquals("0 (no expect allows an overcommitted host)", checks.get(0).describe());
    // at the cores it has, nothing to say
    assertEquals(List.of(), Runs.check(busy(12, "tcpip", "[]")));
    // named with its value: accepted; bounded at 0: a written miss
    List<Runs.Check> named = Runs.check(busy(13, "tcpip", "[{ measure = move, metric = overcommitted-hosts, value = 1, tolerance = 0 }]"));
    assertEquals(List.of(true), named.stream().map(Runs.Check::ok).toList());
    List<Runs.Check> bounded = Runs.check(busy(13, "tcpip", "[{ measure = move, metric = overcommitted-hosts, max = 0 }]"));
    assertEquals(List.of(false), bounded.stream().map(Runs.Check::ok).toList());
  }

  @Test
  void theOvercommittedHostsOfAMeasureNeedTheScenario() {
    Specs.Scenario over = busy(13, "tcpip", "[]");
    Report r = Runs.run(over, ScenarioRun.Options.none()).report();
    assertEquals(1.0, Runs.metric(over, r, "move", "overcommitted-hosts"));
    assertNull(Runs.metric(r, "move", "overcommitted-hosts"), "the report alone does not know the hosts' demand");
    assertNull(Runs.metric(over, r, "no-such-measure", "overcommitted-hosts"));
  }

  @Test
  void theLoadWarningAndTheMetricAgree() {
    Specs.Scenario over = busy(30, "tcpip", "[]");
    List<Overcommit.Host> hosts = Overcommit.of(over);
    assertEquals(1, hosts.size());
    assertEquals("a", hosts.get(0).name());
    assertEquals(30.0, hosts.get(0).peakCores(), 1e-9);
    List<String> warnings = LoadWarnings.of(over);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("host a is overcommitted: its 1 VM ask for 30.0 cores, it has 12 (2.5 ×)"), warnings.get(0));
  }

  @Test
  void aDrainsMeasureCountsItsMovesAndItsHost() {
    Specs.Scenario s = TestScenarios.load("""
        hosts = [
          { name = a, memory = 64 GiB, cores = 4, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
          { name = c, memory = 64 GiB, cores = 12, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }
        ]
        vms = [
          { name = v1, host = a, memory = 1 GiB, workload = idle, cpu = 3 }
          { name = v2, host = a, memory = 1 GiB, workload = idle, cpu = 3 }
        ]
        cluster.live-migration { performance-option = compression, networks = [LM] }
        steps = [ { drain { host = a, measure = drain-a } }, { migrate { vm = v1, to = c, measure = again } } ]
        expect = []
        """);
    Report r = Runs.run(s, ScenarioRun.Options.none()).report();
    assertEquals(2, Caveats.migrations(r, "drain-a").size());
    assertEquals(1.0, Runs.metric(s, r, "drain-a", "overcommitted-hosts"));
    assertEquals(0.0, Runs.metric(s, r, "again", "overcommitted-hosts"), "b and c have cores to spare");
    // a's six cores of demand on four leave compression no core: both moves fell back
    assertEquals(2.0, Runs.metric(s, r, "drain-a", "fallbacks"));
    assertEquals(0.0, Runs.metric(s, r, "again", "fallbacks"));
  }

  @Test
  void anImplicitNodeAddMissSaysItsOutcomeNotVmsLeft() {
    var e = new Specs.Expectation(0, "(add-node of hv4, no measure)", "outcome", 2.0, 0.0, false, null, null);
    Runs.Check c = new Runs.Check("f.conf", e, 1.0, null, true);
    assertEquals("added (no expect allows another outcome)", c.describe());
    assertEquals("node not added", c.cause());
  }
}
