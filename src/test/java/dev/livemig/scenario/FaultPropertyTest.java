package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.livemig.report.Report;
import dev.livemig.report.ReportJson;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 9: valid scenarios with random faults (NIC, team member, host down and up at any instant,
 * during drains, rolling maintenance, restarts) always run to a report, and the same scenario gives
 * the same bytes twice. The cluster manager's own invariants are checked after every event when
 * {@code livemig.check-invariants} is set (the build sets it for every test): a broken one fails
 * the run, naming the VM and the instant.
 */
class FaultPropertyTest {
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("livemig-fault");
  }

  @AfterContainer
  static void removeDir() throws Exception {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static File write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p.toFile();
  }

  @Property(tries = 400, seed = "909")
  void faultyScenariosRunToTheSameReportTwice(@ForAll long seed) throws Exception {
    ScenarioGen g = ScenarioGen.of(seed);
    File f = write("fault-" + Long.toHexString(seed) + ".conf", g.text());
    Specs.Scenario s;
    try {
      s = Runs.load(f, List.of());
    } catch (ScenarioException e) {
      fail("the generator wrote an invalid scenario:\n" + g.text() + "\n" + e.problems());
      return;
    }
    Report a;
    try {
      a = Runs.run(s, ScenarioRun.Options.none()).report();
    } catch (Runs.RunFailed e) {
      fail(e.getMessage() + "\n" + g.text());
      return;
    }
    Report b = Runs.run(s, ScenarioRun.Options.none()).report();
    assertEquals(ReportJson.write(a), ReportJson.write(b), "not deterministic:\n" + g.text());
    f.delete();
  }
}
