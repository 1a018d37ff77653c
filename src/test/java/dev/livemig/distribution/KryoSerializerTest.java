package dev.livemig.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;

/**
 * What crosses nodes round-trips through Kryo: every scenario of scenarios/ (the work a sweep sends)
 * and the report of each (what comes back), through Pekko's serialization with the bindings of
 * reference.conf, and equal after the trip.
 */
class KryoSerializerTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioAndItsReportRoundTrip() {
    return Runs.scenarioFiles(new File("scenarios")).stream()
        .filter(f -> !f.getPath().contains("scale"))
        .map(f -> DynamicTest.dynamicTest(f.getPath(), () -> {
          Specs.Scenario s = Runs.load(f, List.of());
          var back = (Specs.Scenario) kit.serializationTestKit().verifySerialization(s, true);
          assertEquals(s, back);
          var report = Runs.run(s, ScenarioRun.Options.none()).report();
          var reportBack = kit.serializationTestKit().verifySerialization(report, true);
          assertEquals(ReportJson.write(report), ReportJson.write(reportBack), "the report's JSON after the trip");
        }));
  }

  @Test
  void anUnregisteredClassIsRefused() {
    record NotRegistered(int x) implements CrossNode {}
    assertThrows(IllegalArgumentException.class, () -> new KryoSerializer().toBinary(new NotRegistered(1)));
  }
}
