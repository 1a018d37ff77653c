package dev.livemig.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import dev.livemig.cluster.Host;
import dev.livemig.cluster.Vm;
import dev.livemig.kernel.Sim;
import dev.livemig.network.Network;
import dev.livemig.network.TransportPlanner.Channel;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The source side of one live migration, created on the source host; it drives the phases
 * (domain.md, "A live migration, phase by phase"):
 * <ol>
 *   <li>build: ask the destination host to build the VM, wait for {@link TargetReady};
 *   <li>pre-copy: pass 0 sends every page; each later pass sends the pages the guest dirtied during
 *       the pass before (harvested from the VM's bitmap when the pass's streams complete);
 *   <li>stop-and-copy: pause the VM, send what is dirty plus the device state, let the target take
 *       the storage over and resume (the blackout);
 *   <li>destroy the VM on the source, report, stop.
 * </ol>
 * If the streams fail or the target goes away, the migration aborts and the VM keeps running here.
 */
public final class MigrationSource {

  public sealed interface Command {}

  /** From the host that created this actor: start. */
  public enum Begin implements Command { INSTANCE }

  /** The destination has built the VM (progress ~3 %). */
  public record TargetReady(ActorRef<MigrationTarget.Command> target) implements Command {}

  /** The destination could not build or keep the VM. */
  public record TargetFailed(String reason) implements Command {}

  /** The VM runs on the destination now. */
  public enum Committed implements Command { INSTANCE }

  /** Stop now (a host or the cluster asked); the VM stays on the source. */
  public record Abort(String reason) implements Command {}

  private record Flow(Network.FlowEvent event) implements Command {}

  private record Dirty(Vm.Harvested harvested) implements Command {}

  private enum Destroyed implements Command { INSTANCE }

  public static Behavior<Command> create(Sim sim, MigrationSettings settings, MigrationOrder order) {
    return Behaviors.setup(ctx -> new MigrationSource(ctx, sim, settings, order).idle());
  }

  private final Sim sim;
  private final MigrationSettings settings;
  private final MigrationOrder order;
  private final ActorRef<Command> self;
  private final ActorRef<Network.FlowEvent> flowReplies;
  private final ActorRef<Vm.Harvested> dirtyReplies;
  private final List<PassRecord> passes = new ArrayList<>();
  private final TreeSet<String> openFlows = new TreeSet<>();
  private ActorRef<MigrationTarget.Command> target;
  private long startedAt;
  private long builtAt = -1;
  private long pausedAt = -1;
  private long resumedAt = -1;
  private long passStartedAt;
  private long passPages;
  private long bytesSent;
  private String stopReason;

  private MigrationSource(ActorContext<Command> ctx, Sim sim, MigrationSettings settings, MigrationOrder order) {
    this.sim = sim;
    this.settings = settings;
    this.order = order;
    this.self = ctx.getSelf();
    this.flowReplies = sim.adapter(ctx, Network.FlowEvent.class, Flow::new);
    this.dirtyReplies = sim.adapter(ctx, Vm.Harvested.class, Dirty::new);
  }

