package dev.livemig.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import dev.livemig.kernel.Sim;
import dev.livemig.migration.Host;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One node add, as a short-lived actor (like {@link DrainRun}): the checklist of domain.md ("Adding
 * a node"), step by step, each step a message exchange on simulated time. Checks 2 to 5 and the
 * validation of step 10 ask hosts what they report about themselves, all at once, and gather the
 * answers (Pekko's DeviceGroupQuery); the other steps are jobs of the cluster manager
 * ({@link NodeAdds}); the tour moves the test VM with the real migrations. A step that fails stops
 * the flow, and what the flow changed is undone in reverse (tour, agent, join and quorum,
 * maintenance mode): never half-joined. At the end the record goes to the manager and the actor stops.
 *
 * <p>States: {@code waiting} for the manager's answer to a job; {@code gathering} hosts' reports;
 * after a failure, the same states run the undo stack.
 */
public final class NodeAdd {
  private NodeAdd() {}

  public sealed interface Command {}

  /** From the manager: start. */
  public enum Start implements Command { INSTANCE }

  /** A host's report (its reply to {@link Host.Identify}). */
  public record Reported(Host.Identity report) implements Command {}

  /**
   * The manager's answer to a job: its problems (none: it went through), the fix, what it did, where
   * the test VM runs (TEST_VM) and the quorum now.
   */
  public record Done(NodeAdds.Kind kind, List<String> problems, String fix, String detail, String vmAt, String quorum)
      implements Command {}

  /** A move of the test VM ended: its outcome (completed, failed, rejected), time, blackout, pings. */
  public record Moved(String from, String to, String outcome, long nanos, double downtimeMs, int pingsSent,
      int pingsLost, String failure) implements Command {}

  public static Behavior<Command> create(Sim sim, Specs.AddNode step, NodeModel model, List<String> members,
      String quorum, Map<String, ActorRef<Host.Command>> hosts, ActorRef<ClusterManager.Command> manager) {
    return Behaviors.setup(ctx -> new Flow(sim, step, model, members, quorum, hosts, manager, ctx.getSelf(),
        sim.adapter(ctx, Host.Identity.class, Reported::new)).start());
  }

  /** What a step undoes when a later one fails: its jobs, in order (a MOVE: the test VM back to {@code to}). */
  private record Undo(int step, List<NodeAdds.Kind> jobs, String to) {}

  private static final class Flow {
    private final Sim sim;
    private final Specs.AddNode step;
    private final NodeModel model;
    private final List<String> members;
    private final Map<String, ActorRef<Host.Command>> hosts;
    private final ActorRef<ClusterManager.Command> manager;
    private final ActorRef<Command> self;
    private final ActorRef<Host.Identity> reports;
    private final String host;
    private final String quorumBefore;
    private String quorum;
    private final NodeAddRecord.Step[] steps = new NodeAddRecord.Step[10];
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final List<NodeAddRecord.TourMove> tour = new ArrayList<>();
    private long startedAt;
    private long stepStart;
    private String vmAt;
    private String origin;

    Flow(Sim sim, Specs.AddNode step, NodeModel model, List<String> members, String quorum,
        Map<String, ActorRef<Host.Command>> hosts, ActorRef<ClusterManager.Command> manager, ActorRef<Command> self,
        ActorRef<Host.Identity> reports) {
      this.sim = sim;
      this.step = step;
      this.model = model;
      this.members = members;
      this.hosts = hosts;
      this.manager = manager;
      this.self = self;
      this.reports = reports;
      this.host = step.host();
      this.quorumBefore = quorum;
      this.quorum = quorum;
    }

    Behavior<Command> start() {
      return Behaviors.receive(Command.class).onMessageEquals(Start.INSTANCE, () -> {
        startedAt = sim.now();
        sim.log("node-add", "adding " + host + " to the cluster " + members + ", test VM " + step.testVm());
        return testVm();
      }).build();
    }

    // ------------------------------------------------------------------ the checklist, in order

    /** 1: a test VM running on the cluster, never a production VM. */
    private Behavior<Command> testVm() {
      begin();
      return job(NodeAdds.Kind.TEST_VM, null, d -> {
        if (!d.problems().isEmpty()) return fail(1, d.problems(), d.fix());
        vmAt = d.vmAt();
        origin = d.vmAt();
        return pass(1, d.detail(), this::identity);
      });
    }

    /** 2: hardware, drivers and updates of the new host against every member's. */
    private Behavior<Command> identity() {
      return check(2, everyone(), model.times().identityQuery(), r -> NodeChecks.identity(host, r.get(host), others(r)),
          "identical to " + String.join(", ", members) + ": hardware, drivers, updates", this::roles);
    }

    /** 3: the Hyper-V role and the Failover Clustering feature. */
    private Behavior<Command> roles() {
      return check(3, List.of(host), model.times().featuresQuery(), r -> NodeChecks.roles(host, r.get(host)),
          "Hyper-V and Failover Clustering enabled", this::vswitches);
    }

    /** 4: the same virtual switches as the other nodes. */
    private Behavior<Command> vswitches() {
      return check(4, everyone(), model.times().switchQuery(), r -> NodeChecks.vswitches(host, r.get(host), others(r)),
          "virtual switches as on the other nodes", this::disks);
    }

    /** 5: every cluster disk presented. */
    private Behavior<Command> disks() {
      return check(5, List.of(host), model.times().diskQuery(), r -> NodeChecks.disks(host, r.get(host), model.disks()),
          "cluster disks presented: " + model.disks(), this::maintenance);
    }

    /** 6: the cluster, its nodes and the manager into monitoring maintenance mode (always left). */
    private Behavior<Command> maintenance() {
      begin();
      return job(NodeAdds.Kind.ENTER_MAINTENANCE, null, d -> {
        if (!d.problems().isEmpty()) return fail(6, d.problems(), d.fix());
        undo.push(new Undo(6, List.of(NodeAdds.Kind.LEAVE_MAINTENANCE), null));
        return pass(6, d.detail(), this::join);
      });
    }

    /** 7: Add-ClusterNode, then the quorum set to the recommended configuration. */
    private Behavior<Command> join() {
      begin();
      return job(NodeAdds.Kind.JOIN, null, d -> {
        if (!d.problems().isEmpty()) return fail(7, d.problems(), d.fix());
        undo.push(new Undo(7, List.of(NodeAdds.Kind.EVICT, NodeAdds.Kind.RESTORE_QUORUM), null));
        String joined = d.detail();
        return job(NodeAdds.Kind.SET_QUORUM, null, q -> q.problems().isEmpty() ? pass(7, joined + "; " + q.detail(), this::agent)
            : fail(7, q.problems(), q.fix()));
      });
    }

    /** 8: the manager refreshed until the node is pending, then its agent deployed (a job). */
    private Behavior<Command> agent() {
      begin();
      return job(NodeAdds.Kind.REFRESH, null, r -> !r.problems().isEmpty() ? fail(8, r.problems(), r.fix())
          : job(NodeAdds.Kind.DEPLOY_AGENT, null, d -> {
        if (!d.problems().isEmpty()) return fail(8, d.problems(), d.fix());
        undo.push(new Undo(8, List.of(NodeAdds.Kind.REMOVE_AGENT), null));
        return pass(8, r.detail() + "; " + d.detail(), this::startTour);
      }));
    }

    /**
     * 9: the test VM live-migrated between the new node and every other node, both ways, from where
     * it runs and back there at the end: S→N, N→H, H→N for every other member H, then N→S.
     */
    private Behavior<Command> startTour() {
      begin();
      List<String> stops = new ArrayList<>();
      stops.add(host);
      for (String m : members) {
        if (m.equals(origin)) continue;
        stops.add(m);
        stops.add(host);
      }
      stops.add(origin);
      return tour(stops, 0);
    }

    private Behavior<Command> tour(List<String> stops, int i) {
      if (i == stops.size()) {
        int lost = tour.stream().mapToInt(NodeAddRecord.TourMove::pingsLost).sum();
        int sent = tour.stream().mapToInt(NodeAddRecord.TourMove::pingsSent).sum();
        return pass(9, tour.size() + " live migrations of " + step.testVm() + " to and from " + host + "; ping: Sent = "
            + sent + ", Received = " + (sent - lost) + ", Lost = " + lost, this::validation);
      }
      String to = stops.get(i);
      sim.send(manager, new ClusterManager.ForNodeAdd(new NodeAdds.Op(NodeAdds.Kind.MOVE, host, step.testVm(), to, self)));
      return Behaviors.receive(Command.class).onMessage(Moved.class, m -> {
        tour.add(new NodeAddRecord.TourMove(m.from(), m.to(), m.nanos(), m.downtimeMs(), m.pingsSent(), m.pingsLost(), m.outcome()));
        if (!"completed".equals(m.outcome())) {
          return fail(9, List.of("live migration of " + step.testVm() + " from " + m.from() + " to " + m.to() + " " + m.outcome()
              + (m.failure() != null ? ": " + m.failure() : "") + "; the VM is safe on " + m.from()),
              "check the live-migration network of " + host + " (its NIC or team up, on a live-migration network of the "
                  + "cluster), then add it again");
        }
        vmAt = m.to();
        if (m.to().equals(host)) undo.push(new Undo(9, List.of(NodeAdds.Kind.MOVE), m.from()));
        else if (!undo.isEmpty() && undo.peek().step() == 9) undo.pop();
        return tour(stops, i + 1);
      }).build();
    }

    /** 10: the cluster validation again over every node, the monitoring agent, maintenance mode left. */
    private Behavior<Command> validation() {
      begin();
      List<String> nodes = new ArrayList<>(members);
      nodes.add(host);
      return gather(nodes, model.times().validationPerNode() * nodes.size(), r -> {
        List<NodeChecks.Finding> found = NodeChecks.cluster(r, model.disks());
        if (!found.isEmpty()) {
          List<String> problems = new ArrayList<>();
          found.forEach(f -> problems.addAll(f.problems()));
          return fail(10, problems, found.get(0).fix());
        }
        return job(NodeAdds.Kind.DEPLOY_MONITORING, null, m -> !m.problems().isEmpty() ? fail(10, m.problems(), m.fix())
            : job(NodeAdds.Kind.LEAVE_MAINTENANCE, null, l -> {
          undo.removeIf(u -> u.step() == 6);
          return pass(10, "validation passed on " + nodes.size() + " nodes; " + m.detail() + "; " + l.detail(), this::added);
        }));
      });
    }

    private Behavior<Command> added() {
      return finish("added", null, null, null);
    }

    // ------------------------------------------------------------------ steps, jobs and reports

    private void begin() {
      stepStart = sim.now();
    }

    private Behavior<Command> pass(int n, String detail, java.util.function.Supplier<Behavior<Command>> next) {
      steps[n - 1] = new NodeAddRecord.Step(n, NodeChecks.STEPS.get(n - 1), "passed", stepStart, sim.now() - stepStart, detail);
      sim.log("node-add", "step " + n + " " + NodeChecks.STEPS.get(n - 1) + ": passed");
      return next.get();
    }

    /** A check on hosts' reports: passed, or the flow fails with each difference. */
    private Behavior<Command> check(int n, List<String> asked, long nanos, Function<Map<String, NodeModel.Identity>, NodeChecks.Finding> f,
        String ok, java.util.function.Supplier<Behavior<Command>> next) {
      begin();
      return gather(asked, nanos, r -> {
        NodeChecks.Finding found = f.apply(r);
        return found.ok() ? pass(n, ok, next) : fail(n, found.problems(), found.fix());
      });
    }

    private List<String> everyone() {
      List<String> all = new ArrayList<>(members);
      all.add(host);
      return all;
    }

    private Map<String, NodeModel.Identity> others(Map<String, NodeModel.Identity> r) {
      Map<String, NodeModel.Identity> o = new TreeMap<>(r);
      o.remove(host);
      return o;
    }

    /** Asks each host at once; when the last has answered, {@code then} gets every report by host. */
    private Behavior<Command> gather(List<String> asked, long nanos,
        Function<Map<String, NodeModel.Identity>, Behavior<Command>> then) {
      for (String h : asked) sim.send(hosts.get(h), new Host.Identify(nanos, reports));
      Map<String, NodeModel.Identity> got = new TreeMap<>();
      return Behaviors.receive(Command.class).onMessage(Reported.class, m -> {
        got.put(m.report().host(), m.report().identity());
        return got.size() < asked.size() ? Behaviors.same() : then.apply(got);
      }).build();
    }

    /** A job of the manager; {@code then} gets its answer. */
    private Behavior<Command> job(NodeAdds.Kind kind, String to, Function<Done, Behavior<Command>> then) {
      sim.send(manager, new ClusterManager.ForNodeAdd(new NodeAdds.Op(kind, host, step.testVm(), to, self)));
      return Behaviors.receive(Command.class).onMessage(Done.class, d -> {
        quorum = d.quorum();
        return then.apply(d);
      }).build();
    }

    // ------------------------------------------------------------------ failure and rollback

    private String reason;
    private String fix;
    private int failedStep;

    /** Step {@code n} failed: the steps after it are not reached; what was changed is undone. */
    private Behavior<Command> fail(int n, List<String> problems, String fix) {
      steps[n - 1] = new NodeAddRecord.Step(n, NodeChecks.STEPS.get(n - 1), "failed", stepStart, sim.now() - stepStart,
          String.join("; ", problems));
      for (int k = n; k < steps.length; k++) steps[k] = new NodeAddRecord.Step(k + 1, NodeChecks.STEPS.get(k), "not-reached", -1, 0, null);
      this.failedStep = n;
      this.reason = String.join("; ", problems);
      this.fix = fix;
      sim.log("node-add", "step " + n + " " + NodeChecks.STEPS.get(n - 1) + " failed: " + reason + "; rolling back");
      return rollback();
    }

    /** Undoes the last change not yet undone; the step that made it is marked rolled-back. */
    private Behavior<Command> rollback() {
      if (undo.isEmpty()) return finish(failedStep == 1 ? "refused" : "failed", failedStep, reason, fix);
      Undo u = undo.pop();
      long at = sim.now();
      return undoJobs(u, 0, new ArrayList<>(), at);
    }

    private Behavior<Command> undoJobs(Undo u, int i, List<String> done, long at) {
      if (i == u.jobs().size()) {
        NodeAddRecord.Step s = steps[u.step() - 1];
        if (u.step() != failedStep) {
          steps[u.step() - 1] = new NodeAddRecord.Step(s.n(), s.name(), "rolled-back", s.startedAt(), s.nanos(),
              s.detail() + "; rolled back at " + dev.livemig.kernel.SimTime.reportSeconds(at) + " s: " + String.join("; ", done));
        }
        return rollback();
      }
      NodeAdds.Kind k = u.jobs().get(i);
      if (k == NodeAdds.Kind.MOVE) {
        sim.send(manager, new ClusterManager.ForNodeAdd(new NodeAdds.Op(k, host, step.testVm(), u.to(), self)));
        return Behaviors.receive(Command.class).onMessage(Moved.class, m -> {
          tour.add(new NodeAddRecord.TourMove(m.from(), m.to(), m.nanos(), m.downtimeMs(), m.pingsSent(), m.pingsLost(), m.outcome()));
          done.add("completed".equals(m.outcome()) ? step.testVm() + " moved back to " + m.to()
              : step.testVm() + " could not be moved back to " + m.to() + " (" + m.failure() + "): it stays on " + m.from());
          return undoJobs(u, i + 1, done, at);
        }).build();
      }
      return job(k, null, d -> {
        done.add(d.detail());
        return undoJobs(u, i + 1, done, at);
      });
    }

    private Behavior<Command> finish(String outcome, Integer failed, String reason, String fix) {
      List<NodeAddRecord.Step> all = new ArrayList<>();
      for (NodeAddRecord.Step s : steps) all.add(s);
      sim.send(manager, new ClusterManager.ForNodeAdd(new NodeAdds.Ended(new NodeAddRecord(host, outcome, failed, reason, fix,
          quorumBefore, quorum, startedAt, sim.now(), List.copyOf(all), List.copyOf(tour), step.measure()), step.measure())));
      return Behaviors.stopped();
    }
  }
}
