package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.migration.MigrationSettings;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import org.junit.jupiter.api.Test;

/**
 * The kinds of move against oracles written from their mechanisms and the constants of
 * reference.conf (issue 13): a quick migration's downtime is save + role move + build + restore +
 * take-over, nothing else; an offline move has none and copies the disk's used bytes; a
 * shared-nothing move mirrors w·T/2 more bytes for a disk written at w during a copy of T.
 */
class KindsMechanismTest {
  static final Config C = Runs.config();
  static final MigrationSettings S = MigrationSettings.from(C);

  static MigrationRecord move(Report r, String measure) {
    String id = r.measures().get(measure).migration();
    for (MigrationRecord m : r.migrations()) if (m.id().equals(id)) return m;
    throw new AssertionError("no migration for " + measure);
  }

  @Test
  void quickMigrationDowntimeIsItsMechanism() throws Exception {
    Report r = Runs.run(Runs.load(new File("scenarios/quick-vs-live.conf"), List.of()), ScenarioRun.Options.none()).report();
    MigrationRecord q = move(r, "quick");
    long ram = 8L << 30;
    double write = C.getBytes("livemig.storage.host-disk.write");
    double read = C.getBytes("livemig.storage.host-disk.read");
    double expected = ram / write + S.fixed().roleMove() / 1e9 + S.buildNanosFor(ram) / 1e9 + ram / read + S.takeoverNanos() / 1e9;
    assertEquals(expected * 1e3, q.downtimeMs(), 0.01, "quick downtime (ms)");
    assertEquals("quick", q.kind());
    assertEquals(2 * ram, q.storageBytes(), "the saved state, written and read");
    assertEquals(0, q.bytesSent(), "nothing over the live-migration network");
  }

  @Test
  void offlineAndSharedNothingMoveTheirStorage() throws Exception {
    Report r = Runs.run(Runs.load(new File("scenarios/shared-nothing.conf"), List.of()), ScenarioRun.Options.none()).report();
    MigrationRecord cold = move(r, "cold");
    assertEquals(0, cold.downtimeMs());
    assertEquals(20_000_000_000L, cold.storageBytes());
    MigrationRecord quiet = move(r, "quiet");
    // (the quiet move: its disk at the link's rate, then its memory; the busy one the same memory)
    MigrationRecord busy = move(r, "busy");
    assertEquals(100_000_000_000L, quiet.storageBytes(), "an idle disk: its used bytes, nothing mirrored");
    // Mirroring as a fluid: the copy front x advances at dx/dt = R − w·x/U (the writes on the part
    // already copied are mirrored, taking their share of the link), so x = (R·U/w)(1 − e^(−w·t/U)),
    // the copy ends at T = −(U/w)·ln(1 − w/R), and the bytes mirrored are R·T − U.
    double u = 100e9;
    double w = 20e6;
    double rate = C.getDouble("livemig.network.tcp-efficiency") * 1e9 / 8; // one 1 GbE TCP stream's payload
    double t = -(u / w) * Math.log(1 - w / rate);
    double mirrored = busy.storageBytes() - u;
    assertEquals(rate * t - u, mirrored, 0.01 * mirrored, "mirrored bytes against the fluid oracle, within the model's chunking");
    assertEquals(t, busy.finishedAt() - busy.startedAt() - (quiet.finishedAt() - quiet.startedAt() - u / rate), 0.01 * t,
        "the mirror's duration");
    assertTrue(busy.downtimeMs() < 300, "then a live migration's blackout");
  }
}
