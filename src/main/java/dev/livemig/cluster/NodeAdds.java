package dev.livemig.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.livemig.kernel.Sim;
import dev.livemig.migration.MigrationResult;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The cluster manager's side of a node add (the roles of Failover Clustering, VMM and OpsMgr): who
 * is a member, the quorum configuration, monitoring maintenance mode, the manager's and the
 * monitoring agents; it runs each {@link Op} a {@link NodeAdd} flow asks for, answers when the op's
 * time (livemig.node-add) has passed, and moves the test VM with the real migration machinery. Runs
 * inside the manager actor, on its state.
 */
final class NodeAdds {

  /** What a flow sends the manager. */
  sealed interface Request {}

  /** The jobs a flow asks for; each answers {@link NodeAdd.Done} after its time (a MOVE: {@link NodeAdd.Moved}). */
  enum Kind {
    TEST_VM, ENTER_MAINTENANCE, LEAVE_MAINTENANCE, JOIN, SET_QUORUM, EVICT, RESTORE_QUORUM, REFRESH, DEPLOY_AGENT,
    REMOVE_AGENT, DEPLOY_MONITORING, MOVE
  }

  /** One job for {@code host} (and for a MOVE, the VM and where to). */
  record Op(Kind kind, String host, String vm, String to, ActorRef<NodeAdd.Command> replyTo) implements Request {}

  /** The flow ended: its record, and the measure its step names. */
  record Ended(NodeAddRecord record, String measure) implements Request {}

  /** An op's time has passed: it takes effect and is answered. */
  private record Due(Op op) implements Request {}

  private final ClusterManager cm;
  private final Sim sim;
  private final Specs.Scenario scenario;
  private final ClusterManager.Wiring wiring;
  private final NodeModel model;
  /** The members, in the scenario's order of hosts. */
  private final List<String> members = new ArrayList<>();
  private String quorum;
  /** What is in monitoring maintenance mode ("cluster", hosts, "manager"); empty: none. */
  private final Set<String> maintenance = new TreeSet<>();
  /** Hosts with the manager's agent. */
  private final Set<String> agents = new TreeSet<>();
  /** The tour's move under way: the VM and the flow to tell when it ends. */
  private Op moving;
  private int flows;

  NodeAdds(ClusterManager cm, Sim sim, Specs.Scenario scenario, ClusterManager.Wiring wiring) {
    this.cm = cm;
    this.sim = sim;
    this.scenario = scenario;
    this.wiring = wiring;
    this.model = scenario.nodes();
    // (a set: the model's member list, asked once per host, is every host of a large scenario)
    java.util.Set<String> inModel = new java.util.HashSet<>(model.members());
    for (Specs.HostSpec h : scenario.hosts()) {
      if (inModel.contains(h.name())) {
        members.add(h.name());
        agents.add(h.name());
      } else {
        cm.hosts.outside(h.name(), true);
      }
    }
    quorum = Quorum.recommended(model.version(), members.size(), model.witness());
  }

  boolean member(String host) {
    return members.contains(host);
  }

  /** An add-node step: its flow starts; the manager's next step waits for {@link Ended}. */
  void start(Specs.AddNode step, ActorContext<ClusterManager.Command> ctx) {
    ActorRef<NodeAdd.Command> flow = sim.spawn(ctx, NodeAdd.create(sim, step, model, List.copyOf(members), quorum,
        wiring.hosts(), ctx.getSelf()), "node-add-" + ++flows);
    sim.send(flow, NodeAdd.Start.INSTANCE);
  }

  Behavior<ClusterManager.Command> on(Request r) {
    if (r instanceof Ended e) {
      cm.ledger.nodeAdd(e.record());
      if (e.measure() != null)
        cm.ledger.measure(e.measure(), new Ledger.Measured(e.record().finishedAt() - e.record().startedAt(), null, null, null));
      sim.log("cluster", "node add of " + e.record().host() + ": " + e.record().outcome());
      return cm.nextStep();
    }
    if (r instanceof Op op && op.kind() == Kind.MOVE) return move(op);
    if (r instanceof Op op) {
      sim.schedule(time(op.kind()), cm.self(), new ClusterManager.ForNodeAdd(new Due(op)));
      return cm;
    }
    apply(((Due) r).op());
    return cm;
  }

  private long time(Kind k) {
    NodeModel.Times t = model.times();
    return switch (k) {
      case TEST_VM -> t.testVmCheck();
      case ENTER_MAINTENANCE -> t.maintenanceEnter();
      case LEAVE_MAINTENANCE -> t.maintenanceLeave();
      case JOIN -> t.join();
      case SET_QUORUM, RESTORE_QUORUM -> t.quorum();
      case EVICT -> t.evict();
      case REFRESH -> t.refresh();
      case DEPLOY_AGENT -> t.agentDeployment();
      case REMOVE_AGENT -> t.agentRemoval();
      case DEPLOY_MONITORING -> t.monitoringAgent();
      case MOVE -> 0;
    };
  }

