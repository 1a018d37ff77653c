package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --calibration FILE: a layer between reference.conf and the scenario. Its constants change what a run
 * computes; the scenario's own livemig values and --set win over it (with a warning for the first);
 * it may set only the constants of livemig.calibrate.parameters, each of its kind and within bounds.
 */
class OverlayTest {
  static final String MOVE = TestScenarios.TWO_HOSTS + """
      vms = [ { name = v, host = a, memory = 1 GiB, workload = idle } ]
      steps = [ { migrate { vm = v, to = b, measure = move } } ]
      """;

  @TempDir
  Path dir;

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  double seconds(Path scenario, Path overlay, String... sets) throws Exception {
    var s = Runs.load(scenario.toFile(), List.of(sets), List.of(), overlay == null ? null : Overlay.read(overlay.toFile()));
    return Runs.run(s, ScenarioRun.Options.none()).report().measures().get("move").seconds();
  }

  @Test
  void theOverlayChangesTheRunAndTheScenarioAndSetWinOverIt() throws Exception {
    Path scenario = write("move.conf", MOVE);
    Path overlay = write("overlay.conf", "livemig.migration.create-vm = 5 s\nlivemig.migration.cleanup = 3000 ms\n");
    double base = seconds(scenario, null);
    assertEquals(base + 4.1 + 2.2, seconds(scenario, overlay), 1e-6, "create-vm 0.9 -> 5 s, cleanup 0.8 -> 3 s");
    assertEquals(base + 1.1 + 2.2, seconds(scenario, overlay, "livemig.migration.create-vm=2s"), 1e-6, "--set wins");
    Path own = write("own.conf", MOVE + "livemig { migration.create-vm = 2 s }\n");
    assertEquals(base + 1.1 + 2.2, seconds(own, overlay), 1e-6, "the scenario's own value wins; the overlay's others still hold");
    List<String> warnings = Overlay.shadowed(own.toFile(), Overlay.read(overlay.toFile()));
    assertEquals(List.of(own + ":7: warning: livemig.migration.create-vm is set by the scenario itself (2 s): the calibration's value "
        + "(5 s, overlay.conf:1) is not used"), warnings);
  }

  @Test
  void runCheckAndCompareTakeIt() throws Exception {
    Path scenario = write("move.conf", MOVE + "expect = [ { measure = move, min = 15 s } ]\n");
    Path overlay = write("overlay.conf", "livemig.migration.create-vm = 5 s\n");
    CliRun plain = CliRun.of("run", scenario.toString(), "--json", "-");
    CliRun calibrated = CliRun.of("run", scenario.toString(), "--json", "-", "--calibration", overlay.toString());
    double a = ReportJson.mapper().readTree(plain.out()).get("measures").get("move").get("seconds").asDouble();
    double b = ReportJson.mapper().readTree(calibrated.out()).get("measures").get("move").get("seconds").asDouble();
    assertEquals(a + 4.1, b, 1e-6);
    assertEquals(1, CliRun.of("check", scenario.toString()).code(), "the default move is shorter than 15 s");
    assertEquals(0, CliRun.of("check", scenario.toString(), "--calibration", overlay.toString()).code());
    CliRun compare = CliRun.of("compare", scenario.toString(), "--vary", "seed=1,2", "--calibration", overlay.toString(), "--json", "-");
    assertEquals(0, compare.code(), compare.err());
    JsonNode c = ReportJson.mapper().readTree(compare.out());
    assertTrue(c.toString().contains(String.valueOf(b)), "compare's variants ran with the overlay: " + b + " in " + compare.out());
  }

  @Test
  void onlyCalibratedConstantsOfTheirKindWithinBoundsAllProblemsAtOnce() throws Exception {
    Path overlay = write("bad.conf", """
        livemig.network.tcp-efficiency = 0.9
        livemig.migration.create-vm = 100 s
        livemig.cpu.tcp-per-core = 5 s
        """);
    Path scenario = write("move.conf", MOVE);
    CliRun r = CliRun.of("run", scenario.toString(), "--calibration", overlay.toString());
    assertEquals(2, r.code());
    List<String> lines = r.err().lines().toList();
    assertEquals(overlay + ":3: livemig.cpu.tcp-per-core: '5 s' is not a bandwidth; give one like its default, 2.5 Gbps", lines.get(0));
    assertEquals(overlay + ":2: livemig.migration.create-vm: '100 s' is out of range; allowed: 20 ms to 30 s (livemig.calibrate.parameters)",
        lines.get(1));
    assertTrue(lines.get(2).startsWith(overlay + ":1: livemig.network.tcp-efficiency: not a calibrated constant; allowed: "
        + "livemig.compression.per-core-throughput, livemig.cpu.tcp-per-core, "), lines.get(2));
    assertEquals("3 problems; nothing was run.", lines.get(3));
    assertFalse(r.err().contains("Exception"), r.err());
    CliRun missing = CliRun.of("run", scenario.toString(), "--calibration", new File(dir.toFile(), "nosuch.conf").getPath());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nosuch.conf: no such file"), missing.err());
  }
}
