package dev.livemig.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
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
import dev.livemig.migration.PassRecord;
import dev.livemig.network.Network;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.Nic;
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
 * migrations (counted at source and destination), picks the route of each from the cluster's
 * live-migration networks, applies the scenario's events (NIC down/up), retries failed migrations
 * per its settings, and writes the report when the steps are done and no migration is left.
 */
public final class ClusterManager extends AbstractBehavior<ClusterManager.Command> {

  public sealed interface Command {}

  /** Runs the scenario's steps from the first, and arms its events. */
  public enum Begin implements Command { INSTANCE }

  private record Ended(MigrationResult result) implements Command {}

  private enum WaitOver implements Command { INSTANCE }

  private record EventDue(Specs.Event event) implements Command {}

  private record Retry(Request request) implements Command {}

  private record SeriesReady(Network.Series series) implements Command {}

  /** Handles on the run's actors, by name. */
  public record Wiring(Map<String, ActorRef<Host.Command>> hosts, Map<String, ActorRef<Vm.Command>> vms,
      ActorRef<Network.Command> network) {}

  public static Behavior<Command> create(Sim sim, Scenario scenario, Wiring wiring, NetworkSettings net,
      ActorRef<Report> reportTo) {
    return Behaviors.setup(ctx -> new ClusterManager(ctx, sim, scenario, wiring, net, reportTo));
  }

  private record Request(String id, int attempt, Specs.VmSpec vm, String from, String to, String measure,
      long queuedAt) {
    String attemptId() {
      return attempt == 0 ? id : id + "." + attempt;
    }
  }

  private record Running(Request request, TransportPlanner.Route route, LiveMigrationSettings settings) {}