  /** The op's time has passed: it takes effect, and the flow hears how it went. */
  private void apply(Op op) {
    String h = op.host();
    List<String> problems = new ArrayList<>();
    String detail;
    String fix = null;
    String at = null;
    boolean down = cm.hosts.state(h) == HostBook.State.DOWN;
    switch (op.kind()) {
      case TEST_VM -> {
        at = cm.ledger.location(op.vm());
        boolean running = !cm.ledger.isDown(op.vm());
        NodeChecks.Finding f = NodeChecks.testVm(op.vm(), at, running, members.contains(at), model.production(op.vm()));
        if (running && cm.ledger.pendingMove(op.vm()) != null) problems.add("test VM " + op.vm() + " is being moved by another step");
        if (members.contains(h)) problems.add(h + " is already in the cluster (an earlier add-node step added it)");
        problems.addAll(0, f.problems());
        fix = f.fix();
        detail = op.vm() + " runs on " + at;
      }
      case ENTER_MAINTENANCE -> {
        maintenance.add("cluster");
        maintenance.addAll(members);
        maintenance.add(h);
        maintenance.add("manager");
        detail = "in maintenance mode: the cluster, " + String.join(", ", members) + ", " + h + " and the manager";
      }
      case LEAVE_MAINTENANCE -> {
        maintenance.clear();
        detail = "maintenance mode left";
      }
      case JOIN -> {
        if (down) {
          problems.add("Add-ClusterNode " + h + " failed: the host is down");
          fix = "bring " + h + " back up, then add it again";
        } else {
          members.add(h);
          cm.hosts.outside(h, false);
          cm.moves.membership(h, true);
        }
        detail = h + " joined the cluster (" + members.size() + " nodes)";
      }
      case SET_QUORUM, RESTORE_QUORUM -> {
        String before = quorum;
        quorum = Quorum.recommended(model.version(), members.size(), model.witness());
        detail = "quorum: " + before + " -> " + quorum;
      }
      case EVICT -> {
        members.remove(h);
        cm.hosts.outside(h, true);
        cm.moves.membership(h, false);
        maintenance.remove(h);
        detail = h + " evicted from the cluster (" + members.size() + " nodes)";
      }
      case REFRESH -> detail = h + " pending in the manager";
      case DEPLOY_AGENT -> {
        if (down) {
          problems.add("the manager's agent could not be deployed on " + h + ": the host is down");
          fix = "bring " + h + " back up, then add it again";
        } else {
          agents.add(h);
        }
        detail = "manager's agent deployed on " + h;
      }
      case REMOVE_AGENT -> {
        agents.remove(h);
        detail = "manager's agent removed from " + h;
      }
      case DEPLOY_MONITORING -> detail = "monitoring agent deployed on " + h;
      default -> throw new IllegalStateException("not an op with a time: " + op.kind());
    }
    sim.log("cluster", "node add: " + (problems.isEmpty() ? detail : String.join("; ", problems)));
    sim.send(op.replyTo(), new NodeAdd.Done(op.kind(), List.copyOf(problems), fix, detail, at, quorum));
  }

  /** A move of the test VM: queued like a migrate step's, with the cluster's live-migration settings. */
  private Behavior<ClusterManager.Command> move(Op op) {
    moving = op;
    cm.moves.enqueue(new Specs.Migrate(0, op.vm(), op.to(), null, true));
    return cm.afterChange();
  }

  /** A move ended (completed or failed for good): the tour hears it. */
  void moveEnded(Move m, MigrationResult res) {
    if (moving == null || !m.vmName().equals(moving.vm())) return;
    var guest = res.guest();
    sim.send(moving.replyTo(), new NodeAdd.Moved(m.from(), m.to(), res.outcome(), res.finishedAt() - res.startedAt(),
        res.downtimeNanos() / 1e6, guest == null ? 0 : guest.pingsSent(), guest == null ? 0 : guest.pingsLost(), res.failure()));
    moving = null;
  }

  /** A move that never started (no route, no room): the tour hears why. */
  void moveRejected(Move m, String reason) {
    if (moving == null || !m.vmName().equals(moving.vm())) return;
    sim.send(moving.replyTo(), new NodeAdd.Moved(m.from(), m.to(), "rejected", 0, 0, 0, 0, reason));
    moving = null;
  }

  /** Whether anything is still in monitoring maintenance mode (tests: a flow always leaves it). */
  boolean inMaintenance() {
    return !maintenance.isEmpty();
  }

  List<String> members() {
    return List.copyOf(members);
  }
}
