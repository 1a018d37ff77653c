package dev.livemig.migration;

import dev.livemig.kernel.Sim;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The destination side of one live migration, created on the destination host. It builds the VM
 * (phase 1: a fixed time that cannot be accelerated; progress ~3 %), waits paused while memory is
 * copied, and at the end of stop-and-copy takes the storage over and resumes the VM. It is linked
 * to its source: when either side fails the other is told and the VM keeps running on the source.
 */
public final class MigrationTarget {

  public sealed interface Command {}

  /** Sent to the destination host, which creates the target: build the VM for this migration. */
  public record Prepare(String migrationId, String vm, long memoryBytes, ActorRef<MigrationSource.Command> source,
      MigrationSettings.Fixed phases) {}

  /** Memory and device state are all here, the VM is paused on the source: take over and resume. */
  public record Commit(ActorRef<Vm.Command> vm, long storageFailoverNanos) implements Command {
    public Commit(ActorRef<Vm.Command> vm) {
      this(vm, 0);
    }
  }

  /** The source gave up: discard the half-built VM. */
  public record Abort(String reason) implements Command {}

  private enum BuildDone implements Command { INSTANCE }

  private record Resumed(ActorRef<Vm.Command> vm) implements Command {}

  public static Behavior<Command> create(Sim sim, MigrationSettings settings, String host, Prepare order) {
    return Behaviors.setup(ctx -> new MigrationTarget(sim, settings, host, order, ctx.getSelf()).created());
  }

  private final Sim sim;
  private final MigrationSettings settings;
  private final String host;
  private final Prepare order;
  private final ActorRef<Command> self;
  // Each state is one handler testing the message's type (Behaviors.receiveMessage): a builder's
  // behavior costs ~0.5-1 KB and a reflective array per state (issue 11).

  private MigrationTarget(Sim sim, MigrationSettings settings, String host, Prepare order, ActorRef<Command> self) {
    this.sim = sim;
    this.settings = settings;
    this.host = host;
    this.order = order;
    this.self = self;
  }

  /** Just created: the host's first message starts the build. */
  private Behavior<Command> created() {
    return Behaviors.receiveMessage(m -> {
      if (m == BuildDone.INSTANCE) {
        if (sim.logging()) sim.log(order.migrationId(), order.vm() + " built on " + host);
        sim.send(order.source(), new MigrationSource.TargetReady(self));
        return waiting();
      }
      if (m instanceof Abort) return Behaviors.stopped();
      return Behaviors.unhandled();
    });
  }

  /**
   * The rest of phase 1 once the host's management service has created the VM: its dependencies are
   * prepared and its memory allocated; called by the host.
   */
  public static void startBuild(Sim sim, MigrationSettings settings, Prepare order, ActorRef<Command> target) {
    sim.schedule(order.phases().prepareNanosFor(order.memoryBytes()), target, BuildDone.INSTANCE);
  }

  /** Built and paused, receiving memory. */
  private Behavior<Command> waiting() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Commit c) {
        sim.schedule(settings.takeoverNanos() + c.storageFailoverNanos(), self, new Resumed(c.vm()));
        return committing();
      }
      if (m instanceof Abort a) {
        sim.log(order.migrationId(), "target discarded: " + a.reason());
        return Behaviors.stopped();
      }
      return Behaviors.unhandled();
    });
  }

  /** Storage hand-over, resume and network switchover: the last part of the blackout. */
  private Behavior<Command> committing() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Resumed r) {
        sim.send(r.vm(), new Vm.Resume(host));
        sim.send(order.source(), MigrationSource.Committed.INSTANCE);
        return Behaviors.stopped();
      }
      if (m instanceof Abort) return Behaviors.same();
      return Behaviors.unhandled();
    });
  }
}
