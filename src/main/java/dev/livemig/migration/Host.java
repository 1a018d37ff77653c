package dev.livemig.migration;

import java.util.Map;
import java.util.TreeMap;
import dev.livemig.kernel.Handlers;
import dev.livemig.kernel.Sim;
import dev.livemig.migration.MigrationOrder;
import dev.livemig.migration.MigrationSettings;
import dev.livemig.migration.MigrationSource;
import dev.livemig.migration.MigrationTarget;
import dev.livemig.network.Network;
import dev.livemig.network.Nic;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A Hyper-V host: its NIC ports (child actors), the source sides of the migrations out of it (child
 * actors, one per migration) and the destination sides of those into it ({@link MigrationTarget}s,
 * its own state: their commands come to the host, {@link ToTarget}).
 */
public final class Host extends AbstractBehavior<Host.Command> {

  public sealed interface Command {}

  /** From the cluster manager: migrate one of this host's VMs. */
  public record StartOutgoing(MigrationOrder order) implements Command {}

  /** From a migration's source side: build the VM here. */
  public record PrepareIncoming(MigrationTarget.Prepare prepare) implements Command {}

  /** The source gave up before the target answered. */
  public record IncomingAborted(String migrationId) implements Command {}

  /** For the destination side of migration {@code migrationId} here (from its source, or its own timers). */
  public record ToTarget(String migrationId, MigrationTarget.Command command) implements Command {}

  /** Abort an outgoing migration (its destination failed, or this host did). */
  public record AbortOutgoing(String attemptId, String reason) implements Command {}

  /**
   * From a compressed migration out of this host: up to {@code wanted} cores for its next batch, out
   * of {@code spare} (cores its VMs leave free); the others' batches in progress count against it.
   */
  public record CompressionCores(String migration, int wanted, double spare, ActorRef<CompressionGrant> replyTo)
      implements Command {}

  /** The migration's batch is compressed: its cores are free again. */
  public record CompressionDone(String migration) implements Command {}

  public record CompressionGrant(int cores) {}

  /**
   * From a migration's source side, after the cluster moved the VM's role: remove the VM here (through
   * this host's management service, one VM at a time); {@code replyTo} hears {@link MigrationSource.CleanedUp}.
   */
  /** {@code nanos}: the cleanup's own time in the management service (its platform's). */
  public record Cleanup(String migration, long nanos, ActorRef<MigrationSource.Command> replyTo) implements Command {}

  /** The VM's configuration reached this (destination) host: its creation joins the management queue. */
  private record ConfigArrived(MigrationTarget.Prepare prepare, MigrationTarget target) implements Command {}

  /** The management service finished the job at the head of its queue. */
  private enum JobDone implements Command { INSTANCE }

  /** A job of the host's management service: create a VM (for a target) or clean one up (for a source). */
  private record Job(String migration, long nanos, MigrationTarget target, ActorRef<MigrationSource.Command> source) {}

  /**
   * From a node add: what this host reports about itself (an inventory query), answered after
   * {@code afterNanos}, the query's time.
   */
  public record Identify(long afterNanos, ActorRef<Identity> replyTo) implements Command {}

  /** What a host reports about itself. */
  public record Identity(String host, dev.livemig.spec.NodeModel.Identity identity) {}

  /** A port of this host goes down or up (scenario events). */
  public record SetNic(String nic, boolean up) implements Command {}

  public static Behavior<Command> create(Sim sim, HostSpec spec, MigrationSettings settings,
      ActorRef<Network.Command> network) {
    return create(sim, spec, settings, null, network);
  }

  /** @param kinds the constants of the kinds of move other than a plain live migration (issue 13) */
  public static Behavior<Command> create(Sim sim, HostSpec spec, MigrationSettings settings, MovePlan.Settings kinds,
      ActorRef<Network.Command> network) {
    return create(sim, spec, settings, kinds, network, null);
  }

  /** A host that reports {@code identity} when a node add asks it (null: it reports none). */
  public static Behavior<Command> create(Sim sim, HostSpec spec, MigrationSettings settings, MovePlan.Settings kinds,
      ActorRef<Network.Command> network, dev.livemig.spec.NodeModel.Identity identity) {
    return Behaviors.setup(ctx -> new Host(ctx, sim, spec, settings, kinds, network, identity));
  }

  private final Sim sim;
  private final HostSpec spec;
  private final MigrationSettings settings;
  private final Map<String, ActorRef<Nic.Command>> nics = new TreeMap<>();
  /** The destination sides of the migrations into this host that are not done with, by migration id. */
  private final Map<String, MigrationTarget> incoming = new java.util.HashMap<>();
  private final Map<String, ActorRef<MigrationSource.Command>> outgoing = new TreeMap<>();
  /** The moves of other kinds (and live moves with a plan) out of this host, by attempt id. */
  private final Map<String, ActorRef<MoveRun.Command>> moves = new TreeMap<>();
  private final MovePlan.Settings kinds;
  /** The management service's queue (VMMS): one job at a time, in arrival order. */
  private final java.util.ArrayDeque<Job> jobs = new java.util.ArrayDeque<>();
  private Job running;
  /** Cores each compressed migration out of this host is using for its current batch. */
  private final Map<String, Integer> compressing = new TreeMap<>();

  /** What this host reports about itself (node add). */
  private final dev.livemig.spec.NodeModel.Identity identity;

