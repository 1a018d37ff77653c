package dev.livemig.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
import dev.livemig.report.Buckets;
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
 * order and owns every move. It places VMs (respecting destination memory), queues migrations
 * against the per-host limit of simultaneous live migrations (counted at source and destination)
 * and the optional cluster-wide one, picks the route of each from the cluster's live-migration
 * networks, drains hosts into maintenance, runs rolling maintenance, applies the scenario's events
 * (NIC and host failures), retries or re-places failed migrations, restarts the VMs of a crashed
 * host elsewhere, and writes the report when the steps are done and nothing is left to do.
 */
public final class ClusterManager extends AbstractBehavior<ClusterManager.Command> {

  public sealed interface Command {}

  /** Runs the scenario's steps from the first, and arms its events. */
  public enum Begin implements Command { INSTANCE }

  private record Ended(MigrationResult result) implements Command {}

  private enum WaitOver implements Command { INSTANCE }

  private record EventDue(Specs.Event event) implements Command {}

  private record Retry(Request request) implements Command {}

  private record PatchDone(String host) implements Command {}

  private record Booted(String vm, String host) implements Command {}

  private record SeriesReady(Network.Series series) implements Command {}

  /** Handles on the run's actors, by name. */
  public record Wiring(Map<String, ActorRef<Host.Command>> hosts, Map<String, ActorRef<Vm.Command>> vms,
      ActorRef<Network.Command> network) {}

  public static Behavior<Command> create(Sim sim, Scenario scenario, Wiring wiring, NetworkSettings net,
      ActorRef<Report> reportTo) {
    return Behaviors.setup(ctx -> new ClusterManager(ctx, sim, scenario, wiring, net, reportTo));
  }

  private enum HostState { UP, MAINTENANCE, DOWN }

  /** Where a crashed host's VMs restart, cold: the up host with the most free memory (as drains by default). */
  private static final Specs.Placement RESTART_PLACEMENT = new Specs.Placement("most-free-memory", List.of(), "as-listed");

  private record Request(String id, int attempt, Specs.VmSpec vm, String from, String to, String measure,
      long queuedAt, Batch batch) {
    String attemptId() {
      return attempt == 0 ? id : id + "." + attempt;
    }

    Request again(String newFrom, String newTo) {
      return new Request(id, attempt + 1, vm, newFrom, newTo, measure, queuedAt, batch);
    }
  }

  private record Running(Request request, TransportPlanner.Route route, LiveMigrationSettings settings, long startedAt) {}

  /** A group of moves the manager waits for: a host's drain, or the return of its VMs after patching. */
  private static final class Batch {
    final String kind; // drain | return
    final String host;
    final String measure;
    final boolean forRolling;
    final long startedAt;
    final Map<String, Report.DrainedVm> vms = new LinkedHashMap<>();
    final Map<String, String> movedTo = new LinkedHashMap<>();
    long bytesMoved;
    int pending;
    long finishedAt = -1;

    Batch(String kind, String host, String measure, boolean forRolling, long startedAt) {
      this.kind = kind;
      this.host = host;
      this.measure = measure;
      this.forRolling = forRolling;
      this.startedAt = startedAt;
    }
  }

  /** A rolling maintenance in progress. */
  private static final class Rolling {
    final Specs.RollingMaintenance step;
    final long startedAt;
    final List<long[]> windows = new ArrayList<>(); // per host: start, drained, patched, finished, VMs left
    int index;
    Batch drain;

    Rolling(Specs.RollingMaintenance step, long startedAt) {
      this.step = step;
      this.startedAt = startedAt;
    }
  }

  private final Sim sim;
  private final Scenario scenario;
  private final Wiring wiring;
  private final NetworkSettings net;
  private final ActorRef<Report> reportTo;
  private final ActorRef<MigrationResult> results;
  private final Map<String, String> location = new TreeMap<>();
  /** Per VM, the instants it changed host and the host from then on ("" while down), for the CPU series. */
  private final Map<String, List<Object[]>> moves = new TreeMap<>();
  private final Map<String, Specs.VmSpec> vmSpecs = new LinkedHashMap<>();
  private final Map<String, HostState> hostState = new LinkedHashMap<>();
  private final Map<String, Long> memUsed = new java.util.HashMap<>(); // looked up, never iterated
  private final Map<String, Long> capacity = new java.util.HashMap<>();
  private final Map<String, Integer> listedAt = new java.util.HashMap<>(); // a VM's place in the scenario
  private final Deque<Request> queue = new ArrayDeque<>();
  private final Map<String, Running> running = new TreeMap<>();
  private final Map<String, Integer> slots = new TreeMap<>();
  private final Map<String, Integer> streams = new TreeMap<>();
  private final Set<String> linksDown = new HashSet<>();
  /** NICs down by a scenario event (host/nic), as opposed to down with their crashed host. */
  /**
   * The host's spare CPU for TCP-borne migration streams (Nic.cpuLink): its cores less what its VMs
   * use now, never below livemig.cpu.min-spare-cores, times what a core carries. Set when a migration
   * starts or ends at the host (VMs arrive and leave then); a host without `cores` is not bound.
   */
  private void updateCpuLink(String host) {
    Specs.HostSpec h = scenario.host(host);
    if (h == null || h.cores() <= 0) return;
    double used = 0;
    for (var e : location.entrySet()) {
      if (e.getValue().equals(host) && !downSince.containsKey(e.getKey())) used += vmSpecs.get(e.getKey()).cpu().coresAt(sim.now());
    }
    var cpu = net.cpu();
    double spare = Math.max(cpu.minSpareCores(), h.cores() - used);
    double capacity = spare * cpu.tcpPerCoreBps() * h.coreSpeedOr(cpu.defaultCoreSpeed()) / net.tcpEfficiency();
    if (!Objects.equals(cpuCapacity.put(host, capacity), capacity))
      sim.send(wiring.network(), new Network.SetCapacity(Nic.cpuLink(host), capacity));
  }

