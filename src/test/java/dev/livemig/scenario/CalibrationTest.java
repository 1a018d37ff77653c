package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.report.Report;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: calibration constants (livemig.*) given by -D, an application.conf or a scenario's
 * livemig block are checked like a scenario's keys; a bad one is exit 2 at start-up, never a hung run.
 */
class CalibrationTest {
  @TempDir
  Path tmp;

  static Config withSystemProperties(Map<String, String> props) {
    return ConfigFactory.parseMap(props, "system properties").withFallback(Calibration.reference()).resolve();
  }

  @Test
  void aBadSystemPropertyIsAProblemNamingIt() {
    Calibration.Invalid bad = assertThrows(Calibration.Invalid.class, () -> Calibration.checkLoaded(
        withSystemProperties(Map.of("livemig.migration.create-vm", "banana", "livemig.cpu.tcp-per-core", "fast",
            "livemig.migration.creat-vm", "1 s")), Calibration.reference()));
    List<String> said = bad.problems().stream().map(Problem::toString).toList();
    assertEquals(List.of(
        "-D: livemig.cpu.tcp-per-core: 'fast' is not a bandwidth; give a number with bps, Kbps, Mbps, Gbps or Tbps (e.g. 10 Gbps)",
        "-D: livemig.migration.creat-vm: unknown key; allowed here: allocate-per-gib, build-progress, cleanup, cluster-role-move, "
            + "config-transfer, create-vm, device-state, free-per-gib, free-time, network-switchover, platform-phases, policies, prepare, "
            + "resume-time, stack-factor, state-threshold, storage-handover, stream-serial-share",
        "-D: livemig.migration.create-vm: 'banana' is not a duration; give a number with ms, s, minutes or h (e.g. 30 s, 2 minutes)"),
        said);
  }

  /**
   * With no application.conf and no livemig.* or config.* property the check at start-up is skipped
   * (ConfigLoader.overridden): reference.conf's own values must pass it, and any such property turns it on.
   */
  @Test
  void theReferenceAlonePassesTheCheckAndAnOverrideTurnsItOn() {
    Calibration.checkLoaded(Calibration.reference(), Calibration.reference());
    for (String key : List.of("livemig.migration.create-vm", "config.file")) {
      String before = System.getProperty(key);
      System.setProperty(key, "x");
      try {
        assertTrue(ConfigLoader.overridden(), key);
      } finally {
        if (before == null) System.clearProperty(key);
        else System.setProperty(key, before);
      }
    }
  }

