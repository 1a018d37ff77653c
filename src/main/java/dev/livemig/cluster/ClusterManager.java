package dev.livemig.cluster;

import dev.livemig.migration.Host;
import dev.livemig.migration.Vm;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.livemig.kernel.Handlers;
import dev.livemig.kernel.Sim;
import dev.livemig.migration.MigrationResult;
import dev.livemig.network.Network;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.Nic;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Specs.LiveMigrationSettings;
import dev.livemig.spec.Specs.Scenario;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The cluster manager (the role of Failover Clustering with VMM): it runs the scenario's steps in
 * order and owns every move. Its parts: {@link Placement} (where a VM goes), {@link Admission} (the
 * queue and the slots), {@link Moves} (starting, ending, retrying and rejecting moves),
 * {@link Failures} (NIC and host events, crashes and cold restarts), one {@link DrainRun} actor per
 * drain or rolling maintenance, and the {@link Ledger} of where every VM is and was. When the steps
 * are done and nothing is left to do, it hands the ledger and the fabric's series to the run's
 * report assembly.
 */
public final class ClusterManager extends AbstractBehavior<ClusterManager.Command> {

  public sealed interface Command {}

  /** Runs the scenario's steps from the first, and arms its events. */
  public enum Begin implements Command { INSTANCE }

  /** From a drain run: move every VM off {@code host} (a rolling maintenance's drain: {@code forRolling}). */
  public record DrainHost(String host, Specs.Placement placement, String measure, boolean forRolling,
      ActorRef<DrainRun.Command> replyTo, Specs.DrainRules rules) implements Command {
    public DrainHost(String host, Specs.Placement placement, String measure, boolean forRolling,
        ActorRef<DrainRun.Command> replyTo) {
      this(host, placement, measure, forRolling, replyTo, Specs.DrainRules.DEFAULT);
    }
  }

  /** From a rolling maintenance: {@code host} is patched; move {@code drained}'s VMs back (null: do not). */
  public record Patched(String host, Batch drained, ActorRef<DrainRun.Command> replyTo) implements Command {}

  /** From a rolling maintenance: it is over. */
  public record RollingEnded(ActorRef<DrainRun.Command> run, Ledger.Maintenance record, String measure)
      implements Command {}

  private record Ended(MigrationResult result) implements Command {}

  enum WaitOver implements Command { INSTANCE }

  private record EventDue(Specs.Event event) implements Command {}

  record Retry(Move move) implements Command {}

  record Booted(String vm, String host) implements Command {}

  private record SeriesReady(Network.Series series) implements Command {}

  /** From a node add's flow (or its own op coming due): see {@link NodeAdds}. */
  record ForNodeAdd(NodeAdds.Request request) implements Command {}

  /**
   * Handles on the run's actors, by name. A VM's actor is made when it is first asked for (most VMs
   * of a large cluster never take part in a run: issue 11), always with the same name and place.
   */
  public record Wiring(Map<String, ActorRef<Host.Command>> hosts, Function<String, ActorRef<Vm.Command>> vms,
      ActorRef<Network.Command> network) {}

  /** What the manager hands over at the end: the ledger, the fabric's series, the end of the run. */
  public record Outcome(Scenario scenario, long seed, Ledger ledger, Network.Series series, long endNanos) {}

  /**
   * @param assemble turns the outcome into the run's report, at once (the ledger is not touched
   *     after), so the cluster needs to know nothing of the report's form
   */
  public static <R> Behavior<Command> create(Sim sim, Scenario scenario, Wiring wiring, NetworkSettings net,
      Function<Outcome, R> assemble, ActorRef<R> reportTo) {
    return Behaviors.setup(ctx -> new ClusterManager(ctx, sim, scenario, wiring, net,
        outcome -> sim.send(reportTo, assemble.apply(outcome))));
  }

