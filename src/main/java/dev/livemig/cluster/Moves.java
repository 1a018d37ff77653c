package dev.livemig.cluster;

import dev.livemig.migration.Host;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import dev.livemig.kernel.Sim;
import dev.livemig.migration.MigrationOrder;
import dev.livemig.migration.MigrationResult;
import dev.livemig.migration.PassRecord;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.TransportPlanner;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Storage;
import dev.livemig.spec.Specs.Scenario;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The cluster manager's moves: a migrate step's move and a drain's or a return's batch go into the
 * queue with the destination's memory reserved; they start in order when admission gives them a
 * slot and the transport planner a route; when one ends, the ledger records it and a failed one is
 * retried, placed again or given up. Runs inside the manager actor, on its state.
 */
final class Moves {
  private final ClusterManager cm;
  private final Sim sim;
  private final Scenario scenario;
  /** The scenario's hosts by name (Scenario.host scans the list). */
  private final java.util.Map<String, Specs.HostSpec> hostSpecs = new java.util.HashMap<>();
  private final ClusterManager.Wiring wiring;
  private final NetworkSettings net;
  private final ActorRef<MigrationResult> results;
  private final Ledger ledger;
  private final HostBook hosts;
  private final Admission admission;
  /** The kinds of move and the rules checked before anything moves (issue 13). */
  private final Kinds kinds;
  /** Each host's CPU link (Nic.cpuLink): its spare cores for TCP-borne streams, set as VMs come and go. */
  private final CpuLinks cpuLinks;
  private int retriesPending;
  private int roundRobin;
  private int nextId = 1;
  /** The scenario's switches and sites, or null (one non-blocking switch). */
  private final dev.livemig.network.Topology topology;
  /** Moves between sites: their storage failover, or a refusal (issue 17). */
  private final CrossSite crossSite;

  Moves(ClusterManager cm, Sim sim, Scenario scenario, ClusterManager.Wiring wiring, NetworkSettings net,
      ActorRef<MigrationResult> results) {
    this.cm = cm;
    this.sim = sim;
    this.scenario = scenario;
    for (Specs.HostSpec h : scenario.hosts()) hostSpecs.putIfAbsent(h.name(), h);
    this.wiring = wiring;
    this.net = net;
    this.results = results;
    this.ledger = cm.ledger;
    this.hosts = cm.hosts;
    this.admission = cm.admission;
    this.kinds = new Kinds(ledger, scenario.storage(), this::noRoute);
    this.topology = dev.livemig.network.Topology.of(scenario.topology());
    this.crossSite = topology == null ? null : new CrossSite(topology, net);
    this.cpuLinks = new CpuLinks(sim, ledger, hostSpecs, net, wiring.network());
  }

  /** A node add joined or evicted {@code host}: the move rules see it (issue 12). */
  void membership(String host, boolean member) {
    kinds.membership(host, member);
  }

  int retriesPending() {
    return retriesPending;
  }

  /** Where a VM leaving {@code from} goes under {@code p}, or null; the round-robin cursor moves on. */
  String place(Specs.VmSpec vm, String from, Specs.Placement p) {
    Placement.Choice c = Placement.place(vm.memoryBytes(), from, p, hosts, roundRobin);
    roundRobin = c.cursor();
    return c.host();
  }

  String whyNowhere(Specs.VmSpec vm, String from) {
    return Placement.whyNowhere(vm.memoryBytes(), from, hosts);
  }

