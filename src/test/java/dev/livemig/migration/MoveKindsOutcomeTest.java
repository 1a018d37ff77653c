package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import com.typesafe.config.Config;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Runs;
import dev.livemig.scenario.ScenarioRun;
import dev.livemig.scenario.TestScenarios;
import org.junit.jupiter.api.Test;

/**
 * What a move of each other kind reports (issue 13, issue 19's mutation survivors of MoveRun), against
 * oracles written from its mechanism and the constants of reference.conf: when the downtime starts and
 * ends, what the guest's ping and TCP session felt in it, the storage and memory bytes, the transport,
 * when the VM was built and when the move ended (the source's cleanup and memory freeing after the
 * resume). Two standalone hosts joined by one 1 GbE NIC each, with the default host disks.
 */
class MoveKindsOutcomeTest {
  static final Config C = Runs.config();
  static final MigrationSettings S = MigrationSettings.from(C);
  static final MovePlan.Settings K = MovePlan.Settings.from(C);
  static final double WRITE = C.getBytes("livemig.storage.host-disk.write");
  static final double READ = C.getBytes("livemig.storage.host-disk.read");
  /** One 1 GbE TCP stream's payload, bytes per second. */
  static final double LINK = C.getDouble("livemig.network.tcp-efficiency") * 1e9 / 8;
  static final long GIB = 1L << 30;
  static final double PING = S.probes().pingIntervalNanos() / 1e9;
  static final double PING_TIMEOUT = S.probes().pingTimeoutNanos() / 1e9;

  /** Two hosts, standalone (a shared-nothing, quick-storage or offline move) or nodes of the cluster. */
  static String hosts(String speed, String option, boolean clustered) {
    return """
        hosts = [
          { name = a, memory = 64 GiB, cluster-member = %3$s, nics = [ { name = n1, speed = %1$s, network = LM } ] }
          { name = b, memory = 64 GiB, cluster-member = %3$s, nics = [ { name = n1, speed = %1$s, network = LM } ] }
        ]
        cluster.live-migration { performance-option = %2$s, networks = [LM] }
        """.formatted(speed, option, clustered);
  }

  static String hosts(String speed, String option) {
    return hosts(speed, option, false);
  }

  static Report run(String text) {
    var o = Runs.run(TestScenarios.load(text), ScenarioRun.Options.none());
    assertNull(o.kernel().failure());
    return o.report();
  }

  static MigrationRecord measured(Report r, String measure) {
    String id = r.measures().get(measure).migration();
    for (MigrationRecord m : r.migrations()) if (m.id().equals(id)) return m;
    throw new AssertionError("no migration for " + measure);
  }

  /** The source's management service removes the VM, then its memory is freed: after the resume. */
  static double destroySeconds(long ram) {
    return (S.fixed().cleanup() + S.freeNanosFor(ram)) / 1e9;
  }

  /**
   * A guest paused for {@code downtime} seconds: the pings sent in it are lost, one per ping timeout
   * from the first sent after the pause (within one interval of it); a TCP session's retransmissions
   * (0.3 s doubling, 5 times: 9.3 s) give up in a longer one: dropped, stalled for the whole downtime.
   */
  static void pausedFor(MigrationRecord m, double downtime) {
    var g = m.guest();
    int least = (int) Math.ceil((downtime - PING) / PING_TIMEOUT);
    int most = (int) Math.ceil(downtime / PING_TIMEOUT);
    assertTrue(g.pingsLost() >= least && g.pingsLost() <= most, m.id() + ": " + g.pingsLost() + " pings lost in "
        + downtime + " s, expected " + least + " to " + most);
    assertTrue(downtime > 9.3, "longer than the session's retransmissions");
    assertEquals(1, g.sessionsDropped(), m.id());
    assertEquals(downtime * 1e3, g.sessionStallMs(), 1e-3, m.id() + ": stalled from the pause to the resume");
  }

