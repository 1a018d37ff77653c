package dev.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code livemig check}: exit 0 when every expectation is met, 1 (and MISS on screen) when one is missed. */
class CheckCommandTest {
  @TempDir
  Path tmp;

  /** A 1 GiB idle VM over 1 GbE (about 13 s) with one expectation on its time. */
  Path scenario(String name, String expectation) throws Exception {
    Path f = tmp.resolve(name + ".conf");
    Files.writeString(f, TestScenarios.TWO_HOSTS + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle } ]
        steps = [ { migrate { vm = v, to = b, measure = move } } ]
        expect = [ %s ]
        """.formatted(expectation));
    return f;
  }

  @Test
  void aMetExpectationExitsZero() throws Exception {
    CompareCommandTest.Result r = CompareCommandTest.execute("check",
        scenario("met", "{ measure = move, min = 10 s, max = 20 s }").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("all expectations met"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.contains("move") && l.startsWith("ok ")), r.out());
  }

  @Test
  void aMissedExpectationExitsOneAndSaysMiss() throws Exception {
    CompareCommandTest.Result r = CompareCommandTest.execute("check",
        scenario("missed", "{ measure = move, max = 5 s }").toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.contains("move") && l.contains("[-∞, 5]") && l.startsWith("MISS ")), r.out());
    assertTrue(r.out().contains("1 expectation(s) missed"), r.out());
    assertEquals("", r.err());
  }

  @Test
  void oneMissAmongSeveralFilesExitsOne() throws Exception {
    scenario("a-met", "{ measure = move, min = 10 s }");
    scenario("b-missed", "{ measure = move, metric = passes, min = 2 }");
    CompareCommandTest.Result r = CompareCommandTest.execute("check", tmp.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.contains("a-met.conf") && l.startsWith("ok ")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.contains("b-missed.conf") && l.startsWith("MISS ")), r.out());
  }

  @Test
  void anInvalidScenarioBesideAValidOneExitsTwoAndNeverSaysAllMet() throws Exception {
    scenario("a-met", "{ measure = move, min = 10 s }");
    Files.writeString(tmp.resolve("b-bad.conf"), "hosts = 3\n");
    CompareCommandTest.Result r = CompareCommandTest.execute("check", tmp.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.contains("a-met.conf") && l.startsWith("ok ")), r.out());
    assertTrue(r.out().contains("1 scenario(s) invalid, not checked"), r.out());
    assertTrue(!r.out().contains("all expectations met"), r.out());
    assertTrue(r.err().contains("b-bad.conf:1: hosts"), r.err());
  }

  @Test
  void onlyInvalidScenariosPrintOnlyTheirProblems() throws Exception {
    Files.writeString(tmp.resolve("bad.conf"), "hosts = 3\n");
    CompareCommandTest.Result r = CompareCommandTest.execute("check", tmp.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains("bad.conf:1: hosts"), r.err());
  }
}
