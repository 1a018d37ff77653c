package dev.livemig.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.SimTime;
import dev.livemig.migration.MigrationOrder;
import dev.livemig.migration.MigrationResult;
import dev.livemig.network.Network;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.TransportPlanner;
import dev.livemig.report.MigrationRecord;
import dev.livemig.report.Report;
import dev.livemig.scenario.Specs;
import dev.livemig.scenario.Specs.LiveMigrationSettings;
import dev.livemig.scenario.Specs.Scenario;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The cluster manager (the role of Failover Clustering with VMM): it runs the scenario's steps in
 * order, owns every move, queues migrations against the per-host limit of simultaneous live
 * migrations (counted at source and destination), picks the route of each, and writes the report
 * when the steps are done and no migration is left.
 */
public final class ClusterManager extends AbstractBehavior<ClusterManager.Command> {

  public sealed interface Command {}

  /** Runs the scenario's steps from the first. */
  public enum Begin implements Command { INSTANCE }

  private record Ended(MigrationResult result) implements Command {}

  private enum WaitOver implements Command { INSTANCE }

  /** Handles on the run's actors, by name. */
  public record Wiring(Map<String, ActorRef<Host.Command>> hosts, Map<String, ActorRef<Vm.Command>> vms,
      ActorRef<Network.Command> network) {}

  public static Behavior<Command> create(Sim sim, Scenario scenario, Wiring wiring, NetworkSettings net,
      ActorRef<Report> reportTo) {
    return Behaviors.setup(ctx -> new ClusterManager(ctx, sim, scenario, wiring, net, reportTo));
  }

  private record Request(String id, Specs.VmSpec vm, String from, String to, String measure, long queuedAt) {}

  private record Running(Request request, TransportPlanner.Route route) {}

  private final Sim sim;
  private final Scenario scenario;
  private final Wiring wiring;
  private final NetworkSettings net;
  private final ActorRef<Report> reportTo;
  private final ActorRef<MigrationResult> results;
  private final Map<String, String> location = new TreeMap<>();
  private final Map<String, Specs.VmSpec> vmSpecs = new TreeMap<>();
  private final Deque<Request> queue = new ArrayDeque<>();
  private final Map<String, Running> running = new TreeMap<>();
  private final Map<String, Integer> slots = new TreeMap<>();
  private final Map<String, Integer> streams = new TreeMap<>();
  private final Set<String> linksDown = new HashSet<>();
  private final Map<String, Report.Measure> measures = new LinkedHashMap<>();
  private final List<MigrationRecord> records = new ArrayList<>();
  private LiveMigrationSettings settings;
  private int step;
  private String awaiting; // the migration a synchronous step waits for
  private boolean awaitingIdle;
  private boolean stepsDone;
  private boolean reported;
  private int nextId = 1;

  private ClusterManager(ActorContext<Command> ctx, Sim sim, Scenario scenario, Wiring wiring,
      NetworkSettings net, ActorRef<Report> reportTo) {
    super(ctx);
    this.sim = sim;
    this.scenario = scenario;
    this.wiring = wiring;
    this.net = net;
    this.reportTo = reportTo;
    this.settings = scenario.liveMigration();
    this.results = sim.adapter(ctx, MigrationResult.class, Ended::new);
    for (Specs.VmSpec v : scenario.vms()) {
      location.put(v.name(), v.host());
      vmSpecs.put(v.name(), v);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Begin.INSTANCE, this::nextStep)
        .onMessageEquals(WaitOver.INSTANCE, this::nextStep)
        .onMessage(Ended.class, this::onEnded)
        .build();
  }

  // ------------------------------------------------------------------ steps

