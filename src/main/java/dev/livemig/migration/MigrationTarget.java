package dev.livemig.migration;

import dev.livemig.kernel.Sim;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The destination side of one live migration, kept by the destination host (plain state of the
 * {@link Host} actor, not an actor of its own: a per-migration helper of the host, issue 30). It
 * builds the VM (phase 1: a fixed time that cannot be accelerated; progress ~3 %), waits paused
 * while memory is copied, and at the end of stop-and-copy takes the storage over and resumes the
 * VM. It is linked to its source: when either side fails the other is told and the VM keeps
 * running on the source. Its commands reach it through its host ({@link Ref#tell}); its timers are
 * the host's events, for this target.
 */
public final class MigrationTarget {

  public sealed interface Command {}

  /** Sent to the destination host, which creates the target: build the VM for this migration. */
  public record Prepare(String migrationId, String vm, long memoryBytes, ActorRef<MigrationSource.Command> source,
      MigrationSettings.Fixed phases) {}

  /**
   * Memory and device state are all here, the VM is paused on the source: take over and resume. {@code holdNanos}:
   * what the blackout holds beyond the takeover (a cross-site storage failover; an old QEMU's dirty-log stop).
   */
  public record Commit(ActorRef<Vm.Command> vm, long holdNanos) implements Command {
    public Commit(ActorRef<Vm.Command> vm) {
      this(vm, 0);
    }
  }

  /** The source gave up: discard the half-built VM. */
  public record Abort(String reason) implements Command {}

  /** The build's own time is over (the host's timer for this target). */
  enum BuildDone implements Command { INSTANCE }

  /** Storage hand-over and resume are over (the host's timer for this target). */
  record Resumed(ActorRef<Vm.Command> vm) implements Command {}

  /**
   * How a migration's source reaches its target: through the destination host, by migration id
   * (what the source side gets in {@link MigrationSource.TargetReady}).
   */
  public record Ref(ActorRef<Host.Command> host, String migrationId) {
    /** Sends {@code c} to this target (a message to its host, at the current instant). */
    public void tell(Sim sim, Command c) {
      sim.send(host, new Host.ToTarget(migrationId, c));
    }
  }

  private enum State { CREATED, WAITING, COMMITTING }

  private final Sim sim;
  private final MigrationSettings settings;
  private final String host;
  private final Prepare order;
  private final Ref self;
  private State state = State.CREATED;
  /** Its source aborted before it was ready: its host builds it no further (Host.IncomingAborted). */
  boolean detached;

  MigrationTarget(Sim sim, MigrationSettings settings, String host, Prepare order, ActorRef<Host.Command> hostRef) {
    this.sim = sim;
    this.settings = settings;
    this.host = host;
    this.order = order;
    this.self = new Ref(hostRef, order.migrationId());
  }

  /** In a trace (a host's message that names it): its migration. */
  @Override
  public String toString() {
    return "MigrationTarget[" + order.migrationId() + "]";
  }

  /**
   * The rest of phase 1 once the host's management service has created the VM: its dependencies are
   * prepared and its memory allocated; called by the host.
   */
  void startBuild() {
    sim.schedule(order.phases().prepareNanosFor(order.memoryBytes()), self.host(), new Host.ToTarget(self.migrationId(), BuildDone.INSTANCE));
  }

  /**
   * Handles a command (from the source, or one of the host's timers for this target); returns false
   * when the target is done with (its host forgets it: later commands for it are moot). What a
   * state does not expect is ignored.
   */
  boolean on(Command m) {
    switch (state) {
      case CREATED -> {
        if (m == BuildDone.INSTANCE) {
          if (sim.logging()) sim.log(order.migrationId(), order.vm() + " built on " + host);
          sim.send(order.source(), new MigrationSource.TargetReady(self));
          state = State.WAITING;
        } else if (m instanceof Abort) {
          return false;
        }
      }
      case WAITING -> {
        if (m instanceof Commit c) {
          sim.schedule(settings.takeoverNanos() + c.holdNanos(), self.host(),
              new Host.ToTarget(self.migrationId(), new Resumed(c.vm())));
          state = State.COMMITTING;
        } else if (m instanceof Abort a) {
          sim.log(order.migrationId(), "target discarded: " + a.reason());
          return false;
        }
      }
      case COMMITTING -> {
        if (m instanceof Resumed r) {
          sim.send(r.vm(), new Vm.Resume(host));
          sim.send(order.source(), MigrationSource.Committed.INSTANCE);
          return false;
        }
      }
    }
    return true;
  }
}
