package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import dev.livemig.report.JsonLinesTrace;
import dev.livemig.report.ReportJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every scenario in scenarios/ meets its expect block; runs are deterministic; the golden trace holds. */
class ScenariosTest {
  static final File REFERENCE = new File("scenarios/seed-tcpip-8gb.conf");

  @TestFactory
  Stream<DynamicTest> everyScenarioMeetsItsExpectations() {
    List<File> files = Runs.scenarioFiles(new File("scenarios"));
    assertFalse(files.isEmpty());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getPath(), () -> {
      Specs.Scenario s = Runs.load(f, List.of());
      List<String> misses = new ArrayList<>();
      for (Runs.Check c : Runs.check(s)) {
        if (!c.ok()) misses.add(c.expectation().measure() + " " + c.expectation().metric() + ": expected "
            + c.expectation().describe() + ", measured " + c.measured());
      }
      assertTrue(misses.isEmpty(), String.join("\n", misses));
    }));
  }

  @Test
  void theReferenceMigrationTakesALittleOver78Seconds() throws Exception {
    var r = Runs.run(Runs.load(REFERENCE, List.of()), ScenarioRun.Options.none()).report();
    double s = r.measures().get("tcpip-1gbe").seconds();
    assertTrue(s >= 74.1 && s <= 81.9, "measured " + s);
  }

  @Test
  void theSameScenarioAndSeedGiveByteIdenticalJson() throws Exception {
    Specs.Scenario s = Runs.load(REFERENCE, List.of());
    String a = ReportJson.write(Runs.run(s, ScenarioRun.Options.none()).report());
    String b = ReportJson.write(Runs.run(Runs.load(REFERENCE, List.of()), ScenarioRun.Options.none()).report());
    assertEquals(a, b);
    String other = ReportJson.write(Runs.run(Runs.load(REFERENCE, List.of("seed=43")), ScenarioRun.Options.none()).report());
    assertNotEquals(a, other, "a different seed draws different dirty pages");
  }

  @Test
  void runsInParallelGiveTheSameReportsAsAlone() throws Exception {
    Specs.Scenario s = Runs.load(REFERENCE, List.of());
    String alone = ReportJson.write(Runs.run(s, ScenarioRun.Options.none()).report());
    List<java.util.concurrent.CompletableFuture<ScenarioRun.Outcome>> fs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      var f = new java.util.concurrent.CompletableFuture<ScenarioRun.Outcome>();
      Simulator.shared().submit(s, Runs.config(), ScenarioRun.Options.none(), f);
      fs.add(f);
    }
    for (var f : fs) assertEquals(alone, ReportJson.write(Simulator.shared().await(f).report()));
  }

  @Test
  void theTraceOfTheReferenceScenarioMatchesTheGoldenOne() throws Exception {
    StringWriter w = new StringWriter();
    Runs.run(Runs.load(REFERENCE, List.of()), new ScenarioRun.Options(new JsonLinesTrace(w), null));
    Path golden = Path.of("src/test/resources/golden/seed-tcpip-8gb.trace.jsonl");
    if (Boolean.getBoolean("livemig.updateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, w.toString(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), w.toString(),
        "trace differs from the golden one; if the change is intended, regenerate with -Dlivemig.updateGolden=true and review the diff");
  }
}