  // ------------------------------------------------------------------ phase 1: build

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Begin.INSTANCE, () -> {
          startedAt = sim.now();
          sim.log(order.id(), order.vm().name() + " " + order.from() + " -> " + order.to() + " over "
              + order.transport() + " (" + order.route().network() + ")");
          sim.send(order.destination(), new Host.PrepareIncoming(
              new MigrationTarget.Prepare(order.id(), order.vm().name(), self)));
          return building();
        })
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  private Behavior<Command> building() {
    return Behaviors.receive(Command.class)
        .onMessage(TargetReady.class, m -> {
          target = m.target();
          builtAt = sim.now();
          sim.send(order.vmRef(), new Vm.StartTracking());
          long pages = pagesOf(order.vm().memoryBytes());
          return startPass(pages);
        })
        .onMessage(TargetFailed.class, m -> fail(m.reason()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  // ------------------------------------------------------------------ phase 2-3: pre-copy passes

  private Behavior<Command> startPass(long pages) {
    passStartedAt = sim.now();
    passPages = pages;
    sendOverChannels("p" + passes.size(), pages * settings.pageSize());
    return copying();
  }

  private Behavior<Command> copying() {
    return Behaviors.receive(Command.class)
        .onMessage(Flow.class, m -> onFlow(m.event(), () -> {
          sim.send(order.vmRef(), new Vm.Harvest(dirtyReplies));
          return harvesting();
        }))
        .onMessage(TargetFailed.class, m -> fail(m.reason()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  private Behavior<Command> harvesting() {
    return Behaviors.receive(Command.class)
        .onMessage(Dirty.class, m -> {
          long dirtied = m.harvested().pages();
          int pass = passes.size();
          passes.add(new PassRecord(pass, "precopy", passPages, passPages * settings.pageSize(),
              seconds(sim.now() - passStartedAt), dirtied));
          if (sim.logging()) sim.log(order.id(), "pass " + pass + ": " + passPages + " pages sent, " + dirtied + " dirtied");
          // Stop rule (seed notes): (a) nothing is dirty, (b) only the "tiny" state is left, or
          // (c) the pass limit is reached (the guest thrashes its memory and would not converge).
          if (dirtied == 0) return stopAndCopy("clean", 0);
          if (dirtied * settings.pageSize() <= settings.stateThresholdBytes()) return stopAndCopy("state-threshold", dirtied);
          if (passes.size() >= order.maxPasses()) return stopAndCopy("pass-limit", dirtied);
          return startPass(dirtied);
        })
        .onMessage(TargetFailed.class, m -> fail(m.reason()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  // ------------------------------------------------------------------ stop-and-copy (the blackout)

  private Behavior<Command> stopAndCopy(String reason, long dirty) {
    stopReason = reason;
    passPages = dirty;
    sim.send(order.vmRef(), new Vm.Pause(dirtyReplies));
    return pausing();
  }

  private Behavior<Command> pausing() {
    return Behaviors.receive(Command.class)
        .onMessage(Dirty.class, m -> {
          pausedAt = sim.now();
          passStartedAt = pausedAt;
          passPages += m.harvested().pages();
          sendOverChannels("final", passPages * settings.pageSize() + settings.deviceStateBytes());
          return finalCopy();
        })
        .onMessage(TargetFailed.class, m -> fail(m.reason()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  private Behavior<Command> finalCopy() {
    return Behaviors.receive(Command.class)
        .onMessage(Flow.class, m -> onFlow(m.event(), () -> {
          passes.add(new PassRecord(passes.size(), "stop-and-copy", passPages,
              passPages * settings.pageSize() + settings.deviceStateBytes(), seconds(sim.now() - passStartedAt), 0));
          sim.send(target, new MigrationTarget.Commit(order.vmRef()));
          return committing();
        }))
        .onMessage(TargetFailed.class, m -> fail(m.reason()))
        .onMessage(Abort.class, m -> fail(m.reason()))
        .build();
  }

  private Behavior<Command> committing() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Committed.INSTANCE, () -> {
          resumedAt = sim.now();
          sim.log(order.id(), order.vm().name() + " resumed on " + order.to() + " after "
              + String.format(java.util.Locale.ROOT, "%.3f ms", (resumedAt - pausedAt) / 1e6) + " of blackout");
          sim.schedule(settings.destroyNanos(), self, Destroyed.INSTANCE);
          return destroying();
        })
        // Past the commit point the VM belongs to the destination: an abort no longer applies.
        .onMessage(Abort.class, m -> Behaviors.same())
        .onMessage(TargetFailed.class, m -> Behaviors.same())
        .build();
  }

  // ------------------------------------------------------------------ phase 4: destroy on the source

  private Behavior<Command> destroying() {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Destroyed.INSTANCE, () -> {
          report("completed", null, sim.now());
          return Behaviors.stopped();
        })
        .onMessage(Abort.class, m -> Behaviors.same())
        .onMessage(TargetFailed.class, m -> Behaviors.same())
        .build();
  }

  // ------------------------------------------------------------------ streams, failure, report

  /** Splits {@code bytes} evenly over the route's channels, one flow each. */
  private void sendOverChannels(String tag, long bytes) {
    List<Channel> channels = order.route().channels();
    int n = channels.size();
    for (int i = 0; i < n; i++) {
      Channel c = channels.get(i);
      String id = order.id() + "/" + tag + "/c" + i;
      double share = bytes / (double) n;
      openFlows.add(id);
      sim.send(order.network(), new Network.StartFlow(id, c.links(), share, c.efficiency(), 0, flowReplies));
    }
    bytesSent += bytes;
  }

  /** Handles a stream event; when the last stream of the pass completes, {@code next} is the behavior. */
  private Behavior<Command> onFlow(Network.FlowEvent e, java.util.function.Supplier<Behavior<Command>> next) {
    if (e instanceof Network.FlowFailed f) {
      bytesSent -= (long) f.remainingBytes();
      return fail("stream " + f.flowId() + " lost: link " + f.link() + " went down");
    }
    openFlows.remove(((Network.FlowCompleted) e).flowId());
    return openFlows.isEmpty() ? next.get() : Behaviors.same();
  }

  private Behavior<Command> fail(String reason) {
    sim.log(order.id(), "failed: " + reason + "; " + order.vm().name() + " keeps running on " + order.from());
    for (String id : openFlows) sim.send(order.network(), new Network.StopFlow(id));
    openFlows.clear();
    if (target != null) sim.send(target, new MigrationTarget.Abort(reason));
    else sim.send(order.destination(), new Host.IncomingAborted(order.id()));
    sim.send(order.vmRef(), new Vm.Resume(order.from()));
    report("failed", reason, sim.now());
    return Behaviors.stopped();
  }

  private void report(String outcome, String failure, long finishedAt) {
    sim.send(order.replyTo(), new MigrationResult(order.id(), order.vm().name(), order.from(), order.to(),
        order.transport(), order.route().network(), startedAt, builtAt, pausedAt, resumedAt, finishedAt,
        bytesSent, List.copyOf(passes), stopReason, outcome, failure));
  }

  private long pagesOf(long bytes) {
    return (bytes + settings.pageSize() - 1) / settings.pageSize();
  }

  private static double seconds(long nanos) {
    return dev.livemig.kernel.SimTime.reportSeconds(nanos);
  }
}
