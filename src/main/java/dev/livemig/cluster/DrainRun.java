package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.List;
import dev.livemig.kernel.Sim;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One drain or one rolling maintenance, as a short-lived actor (Pekko's DeviceGroupQuery): it asks
 * the cluster manager to move a host's VMs off, waits for that batch to end, and for a rolling
 * maintenance patches the host, asks for its VMs back and goes on with the next host. It stops
 * itself when it is done. A new kind of host-wide operation (node add) is one more such actor.
 *
 * <p>States: {@code draining(host)} until the manager says the batch ended; {@code patching(host)}
 * until the patch time has passed; {@code returning(host)} until the VMs are back.
 */
public final class DrainRun {
  private DrainRun() {}

  public sealed interface Command {}

  /** From the manager: start. */
  public enum Start implements Command { INSTANCE }

  /** From the manager: the host's drain ended; {@code vmsLeft} VMs could not be moved. */
  public record Drained(Batch batch, int vmsLeft) implements Command {}

  /** From the manager: the host was down, nothing to drain. */
  public record Skipped(String host) implements Command {}

  /** From the manager: the VMs moved off the host are back (as many as could be). */
  public record Returned(String host) implements Command {}

  private record PatchDone(String host) implements Command {}

  /** A single drain. */
  public static Behavior<Command> drain(Sim sim, Specs.Drain d, ActorRef<ClusterManager.Command> manager) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessageEquals(Start.INSTANCE, () -> {
          sim.send(manager, new ClusterManager.DrainHost(d.host(), d.placement(), d.measure(), false, ctx.getSelf(), d.rules()));
          return Behaviors.same();
        })
        .onMessage(Drained.class, m -> Behaviors.stopped())
        .onMessage(Skipped.class, m -> Behaviors.stopped())
        .build());
  }

  /** A rolling maintenance over {@code r.hosts()}, one after the other. */
  public static Behavior<Command> rolling(Sim sim, Specs.RollingMaintenance r, ActorRef<ClusterManager.Command> manager) {
    return Behaviors.setup(ctx -> new Rolling(sim, r, manager, ctx.getSelf()).start());
  }

  private static final class Rolling {
    private final Sim sim;
    private final Specs.RollingMaintenance step;
    private final ActorRef<ClusterManager.Command> manager;
    private final ActorRef<Command> self;
    private final List<Ledger.Window> windows = new ArrayList<>();
    private long startedAt;
    private int index;

    Rolling(Sim sim, Specs.RollingMaintenance step, ActorRef<ClusterManager.Command> manager, ActorRef<Command> self) {
      this.sim = sim;
      this.step = step;
      this.manager = manager;
      this.self = self;
    }

    Behavior<Command> start() {
      return Behaviors.receive(Command.class).onMessageEquals(Start.INSTANCE, () -> {
        startedAt = sim.now();
        return nextHost();
      }).build();
    }

    /** The next host, or the end: the maintenance record goes to the manager and the run stops. */
    private Behavior<Command> nextHost() {
      if (index >= step.hosts().size()) {
        sim.send(manager, new ClusterManager.RollingEnded(self,
            new Ledger.Maintenance(startedAt, sim.now(), List.copyOf(windows), step.measure()), step.measure()));
        return Behaviors.stopped();
      }
      String host = step.hosts().get(index);
      sim.send(manager, new ClusterManager.DrainHost(host, step.placement(), null, true, self, step.rules()));
      return draining(host, sim.now());
    }

    private Behavior<Command> draining(String host, long hostStart) {
      return Behaviors.receive(Command.class)
          .onMessage(Skipped.class, m -> {
            // a host that is down is not drained nor patched: its window is empty
            windows.add(new Ledger.Window(host, hostStart, sim.now(), sim.now(), sim.now(), 0));
            index++;
            return nextHost();
          })
          .onMessage(Drained.class, m -> {
            sim.schedule(step.patchNanos(), self, new PatchDone(host));
            return patching(host, hostStart, sim.now(), m.vmsLeft(), m.batch());
          })
          .build();
    }

    private Behavior<Command> patching(String host, long hostStart, long drainedAt, int left, Batch drained) {
      return Behaviors.receive(Command.class).onMessage(PatchDone.class, m -> {
        long patchedAt = sim.now();
        sim.send(manager, new ClusterManager.Patched(host, step.returnVms() ? drained : null, self));
        if (!step.returnVms()) return hostDone(host, hostStart, drainedAt, patchedAt, left);
        return Behaviors.receive(Command.class)
            .onMessage(Returned.class, r -> hostDone(host, hostStart, drainedAt, patchedAt, left))
            .build();
      }).build();
    }

    private Behavior<Command> hostDone(String host, long hostStart, long drainedAt, long patchedAt, int left) {
      windows.add(new Ledger.Window(host, hostStart, drainedAt, patchedAt, sim.now(), left));
      index++;
      return nextHost();
    }
  }
}
