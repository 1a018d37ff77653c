package dev.livemig.cluster;

import dev.livemig.migration.Host;
import dev.livemig.migration.Vm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import dev.livemig.kernel.Sim;
import dev.livemig.network.Nic;
import dev.livemig.spec.Specs;
import dev.livemig.spec.Specs.Scenario;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The scenario's events as the cluster manager applies them: NIC ports down and up, storms, host
 * crashes (migrations into the host aborted and placed again, its VMs down and restarted elsewhere,
 * cold) and hosts coming back. Runs inside the manager actor, on its state.
 */
final class Failures {
  /** Where a crashed host's VMs restart, cold: the up host with the most free memory (as drains by default). */
  private static final Specs.Placement RESTART_PLACEMENT = new Specs.Placement("most-free-memory", List.of(), "as-listed");

  private final ClusterManager cm;
  private final Sim sim;
  private final Scenario scenario;
  /** The scenario's hosts by name (Scenario.host scans the list). */
  private final java.util.Map<String, Specs.HostSpec> hostSpecs = new java.util.HashMap<>();
  private final ClusterManager.Wiring wiring;
  private final Ledger ledger;
  private final HostBook hosts;
  /** Links that carry nothing: of disabled NICs, of NICs an event took down, of crashed hosts. */
  private final Set<String> linksDown = new HashSet<>();
  /** NICs down by a scenario event (host/nic), as opposed to down with their crashed host. */
  private final Set<String> nicsDown = new HashSet<>();
  private int bootsPending;
  /** The scenario's switches and sites (null: none); the storage failover a site failure adds to its VMs' restart. */
  private final dev.livemig.network.Topology topology;
  private final long storageFailoverNanos;
  /** While a site fails: the storage failover its VMs wait for before they boot elsewhere. */
  private long failoverNanos;

  /** A measured site failure: its VMs not yet running again, and the most data at risk of those that are. */
  private record SiteLoss(String measure, String site, long at, Set<String> vms, double[] risk) {}

  private final List<SiteLoss> siteLosses = new ArrayList<>();

  /** A VM of a measured site failure runs again on {@code host}: when the last does, the measure is taken. */
  private void restartedAfterSiteLoss(String vm, String host) {
    for (Iterator<SiteLoss> it = siteLosses.iterator(); it.hasNext(); ) {
      SiteLoss l = it.next();
      if (!l.vms().remove(vm)) continue;
      var spec = scenario.topology();
      String to = spec.siteOf(host);
      var rep = to == null || to.equals(l.site()) ? null : spec.replication(l.site(), to);
      if (rep != null && !rep.sync()) l.risk()[0] = Math.max(l.risk()[0], rep.lagNanos() / 1e9);
      if (l.vms().isEmpty()) {
        ledger.measure(l.measure(), new Ledger.Measured(sim.now() - l.at(), null, null, null, null, l.risk()[0]));
        it.remove();
      }
    }
  }
  /** The boot under way of each VM restarting, to cut it off if its host crashes first. */
  private final java.util.Map<String, Sim.Timer> boots = new java.util.HashMap<>();

  Failures(ClusterManager cm, Sim sim, Scenario scenario, ClusterManager.Wiring wiring) {
    this(cm, sim, scenario, wiring, 0);
  }

  Failures(ClusterManager cm, Sim sim, Scenario scenario, ClusterManager.Wiring wiring, long storageFailoverNanos) {
    this.cm = cm;
    this.topology = dev.livemig.network.Topology.of(scenario.topology());
    this.storageFailoverNanos = storageFailoverNanos;
    this.sim = sim;
    this.scenario = scenario;
    for (Specs.HostSpec h : scenario.hosts()) hostSpecs.putIfAbsent(h.name(), h);
    this.wiring = wiring;
    this.ledger = cm.ledger;
    this.hosts = cm.hosts;
    for (Specs.HostSpec h : scenario.hosts()) {
      for (Specs.NicSpec n : h.nics()) {
        if (!n.enabled()) {
          linksDown.add(Nic.txLink(h.name(), n.name()));
          linksDown.add(Nic.rxLink(h.name(), n.name()));
        }
      }
    }
  }

