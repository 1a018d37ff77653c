package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenarios that once hung the run or ended it without a report (an actor stopped through its
 * adapter, a drain whose moves could not start, a queued move from a crashed host, ...): each must
 * now end with a report, with every migration accounted for.
 */
class RegressionScenariosTest {

  @TestFactory
  Stream<DynamicTest> everyRegressionScenarioEndsWithAReport() {
    List<File> files = Runs.scenarioFiles(new File("src/test/resources/regressions"));
    assertFalse(files.isEmpty());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getName(), () -> {
      var outcome = Runs.run(Runs.load(f, List.of()), ScenarioRun.Options.none());
      assertNull(outcome.kernel().failure());
      assertNotNull(outcome.report());
      assertFalse(outcome.report().migrations().isEmpty(), "no migration recorded");
    }));
  }
}