  /** Runs steps until one has to wait (for a migration or for time), or none is left. */
  private Behavior<Command> nextStep() {
    while (step < scenario.steps().size()) {
      Specs.Step s = scenario.steps().get(step++);
      if (s instanceof Specs.Configure c) {
        settings = c.settings();
        sim.log("cluster", "live migration: " + settings.performanceOption() + " over " + settings.networks()
            + ", " + settings.simultaneous() + " simultaneous");
      } else if (s instanceof Specs.Migrate m) {
        String id = enqueue(m);
        if (!m.async() && id != null) {
          awaiting = id;
          return this;
        }
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

  private String enqueue(Specs.Migrate m) {
    String id = "m" + nextId++;
    Specs.VmSpec vm = vmSpecs.get(m.vm());
    Request r = new Request(id, vm, location.get(m.vm()), m.to(), m.measure(), sim.now());
    if (r.from().equals(r.to())) {
      reject(r, "VM " + m.vm() + " is already on " + m.to());
      return null;
    }
    queue.addLast(r);
    tryStart();
    return running.containsKey(id) || queue.contains(r) ? id : null;
  }

  // ------------------------------------------------------------------ queueing and start

  /** Starts queued migrations, in order, while their source and destination have a free slot. */
  private void tryStart() {
    var it = queue.iterator();
    while (it.hasNext()) {
      Request r = it.next();
      if (migrating(r.vm().name())) continue;
      if (slots.getOrDefault(r.from(), 0) >= settings.simultaneous()
          || slots.getOrDefault(r.to(), 0) >= settings.simultaneous()) continue;
      it.remove();
      TransportPlanner.Route route;
      try {
        route = TransportPlanner.planTcp(settings.networks(), scenario.host(r.from()), scenario.host(r.to()),
            streams, linksDown, net);
      } catch (TransportPlanner.NoRoute e) {
        reject(r, e.getMessage());
        continue;
      }
      slots.merge(r.from(), 1, Integer::sum);
      slots.merge(r.to(), 1, Integer::sum);
      for (var c : route.channels()) for (String l : c.links()) streams.merge(l, 1, Integer::sum);
      running.put(r.id(), new Running(r, route));
      var order = new MigrationOrder(r.id(), r.vm(), wiring.vms().get(r.vm().name()), r.from(), r.to(),
          wiring.hosts().get(r.to()), settings.performanceOption(), route, settings.maxPasses(),
          wiring.network(), results);
      sim.send(wiring.hosts().get(r.from()), new Host.StartOutgoing(order));
    }
  }

  private boolean migrating(String vm) {
    for (Running r : running.values()) if (r.request().vm().name().equals(vm)) return true;
    return false;
  }

  private Behavior<Command> onEnded(Ended e) {
    MigrationResult res = e.result();
    Running run = running.remove(res.id());
    Request r = run.request();
    slots.merge(r.from(), -1, Integer::sum);
    slots.merge(r.to(), -1, Integer::sum);
    for (var c : run.route().channels()) for (String l : c.links()) streams.merge(l, -1, Integer::sum);
    if ("completed".equals(res.outcome())) location.put(r.vm().name(), r.to());
    records.add(new MigrationRecord(r.id(), r.vm().name(), r.from(), r.to(), "live", res.transport(),
        res.network(), secs(r.queuedAt()), secs(res.startedAt()), secs(res.finishedAt()),
        res.downtimeNanos() / 1e6, res.bytesSent(), res.passes(), res.stopReason(), res.outcome(), res.failure()));
    if (r.measure() != null) measures.put(r.measure(), new Report.Measure(secs(res.finishedAt() - r.queuedAt())));
    tryStart();
    if (r.id().equals(awaiting)) {
      awaiting = null;
      return nextStep();
    }
    if (awaitingIdle && idle()) {
      awaitingIdle = false;
      return nextStep();
    }
    maybeReport();
    return this;
  }

  private void reject(Request r, String reason) {
    sim.log("cluster", r.id() + " rejected: " + reason);
    records.add(new MigrationRecord(r.id(), r.vm().name(), r.from(), r.to(), "live", settings.performanceOption(),
        null, secs(r.queuedAt()), null, secs(sim.now()), 0, 0, List.of(), null, "rejected", reason));
  }

  private boolean idle() {
    return queue.isEmpty() && running.isEmpty();
  }

  private void maybeReport() {
    if (!stepsDone || !idle() || reported) return;
    reported = true;
    sim.send(reportTo, new Report(scenario.name(), sim.seed(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(measures)), List.copyOf(records)));
  }

  private static double secs(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