  /** Queues a migrate step's move; returns its id, or null when it was rejected at once. */
  String enqueue(Specs.Migrate m) {
    String id = "m" + nextId++;
    Specs.VmSpec vm = ledger.spec(m.vm());
    Move r = new Move(id, 0, vm, ledger.location(m.vm()), m.to(), m.measure(), sim.now(), null, m.kind(), m.force());
    if (ledger.isDown(m.vm())) {
      reject(r, "VM " + m.vm() + " is down (its host crashed)");
      return null;
    }
    var verdict = r.from().equals(r.to()) ? null : kinds.verdict(r);
    if (verdict != null && !verdict.allowed()) {
      reject(r, verdict.reason(), true);
      return null;
    }
    // While an earlier move of the VM is queued or running, where it will be is known only when this
    // one starts (tryStart): only then is "already there" decided.
    if (r.from().equals(r.to()) && !ledger.isMigrating(m.vm()) && !ledger.isQueued(m.vm())) {
      reject(r, "VM " + m.vm() + " is already on " + m.to());
      return null;
    }
    if (hosts.state(r.to()) != HostBook.State.UP) {
      reject(r, "host " + r.to() + " is " + hosts.state(r.to()).name().toLowerCase(Locale.ROOT));
      return null;
    }
    if (hosts.free(r.to()) < vm.memoryBytes()) {
      reject(r, "host " + r.to() + " has " + Placement.gib(hosts.free(r.to())) + " free, the VM needs "
          + Placement.gib(vm.memoryBytes()));
      return null;
    }
    hosts.reserve(r.to(), vm.memoryBytes());
    admission.enqueue(r);
    tryStart();
    return ledger.isMigrating(m.vm()) && ledger.runningMove(m.vm()).id().equals(id)
        || ledger.queuedMoves(m.vm()).stream().anyMatch(q -> q.id().equals(id)) ? id : null;
  }

  /** Moves every VM off {@code host} in the drain order; the host enters maintenance. */
  Batch drain(String host, Specs.Placement p, String measure, boolean forRolling, Specs.Placement replacement,
      ActorRef<DrainRun.Command> owner) {
    return drain(host, p, measure, forRolling, replacement, owner, Specs.DrainRules.DEFAULT);
  }

  /** As above; each VM moves by the kind its rules allow (issue 13), else stays with the reason. */
  Batch drain(String host, Specs.Placement p, String measure, boolean forRolling, Specs.Placement replacement,
      ActorRef<DrainRun.Command> owner, Specs.DrainRules rules) {
    Batch b = new Batch(Batch.Kind.DRAIN, host, measure, forRolling, sim.now(), replacement, owner);
    b.rules = rules;
    ledger.drain(b);
    if (hosts.state(host) == HostBook.State.UP) hosts.set(host, HostBook.State.MAINTENANCE);
    List<Specs.VmSpec> vms = new ArrayList<>();
    // A VM already being moved (running, queued, or waiting to retry) is left to that move: never queued twice.
    for (String vm : ledger.vmsOn(host)) if (!ledger.isDown(vm) && ledger.pendingMove(vm) == null) vms.add(ledger.spec(vm));
    vms.sort(Placement.drainOrder(p, ledger::listedAt));
    sim.log("cluster", "drain " + host + ": " + vms.size() + " VMs");
    for (Specs.VmSpec vm : vms) {
      String to = place(vm, host, p);
      if (to == null) {
        b.vms.put(vm.name(), new Batch.VmMove(vm.name(), null, null, null, null, "not-placed", whyNowhere(vm, host),
            Placement.fixNowhere(vm.memoryBytes(), host, hosts)));
        continue;
      }
      String[] why = {null};
      Storage.Kind kind = kinds.drainKind(vm.name(), host, to, rules, why);
      if (kind == null) {
        sim.log("cluster", vm.name() + " stays on " + host + ": " + why[0]);
        b.vms.put(vm.name(), new Batch.VmMove(vm.name(), null, null, null, null, "refused", why[0]));
        continue;
      }
      hosts.reserve(to, vm.memoryBytes());
      b.pending++;
      b.vms.put(vm.name(), new Batch.VmMove(vm.name(), to, null, null, null, "queued", null));
      admission.enqueue(new Move("m" + nextId++, 0, vm, host, to, null, sim.now(), b, kind, rules.force()));
    }
    tryStart();
    if (b.pending == 0) cm.batchFinished(b);
    return b;
  }

  /** Moves the VMs a rolling maintenance drained from its host back to it. */
  void returnVms(Batch drained, ActorRef<DrainRun.Command> owner) {
    Batch b = new Batch(Batch.Kind.RETURN, drained.host, null, true, sim.now(), drained.replacement, owner);
    for (var e : drained.movedTo.entrySet()) {
      String vm = e.getKey();
      String at = ledger.location(vm);
      Specs.VmSpec spec = ledger.spec(vm);
      if (ledger.isDown(vm) || at.equals(drained.host) || ledger.pendingMove(vm) != null
          || hosts.free(drained.host) < spec.memoryBytes()) continue;
      // The way back meets the rules as the way out did (a VM that left by quick migration returns so).
      String[] why = {null};
      Storage.Kind kind = kinds.drainKind(vm, at, drained.host, drained.rules, why);
      if (kind == null) {
        sim.log("cluster", vm + " stays on " + at + ": " + why[0]);
        b.vms.put(vm, new Batch.VmMove(vm, null, null, null, null, "refused", why[0]));
        continue;
      }
      hosts.reserve(drained.host, spec.memoryBytes());
      b.pending++;
      admission.enqueue(new Move("m" + nextId++, 0, spec, at, drained.host, null, sim.now(), b, kind, drained.rules.force()));
    }
    tryStart();
    if (b.pending == 0) cm.batchFinished(b);
  }

