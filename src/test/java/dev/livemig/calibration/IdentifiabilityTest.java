package dev.livemig.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.TestScenarios;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which constants a set of moves cannot fix, and the sentence that says why each stays at its default. */
class IdentifiabilityTest {
  static final Specs.Scenario ONE_GBE = TestScenarios.load(TestScenarios.TWO_HOSTS + """
      vms = [ { name = v, host = a, memory = 4 GiB, workload = sql-vmm } ]
      """);
  static final Map<String, String> TRUTH = Map.of("livemig.migration.create-vm", "1400 ms", "livemig.migration.allocate-per-gib", "90 ms");

  static List<MeasuredMove> moves(Path dir, List<SyntheticMoves.Plan> plans) throws Exception {
    Path p = dir.resolve("moves.csv");
    Files.writeString(p, SyntheticMoves.csv(ONE_GBE, Parameters.from(Runs.config()), plans, TRUTH, SyntheticMoves.Noise.NONE));
    return MovesCsv.read(p, "moves.csv", ONE_GBE, 64);
  }

  static SyntheticMoves.Plan tcpip(double gib, String from, String to) {
    return new SyntheticMoves.Plan("v", gib, from, to, "tcpip", 1, false, false);
  }

  static Identifiability.Decision decide(List<MeasuredMove> moves) throws Exception {
    MoveModel model = new MoveModel(ONE_GBE, moves, Parameters.from(Runs.config()));
    double[] start = new double[model.parameters().size()];
    for (int j = 0; j < start.length; j++) start[j] = model.parameters().get(j).initial();
    return Identifiability.decide(model, start, model.predict(start, model.all()), FitSettings.from(Runs.config()));
  }

  @Test
  void onOneGbeEveryMoveIsHeldByTheWireSoThePerStreamRateAndCompressionStayAndCleanupIsCreateVmsTwin(@TempDir Path dir)
      throws Exception {
    List<MeasuredMove> moves = moves(dir, List.of(tcpip(1, "a", "b"), tcpip(2, "b", "a"), tcpip(4, "a", "b"), tcpip(8, "b", "a"),
        tcpip(16, "a", "b"), tcpip(32, "b", "a")));
    Identifiability.Decision d = decide(moves);
    List<String> keys = Parameters.from(Runs.config()).stream().map(Parameter::key).toList();
    assertEquals(List.of(keys.indexOf("livemig.migration.create-vm")), d.free());
    assertEquals("livemig.migration.allocate-per-gib stays at its default 60 ms: no measured figure depends on it (a change of "
        + "10 % changes none by more than 0.1 %)", d.reasons().get(keys.indexOf("livemig.migration.allocate-per-gib")),
        "60 ms per GiB is under 1 % of a move over 1 GbE (8.6 s per GiB)");
    assertEquals("livemig.cpu.tcp-per-core stays at its default 2.5 Gbps: no measured figure depends on it (a change of 10 % "
        + "changes none by more than 0.1 %): every move was held by the wire, none by one stream's CPU",
        d.reasons().get(keys.indexOf("livemig.cpu.tcp-per-core")));
    assertEquals("livemig.compression.per-core-throughput stays at its default 200 MB: no measured figure depends on it (a "
        + "change of 10 % changes none by more than 0.1 %): every move was held by the wire, none by compression's CPU",
        d.reasons().get(keys.indexOf("livemig.compression.per-core-throughput")));
    assertEquals("livemig.migration.resume-time stays at its default 9 ms: no measured figure depends on it (a change of 10 % "
        + "changes none by more than 0.1 %)", d.reasons().get(keys.indexOf("livemig.migration.resume-time")),
        "without BlackoutMs the resume is 9 ms of a move's tens of seconds");
    String cleanup = d.reasons().get(keys.indexOf("livemig.migration.cleanup"));
    assertTrue(cleanup.startsWith("livemig.migration.cleanup stays at its default 800 ms: these moves cannot tell it from "
        + "livemig.migration.create-vm (their effects on the measured figures correlate at "), cleanup);
    assertTrue(cleanup.endsWith("above 0.95): livemig.migration.create-vm takes both; moves that stress them differently (other "
        + "sizes, options or Simultaneous) could tell them apart"), cleanup);
  }

