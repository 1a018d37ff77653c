package dev.livemig.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.livemig.report.MigrationRecord;
import dev.livemig.spec.Specs;
import org.junit.jupiter.api.Test;

/** Fidelity II (issue 26): what the host and the guest have, not one lab's constants. Each fails without its mechanism. */
class FidelityTest {

  private static Specs.VmSpec vm(Specs.Scenario s, String name) {
    return s.vms().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aVmKeepsBusyItsWorkloadsShareOfItsVcpusNotOneCorePerVm() {
    Specs.Scenario s = TestScenarios.load(TestScenarios.TWO_HOSTS + """
        vms = [ { name = idle4, host = a, memory = 1 GiB, vcpus = 4, workload = idle }
                { name = sql2, host = a, memory = 1 GiB, vcpus = 2, workload = sql-vmm }
                { name = given, host = a, memory = 1 GiB, vcpus = 8, workload = idle, cpu = 3 }
                { name = custom, host = a, memory = 1 GiB, vcpus = 2, workload { model = idle, cpu-use = 50% } } ]
        """);
    assertEquals(0.08, vm(s, "idle4").cpu().coresAt(0), 1e-9); // 2 % of 4 vCPUs
    assertEquals(0.5, vm(s, "sql2").cpu().coresAt(0), 1e-9); // 25 % of 2
    assertEquals(3.0, vm(s, "given").cpu().coresAt(0), 1e-9); // the scenario's own figure wins
    assertEquals(1.0, vm(s, "custom").cpu().coresAt(0), 1e-9);
    assertEquals(4, vm(s, "idle4").vcpus());
  }

  @Test
  void anIdleGuestHoldsItsOsFootprintAndZeroPagesUnlessItSaysOtherwise() {
    Specs.Scenario s = TestScenarios.load(TestScenarios.TWO_HOSTS + """
        vms = [ { name = big, host = a, memory = 16 GiB, workload = idle }
                { name = small, host = a, memory = 1 GiB, workload = idle }
                { name = busy, host = a, memory = 16 GiB, workload = sql-vmm }
                { name = said, host = a, memory = 16 GiB, workload = idle, content { zero = 0.5, text = 0.5, incompressible = 0 } } ]
        """);
    // 1 GiB in use (livemig.memory.idle-in-use) in the default mix's 5:3 of text and incompressible
    assertEquals(15 / 16.0, vm(s, "big").content().zero(), 1e-9);
    assertEquals(1 / 16.0 * 0.625, vm(s, "big").content().text(), 1e-9);
    assertEquals(0.2, vm(s, "small").content().zero(), 1e-9); // all in use: never fewer zero pages than the default
    assertEquals(0.2, vm(s, "busy").content().zero(), 1e-9); // a working guest: the default mix
    assertEquals(0.5, vm(s, "said").content().zero(), 1e-9); // the scenario's own
  }

  @Test
  void aCodecGoesThroughZeroPagesFasterThanThroughText() {
    String text = TEN_GBE.formatted("cores = 16,", "cores = 16,") + "\ncluster.live-migration { performance-option = compression }";
    MigrationRecord zero = v(text.replace("workload = idle",
        "workload = idle, content { zero = 1.0, text = 0, incompressible = 0 }"));
    MigrationRecord words = v(text.replace("workload = idle",
        "workload = idle, content { zero = 0, text = 1.0, incompressible = 0 }"));
    assertEquals("compression-cpu", words.limitedBy());
    double z = zero.pausedAt() - zero.builtAt(), t = words.pausedAt() - words.builtAt();
    // text: 4 GiB at 4 threads x 200 MB/s; zero pages 17x as fast (livemig.compression.speed), then the wire's
    assertEquals((4L << 30) / 800e6, t, 0.3);
    assertTrue(z < t / 8, z + " s vs " + t + " s");
  }

  @Test
  void qemusMigrationThreadChecksAndSendsInTurnWithoutMultifd() {
    // 90 % zero pages over 25 GbE: the thread checks 8 GiB (legacy on the reference core: 9.6 GB/s / 2.35) and sends
    // 0.8 GiB at its core's rate, one after the other, not at once
    String guest = TEN_GBE.replace("speed = 10 Gbps", "speed = 25 Gbps").formatted("", "").replace("workload = idle",
        "memory = 8 GiB, workload = idle, content { zero = 0.9, text = 0.05, incompressible = 0.05 }").replace("memory = 4 GiB, ", "");
    MigrationRecord one = v(guest + "\ncluster.live-migration { policy = qemu, max-bandwidth = 0 }");
    double scan = (8L << 30) / (9.6e9 / 2.35);
    double send = (8L << 30) * 0.1 * 8 / (2.5e9 * 3.0); // the reference core at QEMU's stack factor
    assertEquals(scan + send, one.pausedAt() - one.builtAt(), 0.1);
  }

  @Test
  void qemusZeroPageCheckIsOneCoresWorkAndGoesAtThatCoresSpeed() {
    // an all-zero 32 GiB guest over 10 GbE is bound by the main thread's walk and check, on the source's core
    String guest = "vms = [ { name = v, host = a, memory = 32 GiB, workload = idle, content { zero = 1.0, text = 0, incompressible = 0 } } ]";
    String qemu = "\ncluster.live-migration { policy = qemu, max-bandwidth = 0 }";
    MigrationRecord fit = v(tenGbe(guest, SAPPHIRE) + qemu);
    MigrationRecord haswell = v(tenGbe(guest, "cpu { ghz = 2.3, generation = haswell },") + qemu);
    double atFit = fit.pausedAt() - fit.builtAt(), atHaswell = haswell.pausedAt() - haswell.builtAt();
    assertEquals((32L << 30) / 9.6e9, atFit, 0.05);
    assertEquals(2.35 / (2.3 * 1.16 / 2.0), atHaswell / atFit, 0.01); // the ratio of the two cores' speeds
    assertEquals("zero-scan", haswell.limitedBy());
  }

  @Test
  void anOldQemuStopsTheDirtyLogInsideTheBlackoutForWhatTheGuestHolds() {
    // 8 GiB, half of it zero pages: 4 GiB held, at 15 ms per GiB (QEMU before 2.10) the blackout grows by 60 ms
    String guest = "vms = [ { name = v, host = a, memory = 8 GiB, workload = idle, content { zero = 0.5, text = 0.5, incompressible = 0 } } ]";
    String qemu = tenGbe(guest, "") + "\ncluster.live-migration { policy = qemu, max-bandwidth = 0 }";
    MigrationRecord now = v(qemu);
    MigrationRecord old = v(qemu + "\nlivemig.migration.policies.qemu.dirty-log-stop-per-gib = 15 ms");
    assertEquals(60.0, old.downtimeMs() - now.downtimeMs(), 0.01);
    MigrationRecord hyperV = v(tenGbe(guest, "") + "\nlivemig.migration.policies.qemu.dirty-log-stop-per-gib = 15 ms");
    assertEquals(v(tenGbe(guest, "")).downtimeMs(), hyperV.downtimeMs(), 1e-9); // a QEMU cost only
  }

  @Test
  void aHostsCpuGivesItsCoreSpeedFromClockAndGeneration() {
    Specs.Scenario s = TestScenarios.load("""
        hosts = [
          { name = a, memory = 64 GiB, cpu { ghz = 2.6, generation = haswell }, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
          { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        ]
        """);
    assertEquals(2.6 * 1.16 / 2.0, s.hosts().get(0).coreSpeed(), 1e-9);
    assertEquals(0, s.hosts().get(1).coreSpeed(), 1e-9); // not given: the reference core, said at run time
  }

  @Test
  void aTeamsLoadBalancingIsOneOfWindowsTeamingsModes() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TestScenarios.load("""
        hosts = [ { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps }, { name = n2, speed = 10 Gbps } ],
                    teams = [ { name = t, members = [n1, n2], network = LM, load-balancing = round-robin } ] } ]
        """));
    assertTrue(e.getMessage().contains("hosts[a].teams[t].load-balancing: 'round-robin' is not a load-balancing mode; allowed: "
        + "dynamic, address-hash, hyper-v-port"), e.getMessage());
    Specs.Scenario s = TestScenarios.load("""
        hosts = [ { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps }, { name = n2, speed = 10 Gbps } ],
                    teams = [ { name = t, members = [n1, n2], network = LM, load-balancing = address-hash } ] }
                  { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps }, { name = n2, speed = 10 Gbps } ],
                    teams = [ { name = t, members = [n1, n2], network = LM } ] } ]
        """);
    assertEquals("address-hash", s.hosts().get(0).teams().get(0).loadBalancing());
    var mtu = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TestScenarios.load("""
        hosts = [ { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 10 Gbps, mtu = 16000, network = LM } ] } ]
        """));
    assertTrue(mtu.getMessage().contains("hosts[a].nics[n1].mtu"), mtu.getMessage());
    assertEquals("dynamic", s.hosts().get(1).teams().get(0).loadBalancing()); // WS2012 R2's default
  }

  @Test
  void aBadCpuBlockNamesWhatIsAllowed() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TestScenarios.load("""
        hosts = [ { name = a, memory = 64 GiB, core-speed = 1.2, cpu { ghz = 0, generation = pentium } } ]
        """));
    String m = e.getMessage();
    assertTrue(m.contains("hosts[a].cpu.generation: unknown generation 'pentium'; allowed: broadwell"), m);
    assertTrue(m.contains("hosts[a].cpu.ghz: must be above 0"), m);
    assertTrue(m.contains("give either core-speed or cpu"), m);
  }

  private static final String TEN_GBE = """
      hosts = [
        { name = a, memory = 64 GiB, %s nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
        { name = b, memory = 64 GiB, %s nics = [ { name = n1, speed = 10 Gbps, network = LM } ] }
      ]
      vms = [ { name = v, host = a, memory = 4 GiB, workload = idle } ]
      steps = [ { migrate { vm = v, to = b, measure = move } } ]
      """;

  /** The core H. Xiang's zero-page runs (the fit of qemu.zero-page) were measured on: core speed 2.35. */
  private static final String SAPPHIRE = "cpu { ghz = 2.5, generation = sapphire-rapids },";

  /** TEN_GBE with {@code vms} for its VM line and {@code hostKeys} on both hosts. */
  private static String tenGbe(String vms, String hostKeys) {
    return TEN_GBE.replace("vms = [ { name = v, host = a, memory = 4 GiB, workload = idle } ]", vms).formatted(hostKeys, hostKeys);
  }

  /** The one migration of VM v in the scenario's run. */
  private static MigrationRecord v(String scenario) {
    return TestScenarios.of(TestScenarios.run(scenario), "v").get(0);
  }

  private static MigrationRecord move(String hostKeys, String... extra) {
    return v(TEN_GBE.formatted(hostKeys, hostKeys) + String.join("\n", extra));
  }

  @Test
  void aFasterCoreCarriesAFasterStreamAndTheRunSaysWhenItAssumedTheReference() {
    MigrationRecord ref = move("");
    MigrationRecord modern = move("cpu { ghz = 2.1, generation = sapphire-rapids },");
    assertEquals("stream-cpu", ref.limitedBy());
    double gbpsRef = ref.bytesSent() * 8 / 1e9 / (ref.pausedAt() - ref.builtAt());
    double gbpsNew = modern.bytesSent() * 8 / 1e9 / (modern.pausedAt() - modern.builtAt());
    assertEquals(2.1 * 1.88 / 2.0, gbpsNew / gbpsRef, 0.05);
    assertTrue(ref.notes().stream().anyMatch(n -> n.contains("give no cpu { ghz, generation }: the reference core")), ref.notes().toString());
    assertTrue(modern.notes().stream().noneMatch(n -> n.contains("reference core")), modern.notes().toString());
  }

  @Test
  void severalStreamsPerMigrationEachTakeACore() {
    MigrationRecord one = move("cores = 16,");
    MigrationRecord three = move("cores = 16,", "cluster.live-migration.streams = 3");
    double t1 = one.pausedAt() - one.builtAt();
    double t3 = three.pausedAt() - three.builtAt();
    assertTrue(t3 < t1 / 2.5, t1 + " vs " + t3); // 3 x 2.5 Gbps of the 9.5 Gbps link
  }

  /** Gbps of memory in the copy of one 8 GiB idle guest over one 40 GbE NIC, {@code streams} streams of {@code policy}. */
  private static double fortyGbe(String policy, int streams) {
    MigrationRecord m = fortyGbeMove(policy, streams);
    return m.bytesSent() * 8 / 1e9 / (m.pausedAt() - m.builtAt());
  }

  private static MigrationRecord fortyGbeMove(String policy, int streams) {
    return v(TEN_GBE.replace("10 Gbps", "40 Gbps").formatted(
        "cores = 32, cpu { ghz = 2.6, generation = haswell },", "cores = 32, cpu { ghz = 2.6, generation = haswell },")
        .replace("memory = 4 GiB", "memory = 8 GiB")
        + "cluster.live-migration { policy = " + policy + ", streams = " + streams + ", max-bandwidth = 0 }");
  }

  @Test
  void aVmotionsStreamsShareASerialPartOfTheirWorkSoTheyDoNotAddUp() {
    // VMware KB 323379: one vmknic 18, two 28, three 36 Gbps on one 40 GbE NIC; f = 0.286 of a byte's work is serial
    double one = fortyGbe("vmware-sdps", 1);
    assertEquals(18, one, 0.5);
    assertEquals(2 / 1.286, fortyGbe("vmware-sdps", 2) / one, 0.02);
    assertEquals(3 / 1.572, fortyGbe("vmware-sdps", 3) / one, 0.02);
    MigrationRecord two = fortyGbeMove("vmware-sdps", 2);
    assertTrue(two.notes().stream().anyMatch(n -> n.contains("2 streams share 28.6 %") && n.contains("1.56x one stream")),
        two.notes().toString());
    // QEMU's multifd channels have no such share (its shared part is the migration thread's walk and check,
    // which its one channel does in turn with sending): two carry at least twice one
    double q = fortyGbe("qemu", 2) / fortyGbe("qemu", 1);
    assertTrue(q >= 1.98, "qemu: " + q);
  }

  @Test
  void qemuSendsZeroPagesAsFlagsAndTheCapIsSettableAsQemusIs() {
    String guest = "vms = [ { name = v, host = a, memory = 4 GiB, workload = idle, content { zero = 0.9, text = 0.05, incompressible = 0.05 } } ]";
    String text = tenGbe(guest, "");
    MigrationRecord hyperv = v(text);
    MigrationRecord qemu = v(text + "\ncluster.live-migration { policy = qemu, max-bandwidth = 0 }");
    assertTrue(qemu.wireBytes() < 0.15 * hyperv.wireBytes(), qemu.wireBytes() + " vs " + hyperv.wireBytes());
    MigrationRecord capped = v(text + "\ncluster.live-migration { policy = qemu, max-bandwidth = 32 MiB }");
    assertEquals("bandwidth-cap", capped.limitedBy());
    double wireGbps = capped.wireBytes() * 8 / 1e9 / (capped.pausedAt() - capped.builtAt());
    assertEquals(32 * 1024 * 1024 * 8 / 1e9, wireGbps, 0.01);
  }

  @Test
  void qemusDestinationIsStartedBeforeTheMigrationSoItsMeasureHoldsNoneOfHyperVsBuildOrDestroy() {
    MigrationRecord hyperv = move("");
    MigrationRecord qemu = move("", "cluster.live-migration { policy = qemu, max-bandwidth = 0 }");
    assertEquals(0.2 + 0.9 + 0.5 + 4 * 0.06, hyperv.builtAt() - hyperv.startedAt(), 1e-6); // Hyper-V's build of 4 GiB
    assertEquals(0.02, qemu.builtAt() - qemu.startedAt(), 1e-6); // QEMU's setup only
    assertEquals(qemu.resumedAt(), qemu.finishedAt(), 1e-9); // nothing after completion
    assertEquals(0.6 + 0.8 + 0.2 + 4 * 0.06, hyperv.finishedAt() - hyperv.resumedAt(), 1e-6); // Hyper-V's destroy stays
  }

  @Test
  void qemusZeroPageDetectionSaysWhichThreadChecksAndNoneSendsEveryPage() {
    String guest = "vms = [ { name = v, host = a, memory = 64 GiB, workload = idle, content { zero = 1.0, text = 0, incompressible = 0 } } ]";
    String text = tenGbe(guest, SAPPHIRE) + "\ncluster.live-migration { policy = qemu, max-bandwidth = 0";
    MigrationRecord legacy = v(text + ", streams = 4, zero-page-detection = legacy }");
    MigrationRecord multifd = v(text + ", streams = 4 }");
    MigrationRecord none = v(text + ", streams = 4, zero-page-detection = none }");
    double gib = 64 * 1.073741824;
    assertEquals(gib / (1 / (1 / 24.0 + 1 / 16.0)), legacy.pausedAt() - legacy.builtAt(), 0.05); // main thread: walk, then check
    assertEquals(gib / 24.0, multifd.pausedAt() - multifd.builtAt(), 0.05); // four checkers under the main thread's walk
    assertEquals("zero-scan", multifd.limitedBy());
    assertTrue(none.wireBytes() > 64L << 30, "every page sent: " + none.wireBytes());
  }

  @Test
  void qemusRdmaRegistersChunkByChunkUnlessItPinsTheWholeGuestFirst() {
    String rdma = """
        hosts = [
          { name = a, memory = 64 GiB, nics = [ { name = n1, speed = 32 Gbps, rdma = roce, network = LM } ] }
          { name = b, memory = 64 GiB, nics = [ { name = n1, speed = 32 Gbps, rdma = roce, network = LM } ] }
        ]
        vms = [ { name = v, host = a, memory = 8 GiB, workload = idle } ]
        steps = [ { migrate { vm = v, to = b, measure = move } } ]
        cluster.live-migration { performance-option = smb-direct, networks = [LM], policy = qemu, max-bandwidth = 0
        """;
    MigrationRecord dynamic = v(rdma + "}");
    MigrationRecord pinned = v(rdma + ", rdma-pin-all = true }");
    assertEquals("rdma-registration", dynamic.limitedBy());
    assertEquals(8.6, dynamic.bytesSent() * 8 / 1e9 / (dynamic.pausedAt() - dynamic.builtAt()), 0.1);
    assertEquals(0.02 + 8 * 0.26, pinned.builtAt() - pinned.startedAt(), 1e-6); // pinned before the first pass
    assertTrue(pinned.bytesSent() >= 8L << 30, "RDMA sends zero pages whole: " + pinned.bytesSent());
    assertTrue(pinned.pausedAt() - pinned.builtAt() < (dynamic.pausedAt() - dynamic.builtAt()) / 3);
  }

  @Test
  void qemuFindsAZeroPageBeforeCompressingIt() {
    String guest = "vms = [ { name = v, host = a, memory = 8 GiB, workload = idle, content { zero = 1.0, text = 0, incompressible = 0 } } ]";
    String text = tenGbe(guest, "cores = 16, " + SAPPHIRE) + "\ncluster.live-migration { performance-option = compression";
    MigrationRecord hyperv = v(text + " }");
    MigrationRecord qemu = v(text + ", policy = qemu, max-bandwidth = 0 }");
    assertTrue(qemu.wireBytes() < hyperv.wireBytes() / 4, qemu.wireBytes() + " vs " + hyperv.wireBytes()); // 8-byte flags
    // checked by the main thread (legacy detection: walk and check in turn, 1 / (1/24 + 1/16) GB/s on the fit's core), not
    // compressed
    assertEquals((8L << 30) / 9.6e9, qemu.pausedAt() - qemu.builtAt(), 0.05);
  }

  @Test
  void qemusDowntimeLimitIsSettableAsQemusIsAndTheBlackoutFollowsIt() {
    String busy = TEN_GBE.replace("workload = idle", "workload { model = uniform, writes-per-second = 20000, working-set = 1 GiB }")
        .formatted("", "") + "\ncluster.live-migration { policy = qemu, max-bandwidth = 0, downtime-limit = ";
    MigrationRecord tight = v(busy + "30 ms }");
    MigrationRecord loose = v(busy + "2 s }");
    // QEMU's limit bounds the expected time of the remaining RAM at the measured bandwidth; the blackout
    // adds the device state, the resume and the switchover (about 16 ms here).
    var last = tight.passes().get(tight.passes().size() - 1);
    assertEquals("stop-and-copy", last.kind());
    assertTrue(last.seconds() <= 0.030, "the remainder fits in 30 ms: " + last.seconds());
    assertTrue(tight.downtimeMs() < 30 + 20, "the blackout: " + tight.downtimeMs());
    assertTrue(loose.downtimeMs() > 5 * tight.downtimeMs() && loose.downtimeMs() < 2000, "stops sooner: " + loose.downtimeMs());
    assertTrue(loose.passes().size() < tight.passes().size());
  }

  @Test
  void qemusCodecSetsTheCompressionSpeedAndItsChannelsAllCarryTheBatches() {
    String guest = "vms = [ { name = v, host = a, memory = 16 GiB, workload = idle, content { zero = 0, text = 1.0, incompressible = 0 } } ]";
    String text = tenGbe(guest, "cores = 32,")
        + "\ncluster.live-migration { performance-option = compression, policy = qemu, max-bandwidth = 0, streams = 8";
    MigrationRecord zlib = v(text + " }");
    MigrationRecord zstd = v(text + ", multifd-compression = zstd }");
    assertEquals("compression-cpu", zlib.limitedBy()); // every stream of a batch the wire waited for
    double tZlib = zlib.pausedAt() - zlib.builtAt();
    double tZstd = zstd.pausedAt() - zstd.builtAt();
    assertEquals(16 * 1.073741824 / (8 * 0.2), tZlib, 0.1 * tZlib); // eight threads at 200 MB/s
    assertEquals(2.0, tZlib / tZstd, 0.2); // zstd-1 twice zlib-1's speed; 8 streams carry its output
  }

  @Test
  void qemusSettingsGetClearProblemsAllAtOnce() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TestScenarios.load(TestScenarios.TWO_HOSTS + """
        cluster.live-migration { policy = qemu, zero-page-detection = avx, multifd-compression = lz4, rdma-pin-all = maybe,
          downtime-limit = banana }
        """));
    String m = e.getMessage();
    assertTrue(m.contains("cluster.live-migration.zero-page-detection: 'avx' is not a zero-page detection; allowed: none, legacy, multifd"), m);
    assertTrue(m.contains("cluster.live-migration.multifd-compression: 'lz4' is not a codec the model has; allowed: zlib, zstd"), m);
    assertTrue(m.contains("cluster.live-migration.rdma-pin-all: 'maybe' is not true or false"), m);
    assertTrue(m.contains("cluster.live-migration.downtime-limit: 'banana' is not a duration"), m);
  }

  @Test
  void aStreamsSerialShareOutsideZeroToOneIsAProblemNamingIt() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> TestScenarios.load(TestScenarios.TWO_HOSTS
        + "livemig.migration.stream-serial-share.qemu = 3\n"));
    assertTrue(e.getMessage().contains("livemig.migration.stream-serial-share.qemu = 3.0: a share of each byte's work, from 0 up to"),
        e.getMessage());
  }
}
