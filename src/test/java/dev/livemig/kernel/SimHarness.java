package dev.livemig.kernel;

import java.util.function.BiConsumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Runs model actors under a kernel in an ActorTestKit: {@code setup} spawns them (with
 * {@link Sim#spawn}) and schedules the first events; the kernel then runs the simulated time out
 * and the harness returns its {@link Kernel.Finished}. Replies to test probes arrive in simulated
 * order, and nothing waits on the wall clock but the probe's receive.
 */
public final class SimHarness {
  private SimHarness() {}

  public static Kernel.Finished run(ActorTestKit kit, long seed, BiConsumer<ActorContext<Void>, Sim> setup) {
    TestProbe<Kernel.Finished> done = kit.createTestProbe();
    kit.spawn(Behaviors.<Void>setup(ctx -> {
      Sim sim = new Sim(seed, ctx.getSelf(), null);
      var kernel = ctx.spawn(Kernel.create(sim, null), "kernel");
      setup.accept(ctx, sim);
      kernel.tell(new Kernel.Start(done.ref(), Long.MAX_VALUE));
      return Behaviors.empty();
    }));
    return done.receiveMessage();
  }
}
