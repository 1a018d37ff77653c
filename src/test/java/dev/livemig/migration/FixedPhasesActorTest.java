package dev.livemig.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.livemig.kernel.Kernel;
import dev.livemig.kernel.SimHarness;
import dev.livemig.memory.Workload;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner;
import dev.livemig.scenario.Runs;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The fixed phases of one migration, at the level of its actors (two Host actors, the Vm, the
 * fabric): build on the destination before the first byte, destroy on the source after the resume.
 * Phase 1 and 4 "cannot be accelerated" (seed notes): their time is independent of the link.
 */
class FixedPhasesActorTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long GIB = 1L << 30;

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** One idle VM of {@code gib} GiB from a to b over one link of {@code bps}; the source's result. */
  static MigrationResult migrate(MigrationSettings settings, int gib, double bps) {
    TestProbe<MigrationResult> results = kit.createTestProbe();
    var vmSpec = new Specs.VmSpec("v", "a", gib * GIB, "idle", new Workload.Idle());
    Kernel.Finished f = SimHarness.run(kit, 1, (ctx, sim) -> {
      var net = sim.spawn(ctx, Network.create(sim, List.of(new Network.LinkSpec("a:tx", bps),
          new Network.LinkSpec("b:rx", bps))), "network");
      var a = sim.spawn(ctx, Host.create(sim, host("a"), settings, net), "host-a");
      var b = sim.spawn(ctx, Host.create(sim, host("b"), settings, net), "host-b");
      var vm = sim.spawn(ctx, Vm.create(sim, vmSpec), "vm-v");
      var route = new TransportPlanner.Route("LM",
          List.of(new TransportPlanner.Channel(List.of("a:tx", "b:rx"), 1.0, false, "test link")), List.of());
      var order = new MigrationOrder("m1", 0, vmSpec, vm, "a", "b", b, "tcpip", route, 10, 0, 12, List.of(), net,
          results.ref(), "hyper-v", 1.0);
      sim.scheduleAt(0, a, new Host.StartOutgoing(order));
    });
    assertNull(f.failure());
    return results.receiveMessage();
  }

  static Specs.HostSpec host(String name) {
    return new Specs.HostSpec(name, 64 * GIB, 12, List.of(), List.of());
  }

  /** The destroy phase made of freeing only ({@code destroy} + {@code destroyPerGib} per GiB): no role move, no cleanup. */
  static MigrationSettings settings(String destroy, String destroyPerGib) {
    Config c = Runs.config()
        .withValue("livemig.migration.cluster-role-move", ConfigValueFactory.fromAnyRef("0 s"))
        .withValue("livemig.migration.cleanup", ConfigValueFactory.fromAnyRef("0 s"))
        .withValue("livemig.migration.free-time", ConfigValueFactory.fromAnyRef(destroy))
        .withValue("livemig.migration.free-per-gib", ConfigValueFactory.fromAnyRef(destroyPerGib));
    return MigrationSettings.from(c);
  }

  @Test
  void theSourceReportsTheDestroyTimeAfterTheResume() {
    MigrationSettings s = MigrationSettings.from(Runs.config());
    MigrationResult r = migrate(s, 4, 8e9);
    assertEquals("completed", r.outcome());
    assertEquals(s.destroyNanosFor(4 * GIB), r.finishedAt() - r.resumedAt(), "the destroy phase: source's last act");
    assertEquals(600_000_000L + 800_000_000L + 200_000_000L + 4 * 60_000_000L, s.destroyNanosFor(4 * GIB),
        "role move 0.6 s + cleanup 0.8 s + free 0.2 s + 60 ms per GiB (reference.conf)");
    assertEquals(200_000_000L + 900_000_000L + 500_000_000L + 4 * 60_000_000L, s.buildNanosFor(4 * GIB),
        "configuration 0.2 s + create 0.9 s + prepare 0.5 s + 60 ms per GiB (reference.conf)");
    assertEquals(s.buildNanosFor(4 * GIB), r.builtAt() - r.startedAt(), "the build phase: before the first pass");
  }

  @Test
  void theDestroyTimeFollowsItsSettingAndTheVmsMemoryNotTheLink() {
    MigrationSettings s = settings("3 s", "100 ms");
    MigrationResult slow = migrate(s, 2, 1e9);
    MigrationResult fast = migrate(s, 2, 8e9);
    MigrationResult big = migrate(s, 6, 8e9);
    assertEquals(3_200_000_000L, slow.finishedAt() - slow.resumedAt());
    assertEquals(3_200_000_000L, fast.finishedAt() - fast.resumedAt(), "a faster link does not shorten it");
    assertEquals(3_600_000_000L, big.finishedAt() - big.resumedAt(), "100 ms more per GiB");
    MigrationResult none = migrate(settings("0 s", "0 s"), 2, 8e9);
    assertEquals(none.resumedAt(), none.finishedAt(), "no destroy phase: the result at the resume");
  }
}