  @Test
  void withFewerMovesThanConstantsPlusTwoOnlyTheFirstAreFitted(@TempDir Path dir) throws Exception {
    Specs.Scenario tenGbe = Runs.load(new java.io.File("samples/calibration/cluster.conf"), List.of());
    Path p = dir.resolve("moves.csv");
    Files.writeString(p, SyntheticMoves.csv(tenGbe, Parameters.from(Runs.config()), List.of(
        new SyntheticMoves.Plan("app01", 2, "hv1", "hv2", "tcpip", 1, false, false),
        new SyntheticMoves.Plan("app01", 8, "hv2", "hv1", "tcpip", 1, false, false),
        new SyntheticMoves.Plan("app01", 32, "hv1", "hv3", "tcpip", 1, false, false)), TRUTH, SyntheticMoves.Noise.NONE));
    MoveModel model = new MoveModel(tenGbe, MovesCsv.read(p, "moves.csv", tenGbe, 64), Parameters.from(Runs.config()));
    double[] start = new double[model.parameters().size()];
    for (int j = 0; j < start.length; j++) start[j] = model.parameters().get(j).initial();
    Identifiability.Decision d = Identifiability.decide(model, start, model.predict(start, model.all()), FitSettings.from(Runs.config()));
    List<String> keys = Parameters.from(Runs.config()).stream().map(Parameter::key).toList();
    assertEquals(List.of(keys.indexOf("livemig.cpu.tcp-per-core")), d.free(), d.reasons().toString());
    assertEquals("livemig.migration.create-vm stays at its default 900 ms: too few moves: 3 moves fit at most 1 constant (a fit "
        + "needs constants + 2 moves): the first the moves can tell apart, in the order of livemig.calibrate.parameters",
        d.reasons().get(keys.indexOf("livemig.migration.create-vm")));

    Identifiability.Decision two = decide(moves(dir, List.of(tcpip(1, "a", "b"), tcpip(8, "b", "a"))));
    assertEquals(List.of(), two.free());
    assertEquals("livemig.migration.create-vm stays at its default 900 ms: too few moves: 2 moves fit no constant (a fit needs "
        + "constants + 2 moves: at least 3)", two.reasons().get(keys.indexOf("livemig.migration.create-vm")));
  }

  @Test
  void calibrateSaysWhyOnScreenAndInTheOverlayAndSetsOnlyWhatItFitted(@TempDir Path dir) throws Exception {
    moves(dir, List.of(tcpip(1, "a", "b"), tcpip(2, "b", "a"), tcpip(4, "a", "b"), tcpip(8, "b", "a"), tcpip(16, "a", "b"),
        tcpip(32, "b", "a")));
    Path cluster = dir.resolve("cluster.conf");
    Files.writeString(cluster, TestScenarios.TWO_HOSTS + "vms = [ { name = v, host = a, memory = 4 GiB, workload = sql-vmm } ]\n");
    Path overlay = dir.resolve("overlay.conf");
    CliRun r = CliRun.of("calibrate", "--measured", dir.resolve("moves.csv").toString(), "--scenario", cluster.toString(),
        "--out", overlay.toString());
    assertEquals(0, r.code(), r.err());
    String flat = r.out().replaceAll("\n  ", " ");
    assertTrue(flat.contains("livemig.cpu.tcp-per-core stays at its default 2.5 Gbps: no measured figure depends on it (a change of "
        + "10 % changes none by more than 0.1 %): every move was held by the wire, none by one stream's CPU"), r.out());
    assertTrue(flat.contains("Held-out error of the time, leave-one-out (6 refits, each without one move)"), r.out());
    String text = Files.readString(overlay);
    assertTrue(text.contains("\nlivemig.migration.create-vm = "), text);
    assertFalse(text.contains("\nlivemig.cpu.tcp-per-core ="), "a constant left at its default is not set: " + text);
    assertTrue(text.contains("# - livemig.cpu.tcp-per-core stays at its default 2.5 Gbps"), text);
  }
}
