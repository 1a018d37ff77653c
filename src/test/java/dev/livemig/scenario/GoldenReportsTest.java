package dev.livemig.scenario;

import dev.livemig.spec.Specs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.livemig.report.ReportJson;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Byte comparisons beyond the reference migration: the JSON reports of the seed's demo (TCP/IP,
 * compression, SMB Direct, Multichannel), a drain, two failure scenarios (a host crash during a
 * drain, a NIC lost mid-migration) and compression on a busy host, each against its golden file in
 * {@code src/test/resources/golden/}, and a small rolling maintenance whose VMs come back (kept beside
 * the golden files). Any change to the model's output shows here, field by field.
 *
 * <p>When a change is intended, regenerate with {@code mvn test -Dtest=GoldenReportsTest+ScenariosTest
 * -Dlivemig.updateGolden=true}, review the diff ({@code git diff src/test/resources/golden}) and say in
 * the commit why the figures moved (the same switch and rule as the golden trace).
 */
class GoldenReportsTest {
  static final List<String> SCENARIOS = List.of("seed-demo", "drain-250gb-smb-multichannel", "drain-with-host-failure",
      "nic-failure", "compression-fallback", "golden/rolling-return-3-nodes");

  /** A name of {@link #SCENARIOS}: under scenarios/, or (golden/...) a scenario kept for its golden file only. */
  static File scenario(String name) {
    return name.startsWith("golden/") ? new File("src/test/resources/golden/scenarios/" + name.substring(7) + ".conf")
        : new File("scenarios/" + name + ".conf");
  }

  static Path golden(String name) {
    return Path.of("src/test/resources/golden/" + name.replace("golden/", "") + ".report.json");
  }

  @TestFactory
  Stream<DynamicTest> eachReportMatchesItsGoldenFile() {
    return SCENARIOS.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Specs.Scenario s = Runs.load(scenario(name), List.of());
      String json = ReportJson.write(Runs.run(s, ScenarioRun.Options.none()).report());
      Path golden = golden(name);
      if (Boolean.getBoolean("livemig.updateGolden")) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, json, StandardCharsets.UTF_8);
      }
      assertTrue(Files.exists(golden), golden + " is missing; write it with -Dlivemig.updateGolden=true and review it");
      String expected = Files.readString(golden, StandardCharsets.UTF_8);
      if (!expected.equals(json)) {
        throw new AssertionError(name + ": the report differs from " + golden + " first at " + firstDifference(expected, json)
            + "\nif the change is intended, regenerate with -Dlivemig.updateGolden=true and review the diff");
      }
    }));
  }

  /** The first line where two texts differ, both versions. */
  static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : "(end)";
      String y = i < a.size() ? a.get(i) : "(end)";
      if (!x.equals(y)) return "line " + (i + 1) + ":\n  golden: " + x.strip() + "\n  now:    " + y.strip();
    }
    return "the line ends";
  }
}