  private final Sim sim;
  private final Scenario scenario;
  private final Wiring wiring;
  private final NetworkSettings net;
  private final ActorRef<Report> reportTo;
  private final ActorRef<MigrationResult> results;
  private final Map<String, String> location = new TreeMap<>();
  /** Per VM, the instants it changed host and the host from then on (for the CPU series). */
  private final Map<String, List<Object[]>> moves = new TreeMap<>();
  private final Map<String, Specs.VmSpec> vmSpecs = new TreeMap<>();
  private final Deque<Request> queue = new ArrayDeque<>();
  private final Map<String, Running> running = new TreeMap<>();
  private final Map<String, Integer> slots = new TreeMap<>();
  private final Map<String, Integer> streams = new TreeMap<>();
  private final Set<String> linksDown = new HashSet<>();
  private final Map<String, Report.Measure> measures = new LinkedHashMap<>();
  private final List<MigrationRecord> records = new ArrayList<>();
  private final List<MigrationResult.CpuUse> cpuUse = new ArrayList<>();
  private int retriesPending;
  private LiveMigrationSettings settings;
  private int step;
  private String awaiting; // the migration a synchronous step waits for
  private boolean awaitingIdle;
  private boolean stepsDone;
  private boolean reporting;
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
      List<Object[]> m = new ArrayList<>();
      m.add(new Object[] {0L, v.host()});
      moves.put(v.name(), m);
    }
    for (Specs.HostSpec h : scenario.hosts()) {
      for (Specs.NicSpec n : h.nics()) {
        if (!n.enabled()) {
          linksDown.add(Nic.txLink(h.name(), n.name()));
          linksDown.add(Nic.rxLink(h.name(), n.name()));
        }
      }
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Begin.INSTANCE, this::onBegin)
        .onMessageEquals(WaitOver.INSTANCE, this::nextStep)
        .onMessage(Ended.class, this::onEnded)
        .onMessage(EventDue.class, this::onEvent)
        .onMessage(Retry.class, this::onRetry)
        .onMessage(SeriesReady.class, this::onSeries)
        .build();
  }

  private Behavior<Command> onBegin() {
    for (Specs.Event e : scenario.events()) sim.scheduleAt(e.at(), getContext().getSelf(), new EventDue(e));
    return nextStep();
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

  /** Queues a migration; returns its id, or null when it was rejected at once. */
  private String enqueue(Specs.Migrate m) {
    String id = "m" + nextId++;
    Specs.VmSpec vm = vmSpecs.get(m.vm());
    Request r = new Request(id, 0, vm, location.get(m.vm()), m.to(), m.measure(), sim.now());
    if (r.from().equals(r.to())) {
      reject(r, "VM " + m.vm() + " is already on " + m.to());
      return null;
    }
    queue.addLast(r);
    tryStart();
    return pending(id) ? id : null;
  }

  private boolean pending(String id) {
    if (running.containsKey(id)) return true;
    for (Request q : queue) if (q.id().equals(id)) return true;
    return false;
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
        route = TransportPlanner.plan(settings.performanceOption(), settings.networks(), scenario.host(r.from()),
            scenario.host(r.to()), streams, linksDown, net);
      } catch (TransportPlanner.NoRoute e) {
        reject(r, e.getMessage());
        continue;
      }
      slots.merge(r.from(), 1, Integer::sum);
      slots.merge(r.to(), 1, Integer::sum);
      for (var c : route.channels()) for (String l : c.links()) streams.merge(l, 1, Integer::sum);
      running.put(r.id(), new Running(r, route, settings));
      List<Specs.CpuProfile> load = new ArrayList<>();
      for (var e : location.entrySet()) if (e.getValue().equals(r.from())) load.add(vmSpecs.get(e.getKey()).cpu());
      var order = new MigrationOrder(r.id(), r.attempt(), r.vm(), wiring.vms().get(r.vm().name()), r.from(), r.to(),
          wiring.hosts().get(r.to()), settings.performanceOption(), route, settings.maxPasses(), settings.smbLimitBps(),
          scenario.host(r.from()).cores(), List.copyOf(load), wiring.network(), results);
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
    cpuUse.addAll(res.cpu());
    boolean done = "completed".equals(res.outcome());
    if (done) {
      location.put(r.vm().name(), r.to());
      moves.get(r.vm().name()).add(new Object[] {res.resumedAt(), r.to()});
    }
    records.add(new MigrationRecord(r.attemptId(), r.vm().name(), r.from(), r.to(), "live", res.transport(),
        res.network(), secs(r.queuedAt()), secs(res.startedAt()), secs(res.finishedAt()),
        res.downtimeNanos() / 1e6, res.bytesSent(), res.wireBytes(), res.passes(), res.stopReason(), res.outcome(),
        res.failure(), res.notes()));
    boolean retry = !done && r.attempt() < run.settings().retries();
    if (retry) {
      sim.log("cluster", r.attemptId() + " failed; retry " + (r.attempt() + 1) + " in "
          + run.settings().retryDelayNanos() / 1e9 + " s");
      retriesPending++;
      Request again = new Request(r.id(), r.attempt() + 1, r.vm(), location.get(r.vm().name()), r.to(), r.measure(),
          r.queuedAt());
      sim.schedule(run.settings().retryDelayNanos(), getContext().getSelf(), new Retry(again));
    } else if (r.measure() != null) {
      measures.put(r.measure(), new Report.Measure(secs(res.finishedAt() - r.queuedAt()), copyGbps(res.passes()),
          res.downtimeNanos() / 1e6));
    }
    tryStart();
    if (!retry && r.id().equals(awaiting)) {
      awaiting = null;
      return nextStep();
    }
    return afterChange();
  }

  private Behavior<Command> onRetry(Retry m) {
    retriesPending--;
    queue.addLast(m.request());
    tryStart();
    return afterChange();
  }

  private Behavior<Command> afterChange() {
    if (awaitingIdle && idle()) {
      awaitingIdle = false;
      return nextStep();
    }
    maybeReport();
    return this;
  }

  private Behavior<Command> onEvent(EventDue m) {
    if (m.event() instanceof Specs.NicEvent e) return onNicEvent(e);
    throw new IllegalStateException("unhandled event " + m.event());
  }

  private Behavior<Command> onNicEvent(Specs.NicEvent e) {
    sim.log("cluster", "event: " + e.host() + "/" + e.nic() + (e.up() ? " up" : " down"));
    for (String l : List.of(Nic.txLink(e.host(), e.nic()), Nic.rxLink(e.host(), e.nic()))) {
      if (e.up()) linksDown.remove(l);
      else linksDown.add(l);
    }
    sim.send(wiring.hosts().get(e.host()), new Host.SetNic(e.nic(), e.up()));
    if (e.up()) tryStart();
    return this;
  }

  private void reject(Request r, String reason) {
    sim.log("cluster", r.attemptId() + " rejected: " + reason);
    records.add(new MigrationRecord(r.attemptId(), r.vm().name(), r.from(), r.to(), "live",
        settings.performanceOption(), null, secs(r.queuedAt()), null, secs(sim.now()), 0, 0, 0, List.of(), null,
        "rejected", reason, List.of()));
  }

  private boolean idle() {
    return queue.isEmpty() && running.isEmpty() && retriesPending == 0;
  }

  // ------------------------------------------------------------------ the report

  private void maybeReport() {
    if (!stepsDone || !idle() || reporting) return;
    reporting = true;
    sim.send(wiring.network(), new Network.CollectSeries(net.seriesResolutionNanos(),
        sim.adapter(getContext(), Network.Series.class, SeriesReady::new)));
  }

  private Behavior<Command> onSeries(SeriesReady m) {
    long res = m.series().resolutionNanos();
    var series = new Report.Series(secs(res), m.series().gbps(), cpuSeries(res));
    sim.send(reportTo, new Report(scenario.name(), sim.seed(), Collections.unmodifiableMap(new LinkedHashMap<>(measures)),
        List.copyOf(records), series));
    return this;
  }

  /** Cores busy per host and bucket: the CPU of the VMs it held, plus compression. */
  private Map<String, List<Double>> cpuSeries(long res) {
    long end = sim.now();
    int buckets = (int) Math.max(1, (end + res - 1) / res);
    Map<String, double[]> acc = new TreeMap<>();
    for (Specs.HostSpec h : scenario.hosts()) acc.put(h.name(), new double[buckets]);
    for (var e : moves.entrySet()) {
      Specs.CpuProfile cpu = vmSpecs.get(e.getKey()).cpu();
      List<Object[]> m = e.getValue();
      for (int i = 0; i < m.size(); i++) {
        long from = (Long) m.get(i)[0];
        long to = i + 1 < m.size() ? (Long) m.get(i + 1)[0] : end;
        double[] a = acc.get((String) m.get(i)[1]);
        for (int b = (int) (from / res); b < buckets && (long) b * res < to; b++) {
          long s = Math.max(from, (long) b * res);
          long t = Math.min(to, (long) (b + 1) * res);
          if (t > s) a[b] += cpu.coresAt(s) * (t - s);
        }
      }
    }
    for (MigrationResult.CpuUse u : cpuUse) {
      double[] a = acc.get(u.host());
      for (int b = (int) (u.from() / res); b < buckets && (long) b * res < u.to(); b++) {
        long s = Math.max(u.from(), (long) b * res);
        long t = Math.min(u.to(), (long) (b + 1) * res);
        if (t > s) a[b] += u.cores() * (t - s);
      }
    }
    Map<String, List<Double>> out = new TreeMap<>();
    for (var e : acc.entrySet()) {
      boolean any = false;
      List<Double> l = new ArrayList<>(buckets);
      for (int b = 0; b < buckets; b++) {
        long len = Math.min(res, end - (long) b * res);
        double v = len <= 0 ? 0 : Math.round(e.getValue()[b] / len * 1e3) / 1e3;
        any |= v != 0;
        l.add(v);
      }
      if (any) out.put(e.getKey(), List.copyOf(l));
    }
    return Collections.unmodifiableMap(out);
  }

  /** Payload Gbit/s of the first (full) pass: what the NIC counters show during the copy. */
  private static double copyGbps(List<PassRecord> passes) {
    if (passes.isEmpty() || passes.get(0).seconds() <= 0) return 0;
    return Math.round(passes.get(0).bytes() * 8 / passes.get(0).seconds() / 1e9 * 1e4) / 1e4;
  }

  private static double secs(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
