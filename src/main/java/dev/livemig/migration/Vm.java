package dev.livemig.migration;

import dev.livemig.kernel.Sim;
import dev.livemig.memory.DirtyTracker;
import dev.livemig.memory.Workload;
import dev.livemig.spec.Specs.VmSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A virtual machine: where it runs, and how its guest writes memory. While a migration tracks it,
 * the VM keeps a dirty-page bitmap, brought up to date per interval when the migration harvests it.
 * A VM runs on exactly one host at every instant, or is paused (the blackout) between two.
 */
public final class Vm {

  public sealed interface Command {}

  /** Starts dirty-page tracking: every page is clean now (the first pass sends them all). */
  public record StartTracking() implements Command {}

  /** Answers the pages dirtied since tracking started or the last harvest, and clears them. */
  public record Harvest(ActorRef<Harvested> replyTo) implements Command {}

  /** Pauses the VM on its host (stop-and-copy begins) and answers the pages dirty at that instant. */
  public record Pause(ActorRef<Harvested> replyTo) implements Command {}

  /** The VM runs on {@code host} from now: the destination after a migration, the source after an abort. */
  public record Resume(String host) implements Command {}

  /** Where the VM is: answered with {@link Location}. */
  public record Locate(ActorRef<Location> replyTo) implements Command {}

  /** Its host crashed: the VM stops at once, whatever it was doing. */
  public record Crash() implements Command {}

  /** Cold boot on {@code host} after a crash: the VM runs there from now. */
  public record Boot(String host) implements Command {}

  /**
   * A convergence policy slows the guest: from now it makes {@code speed} of its writes (1: all).
   * Dirtying so far is brought up to date at the old speed first. Cleared when the VM resumes.
   */
  public record Throttle(double speed) implements Command {}

  /** A storm of writes on top of the guest's workload (a scenario event), from now to its end. */
  public record Storm(dev.livemig.spec.Specs.StormEvent event) implements Command {}

  public record Harvested(String vm, long pages) {}

  public record Location(String vm, String host, boolean running) {}

  public static Behavior<Command> create(Sim sim, VmSpec spec) {
    return Behaviors.setup(ctx -> new Vm(ctx, sim, spec).running());
  }

  private final Sim sim;
  private final VmSpec spec;
  private final Workload.Cursor cursor = new Workload.Cursor();
  private Workload workload;
  private double speed = 1.0;
  private String host;
  private DirtyTracker tracker;
  // Each state is one handler testing the message's type (Behaviors.receiveMessage): a builder's
  // behavior costs ~0.5-1 KB and a reflective array per state (issue 11).

  private Vm(ActorContext<Command> ctx, Sim sim, VmSpec spec) {
    this.sim = sim;
    this.spec = spec;
    this.host = spec.host();
    this.workload = spec.workload();
  }

  /** Running on {@link #host}; tracked when a migration is copying it. */
  private Behavior<Command> running() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof StartTracking) {
        tracker = new DirtyTracker(sim.now(), sim.random("vm/" + spec.name() + "/" + sim.now()), cursor);
        return Behaviors.same();
      }
      if (m instanceof Harvest h) {
        sim.send(h.replyTo(), new Harvested(spec.name(), harvest()));
        return Behaviors.same();
      }
      if (m instanceof Pause p) {
        long pages = harvest();
        if (sim.logging()) sim.log(spec.name(), "paused on " + host + ", " + pages + " pages dirty");
        sim.send(p.replyTo(), new Harvested(spec.name(), pages));
        return paused();
      }
      if (m instanceof Resume r) return resumeOn(r.host());
      if (m instanceof Locate l) return locate(l, true);
      if (m instanceof Throttle t) {
        if (tracker != null) tracker.advance(sim.now(), workload, speed);
        speed = t.speed();
        sim.log(spec.name(), String.format(java.util.Locale.ROOT, "throttled: makes %.1f %% of its writes", 100 * speed));
        return Behaviors.same();
      }
      if (m instanceof Storm st) return storm(st);
      if (m instanceof Crash) return crashed();
      return Behaviors.unhandled();
    });
  }

  /** Paused: the guest writes nothing (the blackout). */
  private Behavior<Command> paused() {
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Resume r) return resumeOn(r.host());
      if (m instanceof Harvest h) {
        sim.send(h.replyTo(), new Harvested(spec.name(), tracker == null ? 0 : tracker.harvest()));
        return Behaviors.same();
      }
      if (m instanceof Locate l) return locate(l, false);
      if (m instanceof Crash) return crashed();
      if (m instanceof Storm st) return storm(st);
      return Behaviors.unhandled();
    });
  }

  /** Down: its host crashed. Only a cold boot brings it back (a late Resume from an aborted migration does not). */
  private Behavior<Command> crashed() {
    sim.log(spec.name(), "down: " + host + " crashed");
    tracker = null;
    return Behaviors.receiveMessage(m -> {
      if (m instanceof Boot b) return resumeOn(b.host());
      if (m instanceof Storm st) return storm(st);
      if (m instanceof Harvest h) {
        sim.send(h.replyTo(), new Harvested(spec.name(), 0));
        return Behaviors.same();
      }
      if (m instanceof Pause p) {
        sim.send(p.replyTo(), new Harvested(spec.name(), 0));
        return Behaviors.same();
      }
      if (m instanceof Locate l) return locate(l, false);
      return Behaviors.unhandled();
    });
  }

  /** The storm's writes are added to the workload for its window (the tracker splits intervals by time). */
  private Behavior<Command> storm(Storm m) {
    var e = m.event();
    if (tracker != null) tracker.advance(sim.now(), workload, speed);
    workload = new Workload.Storm(workload, e.burst(), e.at() / 1e9, e.until() / 1e9);
    sim.log(spec.name(), "storm until " + e.until() / 1e9 + " s: " + e.burst().describe());
    return Behaviors.same();
  }

  private Behavior<Command> resumeOn(String newHost) {
    if (sim.logging() && !newHost.equals(host)) sim.log(spec.name(), "now running on " + newHost);
    host = newHost;
    tracker = null;
    speed = 1.0;
    return running();
  }

  private Behavior<Command> locate(Locate m, boolean isRunning) {
    sim.send(m.replyTo(), new Location(spec.name(), host, isRunning));
    return Behaviors.same();
  }

  private long harvest() {
    return tracker == null ? 0 : tracker.harvest(sim.now(), workload, speed);
  }
}