  private final Sim sim;
  private final Scenario scenario;
  private final Wiring wiring;
  private final NetworkSettings net;
  private final java.util.function.Consumer<Outcome> report;
  final Ledger ledger;
  final HostBook hosts;
  final Admission admission;
  final Moves moves;
  final Failures failures;
  final NodeAdds nodeAdds;
  LiveMigrationSettings settings;
  private int step;
  /** The migration a synchronous step waits for. */
  String awaiting;
  /** The drain run a synchronous drain step waits for, and then its batch. */
  private ActorRef<DrainRun.Command> awaitingRun;
  private Batch awaitingBatch;
  /** The drain run an asynchronous step waits for until it has asked for its first moves. */
  private ActorRef<DrainRun.Command> starting;
  private ActorRef<DrainRun.Command> rolling;
  private boolean awaitingRolling;
  private boolean awaitingIdle;
  private boolean stepsDone;
  private boolean reporting;
  private int runs;

  private ClusterManager(ActorContext<Command> ctx, Sim sim, Scenario scenario, Wiring wiring, NetworkSettings net,
      java.util.function.Consumer<Outcome> report) {
    super(ctx);
    this.sim = sim;
    this.scenario = scenario;
    this.wiring = wiring;
    this.net = net;
    this.report = report;
    this.settings = scenario.liveMigration();
    this.ledger = new Ledger(scenario.hosts(), scenario.vms());
    this.hosts = new HostBook(scenario.hosts());
    this.admission = new Admission(ledger, scenario.cluster().maxConcurrent());
    for (Specs.VmSpec v : scenario.vms()) hosts.reserve(v.host(), v.memoryBytes());
    this.moves = new Moves(this, sim, scenario, wiring, net, sim.adapter(ctx, MigrationResult.class, Ended::new));
    this.failures = new Failures(this, sim, scenario, wiring, net.sites() == null ? 0 : net.sites().storageFailoverNanos());
    this.nodeAdds = new NodeAdds(this, sim, scenario, wiring);
  }

  ActorRef<Command> self() {
    return getContext().getSelf();
  }

  @Override
  public Receive<Command> createReceive() {
    return Handlers.of(Command.class)
        .onMessageEquals(Begin.INSTANCE, () -> checked("Begin", onBegin()))
        .onMessageEquals(WaitOver.INSTANCE, () -> checked("WaitOver", nextStep()))
        .onMessage(Ended.class, e -> checked("Ended " + e.result().id(), moves.ended(e.result())))
        .onMessage(EventDue.class, e -> checked("EventDue", failures.event(e.event())))
        .onMessage(Retry.class, m -> checked("Retry " + m.move().attemptId(), moves.retry(m.move())))
        .onMessage(Booted.class, m -> checked("Booted " + m.vm(), failures.booted(m)))
        .onMessage(DrainHost.class, m -> checked("DrainHost", onDrainHost(m)))
        .onMessage(Patched.class, m -> checked("Patched", onPatched(m)))
        .onMessage(RollingEnded.class, m -> checked("RollingEnded", onRollingEnded(m)))
        .onMessage(ForNodeAdd.class, m -> checked("NodeAdd", nodeAdds.on(m.request())))
        .onMessage(SeriesReady.class, this::onSeries)
        .build();
  }

  private Behavior<Command> onBegin() {
    for (Specs.Event e : scenario.events()) sim.scheduleAt(e.at(), getContext().getSelf(), new EventDue(e));
    applySmbLimit(null);
    return nextStep();
  }

  // ------------------------------------------------------------------ steps