  private final Map<String, Double> cpuCapacity = new TreeMap<>();
  private final Set<String> nicsDown = new HashSet<>();
  private final Set<String> waitLogged = new HashSet<>();
  /** VMs down after a crash: since when, and the crash record they belong to. */
  private final Map<String, Long> downSince = new TreeMap<>();
  private final Map<String, Integer> crashOf = new TreeMap<>();
  private final List<String[]> crashes = new ArrayList<>(); // host, at
  private final List<List<Report.CrashedVm>> crashedVms = new ArrayList<>();
  private final Map<String, Report.Measure> measures = new LinkedHashMap<>();
  private final List<MigrationRecord> records = new ArrayList<>();
  private final List<Batch> drains = new ArrayList<>();
  private final List<Report.MaintenanceRecord> maintenance = new ArrayList<>();
  private final List<MigrationResult.CpuUse> cpuUse = new ArrayList<>();
  private int retriesPending;
  private int bootsPending;
  private int roundRobin;
  private LiveMigrationSettings settings;
  private int step;
  private String awaiting; // the migration a synchronous step waits for
  private Batch awaitingBatch; // the drain a synchronous step waits for
  private Rolling rolling;
  private boolean awaitingRolling;
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
    for (Specs.HostSpec h : scenario.hosts()) {
      hostState.put(h.name(), HostState.UP);
      capacity.put(h.name(), h.memoryBytes());
      memUsed.put(h.name(), 0L);
      for (Specs.NicSpec n : h.nics()) {
        if (!n.enabled()) {
          linksDown.add(Nic.txLink(h.name(), n.name()));
          linksDown.add(Nic.rxLink(h.name(), n.name()));
        }
      }
    }
    for (Specs.VmSpec v : scenario.vms()) {
      location.put(v.name(), v.host());
      vmSpecs.put(v.name(), v);
      listedAt.put(v.name(), listedAt.size());
      memUsed.merge(v.host(), v.memoryBytes(), Long::sum);
      List<Object[]> m = new ArrayList<>();
      m.add(new Object[] {0L, v.host()});
      moves.put(v.name(), m);
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
        .onMessage(PatchDone.class, this::onPatchDone)
        .onMessage(Booted.class, this::onBooted)
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
  private Behavior<Command> nextStep() {
    while (step < scenario.steps().size()) {
      Specs.Step s = scenario.steps().get(step++);
      if (s instanceof Specs.Configure c) {
        LiveMigrationSettings before = settings;
        settings = c.settings();
        applySmbLimit(before);
        sim.log("cluster", "live migration: " + settings.performanceOption() + " over " + settings.networks()
            + ", " + settings.simultaneous() + " simultaneous");
      } else if (s instanceof Specs.Migrate m) {
        String id = enqueueMove(m);
        if (!m.async() && id != null) {
          awaiting = id;
          return this;
        }
      } else if (s instanceof Specs.Drain d) {
        Batch b = startDrain(d.host(), d.placement(), d.measure(), false);
        if (!d.async() && b.finishedAt < 0) {
          awaitingBatch = b;
          return this;
        }
      } else if (s instanceof Specs.RollingMaintenance r) {
        if (rolling != null) {
          sim.log("cluster", "a rolling maintenance is already running; this one starts after it");
          step--;
          awaitingRolling = true;
          return this;
        }
        rolling = new Rolling(r, sim.now());
        nextRollingHost();
        if (!r.async() && rolling != null) {
          awaitingRolling = true;
          return this;
        }
      } else if (s instanceof Specs.Resume rs) {
        if (hostState.get(rs.host()) == HostState.MAINTENANCE) {
          hostState.put(rs.host(), HostState.UP);
          sim.log("cluster", rs.host() + " leaves maintenance");
        }
        tryStart();
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

  /** Queues a migrate step's move; returns its id, or null when it was rejected at once. */
  private String enqueueMove(Specs.Migrate m) {
    String id = "m" + nextId++;
    Specs.VmSpec vm = vmSpecs.get(m.vm());
    Request r = new Request(id, 0, vm, location.get(m.vm()), m.to(), m.measure(), sim.now(), null);
    if (downSince.containsKey(m.vm())) {
      reject(r, "VM " + m.vm() + " is down (its host crashed)");
      return null;
    }
    // While an earlier move of the VM is queued or running, where it will be is known only when this
    // one starts (tryStart): only then is "already there" decided.
    if (r.from().equals(r.to()) && !migrating(m.vm()) && !queued(m.vm())) {
      reject(r, "VM " + m.vm() + " is already on " + m.to());
      return null;
    }
    if (hostState.get(r.to()) != HostState.UP) {
      reject(r, "host " + r.to() + " is " + hostState.get(r.to()).name().toLowerCase(Locale.ROOT));
      return null;
    }
    if (free(r.to()) < vm.memoryBytes()) {
      reject(r, "host " + r.to() + " has " + gib(free(r.to())) + " free, the VM needs " + gib(vm.memoryBytes()));
      return null;
    }
    memUsed.merge(r.to(), vm.memoryBytes(), Long::sum);
    queue.addLast(r);
    tryStart();
    return pending(id) ? id : null;
  }

  private boolean queued(String vm) {
    for (Request q : queue) if (q.vm().name().equals(vm)) return true;
    return false;
  }

  private boolean pending(String id) {
    if (running.containsKey(id)) return true;
    for (Request q : queue) if (q.id().equals(id)) return true;
    return false;
  }

  // ------------------------------------------------------------------ placement

  private long free(String host) {
    return capacity.get(host) - memUsed.getOrDefault(host, 0L);
  }

  /** Where a VM leaving {@code from} goes under {@code p}, or null when no up host has room. */
  private String place(Specs.VmSpec vm, String from, Specs.Placement p) {
    List<String> candidates = new ArrayList<>();
    List<String> pool = "targets".equals(p.policy()) ? p.targets() : new ArrayList<>(hostState.keySet());
    for (String h : pool) {
      if (!h.equals(from) && hostState.get(h) == HostState.UP && free(h) >= vm.memoryBytes()) candidates.add(h);
    }
    if (candidates.isEmpty()) return null;
    if ("most-free-memory".equals(p.policy())) {
      String best = null;
      for (String h : candidates) if (best == null || free(h) > free(best)) best = h;
      return best;
    }
    // round-robin over the pool (all hosts, or the targets), skipping those without room
    for (int i = 0; i < pool.size(); i++) {
      String h = pool.get((roundRobin + i) % pool.size());
      if (candidates.contains(h)) {
        roundRobin = (roundRobin + i + 1) % pool.size();
        return h;
      }
    }
    return null;
  }

  private String whyNowhere(Specs.VmSpec vm, String from) {
    long best = 0;
    for (String h : hostState.keySet()) if (!h.equals(from) && hostState.get(h) == HostState.UP) best = Math.max(best, free(h));
    return "no up host has " + gib(vm.memoryBytes()) + " free (the most any has is " + gib(best) + ")";
  }

  // ------------------------------------------------------------------ drains and rolling maintenance

  /** Moves every VM off {@code host}, highest priority first, then in the placement's order. */
  private Batch startDrain(String host, Specs.Placement p, String measure, boolean forRolling) {
    Batch b = new Batch("drain", host, measure, forRolling, sim.now());
    drains.add(b);
    if (hostState.get(host) == HostState.UP) hostState.put(host, HostState.MAINTENANCE);
    List<Specs.VmSpec> vms = new ArrayList<>();
    for (var e : location.entrySet()) {
      if (e.getValue().equals(host) && !downSince.containsKey(e.getKey()) && !migrating(e.getKey())) vms.add(vmSpecs.get(e.getKey()));
    }
    Comparator<Specs.VmSpec> order = Comparator.comparing(Specs.VmSpec::priority);
    if ("largest-first".equals(p.order())) order = order.thenComparing(Comparator.comparingLong(Specs.VmSpec::memoryBytes).reversed());
    else if ("smallest-first".equals(p.order())) order = order.thenComparingLong(Specs.VmSpec::memoryBytes);
    order = order.thenComparingInt(v -> listedAt.get(v.name()));
    vms.sort(order);
    sim.log("cluster", "drain " + host + ": " + vms.size() + " VMs");
    for (Specs.VmSpec vm : vms) {
      String to = place(vm, host, p);
      if (to == null) {
        b.vms.put(vm.name(), new Report.DrainedVm(vm.name(), null, null, null, null, "not-placed", whyNowhere(vm, host)));
        continue;
      }
      memUsed.merge(to, vm.memoryBytes(), Long::sum);
      b.pending++;
      b.vms.put(vm.name(), new Report.DrainedVm(vm.name(), to, null, null, null, "queued", null));
      queue.addLast(new Request("m" + nextId++, 0, vm, host, to, null, sim.now(), b));
    }
    tryStart();
    if (b.pending == 0) finishBatch(b);
    return b;
  }

  /** Moves the VMs a rolling maintenance drained from {@code host} back to it. */
  private Batch startReturn(Batch drained) {
    Batch b = new Batch("return", drained.host, null, true, sim.now());
    for (var e : drained.movedTo.entrySet()) {
      String vm = e.getKey();
      String at = location.get(vm);
      Specs.VmSpec spec = vmSpecs.get(vm);
      if (downSince.containsKey(vm) || at.equals(drained.host) || migrating(vm) || free(drained.host) < spec.memoryBytes()) continue;
      memUsed.merge(drained.host, spec.memoryBytes(), Long::sum);
      b.pending++;
      queue.addLast(new Request("m" + nextId++, 0, spec, at, drained.host, null, sim.now(), b));
    }
    tryStart();
    if (b.pending == 0) finishBatch(b);
    return b;
  }

  private void nextRollingHost() {
    Rolling r = rolling;
    if (r.index >= r.step.hosts().size()) {
      finishRolling();
      return;
    }
    String host = r.step.hosts().get(r.index);
    r.windows.add(new long[] {sim.now(), -1, -1, -1, 0});
    if (hostState.get(host) == HostState.DOWN) {
      long[] w = r.windows.get(r.index);
      w[1] = w[2] = w[3] = sim.now();
      r.index++;
      nextRollingHost();
      return;
    }
    r.drain = startDrain(host, r.step.placement(), null, true);
  }

  private void finishBatch(Batch b) {
    b.finishedAt = sim.now();
    sim.log("cluster", b.kind + " of " + b.host + " done");
    if (b.measure != null) measures.put(b.measure, new Report.Measure(secs(b.finishedAt - b.startedAt), null, null));
    if (b.forRolling && rolling != null) {
      long[] w = rolling.windows.get(rolling.index);
      if (b.kind.equals("drain")) {
        w[1] = sim.now();
        int left = 0;
        for (var e : location.entrySet()) if (e.getValue().equals(b.host) && !downSince.containsKey(e.getKey())) left++;
        w[4] = left;
        if (left > 0) sim.log("cluster", b.host + " still holds " + left + " VMs it could not move; patched anyway");
        sim.schedule(rolling.step.patchNanos(), getContext().getSelf(), new PatchDone(b.host));
      } else {
        w[3] = sim.now();
        rolling.index++;
        nextRollingHost();
      }
    }
  }

  private Behavior<Command> onPatchDone(PatchDone m) {
    if (hostState.get(m.host()) == HostState.MAINTENANCE) hostState.put(m.host(), HostState.UP);
    long[] w = rolling.windows.get(rolling.index);
    w[2] = sim.now();
    sim.log("cluster", m.host() + " patched, back in service");
    if (rolling.step.returnVms()) {
      startReturn(rolling.drain);
    } else {
      w[3] = sim.now();
      rolling.index++;
      nextRollingHost();
    }
    return afterChange();
  }

  private void finishRolling() {
    Rolling r = rolling;
    rolling = null;
    long total = sim.now() - r.startedAt;
    List<Report.HostWindow> hosts = new ArrayList<>();
    for (int i = 0; i < r.windows.size(); i++) {
      long[] w = r.windows.get(i);
      hosts.add(new Report.HostWindow(r.step.hosts().get(i), secs(w[0]), secs(w[1]), secs(w[2]), secs(w[3]),
          secs(w[3] - w[0]), total == 0 ? 0 : Math.round((w[3] - w[0]) * 1e4 / total) / 1e4, (int) w[4]));
    }
    maintenance.add(new Report.MaintenanceRecord(secs(r.startedAt), secs(sim.now()), secs(total), List.copyOf(hosts)));
    if (r.step.measure() != null) measures.put(r.step.measure(), new Report.Measure(secs(total), null, null));
  }

  // ------------------------------------------------------------------ queueing and start

  /** Starts queued migrations, in order, while their hosts (and the cluster) have a free slot. */
  private void tryStart() {
    List<Request> deferred = new ArrayList<>();
    var it = queue.iterator();
    while (it.hasNext()) {
      Request r = it.next();
      if (migrating(r.vm().name())) continue;
      if (r.batch() == null) {
        // A migrate step's move (or its retry) starts from where the VM is now: an earlier move of the
        // VM may have ended since it was queued.
        String at = location.get(r.vm().name());
        if (!at.equals(r.from())) r = new Request(r.id(), r.attempt(), r.vm(), at, r.to(), r.measure(), r.queuedAt(), null);
        String why = downSince.containsKey(r.vm().name()) ? "VM " + r.vm().name() + " is down (its host crashed)"
            : at.equals(r.to()) ? "VM " + r.vm().name() + " is already on " + r.to() : null;
        if (why != null) {
          it.remove();
          memUsed.merge(r.to(), -r.vm().memoryBytes(), Long::sum);
          reject(r, why);
          continue;
        }
      }
      if (hostState.get(r.to()) != HostState.UP) {
        // The destination entered maintenance or went down since the move was queued: place again.
        it.remove();
        memUsed.merge(r.to(), -r.vm().memoryBytes(), Long::sum);
        String to = r.batch() != null ? place(r.vm(), r.from(), placementOf(r.batch())) : null;
        if (to != null) {
          memUsed.merge(to, r.vm().memoryBytes(), Long::sum);
          deferred.add(new Request(r.id(), r.attempt(), r.vm(), r.from(), to, r.measure(), r.queuedAt(), r.batch()));
        } else {
          reject(r, "destination " + r.to() + " is " + hostState.get(r.to()).name().toLowerCase(Locale.ROOT));
        }
        continue;
      }
      boolean slot = slots.getOrDefault(r.from(), 0) < settings.simultaneous()
          && slots.getOrDefault(r.to(), 0) < settings.simultaneous()
          && (scenario.cluster().maxConcurrent() <= 0 || running.size() < scenario.cluster().maxConcurrent());
      if (!slot) {
        if (waitLogged.add(r.attemptId())) sim.log("cluster", r.attemptId() + " " + r.vm().name() + " waiting for a slot (50 %)");
        continue;
      }
      it.remove();
      TransportPlanner.Route route;
      try {
        route = TransportPlanner.plan(settings.performanceOption(), settings.networks(), scenario.host(r.from()),
            scenario.host(r.to()), streams, linksDown, net);
      } catch (TransportPlanner.NoRoute e) {
        memUsed.merge(r.to(), -r.vm().memoryBytes(), Long::sum);
        reject(r, e.getMessage());
        continue;
      }
      slots.merge(r.from(), 1, Integer::sum);
      slots.merge(r.to(), 1, Integer::sum);
      updateCpuLink(r.from());
      updateCpuLink(r.to());
      for (var c : route.channels()) for (String l : c.links()) streams.merge(l, 1, Integer::sum);
      running.put(r.id(), new Running(r, route, settings, sim.now()));
      // The CPU the source's VMs use matters only to compression (spare CPU); skip the walk otherwise.
      List<Specs.CpuProfile> load = new ArrayList<>();
      if ("compression".equals(settings.performanceOption())) {
        for (var e : location.entrySet()) {
          if (e.getValue().equals(r.from()) && !downSince.containsKey(e.getKey())) load.add(vmSpecs.get(e.getKey()).cpu());
        }
      }
      var order = new MigrationOrder(r.id(), r.attempt(), r.vm(), wiring.vms().get(r.vm().name()), r.from(), r.to(),
          wiring.hosts().get(r.to()), settings.performanceOption(), route, settings.maxPasses(), settings.smbLimitBps(),
          scenario.host(r.from()).cores(), List.copyOf(load), wiring.network(), results, settings.policy(),
          scenario.host(r.to()).coreSpeedOr(net.cpu().defaultCoreSpeed()));
      sim.send(wiring.hosts().get(r.from()), new Host.StartOutgoing(order));
    }
    if (!deferred.isEmpty()) {
      queue.addAll(deferred);
      tryStart();
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
    String vm = r.vm().name();
    long mem = r.vm().memoryBytes();
    slots.merge(r.from(), -1, Integer::sum);
    slots.merge(r.to(), -1, Integer::sum);
    if ("completed".equals(res.outcome())) location.put(vm, r.to());
    updateCpuLink(r.from());
    updateCpuLink(r.to());
    for (var c : run.route().channels()) for (String l : c.links()) streams.merge(l, -1, Integer::sum);
    cpuUse.addAll(res.cpu());
    boolean done = "completed".equals(res.outcome());
    records.add(new MigrationRecord(r.attemptId(), vm, r.from(), r.to(), "live", res.transport(),
        res.network(), secs(r.queuedAt()), secs(res.startedAt()), secs(res.finishedAt()),
        res.downtimeNanos() / 1e6, res.bytesSent(), res.wireBytes(), res.passes(), res.stopReason(), res.outcome(),
        res.failure(), res.notes(), res.guest(), res.limitedBy(), instant(res.builtAt()), instant(res.pausedAt()),
        instant(res.resumedAt())));
    boolean retry = false;
    if (done) {
      memUsed.merge(r.from(), -mem, Long::sum);
      location.put(vm, r.to());
      moves.get(vm).add(new Object[] {res.resumedAt(), r.to()});
      if (hostState.get(r.to()) == HostState.DOWN) crashVm(vm, crashIndexOf(r.to()));
    } else {
      memUsed.merge(r.to(), -mem, Long::sum);
      if ("lost".equals(res.outcome())) {
        // Post-copy lost the VM (its pages were split between the hosts): it is down, like a crash.
        String down = hostState.get(r.from()) == HostState.DOWN ? r.from()
            : hostState.get(r.to()) == HostState.DOWN ? r.to() : null;
        if (down == null) {
          crashes.add(new String[] {r.from(), Long.toString(sim.now())});
          crashedVms.add(new ArrayList<>());
        }
        crashVm(vm, down == null ? crashes.size() - 1 : crashIndexOf(down));
      } else if (hostState.get(r.from()) == HostState.DOWN) {
        crashVm(vm, crashIndexOf(r.from())); // the source crashed under it: the VM went down with it
      } else if (hostState.get(r.to()) == HostState.DOWN && r.batch() != null) {
        // The destination failed: the VM kept running on the source; place it again.
        String to = place(r.vm(), r.from(), placementOf(r.batch()));
        if (to != null) {
          memUsed.merge(to, mem, Long::sum);
          queue.addLast(r.again(r.from(), to));
          retry = true;
        } else {
          res = withFailure(res, res.failure() + "; placed again nowhere: " + whyNowhere(r.vm(), r.from()));
        }
      } else if (!"lost".equals(res.outcome()) // post-copy lost the VM: nothing left to retry
          && r.attempt() < run.settings().retries() && hostState.get(r.to()) == HostState.UP) {
        sim.log("cluster", r.attemptId() + " failed; retry " + (r.attempt() + 1) + " in "
            + run.settings().retryDelayNanos() / 1e9 + " s");
        retriesPending++;
        memUsed.merge(r.to(), mem, Long::sum);
        sim.schedule(run.settings().retryDelayNanos(), getContext().getSelf(), new Retry(r.again(r.from(), r.to())));
        retry = true;
      }
    }
    if (!retry) {
      if (r.measure() != null) {
        measures.put(r.measure(), new Report.Measure(secs(res.finishedAt() - r.queuedAt()), copyGbps(res.passes()),
            res.downtimeNanos() / 1e6, r.attemptId()));
      }
      if (r.batch() != null) batchEnded(r, res, done);
    }
    tryStart();
    if (!retry && r.id().equals(awaiting)) {
      awaiting = null;
      return nextStep();
    }
    return afterChange();
  }

  private static MigrationResult withFailure(MigrationResult r, String failure) {
    return new MigrationResult(r.id(), r.vm(), r.from(), r.to(), r.transport(), r.network(), r.startedAt(), r.builtAt(),
        r.pausedAt(), r.resumedAt(), r.finishedAt(), r.bytesSent(), r.wireBytes(), r.passes(), r.stopReason(), r.outcome(),
        failure, r.notes(), r.cpu(), r.guest(), r.limitedBy());
  }

  private Specs.Placement placementOf(Batch b) {
    return b.forRolling && rolling != null ? rolling.step.placement() : scenario.cluster().placement();
  }

  private void batchEnded(Request r, MigrationResult res, boolean done) {
    Batch b = r.batch();
    if (done) {
      b.bytesMoved += r.vm().memoryBytes();
      b.movedTo.put(r.vm().name(), r.to());
    }
    b.vms.put(r.vm().name(), new Report.DrainedVm(r.vm().name(), r.to(), secs(Math.max(0, res.startedAt() - r.queuedAt())),
        done ? secs(res.pausedAt() - res.builtAt()) : null, done ? res.downtimeNanos() / 1e6 : null, res.outcome(),
        res.failure()));
    if (--b.pending == 0) finishBatch(b);
  }

  private Behavior<Command> onRetry(Retry m) {
    retriesPending--;
    queue.addLast(m.request());
    tryStart();
    return afterChange();
  }

  /** After anything ended: resume a step that waited for it, or write the report. */
  private Behavior<Command> afterChange() {
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

  // ------------------------------------------------------------------ events: NIC and host failures

  private Behavior<Command> onEvent(EventDue m) {
    if (m.event() instanceof Specs.NicEvent e) return onNicEvent(e);
    if (m.event() instanceof Specs.HostEvent e) return e.up() ? onHostUp(e.host()) : onHostDown(e.host());
    if (m.event() instanceof Specs.StormEvent e) { sim.send(wiring.vms().get(e.vm()), new Vm.Storm(e)); return this; }
    throw new IllegalStateException("unhandled event " + m.event());
  }

  private Behavior<Command> onNicEvent(Specs.NicEvent e) {
    sim.log("cluster", "event: " + e.host() + "/" + e.nic() + (e.up() ? " up" : " down"));
    if (e.up()) nicsDown.remove(e.host() + "/" + e.nic());
    else nicsDown.add(e.host() + "/" + e.nic());
    for (String l : List.of(Nic.txLink(e.host(), e.nic()), Nic.rxLink(e.host(), e.nic()))) {
      if (e.up() && hostState.get(e.host()) != HostState.DOWN) linksDown.remove(l);
      else if (!e.up()) linksDown.add(l);
    }
    sim.send(wiring.hosts().get(e.host()), new Host.SetNic(e.nic(), e.up()));
    if (e.up()) tryStart();
    return this;
  }

  /**
   * A host crashes: migrations into it are aborted (their VMs keep running on their sources and are
   * placed again), its own VMs go down and restart elsewhere, cold, where there is room.
   */
  private Behavior<Command> onHostDown(String host) {
    if (hostState.get(host) == HostState.DOWN) return this;
    sim.log("cluster", "event: host " + host + " down");
    hostState.put(host, HostState.DOWN);
    for (Specs.NicSpec n : scenario.host(host).nics()) {
      linksDown.add(Nic.txLink(host, n.name()));
      linksDown.add(Nic.rxLink(host, n.name()));
    }
    crashes.add(new String[] {host, Long.toString(sim.now())});
    crashedVms.add(new ArrayList<>());
    int crash = crashes.size() - 1;
    for (Running run : running.values()) {
      Request r = run.request();
      if (r.to().equals(host) || r.from().equals(host)) {
        sim.send(wiring.hosts().get(r.from()), new Host.AbortOutgoing(r.attemptId(),
            (r.to().equals(host) ? "destination " : "source ") + host + " went down"));
      }
    }
    // Queued moves: from the crashed host, the VM is gone; into it, place again.
    var it = queue.iterator();
    List<Request> replace = new ArrayList<>();
    while (it.hasNext()) {
      Request r = it.next();
      if (r.from().equals(host) || r.to().equals(host)) {
        it.remove();
        memUsed.merge(r.to(), -r.vm().memoryBytes(), Long::sum);
        if (r.to().equals(host) && !r.from().equals(host)) replace.add(r);
        else reject(r, "source " + host + " went down");
      }
    }
    for (Request r : replace) {
      String to = r.batch() != null ? place(r.vm(), r.from(), placementOf(r.batch())) : null;
      if (to != null) {
        memUsed.merge(to, r.vm().memoryBytes(), Long::sum);
        queue.addLast(r.again(r.from(), to));
      } else {
        reject(r, "destination " + host + " went down" + (r.batch() != null ? "; " + whyNowhere(r.vm(), r.from()) : ""));
      }
    }
    for (var e : new ArrayList<>(location.entrySet())) {
      if (e.getValue().equals(host) && !migrating(e.getKey()) && !downSince.containsKey(e.getKey())) crashVm(e.getKey(), crash);
    }
    tryStart();
    return afterChange();
  }

  private Behavior<Command> onHostUp(String host) {
    if (hostState.get(host) != HostState.DOWN) return this;
    sim.log("cluster", "event: host " + host + " up");
    hostState.put(host, HostState.UP);
    for (Specs.NicSpec n : scenario.host(host).nics()) {
      if (!n.enabled() || nicsDown.contains(host + "/" + n.name())) continue; // a NIC event took it down
      linksDown.remove(Nic.txLink(host, n.name()));
      linksDown.remove(Nic.rxLink(host, n.name()));
    }
    tryStart();
    return this;
  }

  private int crashIndexOf(String host) {
    for (int i = crashes.size() - 1; i >= 0; i--) if (crashes.get(i)[0].equals(host)) return i;
    throw new IllegalStateException("no crash of " + host);
  }

  /** The VM went down with its host: restart it, cold, on the up host with the most free memory. */
  private void crashVm(String vm, int crash) {
    long at = Long.parseLong(crashes.get(crash)[1]);
    Specs.VmSpec spec = vmSpecs.get(vm);
    String from = location.get(vm);
    sim.send(wiring.vms().get(vm), new Vm.Crash());
    memUsed.merge(from, -spec.memoryBytes(), Long::sum);
    downSince.put(vm, at);
    crashOf.put(vm, crash);
    moves.get(vm).add(new Object[] {sim.now(), ""});
    String to = place(spec, from, RESTART_PLACEMENT);
    if (to == null) {
      crashedVms.get(crash).add(new Report.CrashedVm(vm, null, null, "not restarted: " + whyNowhere(spec, from)));
      return;
    }
    memUsed.merge(to, spec.memoryBytes(), Long::sum);
    location.put(vm, to);
    bootsPending++;
    sim.schedule(scenario.cluster().bootNanos(), getContext().getSelf(), new Booted(vm, to));
  }

  private Behavior<Command> onBooted(Booted m) {
    bootsPending--;
    if (hostState.get(m.host()) == HostState.DOWN) {
      // the host it was booting on crashed meanwhile: boot it elsewhere, or it stays down
      Specs.VmSpec spec = vmSpecs.get(m.vm());
      memUsed.merge(m.host(), -spec.memoryBytes(), Long::sum);
      String to = place(spec, m.host(), RESTART_PLACEMENT);
      if (to == null) {
        crashedVms.get(crashOf.remove(m.vm())).add(new Report.CrashedVm(m.vm(), null, null,
            "not restarted: " + m.host() + " crashed during the boot; " + whyNowhere(spec, m.host())));
        return afterChange();
      }
      memUsed.merge(to, spec.memoryBytes(), Long::sum);
      location.put(m.vm(), to);
      bootsPending++;
      sim.schedule(scenario.cluster().bootNanos(), getContext().getSelf(), new Booted(m.vm(), to));
      return this;
    }
    long since = downSince.remove(m.vm());
    int crash = crashOf.remove(m.vm());
    sim.send(wiring.vms().get(m.vm()), new Vm.Boot(m.host()));
    moves.get(m.vm()).add(new Object[] {sim.now(), m.host()});
    crashedVms.get(crash).add(new Report.CrashedVm(m.vm(), m.host(), secs(sim.now() - since), null));
    sim.log("cluster", m.vm() + " restarted on " + m.host());
    return afterChange();
  }

  private void reject(Request r, String reason) {
    sim.log("cluster", r.attemptId() + " rejected: " + reason);
    records.add(new MigrationRecord(r.attemptId(), r.vm().name(), r.from(), r.to(), "live",
        settings.performanceOption(), null, secs(r.queuedAt()), null, secs(sim.now()), 0, 0, 0, List.of(), null,
        "rejected", reason, List.of(), null, null));
    if (r.id().equals(awaiting)) {
      // a synchronous step waited for this move (queued, or a retry), which now never starts: go on
      awaiting = null;
      sim.send(getContext().getSelf(), WaitOver.INSTANCE);
    }
    if (r.batch() != null) {
      // a drain's or a return's move that will not run: the batch must still end
      r.batch().vms.put(r.vm().name(), new Report.DrainedVm(r.vm().name(), null, null, null, null, "not-moved", reason));
      if (--r.batch().pending == 0) finishBatch(r.batch());
    }
  }

  private boolean idle() {
    return queue.isEmpty() && running.isEmpty() && retriesPending == 0 && bootsPending == 0 && rolling == null;
  }

  // ------------------------------------------------------------------ the report

  private void maybeReport() {
    if (!stepsDone || !idle() || reporting) return;
    reporting = true;
    sim.send(wiring.network(), new Network.CollectSeries(net.seriesResolutionFor(sim.now()),
        sim.adapter(getContext(), Network.Series.class, SeriesReady::new)));
  }

  private Behavior<Command> onSeries(SeriesReady m) {
    long res = m.series().resolutionNanos();
    var series = new Report.Series(secs(res), m.series().gbps(), cpuSeries(res));
    List<Report.DrainRecord> drainRecords = new ArrayList<>();
    for (Batch b : drains) drainRecords.add(drainRecord(b, m.series()));
    List<Report.CrashRecord> crashRecords = new ArrayList<>();
    for (int i = 0; i < crashes.size(); i++) {
      crashRecords.add(new Report.CrashRecord(crashes.get(i)[0], secs(Long.parseLong(crashes.get(i)[1])),
          List.copyOf(crashedVms.get(i))));
    }
    sim.send(reportTo, new Report(scenario.name(), sim.seed(), Collections.unmodifiableMap(new LinkedHashMap<>(measures)),
        List.copyOf(records), List.copyOf(drainRecords), List.copyOf(maintenance), List.copyOf(crashRecords), series));
    return this;
  }

  private Report.DrainRecord drainRecord(Batch b, Network.Series s) {
    long end = b.finishedAt < 0 ? sim.now() : b.finishedAt;
    long res = s.resolutionNanos();
    double peak = 0;
    int from = (int) (b.startedAt / res);
    int to = (int) ((end + res - 1) / res);
    for (int i = from; i < to; i++) {
      double sum = 0;
      for (var e : s.gbps().entrySet()) {
        if (e.getKey().startsWith(b.host + "/") && i < e.getValue().size()) sum += e.getValue().get(i);
      }
      peak = Math.max(peak, sum);
    }
    double seconds = (end - b.startedAt) / 1e9;
    double mean = seconds > 0 ? Math.round(b.bytesMoved * 8 / seconds / 1e9 * 1e4) / 1e4 : 0;
    return new Report.DrainRecord(b.host, secs(b.startedAt), secs(end), secs(end - b.startedAt), b.bytesMoved, mean,
        Math.round(peak * 1e4) / 1e4, List.copyOf(b.vms.values()));
  }

  /** Cores busy per host and bucket: the CPU of the VMs it held, plus compression. */
  private Map<String, List<Double>> cpuSeries(long res) {
    long end = sim.now();
    Map<String, Buckets> acc = new TreeMap<>();
    for (Specs.HostSpec h : scenario.hosts()) acc.put(h.name(), new Buckets(res, end));
    for (var e : moves.entrySet()) {
      Specs.CpuProfile cpu = vmSpecs.get(e.getKey()).cpu();
      List<Object[]> m = e.getValue();
      for (int i = 0; i < m.size(); i++) {
        long from = (Long) m.get(i)[0];
        long to = i + 1 < m.size() ? (Long) m.get(i + 1)[0] : end;
        Buckets b = acc.get((String) m.get(i)[1]);
        if (b == null) continue; // down: on no host
        // the VM's CPU schedule, step by step, over its stay on this host
        for (int k = 0; k < cpu.at().size(); k++) {
          long stepEnd = k + 1 < cpu.at().size() ? cpu.at().get(k + 1) : Long.MAX_VALUE;
          b.add(Math.max(from, cpu.at().get(k)), Math.min(to, stepEnd), cpu.cores().get(k));
        }
      }
    }
    for (MigrationResult.CpuUse u : cpuUse) acc.get(u.host()).add(u.from(), u.to(), u.cores());
    Map<String, List<Double>> out = new TreeMap<>();
    for (var e : acc.entrySet()) {
      List<Double> cores = e.getValue().means(1, 3);
      if (cores.stream().anyMatch(v -> v != 0)) out.put(e.getKey(), cores);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Payload Gbit/s of the first (full) pass: what the NIC counters show during the copy. */
  private static double copyGbps(List<PassRecord> passes) {
    if (passes.isEmpty() || passes.get(0).seconds() <= 0) return 0;
    return Math.round(passes.get(0).bytes() * 8 / passes.get(0).seconds() / 1e9 * 1e4) / 1e4;
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }

  /** An instant of a migration's phases in report seconds; null when it never came (negative). */
  private static Double instant(long nanos) {
    return nanos < 0 ? null : secs(nanos);
  }

  private static double secs(long nanos) {
    return SimTime.reportSeconds(nanos);
  }
}