  /** Starts queued migrations, in order, while their hosts (and the cluster) have a free slot. */
  void tryStart() {
    List<Move> deferred = new ArrayList<>();
    // VMs with a move left queued by this pass: a VM's later moves wait for it (they start in order).
    java.util.Set<String> waiting = new java.util.HashSet<>();
    Iterator<Move> it = admission.queue();
    while (it.hasNext()) {
      Move queued = it.next();
      Move r = queued;
      if (ledger.isMigrating(r.vmName()) || waiting.contains(r.vmName())) continue;
      if (r.batch() == null) {
        // A migrate step's move (or its retry) starts from where the VM is now: an earlier move of the
        // VM may have ended since it was queued.
        String at = ledger.location(r.vmName());
        if (!at.equals(r.from())) r = r.from(at);
        String why = ledger.isDown(r.vmName()) ? "VM " + r.vmName() + " is down (its host crashed)"
            : at.equals(r.to()) ? "VM " + r.vmName() + " is already on " + r.to() : null;
        if (why != null) {
          admission.remove(it, queued);
          hosts.release(r.to(), r.vm().memoryBytes());
          reject(r, why);
          continue;
        }
      } else if (ledger.isDown(r.vmName()) || !ledger.location(r.vmName()).equals(r.from())) {
        // A drain's or a return's move of a VM that another move took elsewhere first, or that went
        // down: it would move the VM from a host it is no longer on.
        admission.remove(it, queued);
        hosts.release(r.to(), r.vm().memoryBytes());
        reject(r, ledger.isDown(r.vmName()) ? "VM " + r.vmName() + " is down (its host crashed)"
            : "VM " + r.vmName() + " was moved to " + ledger.location(r.vmName()) + " by another move first");
        continue;
      }
      if (hosts.state(r.to()) != HostBook.State.UP) {
        // The destination entered maintenance or went down since the move was queued: place again.
        admission.remove(it, queued);
        hosts.release(r.to(), r.vm().memoryBytes());
        String to = r.batch() != null ? place(r.vm(), r.from(), r.batch().replacement) : null;
        if (to != null) {
          hosts.reserve(to, r.vm().memoryBytes());
          deferred.add(r.to(to));
          waiting.add(r.vmName());
        } else {
          reject(r, "destination " + r.to() + " is " + hosts.state(r.to()).name().toLowerCase(Locale.ROOT));
        }
        continue;
      }
      if (!admission.hasSlot(r, cm.settings.simultaneous())) {
        if (admission.firstWait(r)) sim.log("cluster", r.attemptId() + " " + r.vmName() + " waiting for a slot (50 %)");
        waiting.add(r.vmName());
        continue;
      }
      admission.remove(it, queued);
      start(r);
    }
    if (!deferred.isEmpty()) {
      for (Move m : deferred) admission.enqueue(m);
      tryStart();
    }
  }

