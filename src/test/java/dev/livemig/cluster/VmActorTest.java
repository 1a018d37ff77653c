package dev.livemig.cluster;

import dev.livemig.migration.Vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.livemig.kernel.SimHarness;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Vm actor on simulated time: a throttle or a storm splits the tracked interval at the instant
 * it arrives; a crash stops the guest until a cold boot; a paused guest writes nothing; a resume
 * ends the throttle.
 */
class VmActorTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;
  /** 1,000 consecutive pages a second: the count of dirty pages is rate × time, no sampling noise. */
  static final Specs.VmSpec SPEC = new Specs.VmSpec("v", "a", 8L << 30, "seq", new Workload.Sequential(1000, 0, 1_000_000));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void aThrottleSlowsTheWritesFromItsInstantOn() {
    TestProbe<Vm.Harvested> probe = kit.createTestProbe();
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var vm = sim.spawn(ctx, Vm.create(sim, SPEC), "vm");
      sim.scheduleAt(0, vm, new Vm.StartTracking());
      sim.scheduleAt(2 * S, vm, new Vm.Throttle(0.5));
      sim.scheduleAt(4 * S, vm, new Vm.Harvest(probe.ref()));
      sim.scheduleAt(6 * S, vm, new Vm.Throttle(0.25));
      sim.scheduleAt(10 * S, vm, new Vm.Harvest(probe.ref()));
    });
    assertEquals(new Vm.Harvested("v", 2000 + 1000), probe.receiveMessage(), "2 s at full speed, 2 s at half");
    assertEquals(new Vm.Harvested("v", 1000 + 1000), probe.receiveMessage(), "2 s at half, 4 s at a quarter");
  }

  @Test
  void aStormAddsItsWritesFromWhenItArrivesToItsEnd() {
    TestProbe<Vm.Harvested> probe = kit.createTestProbe();
    // announced for 0-3 s but delivered at 2 s: the interval before it is the plain workload's
    var burst = new Workload.Sequential(1000, 500_000, 100_000);
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var vm = sim.spawn(ctx, Vm.create(sim, SPEC), "vm");
      sim.scheduleAt(0, vm, new Vm.StartTracking());
      sim.scheduleAt(2 * S, vm, new Vm.Storm(new Specs.StormEvent(1, 0, "v", 3 * S, burst)));
      sim.scheduleAt(4 * S, vm, new Vm.Harvest(probe.ref()));
    });
    assertEquals(new Vm.Harvested("v", 4000 + 1000), probe.receiveMessage(), "4 s of the workload, 1 s of the storm");
  }

  @Test
  void aPausedGuestWritesNothingAndAResumeEndsTheThrottle() {
    TestProbe<Vm.Harvested> probe = kit.createTestProbe();
    TestProbe<Vm.Location> where = kit.createTestProbe();
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var vm = sim.spawn(ctx, Vm.create(sim, SPEC), "vm");
      sim.scheduleAt(0, vm, new Vm.StartTracking());
      sim.scheduleAt(S, vm, new Vm.Throttle(0.5));
      sim.scheduleAt(3 * S, vm, new Vm.Pause(probe.ref()));          // 1000 + 1000
      sim.scheduleAt(5 * S, vm, new Vm.Harvest(probe.ref()));        // paused: 0
      sim.scheduleAt(5 * S, vm, new Vm.Locate(where.ref()));
      sim.scheduleAt(6 * S, vm, new Vm.Resume("b"));
      sim.scheduleAt(6 * S, vm, new Vm.Locate(where.ref()));
      sim.scheduleAt(7 * S, vm, new Vm.StartTracking());
      sim.scheduleAt(9 * S, vm, new Vm.Harvest(probe.ref()));        // full speed again: 2000
    });
    assertEquals(new Vm.Harvested("v", 2000), probe.receiveMessage());
    assertEquals(new Vm.Harvested("v", 0), probe.receiveMessage());
    assertEquals(new Vm.Location("v", "a", false), where.receiveMessage());
    assertEquals(new Vm.Location("v", "b", true), where.receiveMessage());
    assertEquals(new Vm.Harvested("v", 2000), probe.receiveMessage());
  }

  @Test
  void aCrashedGuestWritesNothingUntilItBootsElsewhere() {
    TestProbe<Vm.Harvested> probe = kit.createTestProbe();
    TestProbe<Vm.Location> where = kit.createTestProbe();
    SimHarness.run(kit, 1, (ctx, sim) -> {
      var vm = sim.spawn(ctx, Vm.create(sim, SPEC), "vm");
      sim.scheduleAt(0, vm, new Vm.StartTracking());
      sim.scheduleAt(S, vm, new Vm.Crash());
      sim.scheduleAt(2 * S, vm, new Vm.Harvest(probe.ref()));
      sim.scheduleAt(2 * S, vm, new Vm.Pause(probe.ref()));
      sim.scheduleAt(2 * S, vm, new Vm.Resume("b"));                 // a late resume does not bring it back
      sim.scheduleAt(2 * S, vm, new Vm.Locate(where.ref()));
      sim.scheduleAt(3 * S, vm, new Vm.Boot("c"));
      sim.scheduleAt(3 * S, vm, new Vm.Locate(where.ref()));
      sim.scheduleAt(3 * S, vm, new Vm.StartTracking());
      sim.scheduleAt(4 * S, vm, new Vm.Harvest(probe.ref()));
    });
    assertEquals(new Vm.Harvested("v", 0), probe.receiveMessage());
    assertEquals(new Vm.Harvested("v", 0), probe.receiveMessage());
    assertEquals(new Vm.Location("v", "a", false), where.receiveMessage());
    assertEquals(new Vm.Location("v", "c", true), where.receiveMessage());
    assertEquals(new Vm.Harvested("v", 1000), probe.receiveMessage());
  }
}
