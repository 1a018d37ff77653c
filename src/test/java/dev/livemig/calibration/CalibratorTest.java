package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fit recovers constants it did not start from: moves made by the model with known constants (no
 * noise but the CSV's rounding) come back within 2 % each. The list of constants is the
 * configuration's: here a list of four given in the test, not reference.conf's six.
 */
class CalibratorTest {
  static final Config FOUR = ConfigFactory.parseString("""
      livemig.calibrate.parameters = [
        { key = "livemig.cpu.tcp-per-core", min = 200 Mbps, max = 40 Gbps, shows = stream-cpu }
        { key = "livemig.migration.create-vm", min = 20 ms, max = 30 s }
        { key = "livemig.migration.allocate-per-gib", min = 0.5 ms, max = 2 s }
        { key = "livemig.compression.per-core-throughput", min = 10 MB, max = 5000 MB, shows = compression-cpu }
      ]
      """).withFallback(Runs.config());
  static final Map<String, String> TRUTH = Map.of("livemig.cpu.tcp-per-core", "1.6 Gbps", "livemig.migration.create-vm", "2 s",
      "livemig.migration.allocate-per-gib", "40 ms", "livemig.compression.per-core-throughput", "300 MB");

  static SyntheticMoves.Plan plan(String vm, double gib, String from, String to, String option, int together) {
    return new SyntheticMoves.Plan(vm, gib, from, to, option, together, false, false);
  }

  @Test
  void recoversFourConstantsFromTenNoiseFreeMovesWithinTwoPerCentAndSaysLeaveOneOut(@TempDir Path dir) throws Exception {
    Specs.Scenario cluster = Runs.load(new File("samples/calibration/cluster.conf"), List.of());
    List<Parameter> ps = Parameters.from(FOUR);
    assertEquals(4, ps.size());
    List<SyntheticMoves.Plan> plans = List.of(plan("app01", 4, "hv1", "hv2", "tcpip", 1), plan("app01", 16, "hv2", "hv1", "tcpip", 1),
        plan("sql01", 32, "hv1", "hv3", "tcpip", 1), plan("web01", 4, "hv2", "hv1", "compression", 1),
        plan("app01", 16, "hv1", "hv3", "compression", 1), plan("file01", 2, "hv3", "hv1", "smb", 1),
        plan("file01", 8, "hv3", "hv2", "smb", 1), plan("sql01", 32, "hv1", "hv2", "smb", 1), plan("sql01", 64, "hv1", "hv3", "smb", 1),
        plan("web01", 4, "hv2", "hv3", "smb", 4));
    Path csv = dir.resolve("moves.csv");
    Files.writeString(csv, SyntheticMoves.csv(cluster, ps, plans, TRUTH, SyntheticMoves.Noise.NONE));
    MoveModel model = new MoveModel(cluster, MovesCsv.read(csv, "moves.csv", cluster, 64), ps);
    FitSettings s = FitSettings.from(FOUR);
    s = new FitSettings(s.weightSeconds(), s.weightNic(), s.weightBlackout(), s.maxEvaluations(), s.tolerance(), s.initialStep(),
        s.probeFactor(), s.minSensitivity(), s.maxCorrelation(), s.leaveOneOutUpTo(), s.folds(), s.heldOutStep(), 25, 64);
    CalibrationResult r = Calibrator.calibrate(model, s, "moves.csv", "cluster.conf");
    double[] truth = SyntheticMoves.values(ps, TRUTH);
    for (int j = 0; j < ps.size(); j++) {
      CalibrationResult.Constant c = r.constants().get(j);
      assertTrue(c.fitted(), c.toString());
      assertEquals(truth[j], c.value(), 0.02 * truth[j], c.key() + ": fitted " + c.valueText() + ", default " + c.defaultText());
    }
    assertEquals("leave-one-out", r.heldOut().method(), "10 moves: at most livemig.calibrate.leave-one-out-up-to");
    assertEquals(10, r.heldOut().fits());
    assertTrue(r.heldOut().secondsRmsPercent() < 1, r.heldOut().toString());
    assertTrue(r.fit().defaultsSecondsRmsPercent() > 10, r.fit().toString());
    assertTrue(r.runs() <= Calibrator.maxRuns(10, 4, s), r.runs() + " runs");
  }

  @Test
  void aMoveTheClusterCannotMakeIsAProblemAtItsLine(@TempDir Path dir) throws Exception {
    Specs.Scenario cluster = Runs.load(new File("samples/calibration/cluster.conf"), List.of());
    Path csv = dir.resolve("moves.csv");
    Files.writeString(csv, "\"VM\",\"MemoryGB\",\"Source\",\"Destination\",\"PerformanceOption\",\"Seconds\"\n"
        + "\"sql01\",\"500\",\"hv1\",\"hv2\",\"SMB\",\"100\"\n\"sql01\",\"8\",\"hv1\",\"hv2\",\"SMB\",\"10\"\n");
    MoveModel model = new MoveModel(cluster, MovesCsv.read(csv, "moves.csv", cluster, 64), Parameters.from(Runs.config()));
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.livemig.scenario.ScenarioException.class,
        () -> Calibrator.calibrate(model, FitSettings.from(Runs.config()), "moves.csv", "cluster.conf"));
    assertEquals(1, e.problems().size(), e.problems().toString());
    String p = e.problems().get(0).toString();
    assertTrue(p.startsWith("moves.csv:2: the model cannot make this move in cluster.conf: rejected"), p);
  }
}