  Set<String> linksDown() {
    return linksDown;
  }

  int bootsPending() {
    return bootsPending;
  }

  Behavior<ClusterManager.Command> event(Specs.Event event) {
    if (event instanceof Specs.NicEvent e) return nic(e);
    if (event instanceof Specs.LinkEvent e) return link(e);
    if (event instanceof Specs.SiteEvent e) return site(e);
    if (event instanceof Specs.HostEvent e) return e.up() ? hostUp(e.host()) : hostDown(e.host());
    if (event instanceof Specs.StormEvent e) {
      sim.send(wiring.vms().apply(e.vm()), new Vm.Storm(e));
      return cm;
    }
    throw new IllegalStateException("unhandled event " + event);
  }

  private Behavior<ClusterManager.Command> nic(Specs.NicEvent e) {
    sim.log("cluster", "event: " + e.host() + "/" + e.nic() + (e.up() ? " up" : " down"));
    if (e.up()) nicsDown.remove(e.host() + "/" + e.nic());
    else nicsDown.add(e.host() + "/" + e.nic());
    for (String l : List.of(Nic.txLink(e.host(), e.nic()), Nic.rxLink(e.host(), e.nic()))) {
      if (e.up() && hosts.state(e.host()) != HostBook.State.DOWN) linksDown.remove(l);
      else if (!e.up()) linksDown.add(l);
    }
    sim.send(wiring.hosts().get(e.host()), new Host.SetNic(e.nic(), e.up()));
    if (e.up()) cm.moves.tryStart();
    return cm;
  }

  /**
   * A switch uplink, a link between switches or a WAN link goes down or comes back (both directions):
   * the fabric reroutes the flows crossing it where another path exists and fails the others; new
   * routes avoid it while it is down.
   */
  private Behavior<ClusterManager.Command> link(Specs.LinkEvent e) {
    sim.log("cluster", "event: link " + e.a() + " - " + e.b() + (e.up() ? " up" : " down"));
    for (String l : topology.linksBetween(e.a(), e.b())) {
      if (e.up()) linksDown.remove(l);
      else linksDown.add(l);
      sim.send(wiring.network(), new dev.livemig.network.Network.SetLink(l, e.up()));
    }
    if (e.up()) cm.moves.tryStart();
    return cm;
  }

  /**
   * A whole site fails: every host of it crashes at once; their VMs restart cold on the hosts left
   * (the other site), after the replica storage is failed over to that site (livemig.topology.storage-failover).
   */
  private Behavior<ClusterManager.Command> site(Specs.SiteEvent e) {
    sim.log("cluster", "event: site " + e.site() + " down");
    for (var s : scenario.topology().sites()) {
      if (!s.name().equals(e.site())) continue;
      failoverNanos = storageFailoverNanos;
      try {
        // every host of the site is down before any VM is placed again: none restarts on the site
        List<String> failing = new ArrayList<>();
        for (String h : s.hosts()) if (hosts.state(h) != HostBook.State.DOWN) failing.add(h);
        if (e.measure() != null) {
          Set<String> vms = new java.util.TreeSet<>();
          for (String h : failing) for (String vm : ledger.vmsOn(h)) if (!ledger.isDown(vm)) vms.add(vm);
          siteLosses.add(new SiteLoss(e.measure(), e.site(), sim.now(), vms, new double[] {0}));
        }
        for (String h : failing) hosts.set(h, HostBook.State.DOWN);
        for (String h : failing) crash(h);
      } finally {
        failoverNanos = 0;
      }
    }
    return cm.afterChange();
  }

