package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Issue 14: a folder of scenario files as JUnit 5 dynamic tests ({@link ScenarioTests}), the way a
 * JVM project that depends on livemig replays them: one container per file, one test per
 * expectation, a miss a failing test with the measured value, a bad file one failing test naming
 * its problems.
 */
class ScenarioTestsTest {
  @TempDir
  Path dir;

  /** The README's example, as a user writes it: the reference scenario's expectations, each a test. */
  @TestFactory
  Stream<DynamicNode> theReferenceScenario() {
    return ScenarioTests.of(Path.of("scenarios/seed-tcpip-8gb.conf"));
  }

  @Test
  void eachExpectationIsATestAndAMissFailsWithTheMeasuredValue() throws Exception {
    String seed = Files.readString(Path.of("scenarios/seed-tcpip-8gb.conf"));
    Files.writeString(dir.resolve("a-pass.conf"), seed);
    Files.writeString(dir.resolve("b-miss.conf"), seed + "\nexpect = [ { measure = tcpip-1gbe, max = 60 s }, "
        + "{ measure = tcpip-1gbe, metric = passes, min = 2 } ]\n");
    Files.writeString(dir.resolve("c-bad.conf"), seed + "\nexpect = [ { measure = tcpip-1gbe, metric = speed, max = 1 } ]\n"
        + "steps = [ { migrate { vm = nosuchvm, to = hv2 } } ]\n");
    Files.createDirectories(dir.resolve("d"));
    Files.writeString(dir.resolve("d/e-none.conf"), seed + "\nexpect = []\n");
    Files.writeString(dir.resolve("notes.txt"), "not a scenario");

    Map<String, Map<String, String>> results = run(ScenarioTests.of(dir));

    assertEquals(List.of("a-pass.conf", "b-miss.conf", "c-bad.conf", "e-none.conf"),
        results.keySet().stream().map(k -> Path.of(k).getFileName().toString()).toList());
    Map<String, String> pass = results.get(dir.resolve("a-pass.conf").toString());
    assertEquals(Map.of("tcpip-1gbe seconds [78, 80]", "ok"), pass);

    Map<String, String> miss = results.get(dir.resolve("b-miss.conf").toString());
    assertEquals(2, miss.size(), miss.toString());
    String failed = miss.get("tcpip-1gbe seconds [-∞, 60]");
    assertTrue(failed != null && failed.contains("b-miss.conf:") && failed.contains("measured 78.") && failed.contains("expected [-∞, 60]"),
        miss.toString());
    assertEquals("ok", miss.get("tcpip-1gbe passes [2, ∞]"), miss.toString());

    Map<String, String> bad = results.get(dir.resolve("c-bad.conf").toString());
    assertEquals(List.of("load"), List.copyOf(bad.keySet()));
    assertTrue(bad.get("load").contains("unknown metric 'speed'") && bad.get("load").contains("nosuchvm"),
        "every problem of the file, not the first only: " + bad);

    assertEquals(Map.of("run (no expectations)", "ok"), results.get(dir.resolve("d/e-none.conf").toString()));
  }

  @Test
  void anEmptyFolderIsOneFailingTest() {
    Map<String, Map<String, String>> results = run(ScenarioTests.of(dir));
    assertEquals(1, results.size());
    String outcome = results.values().iterator().next().get("scenarios");
    assertTrue(outcome.contains("no scenario (*.conf)"), outcome);
  }

  @Test
  void overridesApplyToEveryFile() throws Exception {
    Files.writeString(dir.resolve("a.conf"), Files.readString(Path.of("scenarios/seed-tcpip-8gb.conf")));
    Map<String, Map<String, String>> results = run(ScenarioTests.of(dir, List.of("expect=[{ measure = tcpip-1gbe, max = 1 s }]")));
    String outcome = results.values().iterator().next().get("tcpip-1gbe seconds [-∞, 1]");
    assertTrue(outcome != null && outcome.contains("measured 78."), results.toString());
  }

  /** Executes the tree as JUnit would: container -> test name -> "ok" or the failure's message. */
  private static Map<String, Map<String, String>> run(Stream<DynamicNode> nodes) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (DynamicNode n : nodes.toList()) {
      List<DynamicNode> children = new ArrayList<>();
      if (n instanceof DynamicContainer c) c.getChildren().forEach(children::add);
      else children.add(n);
      Map<String, String> tests = new LinkedHashMap<>();
      for (DynamicNode child : children) {
        DynamicTest t = (DynamicTest) child;
        try {
          t.getExecutable().execute();
          tests.put(t.getDisplayName(), "ok");
        } catch (AssertionFailedError e) {
          tests.put(t.getDisplayName(), e.getMessage());
        } catch (Throwable e) {
          throw new AssertionError(e);
        }
      }
      out.put(n.getDisplayName(), tests);
    }
    return out;
  }
}