  /** Plans the move's route and sends the order to the source host; rejected when no route is usable. */
  private void start(Move r) {
    Specs.LiveMigrationSettings settings = cm.settings;
    TransportPlanner.Route route;
    try {
      // A quick migration moves the VM's state through its shared storage, not the network (issue 13).
      route = r.kind() == Storage.Kind.QUICK ? new TransportPlanner.Route(null, List.of(), List.of())
          : TransportPlanner.plan(settings.performanceOption(), settings.networks(), hostSpecs.get(r.from()),
          hostSpecs.get(r.to()), admission.streams(), cm.failures.linksDown(), net, topology, settings.streams(),
          r.id() + "." + r.attempt());
    } catch (TransportPlanner.NoRoute e) {
      hosts.release(r.to(), r.vm().memoryBytes());
      reject(r, e.getMessage());
      return;
    }
    CrossSite.Verdict cross = crossSite == null ? null : crossSite.of(r.from(), r.to());
    if (cross != null && cross.refusal() != null) {
      hosts.release(r.to(), r.vm().memoryBytes());
      reject(r, cross.refusal());
      return;
    }
    long failover = cross == null ? 0 : cross.failoverNanos();
    if (cross != null) {
      List<String> notes = new ArrayList<>(route.notes());
      notes.add(cross.note());
      route = new TransportPlanner.Route(route.network(), route.channels(), List.copyOf(notes));
    }
    admission.start(r, route, settings, sim.now());
    cpuLinks.update(r.from());
    cpuLinks.update(r.to());
    // The CPU the source's VMs use matters only to compression (spare CPU); skip the walk otherwise.
    List<Specs.CpuProfile> load = new ArrayList<>();
    if ("compression".equals(settings.performanceOption())) {
      for (String vm : ledger.vmsOn(r.from())) if (!ledger.isDown(vm)) load.add(ledger.spec(vm).cpu());
    }
    var order = new MigrationOrder(r.id(), r.attempt(), r.vm(), wiring.vms().apply(r.vmName()), r.from(), r.to(),
        wiring.hosts().get(r.to()), settings.performanceOption(), route, settings.maxPasses(), settings.smbLimitBps(),
        hostSpecs.get(r.from()).cores(), List.copyOf(load), wiring.network(), results, settings.policy(),
        hostSpecs.get(r.to()).coreSpeedOr(net.cpu().defaultCoreSpeed()), kinds.plan(r), failover, settings.maxBandwidthBps(),
        settings.zeroPageDetection(), settings.rdmaPinAll(), settings.downtimeLimitNanos(),
        settings.multifdCompression(), hostSpecs.get(r.from()).coreSpeedOr(net.cpu().defaultCoreSpeed()));
    sim.send(wiring.hosts().get(r.from()), new Host.StartOutgoing(order));
  }

  /** Why no live-migration route joins the two hosts now, or null when one does. */
  private String noRoute(String from, String to) {
    Specs.LiveMigrationSettings s = cm.settings;
    try {
      TransportPlanner.plan(s.performanceOption(), s.networks(), hostSpecs.get(from), hostSpecs.get(to), admission.streams(),
          cm.failures.linksDown(), net);
      return null;
    } catch (TransportPlanner.NoRoute e) {
      return e.getMessage();
    }
  }



  /** A migration ended: free its slots, record it, then retry, place again or give up a failed one. */
  Behavior<ClusterManager.Command> ended(MigrationResult res) {
    Admission.Running run = admission.end(res.id());
    Move r = run.move();
    String vm = r.vmName();
    long mem = r.vm().memoryBytes();
    boolean done = "completed".equals(res.outcome());
    if (done) ledger.place(vm, r.to());
    cpuLinks.update(r.from());
    cpuLinks.update(r.to());
    ledger.cpu(res.cpu());
    ledger.record(new Ledger.Ended(r, res));
    sim.migrationEnded();
    boolean retry = false;
    if (done) {
      kinds.completed(r, res);
      hosts.release(r.from(), mem);
      ledger.place(vm, r.to());
      ledger.stay(vm, res.resumedAt(), r.to());
      if (hosts.state(r.to()) == HostBook.State.DOWN) cm.failures.crashVm(vm, ledger.lastCrashOf(r.to()));
    } else {
      hosts.release(r.to(), mem);
      if ("lost".equals(res.outcome())) {
        // Post-copy lost the VM (its pages were split between the hosts): it is down, like a crash.
        String down = hosts.state(r.from()) == HostBook.State.DOWN ? r.from()
            : hosts.state(r.to()) == HostBook.State.DOWN ? r.to() : null;
        cm.failures.crashVm(vm, down == null ? ledger.crash(r.from(), sim.now(), "no crash: " + vm + " lost in post-copy")
            : ledger.lastCrashOf(down));
      } else if (hosts.state(r.from()) == HostBook.State.DOWN) {
        cm.failures.crashVm(vm, ledger.lastCrashOf(r.from())); // the source crashed under it: the VM went down with it
      } else if (hosts.state(r.to()) == HostBook.State.DOWN && r.batch() != null) {
        // The destination failed: the VM kept running on the source; place it again.
        String to = place(r.vm(), r.from(), r.batch().replacement);
        if (to != null) {
          hosts.reserve(to, mem);
          admission.enqueue(r.again(r.from(), to));
          retry = true;
        } else {
          res = withFailure(res, res.failure() + "; placed again nowhere: " + whyNowhere(r.vm(), r.from()));
        }
      } else if (r.attempt() < run.settings().retries() && hosts.state(r.to()) == HostBook.State.UP) {
        sim.log("cluster", r.attemptId() + " failed; retry " + (r.attempt() + 1) + " in "
            + run.settings().retryDelayNanos() / 1e9 + " s");
        retriesPending++;
        hosts.reserve(r.to(), mem);
        Move again = r.again(r.from(), r.to());
        ledger.retrying(again);
        sim.schedule(run.settings().retryDelayNanos(), cm.self(), new ClusterManager.Retry(again));
        retry = true;
      }
    }
    if (!retry) {
      cm.nodeAdds.moveEnded(r, res);
      if (r.measure() != null) {
        ledger.measure(r.measure(), new Ledger.Measured(res.finishedAt() - r.queuedAt(), copyGbps(res.passes()),
            res.downtimeNanos() / 1e6, r.attemptId()));
      }
      if (r.batch() != null) batchEnded(r, res, done);
    }
    tryStart();
    if (!retry && r.id().equals(cm.awaiting)) {
      cm.awaiting = null;
      return cm.nextStep();
    }
    return cm.afterChange();
  }

