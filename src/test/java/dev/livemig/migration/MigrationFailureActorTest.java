package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import dev.livemig.kernel.Kernel;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.SimHarness;
import dev.livemig.memory.Workload;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A migration that fails, at the level of its actors (two hosts, the VM, the fabric), in each phase:
 * the build, a pre-copy pass, the blackout and the post-copy push. Whatever the phase, before the
 * commit the VM keeps running on its source, nothing of the migration is left on the wire, and the
 * result says what happened and when; after the switch-over of a post-copy the VM is lost.
 */
class MigrationFailureActorTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;
  static final long GIB = 1L << 30;
  static final MigrationSettings SETTINGS = MigrationSettings.from(Runs.config());

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** What a run gives back: the source's result, where the VM is at the end, a bystander flow's end. */
  record Outcome(MigrationResult result, Vm.Location vm, long bystanderEnd) {}

  /** The peers of a run, for the test's own events. */
  record Peers(Sim sim, ActorRef<Host.Command> source, ActorRef<Network.Command> network, ActorRef<Vm.Command> vm) {}

  /**
   * One 4 GiB VM from a to b over a 1 Gbps link (pass 0 takes about 35 s) with {@code workload} and
   * {@code policy}; {@code events} schedules the fault. At 1,000 s a bystander flow of 1 Gbit starts
   * on the same link, and the VM is asked where it is.
   */
  static Outcome run(Workload workload, String policy, int maxPasses, BiConsumer<Peers, Long> events) {
    return run(workload, policy, maxPasses, "tcpip", events);
  }

  static Outcome run(Workload workload, String policy, int maxPasses, String transport, BiConsumer<Peers, Long> events) {
    TestProbe<MigrationResult> results = kit.createTestProbe();
    TestProbe<Vm.Location> where = kit.createTestProbe();
    TestProbe<Network.FlowEvent> bystander = kit.createTestProbe();
    var vmSpec = new Specs.VmSpec("v", "a", 4 * GIB, "w", workload);
    long[] bystanderEnd = {-1};
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("a:tx", 1e9),
          new Network.LinkSpec("b:rx", 1e9))), "network");
      var a = sim.spawn(ctx, Host.create(sim, host("a"), SETTINGS, net), "host-a");
      var b = sim.spawn(ctx, Host.create(sim, host("b"), SETTINGS, net), "host-b");
      var vm = sim.spawn(ctx, Vm.create(sim, vmSpec), "vm-v");
      var route = new TransportPlanner.Route("LM",
          List.of(new TransportPlanner.Channel(List.of("a:tx", "b:rx"), 1.0, false, "test link")), List.of());
      var order = new MigrationOrder("m1", 0, vmSpec, vm, "a", "b", b, transport, route, maxPasses, 0, 12, List.of(), net,
          results.ref(), policy, 1.0);
      sim.scheduleAt(0, a, new Host.StartOutgoing(order));
      events.accept(new Peers(sim, a, net, vm), 0L);
      sim.scheduleAt(1000 * S, net, new Network.StartFlow("bystander", List.of("a:tx"), 1e9 / 8, 1.0, 0, bystander.ref()));
      sim.scheduleAt(1000 * S, vm, new Vm.Locate(where.ref()));
    });
    assertNull(f.failure());
    MigrationResult r = results.receiveMessage();
    bystander.receiveMessage();
    // The bystander's 1 Gbit alone on the 1 Gbps link ends 1 s after it starts: nothing of the
    // migration is left on the wire.
    bystanderEnd[0] = f.endTime();
    return new Outcome(r, where.receiveMessage(), bystanderEnd[0]);
  }

  static Specs.HostSpec host(String name) {
    return new Specs.HostSpec(name, 64 * GIB, 12, List.of(), List.of());
  }

  static Workload busy() {
    return new Workload.Uniform(20_000, 0, 1L << 18);
  }

  static void abortAt(Peers p, long at) {
    p.sim().scheduleAt(at, p.source(), new Host.AbortOutgoing("m1", "test fault"));
  }

  /** The VM runs on a, no flow of the migration is left (the bystander gets the whole link). */
  static void safeOnTheSource(Outcome o) {
    assertEquals("failed", o.result().outcome(), o.result().failure());
    assertEquals(new Vm.Location("v", "a", true), o.vm());
    assertEquals(1001 * S, o.bystanderEnd(), "the bystander alone on the link: every stream of the migration stopped");
  }

  @Test
  void anAbortDuringTheBuildLeavesTheVmWhereItWasAndSendsNothing() {
    Outcome o = run(new Workload.Idle(), "hyper-v", 10, (p, t) -> abortAt(p, S / 2));
    safeOnTheSource(o);
    assertEquals("test fault", o.result().failure());
    assertEquals(-1, o.result().builtAt(), "never built");
    assertEquals(S / 2, o.result().finishedAt());
    assertEquals(0, o.result().bytesSent());
    assertEquals(List.of(), o.result().passes());
    assertEquals(-1, o.result().pausedAt());
    assertEquals(0, o.result().guest().pingsLost(), "no blackout, no ping lost");
  }

  @Test
  void anAbortInAPassStopsItsStreamsAndCountsWhatArrived() {
    Outcome o = run(busy(), "hyper-v", 10, (p, t) -> abortAt(p, 20 * S));
    safeOnTheSource(o);
    MigrationResult r = o.result();
    assertEquals(20 * S, r.finishedAt());
    assertTrue(r.builtAt() > 0 && r.builtAt() < 20 * S);
    // The stream ran alone on the 1 Gbps link (125 MB/s) from the build's end to the abort: the
    // fabric answers the stop with what it had left, and that much memory arrived.
    double arrived = 125e6 * (20 * S - r.builtAt()) / 1e9;
    assertTrue(arrived > 1e9, "most of 20 s on the wire");
    assertEquals(arrived, r.bytesSent(), 2, "memory delivered by the stopped stream");
    assertEquals(arrived, r.wireBytes(), 2, "bytes on the wire: what the stream carried, not what it was started with");
    assertTrue(r.cpu().stream().anyMatch(c -> c.host().equals("a") && c.from() == r.builtAt() && c.to() == 20 * S),
        "the stopped stream's CPU over its life: " + r.cpu());
    assertEquals(List.of(), r.passes(), "pass 0 never ended");
    assertEquals(-1, r.pausedAt());
    assertEquals(0, r.guest().pingsLost());
  }

  @Test
  void theLaterTheAbortTheMoreArrivedAndNeverMoreThanAWholeMove() {
    MigrationResult clean = run(busy(), "hyper-v", 10, (p, t) -> {}).result();
    long end = clean.pausedAt(); // aborts through the build and every pre-copy pass
    long before = -1;
    for (long at = S / 2; at < end; at += (end - S / 2) / 23) {
      long t = at;
      MigrationResult r = run(busy(), "hyper-v", 10, (p, x) -> abortAt(p, t)).result();
      assertEquals("failed", r.outcome(), "abort at " + t);
      assertTrue(r.bytesSent() >= before, "abort at " + t + ": " + r.bytesSent() + " bytes arrived, " + before + " by an earlier abort");
      assertTrue(r.bytesSent() <= clean.bytesSent(), "abort at " + t + ": more than the whole move");
      assertEquals(r.bytesSent(), r.wireBytes(), 2, "abort at " + t + ": TCP/IP carries memory as it is");
      before = r.bytesSent();
    }
    assertTrue(before > 4 * GIB, "the last aborts came after pass 0: " + before);
  }

  @Test
  void anAbortAtTheInstantAStreamEndsCountsItsBytesOnce() {
    MigrationResult clean = run(new Workload.Idle(), "hyper-v", 10, (p, t) -> {}).result();
    long passEnd = clean.builtAt() + Math.round(clean.passes().get(0).seconds() * 1e9);
    Outcome o = run(new Workload.Idle(), "hyper-v", 10, (p, t) -> abortAt(p, passEnd));
    safeOnTheSource(o);
    assertEquals(passEnd, o.result().finishedAt());
    assertEquals(4 * GIB, o.result().bytesSent(), 2, "the whole pass arrived, counted once");
    assertEquals(4 * GIB, o.result().wireBytes(), 2);
  }

  @Test
  void anAbortWhileABatchIsCompressedEndsItsCpuUseThere() {
    // a batch's compression (the source's whole-core CPU use) under way at about 20 s, from a run without the fault
    MigrationResult clean = run(busy(), "hyper-v", 10, "compression", (p, t) -> {}).result();
    assertEquals("compression", clean.transport(), "no fallback: the test is about a compressed batch");
    MigrationResult.CpuUse batch = clean.cpu().stream()
        .filter(c -> c.host().equals("a") && c.from() >= 20 * S && c.cores() >= 1 && c.cores() == Math.rint(c.cores()))
        .findFirst().orElseThrow();
    long at = (batch.from() + batch.to()) / 2;
    Outcome o = run(busy(), "hyper-v", 10, "compression", (p, t) -> abortAt(p, at));
    safeOnTheSource(o);
    MigrationResult r = o.result();
    assertTrue(r.cpu().contains(new MigrationResult.CpuUse("a", batch.from(), at, batch.cores())),
        "the batch's cores were busy until the abort only: " + r.cpu().subList(Math.max(0, r.cpu().size() - 4), r.cpu().size()));
    for (MigrationResult.CpuUse c : r.cpu()) assertTrue(c.to() <= r.finishedAt(), "no CPU used after the abort: " + c);
    assertTrue(r.bytesSent() > 0 && r.wireBytes() > 0 && r.wireBytes() < r.bytesSent(), "compressed bytes arrived: " + r.bytesSent());
  }

  @Test
  void aLinkLostInAPassFailsTheMigrationWithTheLinksName() {
    Outcome o = run(busy(), "hyper-v", 10, (p, t) -> p.sim().scheduleAt(10 * S, p.network(), new Network.SetLink("b:rx", false)));
    assertEquals("failed", o.result().outcome());
    assertEquals("stream m1/f0 lost: link b:rx went down", o.result().failure());
    assertEquals(new Vm.Location("v", "a", true), o.vm());
    assertEquals(10 * S, o.result().finishedAt());
  }

  @Test
  void anAbortInTheBlackoutResumesTheVmOnTheSourceAtOnce() {
    // Without a fault: when the blackout starts and how long it lasts (a busy VM stopped by the pass limit).
    MigrationResult clean = run(busy(), "hyper-v", 2, (p, t) -> {}).result();
    assertEquals("completed", clean.outcome());
    long blackout = clean.resumedAt() - clean.pausedAt();
    assertTrue(blackout > S, "a long blackout to abort in: " + blackout);
    long at = clean.pausedAt() + blackout / 2;
    Outcome o = run(busy(), "hyper-v", 2, (p, t) -> abortAt(p, at));
    safeOnTheSource(o);
    MigrationResult r = o.result();
    assertEquals(clean.pausedAt(), r.pausedAt());
    assertEquals(at, r.resumedAt(), "resumed on the source at the abort");
    assertEquals(at - clean.pausedAt(), r.downtimeNanos());
    assertTrue(r.guest().pingsLost() > 0 && r.guest().pingsLost() < clean.guest().pingsLost() + 1,
        r.guest().pingsLost() + " lost (" + clean.guest().pingsLost() + " without the fault)");
    assertEquals(clean.passes().size() - 1, r.passes().size(), "the stop-and-copy never ended");
  }

  @Test
  void aFaultAfterThePostCopySwitchLosesTheVm() {
    MigrationResult clean = run(busy(), "post-copy", 10, (p, t) -> {}).result();
    assertEquals("completed", clean.outcome());
    List<String> kinds = new ArrayList<>();
    for (PassRecord pr : clean.passes()) kinds.add(pr.kind());
    assertEquals(List.of("precopy", "stop-and-copy", "post-copy"), kinds);
    long pushStart = clean.resumedAt();
    long pushEnd = pushStart + Math.round(clean.passes().get(2).seconds() * 1e9);
    assertTrue(pushEnd - pushStart > S / 10, "a push to fail in: " + (pushEnd - pushStart));
    long at = (pushStart + pushEnd) / 2;
    Outcome o = run(busy(), "post-copy", 10, (p, t) -> abortAt(p, at));
    MigrationResult r = o.result();
    assertEquals("lost", r.outcome());
    assertTrue(r.failure().startsWith("lost during post-copy (test fault): its memory was split between a and b, "), r.failure());
    assertEquals(new Vm.Location("v", "a", false), new Vm.Location(o.vm().vm(), "a", o.vm().running()), "the VM is down");
    assertEquals(at, r.finishedAt());
    assertEquals(1001 * S, o.bystanderEnd(), "the push's stream stopped");
    assertTrue(r.guest().postCopy() != null && r.guest().postCopy().pages() > 0, "the report shows the post-copy risk");
    assertEquals((at - pushStart) / 1e9, r.guest().postCopy().seconds(), 1e-3);
    // half the push had arrived: about half the pages left at the switch-over are still on the source
    long left = r.guest().postCopy().pages();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(", (\\d+) pages still on the source$").matcher(r.failure());
    assertTrue(m.find(), r.failure());
    long still = Long.parseLong(m.group(1));
    assertTrue(still > left * 0.4 && still < left * 0.6, still + " of " + left + " pages still on the source");
    assertEquals(clean.bytesSent() - (clean.passes().get(2).bytes() - still * 4096), r.bytesSent(), 4096 * 2,
        "bytes delivered: all but the pages still on the source");
  }
}