  @Test
  void aQuickMigrationIsAllDowntimeFromTheSaveToTheResumeThenTheSourceCleansUp() {
    // Out at t = 0 (the pause at the very start), back 200 s after it ended.
    Report r = run(hosts("1 Gbps", "tcpip", true) + """
        storage = [ { name = csv1, kind = csv } ]
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle
                  disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ] } ]
        steps = [
          { migrate { vm = v, to = b, kind = quick, measure = out } }
          { wait { for = 200 s } }
          { migrate { vm = v, to = a, kind = quick, measure = back } }
        ]
        """);
    long ram = 8 * GIB;
    double downtime = ram / WRITE + S.fixed().roleMove() / 1e9 + S.buildNanosFor(ram) / 1e9 + ram / READ
        + S.takeoverNanos() / 1e9;
    for (String measure : List.of("out", "back")) {
      MigrationRecord m = measured(r, measure);
      assertEquals("completed", m.outcome(), m.failure());
      assertEquals("quick", m.kind());
      assertEquals("none", m.transport(), "a quick migration sends nothing over the network");
      assertEquals(m.startedAt(), m.pausedAt(), 1e-9, "the guest pauses first");
      assertEquals(m.pausedAt(), m.builtAt(), 1e-9, "built inside the downtime: no copy phase on the timeline");
      assertEquals(downtime * 1e3, m.downtimeMs(), 0.01);
      assertEquals(destroySeconds(ram), m.finishedAt() - m.resumedAt(), 1e-6, "cleanup and 8 GiB freed after the resume");
      assertEquals(0, m.bytesSent());
      assertEquals(2 * ram, m.storageBytes(), "the saved state written and read");
      pausedFor(m, downtime);
    }
    assertEquals(0.0, measured(r, "out").pausedAt());
    assertTrue(measured(r, "back").pausedAt() >= 200);
  }

  @Test
  void aPassthroughDiskIsFailedOverInsideTheQuickDowntime() {
    String text = hosts("1 Gbps", "tcpip", true) + """
        storage = [ { name = csv1, kind = csv } ]
        vms = [ { name = v, host = a, memory = 2 GiB, workload = idle
                  disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ]
                  %s } ]
        steps = [ { migrate { vm = v, to = b, kind = quick, measure = out } } ]
        """;
    double without = measured(run(text.formatted("")), "out").downtimeMs();
    MigrationRecord with = measured(run(text.formatted("passthrough = [ { lun = L1, cluster-managed = true } ]")), "out");
    assertEquals("completed", with.outcome(), with.failure());
    assertEquals(K.diskFailoverNanos() / 1e6, with.downtimeMs() - without, 0.01, "one disk failed over");
  }

  @Test
  void aQuickStorageMoveCopiesTheDiskRunningThenTheSavedStateAndTheWritesMeanwhile() {
    Report r = run(hosts("1 Gbps", "tcpip") + """
        vms = [ { name = v, host = a, memory = 4 GiB, workload = idle
                  disks = [ { storage = local, size = 20 GB, used = 10 GB, write-rate = 2 MB/s } ] } ]
        steps = [ { wait { for = 10 s } }, { migrate { vm = v, to = b, kind = quick-storage, measure = qs } } ]
        """);
    MigrationRecord m = measured(r, "qs");
    long ram = 4 * GIB;
    double used = 10e9;
    double copy = used / LINK;
    // the guest's writes during the disk copy (its differencing disk) go with the saved state
    double delta = 2e6 * copy;
    assertEquals("completed", m.outcome(), m.failure());
    assertEquals("tcpip", m.transport());
    assertEquals(10.0, m.startedAt(), 1e-9);
    assertEquals(10 + S.buildNanosFor(ram) / 1e9, m.builtAt(), 1e-6, "built first, while the VM runs");
    assertEquals(m.builtAt() + copy, m.pausedAt(), 1e-3, "then the disk copied at the link's rate");
    double downtime = ram / WRITE + (ram + delta) / LINK + ram / READ + S.takeoverNanos() / 1e9;
    assertEquals(downtime * 1e3, m.downtimeMs(), 0.01, "save, copy of the saved state and the writes, restore");
    assertEquals(destroySeconds(ram), m.finishedAt() - m.resumedAt(), 1e-6);
    assertEquals(used + 2 * ram + delta, m.storageBytes(), 2, "the disk, the saved state written and read, the writes");
    assertEquals(ram, m.bytesSent(), "the memory, in the saved state");
    pausedFor(m, downtime);
  }

  @Test
  void anOfflineMoveTakesTheSameTimeWhateverTheVmsMemory() {
    // A powered-off VM: its configuration is built (no memory allocated), its disk copied, it is
    // registered; the cleanup frees no memory on the source. No guest to ping.
    String text = hosts("1 Gbps", "tcpip") + """
        vms = [ { name = v, host = a, memory = %s, workload = idle, state = off
                  disks = [ { storage = local, size = 20 GB, used = 5 GB } ] } ]
        steps = [ { migrate { vm = v, to = b, kind = offline, measure = cold } } ]
        """;
    for (String memory : List.of("1 GiB", "32 GiB")) {
      MigrationRecord m = measured(run(text.formatted(memory)), "cold");
      assertEquals("completed", m.outcome(), m.failure());
      assertEquals("offline", m.kind());
      assertNull(m.guest(), "a VM that is off has no users");
      assertEquals(0, m.downtimeMs());
      assertEquals(5_000_000_000L, m.storageBytes());
      assertEquals(S.buildNanosFor(0) / 1e9, m.builtAt() - m.startedAt(), 1e-6, memory);
      double after = 5e9 / LINK + (S.takeoverNanos() + S.fixed().cleanup() + S.freeNanosFor(0)) / 1e9;
      assertEquals(after, m.finishedAt() - m.builtAt(), 1e-3, memory + ": copy, registration, cleanup");
    }
  }

