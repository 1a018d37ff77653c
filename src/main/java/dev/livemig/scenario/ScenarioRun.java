package dev.livemig.scenario;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.livemig.cluster.ClusterManager;
import dev.livemig.migration.Host;
import dev.livemig.migration.Vm;
import dev.livemig.kernel.Kernel;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.TraceSink;
import dev.livemig.migration.MigrationSettings;
import dev.livemig.network.Network;
import dev.livemig.network.NetworkSettings;
import dev.livemig.network.Nic;
import dev.livemig.report.Report;
import dev.livemig.report.ReportAssembly;
import dev.livemig.spec.Specs.HostSpec;
import dev.livemig.spec.Specs.NicSpec;
import dev.livemig.spec.Specs.Scenario;
import dev.livemig.spec.Specs.VmSpec;
import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of one run: it builds the run's actors from a validated scenario (fabric, hosts with
 * their NICs, VMs, cluster manager), starts the kernel, and completes the run's future with the
 * report when the kernel has delivered the last event. Stopping it stops the whole run.
 */
public final class ScenarioRun {

  /** What a run produced: the report (null if the run failed) and the kernel's figures. */
  public record Outcome(Report report, Kernel.Finished kernel, long wallNanos) {}

  public sealed interface Command {}

  private record ReportReady(Report report) implements Command {}

  private record KernelDone(Kernel.Finished finished) implements Command {}

  /** Options of one run that are not in the scenario. */
  public record Options(TraceSink trace, PrintStream log, dev.livemig.kernel.Progress progress) {
    public Options(TraceSink trace, PrintStream log) {
      this(trace, log, null);
    }

    public static Options none() {
      return new Options(null, null);
    }
  }

  public static Behavior<Command> create(Scenario scenario, Config config, Options options,
      CompletableFuture<Outcome> result) {
    return Behaviors.setup(ctx -> build(ctx, scenario, config, options, result));
  }

  private static Behavior<Command> build(ActorContext<Command> ctx, Scenario scenario, Config config,
      Options options, CompletableFuture<Outcome> result) {
    long wallStart = System.nanoTime(); // machinery: wall time of the run, for benchmarks only
    if (scenario.calibration() != null) {
      // the scenario's own livemig { ... } constants (validated by the loader) over the configuration
      config = com.typesafe.config.ConfigFactory.parseString(scenario.calibration()).withFallback(config);
    }
    Sim sim = new Sim(scenario.seed(), ctx.getSelf(), options.log());
    if (options.progress() != null) sim.progress(options.progress());
    MigrationSettings ms = MigrationSettings.from(config);
    NetworkSettings ns = NetworkSettings.from(config);
    ActorRef<Kernel.Command> kernel = ctx.spawn(Kernel.create(sim, options.trace()), "kernel",
        org.apache.pekko.actor.typed.DispatcherSelector.sameAsParent());

    List<Network.LinkSpec> links = new ArrayList<>();
    for (HostSpec h : scenario.hosts()) {
      for (NicSpec n : h.nics()) {
        links.add(new Network.LinkSpec(Nic.txLink(h.name(), n.name()), n.speedBps()));
        links.add(new Network.LinkSpec(Nic.rxLink(h.name(), n.name()), n.speedBps()));
      }
      links.add(new Network.LinkSpec(Nic.smbLimitLink(h.name()), Nic.UNLIMITED));
      links.add(new Network.LinkSpec(Nic.cpuLink(h.name()), Nic.UNLIMITED));
    }
    // Each host's disk (issue 13): what storage copies, saves and restores cross, in bytes/s × 8.
    if (storageInPlay(scenario)) {
      Config disk = config.getConfig("livemig.storage.host-disk");
      for (HostSpec h : scenario.hosts()) {
        var s = scenario.storage().host(h.name());
        double read = s == null ? disk.getBytes("read") : s.readBytesPerSecond();
        double write = s == null ? disk.getBytes("write") : s.writeBytesPerSecond();
        links.add(new Network.LinkSpec(dev.livemig.migration.MovePlan.diskReadLink(h.name()), read * 8));
        links.add(new Network.LinkSpec(dev.livemig.migration.MovePlan.diskWriteLink(h.name()), write * 8));
      }
    }
    ActorRef<Network.Command> network = sim.spawn(ctx,
        Network.create(sim, links, dev.livemig.network.Topology.of(scenario.topology())), "network");
    Map<String, ActorRef<Host.Command>> hosts = new LinkedHashMap<>();
    var kinds = dev.livemig.migration.MovePlan.Settings.from(config);
    for (HostSpec h : scenario.hosts()) hosts.put(h.name(), sim.spawn(ctx, Host.create(sim, h, ms, kinds, network,
        scenario.nodes().identity(h.name())), "host-" + h.name()));
    // A VM's actor is made when the cluster first asks for it (a move, a crash, a storm): of a large
    // cluster's VMs most never take part, and each actor costs its creation and its stop (issue 11).
    Map<String, VmSpec> vmSpecs = new HashMap<>();
    for (VmSpec v : scenario.vms()) vmSpecs.put(v.name(), v);
    Map<String, ActorRef<Vm.Command>> vms = new HashMap<>();
    java.util.function.Function<String, ActorRef<Vm.Command>> vmOf = name -> {
      ActorRef<Vm.Command> ref = vms.get(name);
      VmSpec v;
      if (ref == null && (v = vmSpecs.get(name)) != null) {
        ref = sim.spawnUnder(ctx, Vm.create(sim, v), "vm-" + name);
        vms.put(name, ref);
      }
      return ref;
    };
    ActorRef<Report> reports = ctx.messageAdapter(Report.class, ReportReady::new);
    var wiring = new ClusterManager.Wiring(Map.copyOf(hosts), vmOf, network);
    ActorRef<ClusterManager.Command> manager = sim.spawn(ctx, ClusterManager.create(sim, scenario, wiring, ns, ReportAssembly::of, reports), "cluster");

    sim.send(manager, ClusterManager.Begin.INSTANCE);
    kernel.tell(new Kernel.Start(ctx.messageAdapter(Kernel.Finished.class, KernelDone::new), dev.livemig.kernel.SimTime.HORIZON));

    Report[] report = new Report[1];
    return Behaviors.receive(Command.class)
        .onMessage(ReportReady.class, m -> {
          report[0] = m.report();
          return Behaviors.same();
        })
        .onMessage(KernelDone.class, m -> {
          result.complete(new Outcome(m.finished().failure() == null ? report[0] : null, m.finished(),
              System.nanoTime() - wallStart));
          return Behaviors.stopped();
        })
        .build();
  }

  /** Whether any VM has storage, a guest or a role in the model, or any step moves by another kind than live. */
  static boolean storageInPlay(Scenario scenario) {
    for (VmSpec v : scenario.vms()) if (!v.profile().equals(dev.livemig.spec.Storage.VmProfile.DEFAULT)) return true;
    for (var s : scenario.steps()) {
      if (s instanceof dev.livemig.spec.Specs.Migrate m && m.kind() != dev.livemig.spec.Storage.Kind.LIVE) return true;
      if (s instanceof dev.livemig.spec.Specs.Drain d && !d.rules().equals(dev.livemig.spec.Specs.DrainRules.DEFAULT)) return true;
    }
    return false;
  }
}