  /**
   * The reference the checks compare against is reference.conf alone, as parsed on its own (no -D in
   * it): a local run's (livemig's and Pekko Actor's, ConfigLoader.localLoader()), whose livemig.* is
   * that of every reference.conf of the class path.
   */
  @Test
  void theReferenceIsTheLocalReferenceConfWithoutSystemProperties() {
    String key = "livemig.migration.create-vm";
    String before = System.getProperty(key);
    System.setProperty(key, "banana");
    ConfigFactory.invalidateCaches();
    try {
      Config reference = Calibration.reference();
      assertEquals(ConfigFactory.parseResourcesAnySyntax(ConfigLoader.localLoader(), "reference.conf").resolve().root(), reference.root());
      assertEquals(ConfigFactory.parseResourcesAnySyntax("reference.conf").resolve().getConfig("livemig").root(),
          reference.getConfig("livemig").root(), "livemig.* as in every reference.conf of the class path");
      assertTrue(!reference.hasPath("pekko.cluster"), "a local run's: not Pekko Cluster's");
      assertTrue(!reference.getString(key).equals("banana"), reference.getString(key));
      assertTrue(reference.hasPath("pekko.actor.provider"), "Pekko's reference.conf is in it too");
    } finally {
      if (before == null) System.clearProperty(key);
      else System.setProperty(key, before);
      ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void goodValuesAndNewWorkloadPresetsPass() {
    Calibration.checkLoaded(withSystemProperties(Map.of("livemig.migration.create-vm", "2 s", "livemig.cpu.tcp-per-core",
        "3 Gbps", "livemig.network.tcp-efficiency", "0.9", "livemig.workloads.mine.model", "idle")), Calibration.reference());
  }

  @Test
  void aBadApplicationConfValueNamesItsFileAndLine() throws Exception {
    Path app = tmp.resolve("application.conf");
    Files.writeString(app, "# mine\nlivemig.migration {\n  resume-time = soon\n}\n");
    Config c = ConfigFactory.parseFile(app.toFile()).withFallback(Calibration.reference()).resolve();
    Calibration.Invalid bad = assertThrows(Calibration.Invalid.class, () -> Calibration.checkLoaded(c, Calibration.reference()));
    assertEquals(app + ":3: livemig.migration.resume-time: 'soon' is not a duration; give a number with ms, s, minutes or h "
        + "(e.g. 30 s, 2 minutes)", bad.problems().get(0).toString());
  }

  @Test
  void aBadDashDExitsTwoAtStartUpWithOneLine() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Dlivemig.migration.create-vm=banana", "-cp",
        System.getProperty("java.class.path"), "dev.livemig.cli.Main", "run", "scenarios/seed-tcpip-8gb.conf")
        .redirectErrorStream(true).start();
    long start = System.nanoTime();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it ends: no hung run");
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.startsWith("-D: livemig.migration.create-vm: 'banana' is not a duration"), out);
    assertTrue(!out.contains("Exception") && !out.contains("\tat "), out);
    // JVM start included; ~1 s on a quiet machine (the bound is loose: the machine is shared)
    assertTrue(seconds < 20, seconds + " s");
  }

  @Test
  void aScenariosLivemigBlockChangesItsRunAndIsCheckedAtItsLine() throws Exception {
    Path base = Path.of("scenarios/seed-tcpip-8gb.conf").toAbsolutePath();
    Path good = tmp.resolve("slower.conf");
    Files.writeString(good, "include file(\"" + base + "\")\nlivemig {\n  migration.create-vm = 2 s\n}\n");
    Specs.Scenario s = Runs.load(good.toFile(), List.of(), List.of(base.getParent().toString()));
    Report slow = Runs.run(s, ScenarioRun.Options.none()).report();
    Report usual = Runs.run(Runs.load(base.toFile(), List.of()), ScenarioRun.Options.none()).report();
    // create-vm is 900 ms in reference.conf: the build takes 1.1 s more
    assertEquals(1.1, slow.measures().get("tcpip-1gbe").seconds() - usual.measures().get("tcpip-1gbe").seconds(), 0.01);
    Path bad = tmp.resolve("bad.conf");
    Files.writeString(bad, "include file(\"" + base + "\")\nlivemig {\n  migration.create-vm = banana\n  cpu.bogus = 1\n}\n");
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> Runs.load(bad.toFile(), List.of(), List.of(base.getParent().toString())));
    assertEquals(List.of(bad + ":3: livemig.migration.create-vm: 'banana' is not a duration; give a number with ms, s, minutes "
        + "or h (e.g. 30 s, 2 minutes)", bad + ":4: livemig.cpu.bogus: unknown key; allowed here: core-speed, "
        + "decompress-per-core-throughput, generations, min-spare-cores, rdma-per-core, reference-ghz, smb-tcp-connections, tcp-per-core"),
        e.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void setAndVaryReachTheCalibration() throws Exception {
    File f = new File("scenarios/seed-tcpip-8gb.conf");
    Report r = Runs.run(Runs.load(f, List.of("livemig.migration.create-vm=2s")), ScenarioRun.Options.none()).report();
    assertEquals(79.92, r.measures().get("tcpip-1gbe").seconds(), 0.02);
    ScenarioException e = assertThrows(ScenarioException.class, () -> Runs.load(f, List.of("livemig.migration.create-vm=soon")));
    assertTrue(e.problems().get(0).toString().startsWith("--set:1: livemig.migration.create-vm: 'soon' is not a duration"),
        e.problems().toString());
  }
}