  private static MigrationResult withFailure(MigrationResult r, String failure) {
    return r.withFailure(failure);
  }

  private void batchEnded(Move r, MigrationResult res, boolean done) {
    Batch b = r.batch();
    if (done) {
      b.bytesMoved += r.vm().memoryBytes();
      b.movedTo.put(r.vmName(), r.to());
    }
    b.vms.put(r.vmName(), new Batch.VmMove(r.vmName(), r.to(), Math.max(0, res.startedAt() - r.queuedAt()),
        done && res.pausedAt() >= res.builtAt() ? res.pausedAt() - res.builtAt() : null,
        done ? res.downtimeNanos() / 1e6 : null, res.outcome(),
        res.failure(), null, res.move() == null ? null : res.move().kind()));
    if (--b.pending == 0) cm.batchFinished(b);
  }

  /** A failed move's retry is due: back in the queue. */
  Behavior<ClusterManager.Command> retry(Move m) {
    retriesPending--;
    ledger.retried(m);
    admission.enqueue(m);
    tryStart();
    return cm.afterChange();
  }

  /** A move that will not run: recorded as rejected; a step or a batch waiting for it goes on. */
  void reject(Move r, String reason) {
    reject(r, reason, false);
  }

  /**
   * As above; {@code refused}: by the cluster's rules before anything moved (issue 13). A measure
   * naming the move records it (a refusal at 0 s; a rejection, of the step's move or of a retry,
   * at the time from the request to it), so that a scenario can expect the outcome and `check`
   * misses it when none does.
   */
  void reject(Move r, String reason, boolean refused) {
    sim.log("cluster", r.attemptId() + (refused ? " refused: " : " rejected: ") + reason);
    ledger.record(new Ledger.Rejected(r, cm.settings.performanceOption(), sim.now(), reason, refused));
    if (r.measure() != null)
      ledger.measure(r.measure(), new Ledger.Measured(refused ? 0 : sim.now() - r.queuedAt(), null, null, r.attemptId()));
    sim.migrationEnded();
    cm.nodeAdds.moveRejected(r, reason);
    if (r.id().equals(cm.awaiting)) {
      // a synchronous step waited for this move (queued, or a retry), which now never starts: go on
      cm.awaiting = null;
      sim.send(cm.self(), ClusterManager.WaitOver.INSTANCE);
    }
    if (r.batch() != null) {
      // a drain's or a return's move that will not run: the batch must still end
      r.batch().vms.put(r.vmName(), new Batch.VmMove(r.vmName(), null, null, null, null, "not-moved", reason));
      if (--r.batch().pending == 0) cm.batchFinished(r.batch());
    }
  }

  /** Payload Gbit/s of the first (full) pass: what the NIC counters show during the copy. */
  private static double copyGbps(List<PassRecord> passes) {
    if (passes.isEmpty() || passes.get(0).seconds() <= 0) return 0;
    return Math.round(passes.get(0).bytes() * 8 / passes.get(0).seconds() / 1e9 * 1e4) / 1e4;
  }
}
