package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import dev.livemig.report.ReportJson;
import dev.livemig.scenario.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/calibration/: the CSV is the model's own moves at the known constants (SyntheticMoves) with
 * the stated noise; calibrate on it gives the shipped overlay, JSON and screen byte for byte, and
 * recovers the constants; the calibrated scenario meets its expectations with the overlay and misses
 * them without. Regenerate with -Dlivemig.updateSamples=true (after a change of the model) and review.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleCalibrationTest {
  static final Path DIR = Path.of("samples/calibration");
  static final boolean UPDATE = Boolean.getBoolean("livemig.updateSamples");

  CliRun calibrate;
  String overlay;
  String json;

  @BeforeAll
  void calibrateTheSample(@TempDir Path tmp) throws Exception {
    var cluster = Runs.load(DIR.resolve("cluster.conf").toFile(), List.of());
    String csv = SyntheticMoves.csv(cluster, Parameters.from(Runs.config()), SyntheticMoves.samplePlan(), SyntheticMoves.SAMPLE_TRUTH,
        SyntheticMoves.SAMPLE_NOISE);
    if (UPDATE) Files.writeString(DIR.resolve("moves.csv"), csv, StandardCharsets.UTF_8);
    assertEquals(csv, Files.readString(DIR.resolve("moves.csv"), StandardCharsets.UTF_8),
        "moves.csv is not what the model gives at the sample's constants; regenerate with -Dlivemig.updateSamples=true");
    Path out = tmp.resolve("overlay.conf");
    Path js = tmp.resolve("calibration.json");
    calibrate = CliRun.of("calibrate", "--measured", "samples/calibration/moves.csv", "--scenario", "samples/calibration/cluster.conf",
        "--out", out.toString(), "--json", js.toString());
    assertEquals(0, calibrate.code(), calibrate.err());
    overlay = Files.readString(out, StandardCharsets.UTF_8);
    json = Files.readString(js, StandardCharsets.UTF_8);
    String screen = calibrate.out().replace(out.toString(), "samples/calibration/overlay.conf");
    if (UPDATE) {
      Files.writeString(DIR.resolve("overlay.conf"), overlay, StandardCharsets.UTF_8);
      Files.writeString(DIR.resolve("calibration.json"), json, StandardCharsets.UTF_8);
      Files.writeString(DIR.resolve("calibrate.txt"), screen, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(DIR.resolve("calibrate.txt"), StandardCharsets.UTF_8), screen, "the screen differs from calibrate.txt");
  }

  @Test
  void theOverlayAndTheJsonAreTheShippedOnesByteForByte() throws Exception {
    assertEquals(Files.readString(DIR.resolve("overlay.conf"), StandardCharsets.UTF_8), overlay);
    assertEquals(Files.readString(DIR.resolve("calibration.json"), StandardCharsets.UTF_8), json);
  }

  /** Stated tolerance: every constant fitted, within 3 σ of the value the moves were made with and within 8 % of it. */
  @Test
  void theFitRecoversTheConstantsTheMovesWereMadeWith() throws Exception {
    JsonNode r = ReportJson.mapper().readTree(json);
    List<Parameter> ps = Parameters.from(Runs.config());
    double[] truth = SyntheticMoves.values(ps, SyntheticMoves.SAMPLE_TRUTH);
    for (int j = 0; j < ps.size(); j++) {
      JsonNode c = r.get("constants").get(j);
      assertEquals(ps.get(j).key(), c.get("key").asText());
      assertTrue(c.get("fitted").asBoolean(), c.toString());
      double v = c.get("value").asDouble();
      double sigma = c.get("sigma").asDouble();
      assertTrue(Math.abs(v - truth[j]) <= 3 * sigma, ps.get(j).key() + ": " + v + " ± " + sigma + ", true " + truth[j]);
      assertTrue(Math.abs(v / truth[j] - 1) <= 0.08, ps.get(j).key() + ": " + v + ", true " + truth[j]);
    }
    JsonNode held = r.get("heldOut");
    assertEquals("5-fold", held.get("method").asText(), "16 moves: more than livemig.calibrate.leave-one-out-up-to");
    // the held-out error is of the order of the noise put on the times (1.5 %), far below the defaults'
    assertTrue(held.get("secondsRmsPercent").asDouble() < 3, held.toString());
    assertTrue(r.get("fit").get("defaultsSecondsRmsPercent").asDouble() > 10, r.get("fit").toString());
    assertTrue(calibrate.out().contains("Held-out error of the time, 5-fold (5 refits"), calibrate.out());
  }

  @Test
  void theCalibratedScenarioMeetsItsExpectationsWithTheOverlayAndMissesThemWithout() {
    CliRun with = CliRun.of("check", "--calibration", "samples/calibration/overlay.conf", "scenarios/calibrated");
    assertEquals(0, with.code(), with.out() + with.err());
    assertTrue(with.out().contains("all expectations met"), with.out());
    CliRun without = CliRun.of("check", "scenarios/calibrated");
    assertEquals(1, without.code(), "the defaults must miss what the calibrated cluster does: " + without.out());
  }

  @Test
  void theReadmeNextToTheSampleNamesItsConstants() throws Exception {
    String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
    for (Map.Entry<String, String> e : SyntheticMoves.SAMPLE_TRUTH.entrySet())
      assertTrue(readme.contains("`" + e.getKey() + "` = " + e.getValue()), "README.md should say " + e);
    assertTrue(new File("samples/calibration/overlay.conf").isFile());
  }
}