  /** Runs steps until one has to wait (for a migration, a drain or for time), or none is left. */
  Behavior<Command> nextStep() {
    while (step < scenario.steps().size()) {
      Specs.Step s = scenario.steps().get(step++);
      if (s instanceof Specs.Configure c) {
        LiveMigrationSettings before = settings;
        settings = c.settings();
        applySmbLimit(before);
        sim.log("cluster", "live migration: " + settings.performanceOption() + " over " + settings.networks()
            + ", " + settings.simultaneous() + " simultaneous");
      } else if (s instanceof Specs.Migrate m) {
        String id = moves.enqueue(m);
        if (!m.async() && id != null) {
          awaiting = id;
          return this;
        }
      } else if (s instanceof Specs.Drain d) {
        ActorRef<DrainRun.Command> run = spawn(DrainRun.drain(sim, d, getContext().getSelf()), "drain");
        if (d.async()) starting = run;
        else awaitingRun = run;
        return this;
      } else if (s instanceof Specs.RollingMaintenance r) {
        if (rolling != null) {
          sim.log("cluster", "a rolling maintenance is already running; this one starts after it");
          step--;
          awaitingRolling = true;
          return this;
        }
        rolling = spawn(DrainRun.rolling(sim, r, getContext().getSelf()), "rolling");
        if (r.async()) starting = rolling;
        else awaitingRolling = true;
        return this;
      } else if (s instanceof Specs.AddNode a) {
        nodeAdds.start(a, getContext()); // the next step starts when the flow has ended
        return this;
      } else if (s instanceof Specs.Resume rs) {
        if (hosts.state(rs.host()) == HostBook.State.MAINTENANCE) {
          hosts.set(rs.host(), HostBook.State.UP);
          sim.log("cluster", rs.host() + " leaves maintenance");
        }
        moves.tryStart();
      } else if (s instanceof Specs.Wait w) {
        if (w.untilIdle()) {
          if (!idle()) {
            awaitingIdle = true;
            return this;
          }
        } else {
          sim.schedule(w.nanos(), getContext().getSelf(), WaitOver.INSTANCE);
          return this;
        }
      }
    }
    stepsDone = true;
    maybeReport();
    return this;
  }

  private ActorRef<DrainRun.Command> spawn(Behavior<DrainRun.Command> b, String kind) {
    ActorRef<DrainRun.Command> run = sim.spawn(getContext(), b, kind + "-" + ++runs);
    sim.send(run, DrainRun.Start.INSTANCE);
    return run;
  }

  /**
   * Set-SmbBandwidthLimit on every host: the limit is on payload, the fabric counts line bits, so the
   * link's capacity is the limit over SMB Direct's efficiency.
   */
  private void applySmbLimit(LiveMigrationSettings before) {
    double limit = settings.smbLimitBps();
    if (before == null ? limit <= 0 : before.smbLimitBps() == limit) return;
    double capacity = limit > 0 ? limit / net.rdmaEfficiency() : Nic.UNLIMITED;
    for (Specs.HostSpec h : scenario.hosts()) {
      sim.send(wiring.network(), new Network.SetCapacity(Nic.smbLimitLink(h.name()), capacity));
    }
  }

  // ------------------------------------------------------------------ drains and rolling maintenance

  /** Moves every VM off the host, highest priority first, then in the placement's order. */
  private Behavior<Command> onDrainHost(DrainHost d) {
    if (d.forRolling() && hosts.state(d.host()) == HostBook.State.DOWN) {
      sim.send(d.replyTo(), new DrainRun.Skipped(d.host()));
      return stepStarted(d.replyTo(), null);
    }
    Batch b = moves.drain(d.host(), d.placement(), d.measure(), d.forRolling(),
        d.forRolling() ? d.placement() : scenario.cluster().placement(), d.replyTo(), d.rules());
    return stepStarted(d.replyTo(), b);
  }

  /** A drain run asked for its first moves: a step that waited for that goes on. */
  private Behavior<Command> stepStarted(ActorRef<DrainRun.Command> run, Batch b) {
    if (run.equals(awaitingRun)) {
      awaitingRun = null;
      if (b != null && b.finishedAt < 0) {
        awaitingBatch = b;
        return this;
      }
      return nextStep();
    }
    if (run.equals(starting)) {
      starting = null;
      return nextStep();
    }
    return afterChange();
  }