  /**
   * A host crashes: migrations into it are aborted (their VMs keep running on their sources and are
   * placed again), its own VMs go down and restart elsewhere, cold, where there is room.
   */
  private Behavior<ClusterManager.Command> hostDown(String host) {
    if (hosts.state(host) == HostBook.State.DOWN) return cm;
    crash(host);
    return cm.afterChange();
  }

  /** A host that is not down crashes (see {@link #hostDown}). */
  private void crash(String host) {
    sim.log("cluster", "event: host " + host + " down");
    hosts.set(host, HostBook.State.DOWN);
    for (Specs.NicSpec n : hostSpecs.get(host).nics()) {
      linksDown.add(Nic.txLink(host, n.name()));
      linksDown.add(Nic.rxLink(host, n.name()));
    }
    int crash = ledger.crash(host, sim.now());
    for (Admission.Running run : cm.admission.running()) {
      Move r = run.move();
      if (r.to().equals(host) || r.from().equals(host)) {
        sim.send(wiring.hosts().get(r.from()), new Host.AbortOutgoing(r.attemptId(),
            (r.to().equals(host) ? "destination " : "source ") + host + " went down"));
      }
    }
    // Queued moves: from the crashed host, the VM is gone; into it, place again.
    Iterator<Move> it = cm.admission.queue();
    List<Move> replace = new ArrayList<>();
    List<Move> gone = new ArrayList<>();
    while (it.hasNext()) {
      Move r = it.next();
      if (r.from().equals(host) || r.to().equals(host)) {
        cm.admission.remove(it, r);
        hosts.release(r.to(), r.vm().memoryBytes());
        if (r.to().equals(host) && !r.from().equals(host)) replace.add(r);
        else gone.add(r);
      }
    }
    for (Move r : gone) cm.moves.reject(r, "source " + host + " went down");
    for (Move r : replace) {
      String to = r.batch() != null ? cm.moves.place(r.vm(), r.from(), r.batch().replacement) : null;
      if (to != null) {
        hosts.reserve(to, r.vm().memoryBytes());
        cm.admission.enqueue(r.again(r.from(), to));
      } else {
        cm.moves.reject(r, "destination " + host + " went down"
            + (r.batch() != null ? "; " + cm.moves.whyNowhere(r.vm(), r.from()) : ""));
      }
    }
    for (String vm : new ArrayList<>(ledger.vmsOn(host))) {
      if (!ledger.isMigrating(vm) && !ledger.isDown(vm)) crashVm(vm, crash);
      else if (ledger.isDown(vm) && ledger.down(vm).booting()) cutBoot(vm, host, crash);
    }
    cm.moves.tryStart();
  }

  private Behavior<ClusterManager.Command> hostUp(String host) {
    if (hosts.state(host) != HostBook.State.DOWN) return cm;
    sim.log("cluster", "event: host " + host + " up");
    hosts.set(host, HostBook.State.UP);
    for (Specs.NicSpec n : hostSpecs.get(host).nics()) {
      if (!n.enabled() || nicsDown.contains(host + "/" + n.name())) continue; // a NIC event took it down
      linksDown.remove(Nic.txLink(host, n.name()));
      linksDown.remove(Nic.rxLink(host, n.name()));
    }
    cm.moves.tryStart();
    return cm;
  }

