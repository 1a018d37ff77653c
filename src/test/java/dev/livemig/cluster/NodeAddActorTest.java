package dev.livemig.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.livemig.kernel.Sim;
import dev.livemig.kernel.SimHarness;
import dev.livemig.migration.Host;
import dev.livemig.spec.NodeModel;
import dev.livemig.spec.NodeModel.Identity;
import dev.livemig.spec.Specs;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The node add's actor on simulated time, against scripted hosts and a scripted manager: each step's
 * messages in order and at their instants, and for every step that can fail, the rollback: exactly
 * the changes made so far undone, in reverse, the steps that made them marked rolled-back, the
 * maintenance mode always left, the node never left half-joined.
 */
class NodeAddActorTest {
  static final ActorTestKit kit = ActorTestKit.create();
  static final long S = 1_000_000_000L;
  /** Each job's time, distinct, so an instant says which jobs ran before it. */
  static final NodeModel.Times TIMES = new NodeModel.Times(1 * S, 5 * S, 2 * S, 3 * S, 10 * S, 30 * S, 31 * S, 60 * S,
      11 * S, 32 * S, 33 * S, 120 * S, 61 * S, 7 * S, 121 * S);
  static final long MOVE = 20 * S;
  static final NodeModel.VSwitch EXT = new NodeModel.VSwitch("External", "external", "vm-team", "VM");
  static final Identity NODE = new Identity("R420", Map.of("nic", "16.2"), List.of("KB1"),
      List.of("hyper-v", "failover-clustering"), List.of(EXT), List.of("Q", "CSV1"), true);
  static final NodeModel MODEL = new NodeModel(NodeModel.Version.W2008R2, List.of("Q", "CSV1"), new NodeModel.Witness("disk", "Q"),
      List.of("hv1", "hv2", "hv3"), Map.of(), List.of(), TIMES);
  static final Specs.AddNode STEP = new Specs.AddNode(1, "hv4", "t", "add");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** What a case changes: the new host's identity, hv3's identity from its 3rd report on, the job or move that fails. */
  record Case(String name, int failedStep, Function<Identity, Identity> newHost, Function<Identity, Identity> hv3Later,
      NodeAdds.Kind failingJob, int failingMove, List<String> jobs, List<Integer> rolledBack) {}

  static Identity hardware(Identity i, String hw) {
    return new Identity(hw, i.drivers(), i.updates(), i.roles(), i.vswitches(), i.luns(), i.monitoringAgent());
  }

  static final List<String> CHECKS = List.of("TEST_VM");
  static final List<String> UP_TO_JOIN = List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN");