  /** A batch's last move ended: tell its drain run (with the VMs a drain left behind). */
  void batchFinished(Batch b) {
    b.finishedAt = sim.now();
    sim.log("cluster", (b.kind == Batch.Kind.DRAIN ? "drain" : "return") + " of " + b.host + " done");
    if (b.measure != null) ledger.measure(b.measure, new Ledger.Measured(b.finishedAt - b.startedAt, null, null, null, b.vmsLeft()));
    if (b.kind == Batch.Kind.RETURN) {
      sim.send(b.owner, new DrainRun.Returned(b.host));
      return;
    }
    int left = 0;
    if (b.forRolling) {
      for (String vm : ledger.vmsOn(b.host)) if (!ledger.isDown(vm)) left++;
      if (left > 0) sim.log("cluster", b.host + " still holds " + left + " VMs it could not move; patched anyway");
    }
    sim.send(b.owner, new DrainRun.Drained(b, left));
  }

  private Behavior<Command> onPatched(Patched p) {
    if (hosts.state(p.host()) == HostBook.State.MAINTENANCE) hosts.set(p.host(), HostBook.State.UP);
    sim.log("cluster", p.host() + " patched, back in service");
    if (p.drained() != null) moves.returnVms(p.drained(), p.replyTo());
    return afterChange();
  }

  private Behavior<Command> onRollingEnded(RollingEnded r) {
    rolling = null;
    ledger.maintenance(r.record());
    if (r.measure() != null) {
      int left = 0;
      for (Ledger.Window w : r.record().hosts()) left += w.vmsLeft();
      ledger.measure(r.measure(), new Ledger.Measured(r.record().finishedAt() - r.record().startedAt(), null, null, null, left));
    }
    return afterChange();
  }

  // ------------------------------------------------------------------ resuming steps, the end

  /** After anything ended: resume a step that waited for it, or hand over the outcome. */
  Behavior<Command> afterChange() {
    if (awaitingBatch != null && awaitingBatch.finishedAt >= 0) {
      awaitingBatch = null;
      return nextStep();
    }
    if (awaitingRolling && rolling == null) {
      awaitingRolling = false;
      return nextStep();
    }
    if (awaitingIdle && idle()) {
      awaitingIdle = false;
      return nextStep();
    }
    maybeReport();
    return this;
  }

  boolean idle() {
    return admission.idle() && moves.retriesPending() == 0 && failures.bootsPending() == 0 && rolling == null;
  }

  /**
   * Whether the ledger's invariants are checked after every message (tests: the build sets
   * {@code -Dlivemig.check-invariants=true}); they are always checked once at the end.
   */
  static final boolean CHECK_INVARIANTS = Boolean.getBoolean("livemig.check-invariants");

  /** After a message was handled: the invariants, when checked, or the run fails naming the VM and the instant. */
  private Behavior<Command> checked(String after, Behavior<Command> next) {
    if (CHECK_INVARIANTS) {
      List<String> broken = ledger.invariants(hosts);
      if (!broken.isEmpty())
        throw new IllegalStateException("invariant broken at " + sim.nowSeconds() + " s after " + after + ": " + broken);
    }
    return next;
  }

  private void maybeReport() {
    if (!stepsDone || !idle() || reporting) return;
    reporting = true;
    List<String> broken = ledger.invariants(hosts);
    if (!broken.isEmpty()) throw new IllegalStateException("invariant broken at " + sim.nowSeconds() + " s, the end: " + broken);
    sim.send(wiring.network(), new Network.CollectSeries(net.seriesResolutionFor(sim.now()),
        sim.adapter(getContext(), Network.Series.class, SeriesReady::new)));
  }

  private Behavior<Command> onSeries(SeriesReady m) {
    report.accept(new Outcome(scenario, sim.seed(), ledger, m.series(), sim.now()));
    return this;
  }
}