  /**
   * A VM booting on {@code host} when it crashed: the boot is cut off; the crash it was restarting
   * from says so, and this crash lists it: booted again elsewhere, or left down with the reason.
   * Its time down still counts from its first crash.
   */
  private void cutBoot(String vm, String host, int crash) {
    Ledger.Down d = ledger.down(vm);
    sim.cancel(boots.remove(vm));
    bootsPending--;
    Specs.VmSpec spec = ledger.spec(vm);
    hosts.release(host, spec.memoryBytes());
    ledger.crash(d.crash()).vms().add(new Ledger.Restart(vm, null, null,
        "its restart on " + host + " was cut off: " + host + " crashed during the boot (see that crash)"));
    sim.log("cluster", vm + ": boot on " + host + " cut off by its crash");
    String to = cm.moves.place(spec, host, RESTART_PLACEMENT);
    if (to == null) {
      ledger.markDown(vm, new Ledger.Down(d.since(), crash, false));
      ledger.crash(crash).vms().add(new Ledger.Restart(vm, null, null, "not restarted: " + host
          + " crashed during its boot; " + cm.moves.whyNowhere(spec, host)));
      return;
    }
    ledger.markDown(vm, new Ledger.Down(d.since(), crash, true));
    hosts.reserve(to, spec.memoryBytes());
    ledger.place(vm, to);
    bootsPending++;
    boots.put(vm, sim.schedule(scenario.cluster().bootNanos(), cm.self(), new ClusterManager.Booted(vm, to)));
  }

  /** The VM went down with its host: restart it, cold, on the up host with the most free memory. */
  void crashVm(String vm, int crash) {
    long at = ledger.crash(crash).at();
    Specs.VmSpec spec = ledger.spec(vm);
    String from = ledger.location(vm);
    sim.send(wiring.vms().apply(vm), new Vm.Crash());
    hosts.release(from, spec.memoryBytes());
    ledger.stay(vm, sim.now(), "");
    // Any up host may take it, its own included: a VM lost in post-copy when its destination crashed
    // has an up source (a down host is never a candidate).
    String to = cm.moves.place(spec, null, RESTART_PLACEMENT);
    if (to == null) {
      ledger.markDown(vm, new Ledger.Down(at, crash, false));
      ledger.crash(crash).vms().add(new Ledger.Restart(vm, null, null, "not restarted: " + cm.moves.whyNowhere(spec, null)));
      return;
    }
    ledger.markDown(vm, new Ledger.Down(at, crash, true));
    hosts.reserve(to, spec.memoryBytes());
    ledger.place(vm, to);
    bootsPending++;
    boots.put(vm, sim.schedule(failoverNanos + scenario.cluster().bootNanos(), cm.self(), new ClusterManager.Booted(vm, to)));
  }

  Behavior<ClusterManager.Command> booted(ClusterManager.Booted m) {
    bootsPending--;
    boots.remove(m.vm());
    if (hosts.state(m.host()) == HostBook.State.DOWN) {
      // the host it was booting on crashed meanwhile: boot it elsewhere, or it stays down
      Specs.VmSpec spec = ledger.spec(m.vm());
      hosts.release(m.host(), spec.memoryBytes());
      String to = cm.moves.place(spec, m.host(), RESTART_PLACEMENT);
      Ledger.Down d = ledger.down(m.vm());
      if (to == null) {
        ledger.markDown(m.vm(), new Ledger.Down(d.since(), d.crash(), false));
        ledger.crash(d.crash()).vms().add(new Ledger.Restart(m.vm(), null, null,
            "not restarted: " + m.host() + " crashed during the boot; " + cm.moves.whyNowhere(spec, m.host())));
        return cm.afterChange();
      }
      hosts.reserve(to, spec.memoryBytes());
      ledger.place(m.vm(), to);
      bootsPending++;
      boots.put(m.vm(), sim.schedule(scenario.cluster().bootNanos(), cm.self(), new ClusterManager.Booted(m.vm(), to)));
      return cm;
    }
    Ledger.Down d = ledger.markUp(m.vm());
    sim.send(wiring.vms().apply(m.vm()), new Vm.Boot(m.host()));
    ledger.stay(m.vm(), sim.now(), m.host());
    ledger.crash(d.crash()).vms().add(new Ledger.Restart(m.vm(), m.host(), sim.now() - d.since(), null));
    if (!siteLosses.isEmpty()) restartedAfterSiteLoss(m.vm(), m.host());
    sim.log("cluster", m.vm() + " restarted on " + m.host());
    return cm.afterChange();
  }
}