  @Test
  void aCopyOverSeveralConnectionsEndsWhenTheLastEnds() {
    // SMB over TCP opens several connections on one 10 GbE NIC; the disk copy is split between them
    // and bound by the destination's disk (300 MB/s write; the fabric charges every link of a flow's
    // path its line rate, payload over the TCP efficiency): the move goes on when all are done.
    MigrationRecord m = measured(run(hosts("10 Gbps", "smb") + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle, state = off
                  disks = [ { storage = local, size = 20 GB, used = 6 GB } ] } ]
        steps = [ { migrate { vm = v, to = b, kind = offline, measure = cold } } ]
        """), "cold");
    assertEquals("completed", m.outcome(), m.failure());
    assertEquals(6_000_000_000L, m.storageBytes());
    double rate = WRITE * C.getDouble("livemig.network.tcp-efficiency");
    double after = 6e9 / rate + (S.takeoverNanos() + S.fixed().cleanup() + S.freeNanosFor(0)) / 1e9;
    assertEquals(after, m.finishedAt() - m.builtAt(), 1e-3);
  }

  @Test
  void aDiskOfOneChunkMirrorsTheWritesOnItsCopiedHalfOnce() {
    // 1 GiB used = one chunk (livemig.storage.copy-chunk): copied in T = 1 GiB / link; the writes at w
    // on the half copied on average, w·T/2, are mirrored once, then the memory moves live.
    assertEquals(GIB, K.copyChunkBytes(), "the test's disk is one chunk");
    Report r = run(hosts("1 Gbps", "tcpip") + """
        vms = [ { name = v, host = a, memory = 1 GiB, workload = idle
                  disks = [ { storage = local, size = 2 GiB, used = 1 GiB, write-rate = 20 MB/s } ] } ]
        steps = [ { migrate { vm = v, to = b, kind = shared-nothing, measure = sn } } ]
        """);
    MigrationRecord m = measured(r, "sn");
    assertEquals("completed", m.outcome(), m.failure());
    double mirrored = 20e6 * (GIB / LINK) / 2;
    assertEquals(GIB + mirrored, m.storageBytes(), 2);
  }

  @Test
  void aQuickMoveCutDuringTheSaveResumesTheVmAndStopsItsSave() {
    // v (16 GiB) starts its save at 0 s; b crashes at 10 s: the save stops, v runs on a again after
    // 10 s of downtime. w's quick move from 15 s saves through the same disk of a, alone: its
    // downtime is its own mechanism's. v's next move, live, finds it running (dirtying pages).
    Report r = run(hosts("1 Gbps", "tcpip", true).replace("]\n", "  { name = c, memory = 64 GiB, nics = [ { name = n1, speed = 1 Gbps, network = LM } ] }\n]\n") + """
        storage = [ { name = csv1, kind = csv } ]
        vms = [
          { name = v, host = a, memory = 16 GiB, workload = sql-vmm, disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ] }
          { name = w, host = a, memory = 4 GiB, workload = idle, disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ] }
        ]
        events = [ { at = 10 s, host-down { host = b } } ]
        steps = [
          { migrate { vm = v, to = b, kind = quick, async = true, measure = cut } }
          { wait { for = 15 s } }
          { migrate { vm = w, to = c, kind = quick, measure = other } }
          { migrate { vm = v, to = c, measure = again } }
        ]
        """);
    MigrationRecord cut = measured(r, "cut");
    assertEquals("failed", cut.outcome());
    assertEquals("destination b went down", cut.failure());
    assertEquals(10.0, cut.finishedAt());
    assertEquals(0.0, cut.pausedAt());
    assertEquals(10_000.0, cut.downtimeMs(), 1e-9, "paused from the save at 0 s to the abort");
    assertEquals(0, cut.bytesSent());
    long ram = 4 * GIB;
    double alone = ram / WRITE + S.fixed().roleMove() / 1e9 + S.buildNanosFor(ram) / 1e9 + ram / READ + S.takeoverNanos() / 1e9;
    assertEquals(alone * 1e3, measured(r, "other").downtimeMs(), 0.01, "nothing of v's save left on a's disk");
    MigrationRecord again = measured(r, "again");
    assertEquals("completed", again.outcome());
    assertTrue(again.passes().get(0).dirtiedPages() > 0, "v runs (and writes) on a again: " + again.passes().get(0));
  }

  @Test
  void aGuestThatLosesItsAddressLosesEveryPingFromThePauseAndThenFromTheStart() {
    // A Linux guest binding its IP to a dynamic MAC gets a new MAC with the move: never reachable
    // again (MoveRules.unreachableNote). Its next move starts unreachable.
    Report r = run(hosts("1 Gbps", "tcpip", true) + """
        storage = [ { name = csv1, kind = csv } ]
        vms = [ { name = v, host = a, memory = 4 GiB, workload = idle, os = linux, disks = [ { storage = csv1, size = 40 GiB, used = 10 GiB } ] } ]
        steps = [
          { wait { for = 30 s } }
          { migrate { vm = v, to = b, kind = quick, measure = first } }
          { wait { for = 30 s } }
          { migrate { vm = v, to = a, kind = quick, measure = second } }
        ]
        """);
    MigrationRecord first = measured(r, "first");
    assertEquals("completed", first.outcome());
    assertEquals(List.of(MoveRules.unreachableNote("v", "b")), first.flags());
    lostFrom(first, first.pausedAt());
    MigrationRecord second = measured(r, "second");
    assertEquals(List.of(MoveRules.unreachableNote("v", "a")), second.flags());
    lostFrom(second, second.startedAt());
  }

  /** Every ping from {@code from} to the end of the move is lost; the session is dropped, stalled as long. */
  static void lostFrom(MigrationRecord m, double from) {
    double lost = m.finishedAt() - from;
    int least = (int) Math.ceil((lost - PING) / PING_TIMEOUT);
    int most = (int) Math.ceil(lost / PING_TIMEOUT);
    assertTrue(m.guest().pingsLost() >= least && m.guest().pingsLost() <= most, m.id() + ": " + m.guest().pingsLost()
        + " lost in " + lost + " s, expected " + least + " to " + most);
    assertEquals(1, m.guest().sessionsDropped());
    assertEquals(lost * 1e3, m.guest().sessionStallMs(), 1e-3);
  }

  @Test
  void aCopyOverTwoChannelsSplitsTheDiskAndGoesOnWhenBothAreDone() {
    // SMB Multichannel over two 10 GbE NICs (no RDMA: SMB over TCP on each): the disk is split in
    // two flows, both through the destination's disk (300 MB/s write, line rate): as fast as one.
    Report r = run("""
        hosts = [
          { name = a, memory = 64 GiB, cluster-member = false, nics = [ { name = n1, speed = 10 Gbps, network = SMB-1 }, { name = n2, speed = 10 Gbps, network = SMB-2 } ] }
          { name = b, memory = 64 GiB, cluster-member = false, nics = [ { name = n1, speed = 10 Gbps, network = SMB-1 }, { name = n2, speed = 10 Gbps, network = SMB-2 } ] }
        ]
        cluster.live-migration { performance-option = smb, networks = [SMB-1, SMB-2] }
        vms = [
          { name = cold, host = a, memory = 1 GiB, workload = idle, state = off, disks = [ { storage = local, size = 20 GB, used = 6 GB } ] }
          { name = warm, host = a, memory = 1 GiB, workload = idle, disks = [ { storage = local, size = 20 GB, used = 6 GB } ] }
        ]
        steps = [
          { migrate { vm = cold, to = b, kind = offline, measure = cold } }
          { migrate { vm = warm, to = b, kind = shared-nothing, measure = warm } }
        ]
        """);
    MigrationRecord cold = measured(r, "cold");
    assertEquals("completed", cold.outcome(), cold.failure());
    assertEquals(6_000_000_000L, cold.storageBytes());
    double rate = WRITE * C.getDouble("livemig.network.tcp-efficiency");
    double after = 6e9 / rate + (S.takeoverNanos() + S.fixed().cleanup() + S.freeNanosFor(0)) / 1e9;
    assertEquals(after, cold.finishedAt() - cold.builtAt(), 1e-3);
    MigrationRecord warm = measured(r, "warm");
    assertEquals("completed", warm.outcome(), warm.failure());
    assertEquals(6_000_000_000L, warm.storageBytes());
    assertEquals(warm.notes().size(), new java.util.HashSet<>(warm.notes()).size(), "each note once: " + warm.notes());
    assertEquals(cold.notes(), warm.notes().subList(0, cold.notes().size()), "the route's notes, once, then the live leg's own");
  }
}
