package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * Whole migrations against the closed forms of domain.md: the geometric pre-copy model for a
 * writer that never re-dirties a page within a pass, and the expected distinct count for uniform
 * random writes. And each stop rule, reached by a case built to reach it.
 */
class PrecopyOracleTest {
  static final double PAGE = 4096;
  /** Payload pages per second of one 1 GbE TCP stream at 1460/1538 efficiency. */
  static final double R = 1e9 * 0.9493 / 8 / PAGE;

  static MigrationRecord only(dev.livemig.report.Report r) {
    assertEquals(1, r.migrations().size());
    return r.migrations().get(0);
  }

  static List<PassRecord> precopy(MigrationRecord m) {
    return m.passes().stream().filter(p -> p.kind().equals("precopy")).toList();
  }

  @Test
  void aSequentialWriterFollowsTheGeometricModel() {
    double d = 5000; // pages/s, λ = D/R ≈ 0.17
    MigrationRecord m = only(TestScenarios.migrateOne("4 GiB",
        "{ model = sequential, pages-per-second = 5000 }", "cluster.live-migration.max-passes=30"));
    double lambda = d / R;
    double mPages = 4.0 * (1 << 30) / PAGE;
    List<PassRecord> passes = precopy(m);
    for (PassRecord p : passes) {
      double expected = mPages * Math.pow(lambda, p.pass());
      assertEquals(expected, p.pages(), Math.max(0.02 * expected, 1.0), "pass " + p.pass());
    }
    int n = passes.size() - 1;
    double total = mPages * (1 - Math.pow(lambda, n + 1)) / (1 - lambda) * PAGE;
    double sent = passes.stream().mapToLong(PassRecord::bytes).sum();
    assertEquals(total, sent, 0.02 * total);
    assertEquals("state-threshold", m.stopReason());
  }

  @Test
  void uniformWritesDirtyTheExpectedDistinctPagesInEachPass() {
    double w = 20_000;
    double ws = 2.0 * (1 << 30) / PAGE;
    MigrationRecord m = only(TestScenarios.migrateOne("8 GiB",
        "{ model = uniform, writes-per-second = 20000, working-set = 2 GiB }"));
    int checked = 0;
    for (PassRecord p : precopy(m)) {
      double expected = ws * (1 - Math.exp(-w * p.seconds() / ws));
      if (expected < 1000) continue;
      assertEquals(expected, p.dirtiedPages(), 0.02 * expected, "pass " + p.pass());
      checked++;
    }
    assertTrue(checked >= 3, "checked " + checked + " passes");
  }

  @Test
  void stopRuleA_nothingDirty() {
    MigrationRecord m = only(TestScenarios.migrateOne("2 GiB", "idle"));
    assertEquals("clean", m.stopReason());
    assertEquals(1, precopy(m).size());
    assertEquals(0, m.passes().get(1).pages());
  }

  @Test
  void stopRuleB_onlyTheTinyStateIsLeft() {
    MigrationRecord m = only(TestScenarios.migrateOne("8 GiB", "sql-vmm"));
    assertEquals("state-threshold", m.stopReason());
    PassRecord last = precopy(m).get(precopy(m).size() - 1);
    assertTrue(last.dirtiedPages() * PAGE <= 1 << 20);
  }

  @Test
  void stopRuleC_thePassLimit() {
    // 200,000 writes/s over 1 GiB re-dirties most of it faster than 1 GbE can send it.
    String thrash = "{ model = uniform, writes-per-second = 200000, working-set = 1 GiB }";
    MigrationRecord m = only(TestScenarios.migrateOne("4 GiB", thrash));
    assertEquals("pass-limit", m.stopReason());
    assertEquals(10, precopy(m).size());
    MigrationRecord three = only(TestScenarios.migrateOne("4 GiB", thrash, "cluster.live-migration.max-passes=3"));
    assertEquals(3, precopy(three).size());
    // The remainder is large: the blackout is far from milliseconds.
    assertTrue(m.downtimeMs() > 1000, "downtime " + m.downtimeMs());
  }

  @Test
  void theBlackoutCoversTheFinalRemainder() {
    MigrationRecord m = only(TestScenarios.migrateOne("8 GiB", "sql-vmm"));
    PassRecord last = m.passes().get(m.passes().size() - 1);
    assertEquals("stop-and-copy", last.kind());
    double sendMs = last.bytes() * 8 / (1e9 * 0.9493) * 1e3;
    assertTrue(m.downtimeMs() >= sendMs, m.downtimeMs() + " < " + sendMs);
  }
}
