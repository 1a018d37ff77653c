package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The scale benchmark cases of scenarios/scale/ (sg-scale-*, written by gen_scale.py beside them):
 * each ends with every VM of every drained host moved, and no host is left draining. Minutes and
 * gigabytes: tagged {@code scale}, run only with {@code mvn -B -Pscale test -Dtest=ScaleScenariosTest}.
 */
@Tag("scale")
class ScaleScenariosTest {

  @TestFactory
  Stream<DynamicTest> everyScaleCaseMovesEveryVmOfItsDrainedHosts() {
    List<File> files = Runs.scenarioFiles(new File("scenarios/scale")).stream()
        .filter(f -> f.getName().startsWith("sg-scale-")).toList();
    assertFalse(files.isEmpty());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getName(), () -> {
      Specs.Scenario s = Runs.load(f, List.of());
      long drains = s.steps().stream().filter(st -> st instanceof Specs.Drain).count();
      Report r = Runs.run(s, ScenarioRun.Options.none()).report();
      assertEquals(drains * 20, r.migrations().size(), "one migration per VM of a drained host");
      for (MigrationRecord m : r.migrations()) assertEquals("completed", m.outcome(), m.id());
      assertEquals(drains, r.drains().size());
      for (Report.DrainRecord d : r.drains()) assertTrue(d.finishedAt() > 0, d.host());
    }));
  }
}