  private Host(ActorContext<Command> ctx, Sim sim, HostSpec spec, MigrationSettings settings, MovePlan.Settings kinds,
      ActorRef<Network.Command> network, dev.livemig.spec.NodeModel.Identity identity) {
    super(ctx);
    this.kinds = kinds;
    this.identity = identity;
    this.sim = sim;
    this.spec = spec;
    this.settings = settings;
    for (NicSpec n : spec.nics()) nics.put(n.name(), sim.spawn(ctx, Nic.create(sim, spec.name(), n, network), "nic-" + n.name()));
  }

  @Override
  public Receive<Command> createReceive() {
    return Handlers.of(Command.class)
        .onMessage(StartOutgoing.class, this::onStartOutgoing)
        .onMessage(PrepareIncoming.class, this::onPrepareIncoming)
        .onMessage(IncomingAborted.class, this::onIncomingAborted)
        .onMessage(SetNic.class, this::onSetNic)
        .onMessage(AbortOutgoing.class, this::onAbortOutgoing)
        .onMessage(CompressionCores.class, this::onCompressionCores)
        .onMessage(ConfigArrived.class, m -> enqueue(new Job(m.prepare().migrationId(), m.prepare().phases().createVm(),
            m.target(), null)))
        .onMessage(Cleanup.class, m -> enqueue(new Job(m.migration(), m.nanos(), null, m.replyTo())))
        .onMessage(ToTarget.class, this::onToTarget)
        .onMessageEquals(JobDone.INSTANCE, this::onJobDone)
        .onMessage(Identify.class, m -> {
          sim.schedule(m.afterNanos(), m.replyTo(), new Identity(spec.name(), identity));
          return this;
        })
        .onMessage(CompressionDone.class, m -> {
          compressing.remove(m.migration());
          return this;
        })
        .build();
  }

  private Behavior<Command> onStartOutgoing(StartOutgoing m) {
    if (m.order().plan() != null) {
      var run = sim.spawn(getContext(), MoveRun.create(sim, settings, kinds, m.order(), getContext().getSelf()),
          "move-" + m.order().attemptId());
      moves.put(m.order().attemptId(), run);
      sim.send(run, MoveRun.Begin.INSTANCE);
      return this;
    }
    var source = sim.spawn(getContext(), MigrationSource.create(sim, settings, m.order(), getContext().getSelf()), "out-" + m.order().id() + (m.order().attempt() > 0 ? "." + m.order().attempt() : ""));
    outgoing.put(m.order().id() + (m.order().attempt() > 0 ? "." + m.order().attempt() : ""), source);
    sim.send(source, MigrationSource.Begin.INSTANCE);
    return this;
  }

  private Behavior<Command> onPrepareIncoming(PrepareIncoming m) {
    var p = m.prepare();
    // (a retry of the same migration gets a new id suffix from the source side)
    var target = new MigrationTarget(sim, settings, spec.name(), p, getContext().getSelf());
    incoming.put(p.migrationId(), target);
    sim.schedule(p.phases().configTransfer(), getContext().getSelf(), new ConfigArrived(p, target));
    return this;
  }

  private Behavior<Command> onToTarget(ToTarget m) {
    MigrationTarget t = incoming.get(m.migrationId());
    if (t != null && !t.on(m.command())) incoming.remove(m.migrationId());
    return this;
  }

  private Behavior<Command> enqueue(Job job) {
    jobs.add(job);
    if (running == null) startJob();
    return this;
  }

  private void startJob() {
    running = jobs.poll();
    if (running != null) sim.schedule(running.nanos(), getContext().getSelf(), JobDone.INSTANCE);
  }

  private Behavior<Command> onJobDone() {
    Job done = running;
    running = null;
    if (done.target() != null) {
      // Created: the target prepares the VM's dependencies and allocates its memory (unless its
      // migration was aborted meanwhile: then it is gone and the event is dropped).
      if (incoming.get(done.migration()) == done.target() && !done.target().detached) done.target().startBuild();
    } else {
      // The VM is gone from here: its migration's source side ignores aborts from now on, and the
      // host forgets it (memory grows with what migrates, not with what is done).
      outgoing.remove(done.migration());
      sim.send(done.source(), MigrationSource.CleanedUp.INSTANCE);
    }
    startJob();
    return this;
  }

  private Behavior<Command> onIncomingAborted(IncomingAborted m) {
    // The target hears the abort (a message, as from its source); the host no longer builds it.
    var target = incoming.get(m.migrationId());
    if (target != null && !target.detached) {
      target.detached = true;
      new MigrationTarget.Ref(getContext().getSelf(), m.migrationId()).tell(sim, new MigrationTarget.Abort("source aborted"));
    }
    // A creation still waiting in the management queue is dropped with its migration.
    jobs.removeIf(j -> j.target() != null && j.migration().equals(m.migrationId()));
    return this;
  }

  private Behavior<Command> onCompressionCores(CompressionCores m) {
    int inUse = 0;
    for (var e : compressing.entrySet()) if (!e.getKey().equals(m.migration())) inUse += e.getValue();
    int grant = (int) Math.max(0, Math.min(m.wanted(), Math.floor(m.spare() - inUse)));
    if (grant > 0) compressing.put(m.migration(), grant);
    sim.send(m.replyTo(), new CompressionGrant(grant));
    return this;
  }

  private Behavior<Command> onAbortOutgoing(AbortOutgoing m) {
    var source = outgoing.remove(m.attemptId());
    if (source != null) sim.send(source, new MigrationSource.Abort(m.reason()));
    var move = moves.remove(m.attemptId());
    if (move != null) sim.send(move, new MoveRun.Abort(m.reason()));
    return this;
  }

  private Behavior<Command> onSetNic(SetNic m) {
    var nic = nics.get(m.nic());
    if (nic != null) sim.send(nic, new Nic.SetUp(m.up()));
    return this;
  }
}
