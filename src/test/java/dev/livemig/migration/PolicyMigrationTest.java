package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import dev.livemig.report.MigrationRecord;
import dev.livemig.scenario.TestScenarios;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The policies through the actors: whole migrations against the closed forms, what the guest feels,
 * and invariants on random small scenarios (jqwik, seeded).
 */
class PolicyMigrationTest {
  static final double PAGE = 4096;
  static final double R = 1e9 * 0.9493 / 8 / PAGE;
  static final List<String> POLICIES = List.of("hyper-v", "qemu", "xen", "vmware-sdps", "post-copy");

  static MigrationRecord move(String memory, String workload, String policy, String... more) {
    String[] o = new String[more.length + 1];
    o[0] = "cluster.live-migration.policy=" + policy;
    System.arraycopy(more, 0, o, 1, more.length);
    return PrecopyOracleTest.only(TestScenarios.migrateOne(memory, workload, o));
  }

  static List<PassRecord> precopy(MigrationRecord m) {
    return PrecopyOracleTest.precopy(m);
  }

  @Test
  void qemuStopsWhereTheGeometricRemainderFitsItsDowntimeLimit() {
    double d = 5000;
    MigrationRecord m = move("4 GiB", "{ model = sequential, pages-per-second = 5000 }", "qemu");
    assertEquals("downtime-limit", m.stopReason());
    double mPages = 4.0 * (1 << 30) / PAGE;
    int n = 1;
    while (mPages * Math.pow(d / R, n) > R * 0.3) n++;
    assertEquals(n, precopy(m).size());
    assertTrue(m.downtimeMs() <= 300 + 5, "downtime " + m.downtimeMs());
    assertNull(m.guest().throttle());
  }

  @Test
  void qemuAutoConvergeThrottlesAThrashingGuestAndReportsWhatItLost() {
    MigrationRecord m = move("2 GiB", "{ model = uniform, writes-per-second = 100000, working-set = 1 GiB }", "qemu");
    assertEquals("completed", m.outcome());
    assertEquals("downtime-limit", m.stopReason());
    var t = m.guest().throttle();
    assertNotNull(t);
    assertTrue(t.maxPercent() >= 20 && t.maxPercent() <= 99, "max " + t.maxPercent());
    assertTrue(t.seconds() > 0 && t.meanPercent() > 0 && t.meanPercent() <= t.maxPercent());
  }

  @Test
  void postCopySendsOnlyTheStateInTheBlackoutThenPushesTheRest() {
    MigrationRecord m = move("8 GiB", "{ model = uniform, writes-per-second = 20000, working-set = 2 GiB }", "post-copy");
    assertEquals("post-copy", m.stopReason());
    assertEquals(3, m.passes().size());
    PassRecord pass0 = m.passes().get(0);
    PassRecord sc = m.passes().get(1);
    PassRecord push = m.passes().get(2);
    assertEquals("stop-and-copy", sc.kind());
    assertEquals(0, sc.pages());
    assertTrue(sc.remainingPages() >= pass0.dirtiedPages());
    assertEquals("post-copy", push.kind());
    assertEquals(sc.remainingPages(), push.pages());
    // Only the device state in the blackout, plus the destination's takeover (storage hand-over 5 ms,
    // resume 9 ms, network switchover 2 ms): no dirty pages.
    assertTrue(m.downtimeMs() > 16 && m.downtimeMs() < 20, "downtime " + m.downtimeMs());
    var pc = m.guest().postCopy();
    assertEquals(push.pages(), pc.pages());
    assertEquals(push.pages() / R, pc.seconds(), 0.05);
    assertTrue(pc.risk().contains("lost"), pc.risk());
  }

  @Test
  void theThrashingGuestLosesPingsAndItsTcpSessionUnderHyperV() {
    MigrationRecord m = move("4 GiB", "thrashing", "hyper-v");
    assertEquals("pass-limit", m.stopReason());
    var g = m.guest();
    // Windows ping: one request lost per 4 s timeout while the VM is dark
    long lost = g.pingsLost();
    assertTrue(lost >= Math.floor(m.downtimeMs() / 4000) && lost <= Math.ceil(m.downtimeMs() / 4000), lost + " lost in " + m.downtimeMs());
    assertEquals(m.downtimeMs() > 9300 ? 1 : 0, g.sessionsDropped());
  }

  // ------------------------------------------------------------------ invariants on random scenarios

  static String workload(int model, long rate, int wsMib) {
    return model == 0 ? "{ model = sequential, pages-per-second = " + rate + ", working-set = " + wsMib + " MiB }"
        : "{ model = uniform, writes-per-second = " + rate + ", working-set = " + wsMib + " MiB }";
  }

  @Property(tries = 25, seed = "4242")
  void bytesSentCoverRamAndTheBlackoutCoversTheFinalRemainder(@ForAll @IntRange(min = 1, max = 8) int memory256,
      @ForAll @IntRange(min = 0, max = 1) int model, @ForAll @LongRange(min = 0, max = 120_000) long rate,
      @ForAll @IntRange(min = 0, max = 4) int policy) {
    int mib = 256 * memory256;
    MigrationRecord m = move(mib + " MiB", workload(model, rate, Math.max(64, mib / 2)), POLICIES.get(policy));
    Statistics.label("completed").collect("completed".equals(m.outcome()));
    Statistics.label("completed").coverage(k -> k.check(true).percentage(p -> p >= 60));
    if (!"completed".equals(m.outcome())) {
      // only a policy without a pass limit gives up (after its give-up-after-passes): the VM stays on the source
      assertEquals("failed", m.outcome());
      assertTrue(List.of("qemu", "vmware-sdps").contains(POLICIES.get(policy)), POLICIES.get(policy) + ": " + m.failure());
      assertTrue(m.failure().contains("did not converge"), m.failure());
      return;
    }
    assertTrue(m.bytesSent() >= (long) mib << 20, m.bytesSent() + " < RAM");
    PassRecord last = m.passes().stream().filter(p -> p.kind().equals("stop-and-copy")).findFirst().orElseThrow();
    double sendMs = last.bytes() * 8 / (1e9 * 0.9493) * 1e3;
    assertTrue(m.downtimeMs() >= sendMs - 1e-6, m.downtimeMs() + " ms < " + sendMs + " ms to send the remainder");
  }

  /**
   * A heavier writer never makes a migration shorter under the same policy, for the policies that
   * do not throttle: a sequential writer (the geometric model, no sampling noise) at two rates.
   * (qemu's auto-converge and SDPS are left out on purpose: a writer just over their trigger is
   * slowed and can finish sooner than one just under it; that is their point.)
   */
  @Property(tries = 25, seed = "4343")
  void aHigherWriteRateNeverShortensAMigration(@ForAll @IntRange(min = 1, max = 6) int memory256,
      @ForAll @LongRange(min = 0, max = 60_000) long rate, @ForAll @LongRange(min = 1, max = 30_000) long more,
      @ForAll @IntRange(min = 0, max = 2) int p) {
    String policy = List.of("hyper-v", "xen", "post-copy").get(p);
    String mem = 256 * memory256 + " MiB";
    MigrationRecord slow = move(mem, workload(0, rate, 256 * memory256), policy);
    MigrationRecord fast = move(mem, workload(0, rate + more, 256 * memory256), policy);
    assertTrue(fast.seconds() >= slow.seconds() - 1e-6,
        policy + ": " + (rate + more) + " pages/s took " + fast.seconds() + " s, " + rate + " pages/s " + slow.seconds() + " s");
  }
}
