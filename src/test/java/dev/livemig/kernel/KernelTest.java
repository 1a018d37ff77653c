package dev.livemig.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The kernel on simulated time, driven through ActorTestKit probes: no real waits anywhere. */
class KernelTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** What a test actor saw: its name, the message and the simulated instant. */
  record Seen(String who, String msg, long at) {}

  /** A model actor that records what it receives and, on "ping N", schedules "pong" N ns later. */
  static Behavior<String> recorder(Sim sim, String name, ActorRef<Seen> out) {
    return Behaviors.receive(String.class).onAnyMessage(m -> {
      sim.send(out, new Seen(name, m, sim.now()));
      if (m.startsWith("ping ")) sim.schedule(Long.parseLong(m.substring(5)), sim.selfOf(name), "pong");
      if (m.startsWith("at-end ")) sim.atEndOfInstant(sim.selfOf(name), m.substring(7));
      if (m.startsWith("now ")) sim.send(sim.selfOf(name), m.substring(4));
      if (m.equals("boom")) throw new IllegalStateException("boom");
      if (m.equals("stop")) return Behaviors.stopped();
      return Behaviors.same();
    }).build();
  }

  /** Spawns a kernel and named recorders under one guardian, then runs {@code init} on the Sim. */
  static Kernel.Finished run(TestProbe<Seen> seen, List<String> names, java.util.function.Consumer<Sim> init) {
    TestProbe<Kernel.Finished> done = kit.createTestProbe();
    kit.spawn(Behaviors.<Void>setup(ctx -> {
      Sim sim = new Sim(7, ctx.getSelf(), null);
      var kernel = ctx.spawn(Kernel.create(sim, null), "kernel");
      for (String n : names) sim.register(n, sim.spawn(ctx, recorder(sim, n, seen.ref()), n));
      init.accept(sim);
      kernel.tell(new Kernel.Start(done.ref(), Long.MAX_VALUE));
      return Behaviors.empty();
    }));
    return done.receiveMessage();
  }

  @Test
  void deliversInTimeOrderThenInTheOrderScheduled() {
    TestProbe<Seen> seen = kit.createTestProbe();
    Kernel.Finished f = run(seen, List.of("a", "b"), sim -> {
      sim.scheduleAt(5_000, sim.selfOf("b"), "late");
      sim.scheduleAt(1_000, sim.selfOf("a"), "first");
      sim.scheduleAt(1_000, sim.selfOf("b"), "second");
      sim.scheduleAt(0, sim.selfOf("a"), "ping 4000");
    });
    List<Seen> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) got.add(seen.receiveMessage());
    assertEquals(List.of(
        new Seen("a", "ping 4000", 0), new Seen("a", "first", 1_000), new Seen("b", "second", 1_000),
        new Seen("a", "pong", 4_000), new Seen("b", "late", 5_000)), got);
    assertNull(f.failure());
    assertEquals(5_000, f.endTime());
  }

  @Test
  void anEndOfInstantEventComesAfterEveryEventOfItsInstantEvenThoseScheduledAfterIt() {
    TestProbe<Seen> seen = kit.createTestProbe();
    run(seen, List.of("a", "b"), sim -> {
      sim.scheduleAt(1_000, sim.selfOf("a"), "at-end flush");
      sim.scheduleAt(1_000, sim.selfOf("b"), "now relayed"); // asks for "relayed" after "flush" was asked for
      sim.scheduleAt(1_001, sim.selfOf("b"), "next instant");
    });
    List<Seen> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) got.add(seen.receiveMessage());
    assertEquals(List.of(new Seen("a", "at-end flush", 1_000), new Seen("b", "now relayed", 1_000),
        new Seen("b", "relayed", 1_000), new Seen("a", "flush", 1_000), new Seen("b", "next instant", 1_001)), got);
  }

  @Test
  void aCancelledEventIsNotDelivered() {
    TestProbe<Seen> seen = kit.createTestProbe();
    run(seen, List.of("a"), sim -> {
      Sim.Timer t = sim.scheduleAt(2_000, sim.selfOf("a"), "cancelled");
      sim.scheduleAt(3_000, sim.selfOf("a"), "kept");
      sim.cancel(t);
    });
    assertEquals(new Seen("a", "kept", 3_000), seen.receiveMessage());
    seen.expectNoMessage(java.time.Duration.ofMillis(50));
  }

  @Test
  void eventsForAStoppedActorAreDroppedNotAwaited() {
    TestProbe<Seen> seen = kit.createTestProbe();
    Kernel.Finished f = run(seen, List.of("a", "b"), sim -> {
      sim.scheduleAt(1, sim.selfOf("a"), "stop");
      sim.scheduleAt(2, sim.selfOf("a"), "after its end");
      sim.scheduleAt(3, sim.selfOf("b"), "still here");
    });
    assertEquals(new Seen("a", "stop", 1), seen.receiveMessage());
    assertEquals(new Seen("b", "still here", 3), seen.receiveMessage());
    assertEquals(1, f.dropped());
    assertNull(f.failure());
  }

  @Test
  void anActorThatThrowsFailsTheRunInsteadOfHangingIt() {
    TestProbe<Seen> seen = kit.createTestProbe();
    Kernel.Finished f = run(seen, List.of("a"), sim -> {
      sim.scheduleAt(10, sim.selfOf("a"), "boom");
      sim.scheduleAt(20, sim.selfOf("a"), "never");
    });
    assertNotNull(f.failure());
    assertTrue(f.failure().contains("a failed handling String"), f.failure());
    assertTrue(f.failure().contains("boom"), f.failure());
  }

  @Test
  void anActorSpawnedUnderTheGuardianWhileAnotherHoldsTheTurnIsAModelActorInItsPlace() {
    TestProbe<Seen> seen = kit.createTestProbe();
    TestProbe<Kernel.Finished> done = kit.createTestProbe();
    String[] name = new String[1];
    kit.spawn(Behaviors.<Void>setup(ctx -> {
      Sim sim = new Sim(7, ctx.getSelf(), null);
      var kernel = ctx.spawn(Kernel.create(sim, null), "kernel");
      // "a" makes "late" under the guardian (not under itself) while it handles its event, as the
      // cluster makes a VM's actor when it first needs it.
      var a = sim.spawn(ctx, Behaviors.receive(String.class).onAnyMessage(m -> {
        ActorRef<String> late = sim.spawnUnder(ctx, recorder(sim, "late", seen.ref()), "late");
        sim.register("late", late);
        name[0] = sim.nameOf(late);
        sim.send(late, "hello");
        sim.schedule(5, late, "stop");
        sim.schedule(6, late, "after its end");
        return Behaviors.same();
      }).build(), "a");
      sim.scheduleAt(100, a, "go");
      kernel.tell(new Kernel.Start(done.ref(), Long.MAX_VALUE));
      return Behaviors.empty();
    }));
    assertEquals(new Seen("late", "hello", 100), seen.receiveMessage());
    assertEquals(new Seen("late", "stop", 105), seen.receiveMessage());
    Kernel.Finished f = done.receiveMessage();
    assertEquals("late", name[0]);
    assertEquals(1, f.dropped()); // the kernel knows the late actor stopped
    assertEquals(105, f.endTime());
    assertNull(f.failure());
  }

  @Test
  void theSimCannotBeUsedOutsideADelivery() {
    TestProbe<String> p = kit.createTestProbe();
    Sim sim = new Sim(1, p.ref(), null);
    sim.send(p.ref(), "bootstrap is allowed");
    sim.endBootstrap();
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> sim.send(p.ref(), "x"));
    assertTrue(e.getMessage().contains("outside a kernel delivery"));
  }

  @Test
  void randomStreamsDependOnSeedAndNameOnly() {
    TestProbe<String> p = kit.createTestProbe();
    Sim a = new Sim(42, p.ref(), null);
    Sim b = new Sim(42, p.ref(), null);
    Sim c = new Sim(43, p.ref(), null);
    long x = a.random("vm/sql").nextLong();
    a.random("other").nextLong();
    assertEquals(x, b.random("vm/sql").nextLong());
    assertTrue(x != c.random("vm/sql").nextLong());
  }
}