  static List<Case> cases() {
    Function<Identity, Identity> same = i -> i;
    return List.of(
        new Case("a production test VM", 1, same, same, NodeAdds.Kind.TEST_VM, -1, List.of("TEST_VM"), List.of()),
        new Case("identity drift", 2, i -> hardware(i, "R430"), same, null, -1, CHECKS, List.of()),
        new Case("no Failover Clustering", 3,
            i -> new Identity(i.hardware(), i.drivers(), i.updates(), List.of("hyper-v"), i.vswitches(), i.luns(), false), same,
            null, -1, CHECKS, List.of()),
        new Case("a switch named differently", 4,
            i -> new Identity(i.hardware(), i.drivers(), i.updates(), i.roles(), List.of(new NodeModel.VSwitch("Ext", "external",
                "vm-team", "VM")), i.luns(), false), same, null, -1, CHECKS, List.of()),
        new Case("a LUN not presented", 5,
            i -> new Identity(i.hardware(), i.drivers(), i.updates(), i.roles(), i.vswitches(), List.of("Q"), false), same,
            null, -1, CHECKS, List.of()),
        new Case("maintenance mode refused", 6, same, same, NodeAdds.Kind.ENTER_MAINTENANCE, -1,
            List.of("TEST_VM", "ENTER_MAINTENANCE"), List.of()),
        new Case("the join fails", 7, same, same, NodeAdds.Kind.JOIN, -1, List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN",
            "LEAVE_MAINTENANCE"), List.of(6)),
        new Case("the agent's job fails", 8, same, same, NodeAdds.Kind.DEPLOY_AGENT, -1,
            List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN", "SET_QUORUM", "REFRESH", "DEPLOY_AGENT",
                "EVICT", "RESTORE_QUORUM", "LEAVE_MAINTENANCE"), List.of(6, 7)),
        // the second move (hv4 -> hv2) fails: the VM is on hv4, so the rollback moves it back first
        new Case("a tour move fails", 9, same, same, null, 1,
            List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN", "SET_QUORUM", "REFRESH", "DEPLOY_AGENT", "MOVE hv4", "MOVE hv2",
                "MOVE hv1", "REMOVE_AGENT", "EVICT", "RESTORE_QUORUM", "LEAVE_MAINTENANCE"), List.of(6, 7, 8)),
        // hv3 was patched meanwhile: the validation run again finds it differs
        new Case("the validation run again fails", 10, same, i -> hardware(i, "R420 (new BIOS)"), null, -1,
            List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN", "SET_QUORUM", "REFRESH", "DEPLOY_AGENT", "MOVE hv4", "MOVE hv2",
                "MOVE hv4", "MOVE hv3", "MOVE hv4", "MOVE hv1", "REMOVE_AGENT", "EVICT", "RESTORE_QUORUM", "LEAVE_MAINTENANCE"),
            // the tour left the VM where it found it: nothing of it to undo
            List.of(6, 7, 8)));
  }

  /** What one run of the flow did: the manager's jobs in order (with their instants) and the record. */
  record Run(List<String> jobs, List<Long> at, NodeAddRecord record) {}

  static Run run(Case c) {
    TestProbe<NodeAddRecord> ended = kit.createTestProbe();
    List<String> jobs = Collections.synchronizedList(new ArrayList<>());
    List<Long> at = Collections.synchronizedList(new ArrayList<>());
    SimHarness.run(kit, 1, (ctx, sim) -> {
      Map<String, ActorRef<Host.Command>> hosts = new TreeMap<>();
      for (String h : List.of("hv1", "hv2", "hv3")) {
        hosts.put(h, sim.spawn(ctx, host(sim, h, NODE, h.equals("hv3") ? c.hv3Later().apply(NODE) : NODE), "host-" + h));
      }
      Identity mine = c.newHost().apply(NODE);
      hosts.put("hv4", sim.spawn(ctx, host(sim, "hv4", mine, mine), "host-hv4"));
      ActorRef<ClusterManager.Command> manager = sim.spawn(ctx, manager(sim, c, jobs, at, ended.ref()), "manager");
      var flow = sim.spawn(ctx, NodeAdd.create(sim, STEP, MODEL, MODEL.members(), "q3", hosts, manager), "node-add");
      sim.send(flow, NodeAdd.Start.INSTANCE);
    });
    return new Run(List.copyOf(jobs), List.copyOf(at), ended.receiveMessage());
  }

  /** A host that reports {@code first} twice, then {@code later}, each after the query's time. */
  static Behavior<Host.Command> host(Sim sim, String name, Identity first, Identity later) {
    int[] asked = {0};
    return Behaviors.receive(Host.Command.class).onMessage(Host.Identify.class, m -> {
      sim.schedule(m.afterNanos(), m.replyTo(), new Host.Identity(name, asked[0]++ < 2 ? first : later));
      return Behaviors.same();
    }).build();
  }

  /** A manager that answers each job after its time (the case's failing one with a problem), each move after 20 s. */
  static Behavior<ClusterManager.Command> manager(Sim sim, Case c, List<String> jobs, List<Long> at, ActorRef<NodeAddRecord> ended) {
    int[] moves = {0};
    String[] vmAt = {"hv1"};
    String[] quorum = {"q3"};
    return Behaviors.receive(ClusterManager.Command.class).onMessage(ClusterManager.ForNodeAdd.class, m -> {
      if (m.request() instanceof NodeAdds.Ended e) {
        ended.tell(e.record());
        return Behaviors.same();
      }
      NodeAdds.Op op = (NodeAdds.Op) m.request();
      at.add(sim.now());
      if (op.kind() == NodeAdds.Kind.MOVE) {
        jobs.add("MOVE " + op.to());
        boolean fails = moves[0]++ == c.failingMove();
        String from = vmAt[0];
        if (!fails) vmAt[0] = op.to();
        sim.schedule(MOVE, op.replyTo(), new NodeAdd.Moved(from, op.to(), fails ? "failed" : "completed", MOVE, 2.0, 20,
            0, fails ? "NIC down" : null));
        return Behaviors.same();
      }
      jobs.add(op.kind().name());
      List<String> problems = op.kind() == c.failingJob() ? List.of(op.kind() + " failed") : List.of();
      NodeAdds.Kind k = op.kind();
      long t = switch (k) {
        case TEST_VM -> TIMES.testVmCheck();
        case ENTER_MAINTENANCE -> TIMES.maintenanceEnter();
        case LEAVE_MAINTENANCE -> TIMES.maintenanceLeave();
        case JOIN -> TIMES.join();
        case SET_QUORUM, RESTORE_QUORUM -> TIMES.quorum();
        case EVICT -> TIMES.evict();
        case REFRESH -> TIMES.refresh();
        case DEPLOY_AGENT -> TIMES.agentDeployment();
        case REMOVE_AGENT -> TIMES.agentRemoval();
        case DEPLOY_MONITORING -> TIMES.monitoringAgent();
        case MOVE -> 0;
      };
      if (problems.isEmpty() && k == NodeAdds.Kind.SET_QUORUM) quorum[0] = "q4";
      if (k == NodeAdds.Kind.RESTORE_QUORUM) quorum[0] = "q3";
      sim.schedule(t, op.replyTo(), new NodeAdd.Done(k, problems, problems.isEmpty() ? null : "fix it", k + " done", "hv1", quorum[0]));
      return Behaviors.same();
    }).build();
  }

  @TestFactory
  Stream<DynamicTest> aFailingStepStopsTheFlowAndUndoesWhatItChangedInReverse() {
    return cases().stream().map(c -> DynamicTest.dynamicTest("step " + c.failedStep() + ": " + c.name(), () -> {
      Run r = run(c);
      NodeAddRecord rec = r.record();
      List<String> expected = new ArrayList<>(c.jobs());
      if (c.failedStep() == 10) {
        // the validation's reports come before the monitoring agent: none deployed, nothing left in maintenance
        assertTrue(!expected.contains("DEPLOY_MONITORING"));
      }
      assertEquals(expected, r.jobs(), "the manager's jobs in order");
      assertEquals(c.failedStep(), rec.failedStep());
      assertEquals(c.failedStep() == 1 ? "refused" : "failed", rec.outcome());
      assertEquals("q3", rec.quorumAfter(), "the quorum is restored");
      for (NodeAddRecord.Step s : rec.steps()) {
        String want = s.n() < c.failedStep() ? (c.rolledBack().contains(s.n()) ? "rolled-back" : "passed")
            : s.n() == c.failedStep() ? "failed" : "not-reached";
        assertEquals(want, s.outcome(), "step " + s.n() + " " + s.name());
      }
      // maintenance mode entered is always left; a join always undone by an eviction
      boolean entered = r.jobs().contains("ENTER_MAINTENANCE") && c.failingJob() != NodeAdds.Kind.ENTER_MAINTENANCE;
      assertEquals(entered, r.jobs().contains("LEAVE_MAINTENANCE"), "maintenance left iff entered");
      boolean joined = r.jobs().contains("JOIN") && c.failingJob() != NodeAdds.Kind.JOIN;
      assertEquals(joined, r.jobs().contains("EVICT"), "evicted iff joined");
      assertTrue(rec.reason() != null && rec.fix() != null);
    }));
  }

  @Test
  void theWholeChecklistRunsInOrderOnSimulatedTime() {
    Run r = run(new Case("all well", 0, i -> i, i -> i, null, -1, List.of(), List.of()));
    NodeAddRecord rec = r.record();
    assertEquals("added", rec.outcome());
    assertNull(rec.failedStep());
    assertEquals(List.of("TEST_VM", "ENTER_MAINTENANCE", "JOIN", "SET_QUORUM", "REFRESH", "DEPLOY_AGENT", "MOVE hv4",
        "MOVE hv2", "MOVE hv4", "MOVE hv3", "MOVE hv4", "MOVE hv1", "DEPLOY_MONITORING", "LEAVE_MAINTENANCE"), r.jobs());
    // each step starts when the one before ends: 1 s, the queries (5, 2, 3, 10 s), 30 s, 60 + 11 s, 33 + 120 s,
    // 6 moves of 20 s, the validation (4 nodes x 7 s), the monitoring agent (121 s) and leaving (31 s)
    long[] starts = {0, 1, 6, 8, 11, 21, 51, 122, 275, 395};
    long[] took = {1, 5, 2, 3, 10, 30, 71, 153, 120, 28 + 121 + 31};
    for (NodeAddRecord.Step s : rec.steps()) {
      assertEquals("passed", s.outcome(), s.name());
      assertEquals(starts[s.n() - 1] * S, s.startedAt(), "start of step " + s.n());
      assertEquals(took[s.n() - 1] * S, s.nanos(), "time of step " + s.n());
    }
    assertEquals(575 * S, rec.finishedAt());
    assertEquals("q4", rec.quorumAfter());
    assertEquals(6, rec.tour().size());
    assertEquals(List.of("hv1>hv4", "hv4>hv2", "hv2>hv4", "hv4>hv3", "hv3>hv4", "hv4>hv1"),
        rec.tour().stream().map(m -> m.from() + ">" + m.to()).toList(), "every ordered pair with the new node");
  }
}
